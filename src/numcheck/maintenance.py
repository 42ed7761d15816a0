"""Maintainer tools: re-record a provider's cassette live, and check known answers for drift.

Both talk to the real services (or to whatever base URL the settings name), so they are
explicit commands, never part of the test suite's network use.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from numcheck._atomic import AtomicFile
from numcheck._errors import NumcheckError
from numcheck.checker import Checker
from numcheck.config import Settings
from numcheck.engine import check
from numcheck.messages import Message, failure
from numcheck.net import NEVER_SENT
from numcheck.numbers import parse
from numcheck.registry import Registry
from numcheck.report import Finding, Status

KNOWN_ANSWERS_FILE = "known-answers.toml"
_EXPECTED = {"registered": Status.REGISTERED, "not_registered": Status.NOT_REGISTERED}


def _only(registry: Registry, checker_id: str) -> Registry:
    try:
        checker = registry.get(checker_id)
    except KeyError:
        raise NumcheckError(f"no such checker: {checker_id} (see 'numcheck checkers')") from None
    single = Registry()
    single.add(checker, "maintenance")
    return single


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders a failed recording made (deepest first), leaving any that something else put a file in."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def record_cassette(
    registry: Registry, checker_id: str, scenario: str, number: str, out_dir: Path, settings: Settings
) -> tuple[Finding, Path]:
    """Run one checker for real on ``number`` and record the exchange, scrubbed, as ``out_dir/<id>/<scenario>.yaml``.

    The number is replaced by the synthetic number of ``scenario`` in every form it was sent in;
    cookies and tokens are removed, and every configured key by its value, wherever it appears; a
    recording the scanner still finds a key in is not written. Raises NumcheckError for an unknown
    checker or scenario.
    """
    from numcheck.recording.scrub import find_secrets, scrubbing_vcr
    from numcheck.recording.synthetic import SCENARIOS, synthetic_number

    if scenario not in SCENARIOS:
        raise NumcheckError(f"unknown scenario {scenario!r}; use one of {', '.join(SCENARIOS)}")
    # A cassette is one scenario's exchange: never a number-age search's run of billed calls (NUMCHECK_MAX_BILLED).
    settings = settings.model_copy(update={"max_billed": 0})
    single = _only(registry, checker_id)
    real = parse(number)
    fake = parse(synthetic_number(scenario, "US" if real.country_code == 1 else "CN"), "CN")
    replacements = {
        real.e164: fake.e164,
        real.e164.lstrip("+"): fake.e164.lstrip("+"),
        real.national_number: fake.national_number,
    }
    from numcheck.providers.manifest import ManifestChecker

    checker = single.get(checker_id)
    configured = settings.base_urls.get(checker_id) or settings.base_url
    if isinstance(checker, ManifestChecker) and configured:
        # Cassettes always name the real host, so they replay wherever the tests run.
        replacements[configured.rstrip("/")] = checker.manifest.request.base_url.rstrip("/")
    path = out_dir / checker_id / f"{scenario}.yaml"
    # The folders this run makes, deepest first: a failed recording removes them again (when still empty).
    made = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = f"{path} was kept as it was" if path.exists() else f"nothing was written ({path} does not exist)"
    # Recorded beside the cassette first: a failed or empty recording never replaces the one the tests use.
    recording = path.with_name(f".{path.name}.recording")
    recording.unlink(missing_ok=True)
    # Every configured key, by value: a key can travel in any header (numverify's is "Apikey"), the path or the body.
    keys = settings.key_values()
    try:
        with scrubbing_vcr(replacements, record_mode="all", keys=keys).use_cassette(str(recording)):
            report = check(real, registry=single, settings=settings)
        found = report.findings[0]
        text = recording.read_text(encoding="utf-8") if recording.exists() else ""
    finally:
        recording.unlink(missing_ok=True)
    failed = found.status is Status.ERROR or (found.status is Status.BLOCKED and scenario != "blocked")
    if failed or "request:" not in text:
        why = found.detail if failed else "nothing was recorded"
        _remove_empty(made)
        raise NumcheckError(f"recording failed ({found.status.value}: {why}); {kept}")
    leaks = [problem for problem in find_secrets(text, keys) if not problem.startswith("number-like")]
    if leaks:
        # Scrubbing missed something (a key in an encoding nobody foresaw): never write it.
        _remove_empty(made)
        raise NumcheckError(f"recording not written: it still holds {leaks[0]}; {kept}")
    output = AtomicFile(path)
    try:
        output.handle.write(
            f"# RECORDED LIVE by `numcheck record {checker_id}`; scrubbed: the number is the synthetic one for {scenario}.\n" + text
        )
        output.commit()
    finally:
        output.discard()
    return found, path


@dataclass(frozen=True)
class DoctorRow:
    """One known answer re-checked."""

    checker_id: str
    expected: Status
    got: Status
    detail: str
    # What ``detail`` says as a message (None: the checker wrote only text), for a report in the reader's language.
    message: Message | None = None

    @property
    def ok(self) -> bool:
        return self.got is self.expected

    @property
    def state(self) -> str:
        """``ok``; ``unreachable`` when the service could not be asked at all (not drift); else ``drift``."""
        if self.ok:
            return "ok"
        if self.got is Status.ERROR and self.detail.endswith((*NEVER_SENT, "timeout", "connection reset")):
            return "unreachable"
        return "drift"


def read_known_answers(path: Path) -> dict[str, dict[str, str]]:
    """``[checker-id]`` tables of ``registered = "number"`` / ``not_registered = "number"``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise failure("known.cannot_read", path=str(path), error=str(error.strerror or error)) from None
    except tomllib.TOMLDecodeError as error:
        raise failure("known.not_toml", path=str(path), error=str(error)) from None
    answers: dict[str, dict[str, str]] = {}
    for checker_id, table in data.items():
        if not isinstance(table, dict) or not set(table) <= set(_EXPECTED):
            raise failure("known.only_two", path=str(path), checker=checker_id)
        answers[checker_id] = {str(key): str(value) for key, value in table.items()}
    return answers


