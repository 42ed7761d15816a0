"""A real HTTP server on 127.0.0.1 that plays every provider's answers and injects faults.

Each provider lives under ``/p/<checker-id>/``. The synthetic number in a request picks what is
played (see `numcheck.recording.synthetic`): a documented scenario from the provider's
examples, or a fault (timeouts, resets, 5xx, 429 with Retry-After, WAF and captcha pages, login
redirects, malformed JSON, HTML instead of JSON, redirect loops, a 50 MB body, a body trickling
one byte per second). Requests without a number are session steps and get the provider's
``prime`` example. A script with a ``rate_limit`` counts every request over it as a violation
(`Simulator.violations`) and answers it 429, as a real service would. A script with a ``respond``
function answers from what the request asks (a carrier's records asked about a date:
`numcheck.testing.carrier.CarrierRecord`), before any scenario.

A provider can also be put in a mode (`MODES`, `Simulator.set_mode`) that answers every number
the same way, whatever it is: how a checker fails as a whole, for the self-check's tests.

Every request is recorded (`Simulator.hits`). A provider's script holds the requests its manifest
declares (`numcheck.recording.matching`); a request that matches none of them (another method, path,
parameter name or value, form or JSON body) is answered 404 and recorded in `Simulator.misses`,
so a checker that asks the wrong thing, or asks anything it did not declare, fails its tests.

The scripts are `numcheck.testing.scripts`, the HTTP side `numcheck.testing.playback`.

Run by hand: ``python -m numcheck.testing.simulator [--port 8766] [--mode honest]``.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import threading
import time
from collections.abc import Mapping

from numcheck.testing.playback import _Server
from numcheck.testing.scripts import (
    CHANGED_FORMAT_BODY,
    HUGE_BODY_BYTES,
    MODES,
    SLOW_SECONDS,
    Asked,
    Hit,
    ProviderScript,
    _State,
    scripts_for,
)

__all__ = [
    "CHANGED_FORMAT_BODY",
    "HUGE_BODY_BYTES",
    "MODES",
    "SLOW_SECONDS",
    "Asked",
    "Hit",
    "ProviderScript",
    "Simulator",
    "Tarpit",
    "main",
    "scripts_for",
]

# `python -m numcheck.testing.simulator`'s port (numcheck serve has 8765) and the --mode that plays only scenarios.
HAND_PORT = 8766
BY_SCENARIO = "by-scenario"


class Simulator:
    """The provider simulator; use as a context manager or call start()/stop()."""

    def __init__(
        self,
        scripts: Mapping[str, ProviderScript],
        *,
        port: int = 0,
        extra_numbers: Mapping[str, str] | None = None,
        root_provider: str | None = None,
    ) -> None:
        """``root_provider``: the script that answers requests outside ``/p/<id>/`` (an SDK whose endpoint has no path)."""
        self._state = _State(dict(scripts), dict(extra_numbers or {}), root_provider)
        self._server = _Server(("127.0.0.1", port), self._state)
        self._thread = threading.Thread(target=self._server.serve_forever, name="numcheck-simulator", daemon=True)

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def base_url_for(self, checker_id: str) -> str:
        """The base URL to configure for one provider."""
        return f"{self.url}/p/{checker_id}"

    def base_urls(self) -> dict[str, str]:
        """Base URLs for every scripted provider (for ``Settings(base_urls=...)``)."""
        return {checker_id: self.base_url_for(checker_id) for checker_id in self._state.scripts}

    @property
    def hits(self) -> list[Hit]:
        """Every request received so far."""
        with self._state.lock:
            return list(self._state.hits)

    def set_mode(self, checker_id: str, mode: str | None) -> None:
        """Make ``checker_id`` answer every number as `MODES` describes (None: by each number's scenario again)."""
        if mode is not None and mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        with self._state.lock:
            self._state.scripts[checker_id].mode = mode

    def assign(self, number: str, scenario: str) -> None:
        """Make requests naming ``number`` (as it appears in them, e.g. national digits) play ``scenario`` from now on.

        For tests of answers that change over time (an account unbound after purchase).
        """
        with self._state.lock:
            self._state.extra_numbers[number] = scenario

    @property
    def violations(self) -> int:
        """Requests that arrived over a scripted provider's rate limit."""
        with self._state.lock:
            return sum(hit.over_limit for hit in self._state.hits)

    @property
    def misses(self) -> list[Hit]:
        """Requests that matched no request their provider declares (answered 404; must stay empty)."""
        with self._state.lock:
            return [hit for hit in self._state.hits if hit.miss is not None]

    def start(self) -> Simulator:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Tarpit:
    """A loopback port whose accept queue is full, so new connections time out while connecting."""

    def __init__(self) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(0)
        self._fillers: list[socket.socket] = []
        for _ in range(8):
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(self._listener.getsockname())
            self._fillers.append(filler)

    @property
    def url(self) -> str:
        host, port = self._listener.getsockname()[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        for item in [*self._fillers, self._listener]:
            item.close()


def main(argv: list[str] | None = None) -> int:
    """Serve every shipped provider on 127.0.0.1 until interrupted."""
    from numcheck.config import Settings
    from numcheck.recording.synthetic import FAULTS, SCENARIOS, synthetic_number
    from numcheck.registry import default_registry

    modes = "; ".join(f"{name}: {text}" for name, text in {**MODES, BY_SCENARIO: "only the synthetic numbers' scenarios"}.items())
    parser = argparse.ArgumentParser(prog="python -m numcheck.testing.simulator", description=__doc__.splitlines()[0])
    # Not numcheck serve's 8765: a plugin author runs both, and the second would find its port taken.
    parser.add_argument("--port", type=int, default=HAND_PORT, help=f"port on 127.0.0.1 (default {HAND_PORT}; 0: any free one)")
    parser.add_argument(
        "--mode",
        choices=[*MODES, BY_SCENARIO],
        default="honest",
        help=f"how every provider answers (default honest, so a correct manifest passes numcheck doctor --self-check): {modes}",
    )
    args = parser.parse_args(argv)
    registry = default_registry(Settings.from_env())
    with Simulator(scripts_for(registry), port=args.port) as simulator:
        for checker_id in scripts_for(registry):
            simulator.set_mode(checker_id, None if args.mode == BY_SCENARIO else args.mode)
        print(f"numcheck provider simulator on {simulator.url} (mode {args.mode})", flush=True)
        print("providers: " + ", ".join(f"{simulator.url}/p/{name}" for name in scripts_for(registry)))
        print("numbers: " + ", ".join(f"{name}={synthetic_number(name)}" for name in [*SCENARIOS, *FAULTS]))
        print("point numcheck at it: NUMCHECK_BASE_URL_<ID>=<provider url>; Ctrl-C stops", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    raise SystemExit(main())
