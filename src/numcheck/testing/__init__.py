"""Tools for testing checkers, numcheck's own and plugin authors' alike.

* `assert_checker_contract`: metadata rules, then every documented example replayed through
  the simulator (which answers only the requests the manifest declares), and every cassette
  replayed with the network shut and the whole request compared with the recorded one: a
  checker that asks another path, parameter or method fails.
* `Simulator` and `simulator_settings`: a loopback server that plays providers and faults.
* `isolated_registry`: a registry holding only the checkers you name.
* `synthetic_number` and `batch_number`: numbers that are nobody's, one per scenario, and as many as a batch needs.
* `scrubbing_vcr` and `find_secrets`: record cassettes safely and prove they are clean.

The ``numcheck`` pytest plugin (installed with numcheck) offers the fixtures ``numcheck_simulator``
and ``numcheck_registry``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from numcheck.checker import CheckContext, Checker, CheckerMeta, RateLimit
from numcheck.config import Settings
from numcheck.engine import check
from numcheck.net.pacing import process_politeness
from numcheck.providers.manifest import ManifestChecker
from numcheck.recording.scrub import find_secrets, scrubbing_vcr
from numcheck.recording.synthetic import FAULTS, SCENARIOS, batch_number, synthetic_number
from numcheck.registry import Registry
from numcheck.report import CheckerKind, Finding, Provenance, Report, Status

if TYPE_CHECKING:
    from numcheck.testing.simulator import ProviderScript, Simulator, Tarpit, scripts_for

# The simulator is imported when first named, not with the package: `python -m numcheck.testing.simulator` imports
# this package first, and a simulator module already imported here made runpy warn that it may run twice.
_FROM_SIMULATOR = frozenset({"ProviderScript", "Simulator", "Tarpit", "scripts_for"})


def __getattr__(name: str) -> Any:
    if name in _FROM_SIMULATOR:
        from numcheck.testing import simulator

        return getattr(simulator, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FAULTS",
    "SCENARIOS",
    "ProviderScript",
    "Simulator",
    "Tarpit",
    "assert_checker_contract",
    "batch_number",
    "find_secrets",
    "isolated_registry",
    "replay_cassettes",
    "report_with",
    "run_checker",
    "scripted_finding",
    "scripts_for",
    "scrubbing_vcr",
    "simulator_settings",
    "synthetic_keys",
    "synthetic_number",
]


def scripted_finding(
    checker_id: str, kind: CheckerKind, category: str, status: Status, *tags: str, **facts: str | int | float | bool | None
) -> Finding:
    """A finding as a checker of ``kind`` and ``category`` could report it: for testing what the risk engine makes of answers."""
    from datetime import UTC, datetime

    return Finding(
        checker_id=checker_id,
        checker_name=checker_id,
        kind=kind,
        category=category,
        status=status,
        detail="scripted",
        tags=tags,
        facts=dict(facts),
        provenance=Provenance(level="documented", sources=("scripted",)),
        checked_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def report_with(text: str, answers: Iterable[Finding]) -> Report:
    """The report numcheck builds for ``text`` when its own offline facts meet these online answers.

    For testing what the verdict makes of scripted answers without asking any service.
    """
    from numcheck.engine import build_report
    from numcheck.numbers import parse
    from numcheck.offline.enrich import facts_for

    offline = check(text, offline=True)
    number = parse(text)
    return build_report(text, number, facts_for(number, text), [*offline.findings, *answers], offline=False, elapsed_ms=0.0)


def synthetic_keys(checkers: Iterable[Checker]) -> dict[str, str]:
    """A placeholder value for every key the checkers need (never a real key)."""
    return {name: "synthetic-key" for checker in checkers for name in checker.meta.needs_key}


def simulator_settings(simulator: Simulator, checkers: Iterable[Checker], **overrides: Any) -> Settings:
    """Settings pointing every checker at the simulator, with placeholder keys and short timeouts."""
    checkers = list(checkers)
    # One loopback host stands in for every provider: their per-host limits would serialise the tests.
    values: dict[str, Any] = {
        "base_urls": simulator.base_urls(),
        "keys": synthetic_keys(checkers),
        "timeout": 2.0,
        "rate_limit": RateLimit(requests=1000, per_seconds=1),
    }
    values.update(overrides)
    return Settings(**values)


@contextmanager
def isolated_registry(*checkers: object) -> Iterator[Registry]:
    """A fresh registry holding only ``checkers`` (it shares nothing with the default registry)."""
    registry = Registry()
    for checker in checkers:
        registry.add(checker, "test")
    try:
        yield registry
    finally:
        registry.entries.clear()


def _country(checker: Checker) -> str:
    return "US" if checker.meta.countries == ("US",) else "CN"


def run_checker(checker: Checker, scenario: str, settings: Settings) -> Finding:
    """Run one checker on the synthetic number of ``scenario`` and return its finding."""
    with isolated_registry(checker) as registry:
        report = check(synthetic_number(scenario, _country(checker)), registry=registry, settings=settings)
    return report.findings[0]


def _assert_meta(meta: CheckerMeta) -> None:
    assert isinstance(meta, CheckerMeta), "meta must be a numcheck.CheckerMeta"
    assert meta.sends_message is False, f"{meta.id}: a checker must never send messages"
    assert meta.name.strip(), f"{meta.id}: name is empty"
    assert meta.category.strip(), f"{meta.id}: category is empty"
    if meta.provenance.level == "documented":
        assert meta.provenance.sources, f"{meta.id}: documented provenance must name its sources"
    else:
        assert meta.provenance.observed_on is not None, f"{meta.id}: observed provenance needs observed_on"


def assert_checker_contract(
    checker: Checker, *, cassette_dir: Path | None = None, scripts: Mapping[str, ProviderScript] | None = None
) -> dict[str, Status]:
    """Check metadata, then replay every example through the simulator (and cassettes, if given).

    The simulator pins the request to what the manifest declares; only the cassettes (recorded
    live, or synthesized once and reviewed) pin the manifest itself, so pass ``cassette_dir``:
    without it a manifest whose path or parameter is wrong is only checked against itself.

    A coded checker has no examples of its own: give it ``scripts`` (simulator scripts keyed by its id, such as
    ``scripts_for([manifest])`` of a manifest describing the same API) and each scenario in them is played to it,
    or ``cassette_dir``, or both. With neither, only its metadata and an offline call could be checked, and this
    raises AssertionError saying so rather than passing on nothing. An online coded checker must declare ``hosts``.

    Returns the status read for each scenario. Raises AssertionError on the first breach.
    """
    from numcheck.testing.simulator import scripts_for

    _assert_meta(checker.meta)
    coded = not isinstance(checker, ManifestChecker)
    if coded:
        _assert_coded(checker)
        if scripts is None and cassette_dir is None:
            raise AssertionError(
                f"{checker.meta.id}: a coded checker has no examples to play, so only its metadata and an offline call were "
                "checked: pass scripts= (simulator scripts keyed by its id) or cassette_dir= (its recorded exchanges)"
            )
    elif scripts is None:
        scripts = scripts_for([checker])
    results: dict[str, Status] = {}
    if scripts is not None:
        assert checker.meta.id in scripts, f"{checker.meta.id}: scripts hold no provider of that id ({', '.join(scripts)})"
        results.update(_played(checker, scripts))
    if cassette_dir is not None:
        results.update(replay_cassettes(checker, cassette_dir))
    return results


def _assert_coded(checker: Checker) -> None:
    """What can be checked of a coded checker without a service: its declared reach, and that it answers offline."""
    from numcheck.numbers import parse
    from numcheck.offline.enrich import facts_for

    meta = checker.meta
    if meta.kind is not CheckerKind.OFFLINE:
        assert meta.hosts, f"{meta.id}: an online checker must declare the hosts it asks (CheckerMeta.hosts)"
    number = parse(synthetic_number("not_registered", _country(checker)))
    found = checker.check(number, CheckContext(facts=facts_for(number, number.e164), offline=True))
    assert isinstance(found, Finding), f"{meta.id}: check() returned {type(found).__name__}, not a Finding (numcheck.checker.finding)"
    assert found.checker_id == meta.id, f"{meta.id}: its finding names {found.checker_id!r}: build it with numcheck.checker.finding"


def _played(checker: Checker, scripts: Mapping[str, ProviderScript]) -> dict[str, Status]:
    """Each scenario of the checker's script, played by the simulator; the status read must be the example's."""
    from numcheck.testing.simulator import Simulator

    results: dict[str, Status] = {}
    with Simulator(scripts) as simulator:
        settings = simulator_settings(simulator, [checker])
        for scenario, example in scripts[checker.meta.id].examples.items():
            if scenario == "prime":
                continue
            # Each scenario as a fresh process would play it: a blocked example's Retry-After must not hold the next.
            process_politeness.cache_clear()
            found = run_checker(checker, scenario, settings)
            assert found.status is example.expect, (
                f"{checker.meta.id}/{scenario}: expected {example.expect}, got {found.status}: {found.detail}"
            )
            results[scenario] = found.status
        misses = simulator.misses
        assert not misses, f"{checker.meta.id} sent requests it does not declare: {[(hit.method, hit.path, hit.miss) for hit in misses]}"
    return results


def replay_cassettes(checker: Checker, cassette_dir: Path) -> dict[str, Status]:
    """Replay ``cassette_dir/<scenario>.yaml`` with record mode none; the example's status must come out."""
    results: dict[str, Status] = {}
    cassettes = sorted(Path(cassette_dir).glob("*.yaml"))
    assert cassettes, f"{checker.meta.id}: no cassettes in {cassette_dir}"
    expected = checker.manifest.examples if isinstance(checker, ManifestChecker) else {}
    base_urls = {checker.meta.id: checker.manifest.request.base_url} if isinstance(checker, ManifestChecker) else {}
    settings = Settings(
        base_urls=base_urls,
        keys=synthetic_keys([checker]),
        timeout=2.0,
        rate_limit=RateLimit(requests=1000, per_seconds=1),
        replaying=True,
    )
    for cassette in cassettes:
        scenario = cassette.stem
        text = cassette.read_text(encoding="utf-8")
        assert not find_secrets(text), f"{cassette}: {find_secrets(text)}"
        with scrubbing_vcr().use_cassette(str(cassette), allow_playback_repeats=True) as played:
            found = run_checker(checker, scenario, settings)
        assert played.play_count > 0, f"{cassette}: no request matched the recorded one: {found.detail}"
        if scenario in expected:
            assert found.status is expected[scenario].expect, (
                f"{cassette}: expected {expected[scenario].expect}, got {found.status}: {found.detail}"
            )
        results[f"cassette:{scenario}"] = found.status
    return results
