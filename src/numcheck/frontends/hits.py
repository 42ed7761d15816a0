"""Hits: the findings that tell against buying a number, which ``--only-hits`` keeps (holehe's ``--only-used`` habit).

A finding is a hit when the risk engine reads an adverse or a moot fact in it (docs/verdict.md): an account still
registered, a reputation-list hit, a collection signal, a caller tag, an answer nothing maps, or a fact that makes
the purchase moot (never issued, cancelled, no ordinary SMS). Priors (an old segment, a vanity pattern), clean
answers, unknowns and skipped checks are not hits.

A batch leaves a number out only when it is `known_clean`: "no hit" alone is not clean, because a number nobody
could check has no hit either (unknown is not clean, docs/batches.md).
"""

from __future__ import annotations

from numcheck.report import Finding, Level, Report, Status, Verdict
from numcheck.risk import Nature, facts_of

_HIT_NATURES = (Nature.ADVERSE, Nature.MOOT)


def is_hit(finding: Finding) -> bool:
    """Whether ``finding`` tells against buying the number."""
    return any(fact.nature in _HIT_NATURES for fact in facts_of(finding))


def known_clean(report: Report) -> bool:
    """Whether ``report`` may be left out of an ``--only-hits`` batch: a clean verdict on sufficient evidence, nothing high.

    The verdict must be low risk (which already needs sufficient coverage, no adverse or moot fact, and the personal
    dimensions covered and low), coverage sufficient, and every dimension low: a recycling risk that is high or
    unknown (an old segment, an offline check) still tells against the number.
    """
    return (
        report.verdict is Verdict.LOW_RISK
        and report.coverage.sufficient
        and all(risk.level is Level.LOW for risk in report.risks)
        and not any(is_hit(finding) for finding in report.findings)
        # A check that gave no answer may hide a binding: the verdict can stand on the others, but the row saying which
        # checks did not complete (its `incomplete` cell, exit 3) must not vanish with the number.
        and not any(finding.status in _SILENT for finding in report.findings)
    )


_NO_ANSWER = (Status.BLOCKED, Status.ERROR, Status.UNKNOWN, Status.SKIPPED)
# What a report shown with only its hits keeps besides them: the checks that could not complete (blocked or error),
# which its `incomplete` cell names and exit 3 stands for.
_INCOMPLETE = (Status.BLOCKED, Status.ERROR)
_SILENT = (*_INCOMPLETE, Status.UNKNOWN)


def unanswered(report: Report) -> int:
    """How many of ``report``'s findings that `hits_only` leaves out gave no answer (unknown or skipped)."""
    return sum(finding.status in _NO_ANSWER and not _kept(finding) for finding in report.findings)


def _kept(finding: Finding) -> bool:
    return is_hit(finding) or finding.status in _INCOMPLETE


def hits_only(report: Report) -> tuple[Report, int]:
    """``report`` with only its hits and its incomplete checks among the findings (verdict, risks and coverage unchanged),
    and how many were left out."""
    kept = tuple(finding for finding in report.findings if _kept(finding))
    return report.model_copy(update={"findings": kept}), len(report.findings) - len(kept)
