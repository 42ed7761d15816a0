"""Servers for the serve tests, on 127.0.0.1 only: uvicorn in a thread, or ``numcheck serve`` in a child process."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("fake_serve.py")
_URL = re.compile(r"(http://127\.0\.0\.1:\d+/\S*)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def thread_server(app: Any, port: int) -> Iterator[str]:
    """uvicorn serving ``app`` on 127.0.0.1:port from a thread, for as long as the block runs."""
    import uvicorn

    with in_thread(uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))):
        yield f"http://127.0.0.1:{port}"


@contextmanager
def in_thread(server: Any) -> Iterator[None]:
    """Run a built uvicorn ``server`` (numcheck's own, or a plain one) from a thread, for as long as the block runs."""
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(10)


@dataclass
class Child:
    """A ``numcheck serve`` process and what it printed at start."""

    process: subprocess.Popen[str]
    port: int
    banner: str
    stderr: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def printed_url(self) -> str:
        found = _URL.search(self.banner)
        assert found, self.banner
        return found.group(1)

    @property
    def token(self) -> str:
        found = re.search(r"[?&]token=([^&\s]+)", self.printed_url)
        assert found, f"no token in {self.banner!r}"
        return found.group(1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        if self.reader is not None:
            self.reader.join(10)
        if self.process.stderr is not None:
            self.process.stderr.close()


@contextmanager
def child_server(
    args: Sequence[str], tmp: Path, *, delay: float = 0.0, log: Path | None = None, env: dict[str, str] | None = None
) -> Iterator[Child]:
    """``numcheck serve --port P ARGS`` with fake checkers, data under ``tmp``; killed when the block ends."""
    port = free_port()
    environment = {
        **os.environ,
        "NUMCHECK_DATA_DIR": str(tmp / "data"),
        "NUMCHECK_CONFIG_DIR": str(tmp / "config"),
        "NUMCHECK_PLUGINS": "",
        "FAKE_DELAY": str(delay),
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    if "NUMCHECK_SERVE_TOKEN" not in (env or {}):
        environment.pop("NUMCHECK_SERVE_TOKEN", None)
    if log is not None:
        environment["FAKE_LOG"] = str(log)
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--host", "127.0.0.1", "--port", str(port), *args],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    banner = process.stderr.readline()
    child = Child(process, port, banner)
    child.reader = threading.Thread(target=lambda: child.stderr.extend(process.stderr or []), daemon=True)
    child.reader.start()
    try:
        deadline = time.monotonic() + 20
        while True:
            assert process.poll() is None, f"numcheck serve exited: {banner}{''.join(child.stderr)}"
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert time.monotonic() < deadline, "numcheck serve did not start"
            time.sleep(0.05)
        yield child
    finally:
        child.stop()
