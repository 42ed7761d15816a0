"""Every curl command in docs/serve.md runs against a ``numcheck serve`` started here on 127.0.0.1 (fake checkers).

Real curl when it is installed; otherwise each command is parsed and replayed with httpx.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import httpx2 as httpx
import pytest
from tests.serve.harness import ROOT, child_server

# A block a test runs: ```console after the marker comment; $NUMCHECK_URL and $NUMCHECK_TOKEN are the server's.
_BLOCK = re.compile(r"<!-- curl: runs -->\n```(?:sh|bash|console)\n(?P<code>.*?)```", re.DOTALL)


def _commands() -> list[str]:
    text = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8")
    commands = []
    for block in _BLOCK.finditer(text):
        joined = block.group("code").replace("\\\n", " ")
        commands += [line.strip() for line in joined.splitlines() if line.strip().startswith("curl ")]
    return commands


COMMANDS = _commands()


def test_the_docs_show_curl_for_every_kind_of_call() -> None:
    assert len(COMMANDS) >= 4
    joined = "\n".join(COMMANDS)
    for needed in ("Authorization: Bearer $NUMCHECK_TOKEN", "-X POST", "/api/v1/check", "/api/v1/history/"):
        assert needed in joined or needed.replace("-X POST", "--data") in joined, needed


def _replay(command: str, env: dict[str, str]) -> tuple[int, str]:
    """The command without curl: -H, -d/--data/--data-raw, -X, --get with --data-urlencode, and the URL."""
    words = [os.path.expandvars(word) if "$" in word else word for word in shlex.split(command)[1:]]
    for name, value in env.items():
        words = [word.replace("$" + name, value) for word in words]
    method, headers, data, params, url, fail = "GET", {}, None, [], "", False
    index = 0
    while index < len(words):
        word = words[index]
        if word in ("-H", "--header"):
            name, _, value = words[index + 1].partition(":")
            headers[name.strip()] = value.strip()
            index += 1
        elif word in ("-d", "--data", "--data-raw"):
            data, method = words[index + 1], "POST" if method == "GET" else method
            index += 1
        elif word == "--data-urlencode":
            name, _, value = words[index + 1].partition("=")
            params.append((name, value))
            index += 1
        elif word == "-X":
            method = words[index + 1]
            index += 1
        elif word in ("--fail", "-f", "--fail-with-body"):
            fail = True
        elif not word.startswith("-"):
            url = word
        index += 1
    answer = httpx.request(method, url, headers=headers, content=data, params=params or None, timeout=30)
    return (22 if fail and answer.status_code >= 400 else 0), answer.text


@pytest.mark.parametrize("command", COMMANDS)
def test_curl_example_runs(command: str, tmp_path: Path) -> None:
    with child_server([], tmp_path) as child:
        env = {"NUMCHECK_URL": child.url, "NUMCHECK_TOKEN": child.token}
        if shutil.which("curl"):
            run = subprocess.run(["bash", "-c", command], env={**os.environ, **env}, capture_output=True, text=True, timeout=60)
            status, out = run.returncode, run.stdout
        else:
            status, out = _replay(command, env)
    assert status == 0, f"{command}\n{out}"
    assert out.strip()
    first = out.strip().splitlines()[0]
    if first.startswith(("{", "[")):
        json.loads(first)
