"""Every Python block in the README and the docs runs, and every value a comment claims is what it prints.

A block marked ``<!-- excerpt: PATH -->`` is a quotation of tested code: its lines must appear in that
file (whose own tests run it). Every other block is executed here, offline or against the simulator.
"""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

import numcheck
from numcheck.registry import default_registry
from numcheck.testing import Simulator, scripts_for

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"(?:<!-- excerpt: (?P<excerpt>\S+) -->\n)?```python\n(?P<code>.*?)```", re.DOTALL)
# `expression    # Enum.MEMBER...`: a claim about what the expression is.
_CLAIM = re.compile(r"^(?P<expr>[A-Za-z_][\w.()\"', +-]*?)\s{2,}#\s*(?P<value>[A-Z]\w*\.[A-Z_]+)\b", re.MULTILINE)
# `expression    # ['a', None]` (or a string, number, True/False/None): a claim about the value itself.
_LITERAL = re.compile(r"^(?P<expr>[A-Za-z_][\w.()\"'\[\], +-]*?)\s{2,}#\s*(?P<value>[\[\'\"\d].*|True|False|None)$", re.MULTILINE)


def _blocks() -> list[tuple[str, str | None, str]]:
    found = []
    for page in PAGES:
        for index, match in enumerate(_BLOCK.finditer(page.read_text(encoding="utf-8"))):
            found.append((f"{page.name}#{index + 1}", match.group("excerpt"), match.group("code")))
    return found


BLOCKS = _blocks()


def test_there_are_blocks_to_run() -> None:
    assert sum(excerpt is None for _, excerpt, _ in BLOCKS) >= 2


def _without_docstrings(node: ast.AST) -> str:
    """The AST of a definition with its docstrings left out (an excerpt may leave a docstring out, nothing else)."""
    for inner in ast.walk(node):
        body = getattr(inner, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
            inner.body = body[1:] or [ast.Pass()]  # type: ignore[attr-defined]
    return ast.dump(node)


def _assert_whole_definitions(name: str, code: str, source: str) -> None:
    """An excerpt is valid code, and each function or class it shows is that definition of the file, whole.

    Lines that each appear in the file are not enough: pieces of two functions joined can read as one.
    """
    shown = ast.parse(code, name)  # a SyntaxError fails the test
    defined = {node.name: node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef | ast.ClassDef)}
    for node in shown.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            assert node.name in defined, f"{name}: {node.name} is not defined at the top of the file"
            assert _without_docstrings(node) == _without_docstrings(defined[node.name]), f"{name}: {node.name} is not the file's"
        else:
            assert isinstance(node, ast.Import | ast.ImportFrom), f"{name}: only imports and whole definitions may be quoted"


@pytest.mark.parametrize(("name", "excerpt", "code"), BLOCKS, ids=[name for name, _, _ in BLOCKS])
def test_block(name: str, excerpt: str | None, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    if excerpt is not None:
        source = (ROOT / excerpt).read_text(encoding="utf-8")
        for line in code.strip().splitlines():
            assert line.strip() in source, f"{name}: {line.strip()!r} is not in {excerpt}"
        _assert_whole_definitions(name, textwrap.dedent(code), source)
        return
    # A duplicate and an invalid line too: a loop over check_many must say something useful for each.
    (tmp_path / "numbers.txt").write_text("13800138000\n18912345678\n13800138000\nnope\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    checkers = [checker for checker in default_registry(numcheck.Settings(plugins=())) if checker.meta.kind.value != "offline"]
    with Simulator(scripts_for(checkers)) as simulator:
        # Online blocks talk to the simulator, never the internet.
        for checker_id, url in simulator.base_urls().items():
            monkeypatch.setenv("NUMCHECK_BASE_URL_" + checker_id.upper().replace("-", "_"), url)
        monkeypatch.setenv("NUMCHECK_RATE_LIMIT", "1000/1")
        namespace: dict[str, Any] = {}
        exec(compile(textwrap.dedent(code), name, "exec"), namespace)  # the documentation's own code
        for claim in _CLAIM.finditer(code):
            value = eval(claim.group("expr"), namespace)  # the documented expression, evaluated as the page shows it
            assert f"{type(value).__name__}.{value.name}" == claim.group("value"), f"{name}: {claim.group('expr')} is {value!r}"
        for claim in _LITERAL.finditer(code):
            value = eval(claim.group("expr"), namespace)
            assert value == ast.literal_eval(claim.group("value")), f"{name}: {claim.group('expr')} is {value!r}"
    assert capsys.readouterr().out or "print(" not in code