def run_doctor(registry: Registry, answers: dict[str, dict[str, str]], settings: Settings) -> list[DoctorRow]:
    """Re-run every known answer; a row whose status differs from the expected one has drifted."""
    rows = []
    for checker_id, table in answers.items():
        single = _only(registry, checker_id)
        checker: Checker = single.get(checker_id)
        for expected_name, number in table.items():
            report = check(number, registry=single, settings=settings)
            found = report.findings[0]
            rows.append(DoctorRow(checker.meta.id, _EXPECTED[expected_name], found.status, found.detail, found.message))
    return rows


@dataclass(frozen=True)
class SweepRow:
    """One account provider asked about numbers that cannot have been issued."""

    checker_id: str
    answers: tuple[tuple[str, Status], ...]
    # A provider that declares no "not registered" signal answers a number it does not know with unknown.
    one_sided: bool = False

    @property
    def drifting(self) -> bool:
        """A `registered` answer for a never-issued number is a false positive: the provider's signals drifted."""
        return any(status is Status.REGISTERED for _, status in self.answers)

    @property
    def answered(self) -> bool:
        """Whether the provider gave an answer its signals read (for a one-sided provider, unknown is that answer)."""
        readable = (
            (Status.REGISTERED, Status.NOT_REGISTERED, Status.UNKNOWN) if self.one_sided else (Status.REGISTERED, Status.NOT_REGISTERED)
        )
        return any(status in readable for _, status in self.answers)

    @property
    def state(self) -> str:
        """drift, ok (answered, never a false registered), or why it could not be judged (unreachable, blocked, no answer)."""
        if self.drifting:
            return "drift"
        if self.answered:
            return "ok"
        if all(status is Status.ERROR for _, status in self.answers):
            return "unreachable"
        if all(status in (Status.BLOCKED, Status.ERROR) for _, status in self.answers):
            return "blocked"
        return "no answer"


def never_issued_numbers(per_segment: int = 1) -> list[str]:
    """Well-formed 11-digit numbers from segments the segment table says were never opened (nobody's, by MIIT's notices)."""
    from numcheck.segments import segment_table

    table = segment_table()
    numbers = []
    seed = 73_921_045
    for first in range(130, 200):
        if table.lookup(f"{first}00000000") is not None or first in (140, 141, 142, 143, 144):
            continue  # opened, or 13-digit IoT numbering
        for _ in range(per_segment):
            seed = (seed * 1_103_515_245 + 12_345) % 100_000_000  # varied digits, the same every run
            candidate = f"{first}{seed:08d}"
            if table.lookup(candidate) is None:
                numbers.append(candidate)
    return numbers


def run_sweep(registry: Registry, settings: Settings, numbers: list[str] | None = None) -> list[SweepRow]:
    """Ask every account provider about never-issued numbers; only not_registered, unknown or blocked are correct."""
    from numcheck.report import CheckerKind

    numbers = numbers if numbers is not None else never_issued_numbers()
    rows = []
    for checker in [item for item in registry if item.meta.kind is CheckerKind.ACCOUNT]:
        if checker.meta.countries and "CN" not in checker.meta.countries:
            continue
        single = _only(registry, checker.meta.id)
        answers = tuple((number, check(number, registry=single, settings=settings).findings[0].status) for number in numbers)
        signals = getattr(getattr(checker, "manifest", None), "signals", None)
        rows.append(SweepRow(checker.meta.id, answers, one_sided=signals is not None and signals.not_registered is None))
    return rows


def disable(settings: Settings, checker_ids: list[str]) -> Path:
    """Add checker ids to the user's disabled list (one id a line); numcheck skips them until removed."""
    path = settings.disabled_checkers_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    known = set(settings.disabled_checkers())
    output = AtomicFile(path)
    try:
        output.handle.write("".join(f"{checker_id}\n" for checker_id in sorted(known | set(checker_ids))))
        output.commit()
    finally:
        output.discard()
    return path
