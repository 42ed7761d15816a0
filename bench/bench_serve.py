"""numcheck serve under load, side by side with the library, on 127.0.0.1 only.

Goals (issue #14): the API adds <= 5 ms per offline check over the library call (medians, same numbers,
one keep-alive connection); 50 concurrent clients doing offline checks for 30 s get no error; p50 and
p99 latency reported. The API's report is checked equal to the library's (timestamps aside) first.
The server runs in this process's thread, as `numcheck serve` runs it (uvicorn), with --per-client 64:
every client here comes from one address.
Run: python bench/bench_serve.py [--quick]
"""

from __future__ import annotations

import asyncio
import secrets
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import httpx2 as httpx
import uvicorn
from _common import row, synthetic_numbers

import numcheck
from numcheck.serve.app import guarded_app
from numcheck.serve.guard import Guard

_VOLATILE = {"generated_at", "elapsed_ms", "checked_at"}


def _stable(value: object) -> object:
    if isinstance(value, dict):
        return {key: _stable(item) for key, item in value.items() if key not in _VOLATILE}
    if isinstance(value, list):
        return [_stable(item) for item in value]
    return value


# The API takes the server's token as a bearer token (issue #21): the benchmark is a script, as any API client is.
TOKEN = secrets.token_hex(16)
HEADERS = {"Authorization": f"Bearer {TOKEN}"}


def start_server() -> tuple[uvicorn.Server, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    guard = Guard("127.0.0.1", port, per_client=64, token=TOKEN)
    app = guarded_app(guard, settings=numcheck.Settings(plugins=()), store=None)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    return server, f"http://127.0.0.1:{port}"


def overhead(base: str, numbers: list[str]) -> tuple[float, float]:
    """Median milliseconds per offline check: the library call (registry loaded once, as the server does), and the API."""
    settings = numcheck.Settings(plugins=())
    registry = numcheck.default_registry(settings)
    library, api = [], []
    with httpx.Client(base_url=base, headers=HEADERS) as client:
        for number in numbers[:20]:  # warm both paths
            numcheck.check(number, offline=True, registry=registry, settings=settings)
            client.get("/api/v1/check", params={"number": number, "offline": "true"})
        for number in numbers:
            started = time.perf_counter()
            numcheck.check(number, offline=True, registry=registry, settings=settings)
            library.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            answer = client.get("/api/v1/check", params={"number": number, "offline": "true"})
            api.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, answer.text
    return statistics.median(library), statistics.median(api)


async def load(base: str, clients: int, seconds: float, numbers: list[str]) -> tuple[int, int, list[float]]:
    """``clients`` concurrent clients looping offline checks for ``seconds``: answers, errors, latencies (ms)."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client_loop(offset: int) -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, timeout=30, headers=HEADERS) as client:
            index = offset
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    answer = await client.get("/api/v1/check", params={"number": numbers[index % len(numbers)], "offline": "true"})
                    if answer.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - started) * 1000)
                index += clients

    await asyncio.gather(*(client_loop(offset) for offset in range(clients)))
    return len(latencies), errors, latencies


def main() -> None:
    quick = "--quick" in sys.argv
    numbers = list(synthetic_numbers(2000, seed=21))
    server, base = start_server()
    try:
        library_report = numcheck.check(numbers[0], offline=True)
        api_report = httpx.get(base + "/api/v1/check", params={"number": numbers[0], "offline": "true"}, headers=HEADERS).json()
        assert _stable(api_report) == _stable(library_report.model_dump(mode="json")), "the API's report differs from the library's"
        library_ms, api_ms = overhead(base, numbers[: 200 if quick else 500])
        seconds = 5.0 if quick else 30.0
        answered, errors, latencies = asyncio.run(load(base, 50, seconds, numbers))
    finally:
        server.should_exit = True
    latencies.sort()
    print("numcheck serve on 127.0.0.1 (uvicorn, in process), offline checks")
    print("  (the API's report checked equal to the library's, timestamps aside, before timing)")
    row("library numcheck.check(offline=True, registry=...), median", f"{library_ms:8.2f} ms")
    row("GET /api/v1/check?offline=true, median", f"{api_ms:8.2f} ms")
    row("  API overhead per check", f"{api_ms - library_ms:8.2f} ms   (goal <= 5 ms)")
    row(f"50 concurrent clients for {seconds:.0f} s: answers", f"{answered:8d}   ({answered / seconds:.0f} checks/s)")
    row("  errors", f"{errors:8d}   (goal 0)")
    row("  latency p50 / p99", f"{latencies[len(latencies) // 2]:8.1f} / {latencies[int(len(latencies) * 0.99)]:.1f} ms")


if __name__ == "__main__":
    main()
