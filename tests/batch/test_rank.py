"""Ranking candidates: known clean first, then unknown, then known risks; reasons always given."""

from __future__ import annotations

from tests.batch.helpers import Scripted, registry_of

import numcheck
from numcheck import Settings, Status, Verdict, check_many, rank


def _reports(answers: dict[str, Status], numbers: list[str], **kwargs: object) -> list[numcheck.Report]:
    registry = registry_of(*(Scripted(f"shop-{index}", answers) for index in range(8)))  # an old segment needs 7 definitive answers
    return [item.report for item in check_many(numbers, registry=registry, settings=Settings(), **kwargs) if item.report]  # type: ignore[arg-type]


def test_a_registered_number_ranks_below_a_clean_one_and_says_why() -> None:
    bound, clean = "+8615000150000", "+8615100151000"
    ranked = rank(_reports({bound: Status.REGISTERED}, [bound, clean]))
    assert [place.e164 for place in ranked] == [clean, bound]
    assert [place.rank for place in ranked] == [1, 2]
    assert ranked[1].verdict in (Verdict.HIGH_RISK, Verdict.CAUTION)
    assert any("bindings" in reason for reason in ranked[1].why)
    assert all(place.why for place in ranked)


def test_an_offline_only_candidate_ranks_below_one_that_was_checked() -> None:
    """Same verdict, same segment facts: the candidate whose bindings were checked and found clean ranks first."""
    clean = _reports({}, ["+8615100151000"])
    unknown = [numcheck.check("+8615200152000", offline=True)]
    ranked = rank([*unknown, *clean])
    assert ranked[0].verdict == ranked[1].verdict
    assert ranked[0].unknown < ranked[1].unknown
    assert [place.e164 for place in ranked] == ["+8615100151000", "+8615200152000"]
    assert any("offline only" in reason for reason in ranked[1].why)
