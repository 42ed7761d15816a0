"""A score off the scale a manifest declares is off the scale: unknown, whatever the signals said (review 4's case)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from numcheck import ManifestError, Status
from numcheck.providers.manifest import Example, ManifestChecker
from numcheck.providers.manifest_files import load_manifest, shipped_manifest_dir
from numcheck.testing import ProviderScript, Simulator, run_checker, simulator_settings

# A manifest whose not_registered signal does not look at the score, only at a status field beside it: the shape of a
# third-party source that answers {"listed": false, "score": ...}. Derived from the shipped tellows manifest.
_SIGNALS = {
    "[signals]\nxml = true\n": "[signals]\n",
    'json = [{ path = "score", gt = 4 }, { path = "score", le = 9 }]': 'json = [{ path = "listed", equals = true }]',
    'json = [{ path = "score", gt = 0 }, { path = "score", le = 4 }]': 'json = [{ path = "listed", equals = false }]',
}


def _manifest_text(tmp_path: Path, **replace: str) -> Path:
    text = (shipped_manifest_dir() / "tellows.toml").read_text(encoding="utf-8")
    for old, new in {**_SIGNALS, **replace}.items():
        assert old in text, old
        text = text.replace(old, new)
    # Its examples in its own JSON shape.
    text = text.replace('content_type = "application/xml"\n', "")
    for xml, json in (
        ("<tellows><score>8</score></tellows>", '{\\"listed\\": true, \\"score\\": 8}'),
        ("<tellows><score>3</score></tellows>", '{\\"listed\\": false, \\"score\\": 3}'),
        ("<tellows><score>5</score></tellows>", '{\\"listed\\": true, \\"score\\": 5}'),
        ("<tellows><score>12</score></tellows>", '{\\"listed\\": \\"?\\", \\"score\\": 12}'),
    ):
        text = text.replace(xml, json)
    path = tmp_path / "listed.toml"
    path.write_text(text.replace('name = "tellows"', 'name = "listed"'), encoding="utf-8")
    return path


def _answer(checker: ManifestChecker, body: str) -> tuple[Status, tuple[str, ...]]:
    script = ProviderScript({"drift": Example(body=body, expect=Status.UNKNOWN, source="test")})
    with Simulator({checker.meta.id: script}) as simulator:
        found = run_checker(checker, "drift", simulator_settings(simulator, [checker]))
    return found.status, found.tags


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> ManifestChecker:
    return ManifestChecker("listed", load_manifest(_manifest_text(tmp_path_factory.mktemp("manifest"))))


@pytest.mark.parametrize("score", [-5, 0, 0.999, 9.001, 10, 1e9])
def test_a_score_off_the_declared_scale_beside_a_clean_signal_is_unknown(listed: ManifestChecker, score: float) -> None:
    status, tags = _answer(listed, f'{{"listed": false, "score": {score}}}')
    assert status is Status.UNKNOWN  # never "not listed": a -5 on a 1-9 scale is an answer nobody can place
    assert "unmapped" in tags


@pytest.mark.parametrize(("score", "expected"), [(1, Status.NOT_REGISTERED), (4, Status.NOT_REGISTERED), (9, Status.REGISTERED)])
def test_the_scales_own_ends_are_on_it(listed: ManifestChecker, score: int, expected: Status) -> None:
    listed_value = "true" if expected is Status.REGISTERED else "false"
    assert _answer(listed, f'{{"listed": {listed_value}, "score": {score}}}')[0] is expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(score=st.floats(allow_nan=True, allow_infinity=True), listed_value=st.booleans())
def test_no_score_off_the_scale_is_ever_a_definitive_answer(listed: ManifestChecker, score: float, listed_value: bool) -> None:
    text = f'{{"listed": {"true" if listed_value else "false"}, "score": {score!r}}}'.replace("inf", "1e999").replace("nan", '"nan"')
    status, _ = _answer(listed, text)
    on_scale = 1 <= score <= 9 and score.is_integer()
    if not on_scale:
        assert status is Status.UNKNOWN


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        ({"lowest = 1\n": "lowest = 9\n"}, "must be below its highest"),
        ({"negative_at_least = 5\n": "negative_at_least = 12\n"}, "must lie on the scale"),
        ({"negative_at_least = 5\n": "negative_at_least = 0\n"}, "must lie on the scale"),
        ({"lowest = 1\n": ""}, "lowest"),
        ({"highest = 9\n": "highest = inf\n"}, "highest"),
    ],
)
def test_a_scale_that_makes_no_sense_is_a_load_error(tmp_path: Path, lines: dict[str, str], said: str) -> None:
    with pytest.raises(ManifestError, match=said):
        load_manifest(_manifest_text(tmp_path, **lines))
