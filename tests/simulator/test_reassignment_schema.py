"""All reassignment sources share the schema: every answer of every shipped source, run for real, carries one typed fact."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.simulator.test_aliyun import KEYED, SCRIPT

import numcheck
from numcheck.providers.aliyun import AliyunTwiceTelVerify
from numcheck.providers.manifest import ManifestChecker
from numcheck.reassignment import REASSIGNMENT_CATEGORY, SOURCES, ReassignmentAnswer
from numcheck.registry import default_registry
from numcheck.report import Status
from numcheck.testing import Simulator, isolated_registry, run_checker, scripts_for, simulator_settings, synthetic_number

_BY_STATUS = {
    Status.REGISTERED: ReassignmentAnswer.REASSIGNED,
    Status.NOT_REGISTERED: ReassignmentAnswer.NOT_REASSIGNED,
    Status.UNKNOWN: ReassignmentAnswer.NO_DATA,
}


def _sources() -> list[ManifestChecker]:
    registry = default_registry(numcheck.Settings(plugins=()))
    return [checker for checker in registry if isinstance(checker, ManifestChecker) and checker.meta.category == REASSIGNMENT_CATEGORY]


def test_every_shipped_reassignment_source_is_known_to_the_schema() -> None:
    """A source numcheck ships has its name, lag and caveats in numcheck.reassignment.SOURCES."""
    shipped = {checker.meta.id for checker in _sources()} | {"aliyun-twice-tel", "aliyun-tenure"}
    assert shipped <= set(SOURCES)
    assert {"camara-recycling", "camara-tenure", "twilio-lookup", "fcc-rnd"} <= shipped


@pytest.mark.parametrize("checker", _sources(), ids=lambda checker: checker.meta.id)
def test_every_documented_answer_becomes_the_typed_fact(checker: ManifestChecker) -> None:
    """Each example a manifest documents, played by the simulator: reassigned, not reassigned or no data, dated."""
    since = (datetime.now(UTC) - timedelta(days=numcheck.Settings().since_days)).date()
    with Simulator(scripts_for([checker])) as simulator:
        settings = simulator_settings(simulator, [checker])
        for scenario, example in checker.manifest.examples.items():
            found = run_checker(checker, scenario, settings)
            fact = found.reassignment
            assert fact is not None, scenario
            assert fact.source == checker.meta.id
            assert fact.source_name == SOURCES[checker.meta.id].name
            assert fact.answer is _BY_STATUS[example.expect], scenario
            assert not fact.safe
            if fact.answer is ReassignmentAnswer.NO_DATA:
                assert fact.bracket.after is None
                assert fact.bracket.before is None
                assert fact.caveats
            else:
                assert fact.asked == since
                assert since in (fact.bracket.after, fact.bracket.before)


def test_out_of_range_reads_as_no_data_never_an_error_or_an_answer() -> None:
    """CAMARA's 400 OUT_OF_RANGE: unknown (not error), tagged out_of_range, its typed fact no data with the reason."""
    checker = next(checker for checker in _sources() if checker.meta.id == "camara-recycling")
    with Simulator(scripts_for([checker])) as simulator:
        found = run_checker(checker, "no_data", simulator_settings(simulator, [checker]))
    assert found.status is Status.UNKNOWN
    assert "out_of_range" in found.tags
    assert "unmapped" not in found.tags
    assert found.reassignment is not None
    assert found.reassignment.answer is ReassignmentAnswer.NO_DATA
    assert "OUT_OF_RANGE" in found.reassignment.caveats[0]


@pytest.mark.parametrize(
    ("scenario", "answer"),
    [
        ("registered", ReassignmentAnswer.REASSIGNED),
        ("not_registered", ReassignmentAnswer.NOT_REASSIGNED),
        ("drift", ReassignmentAnswer.NO_DATA),
        ("neutral", ReassignmentAnswer.CANCELLED),
        ("no_data", ReassignmentAnswer.NO_DATA),
        ("negated", ReassignmentAnswer.NO_DATA),
    ],
)
def test_alibaba_cloud_through_its_sdk_shares_it_too(scenario: str, answer: ReassignmentAnswer) -> None:
    with Simulator({"aliyun-twice-tel": SCRIPT}, root_provider="aliyun-twice-tel") as simulator:
        settings = numcheck.Settings(base_urls={"aliyun-twice-tel": simulator.url}, keys=KEYED, timeout=2.0)
        with isolated_registry(AliyunTwiceTelVerify()) as registry:
            found = numcheck.check(synthetic_number(scenario), registry=registry, settings=settings).findings[0]
    assert found.reassignment is not None
    assert found.reassignment.answer is answer
    assert found.reassignment.source_name == "Alibaba Cloud"
    if scenario == "no_data":  # PortabilityNumberNotSupported in the script
        assert found.reassignment.ported
        assert "ported" in found.tags
