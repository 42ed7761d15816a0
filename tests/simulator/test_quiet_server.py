"""The simulator says nothing when a client gives up: a passing test run prints no "Exception occurred" block."""

from __future__ import annotations

import socket
import struct
import time

import pytest

from numcheck.providers.manifest import Example
from numcheck.report import Status
from numcheck.testing import ProviderScript, Simulator


def _give_up(simulator: Simulator) -> None:
    """Ask, then leave with a reset before the (slow) answer comes, as a client whose timeout ran out does."""
    host, port = simulator.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as client:
        client.sendall(b"GET /p/slow/lookup HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def test_a_client_that_gave_up_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    script = ProviderScript(examples={}, prime=Example(status=200, body="{}", expect=Status.UNKNOWN), latency=0.3)
    with Simulator({"slow": script}) as simulator:
        _give_up(simulator)
        deadline = time.monotonic() + 5
        while not simulator.hits and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.6)  # the handler wakes from its latency and writes to the reset connection
    assert simulator.hits, "the request never reached the simulator"
    assert "Exception occurred" not in capfd.readouterr().err
