"""Hits: the findings that tell against buying a number, which ``--only-hits`` keeps (holehe's ``--only-used`` habit).

A finding is a hit when the risk engine reads an adverse or a moot fact in it (docs/verdict.md): an account still
registered, a reputation-list hit, a collection signal, a caller tag, an answer nothing maps, or a fact that makes
the purchase moot (never issued, cancelled, no ordinary SMS). Priors (an old segment, a vanity pattern), clean
answers, unknowns and skipped checks are not hits.
"""

from __future__ import annotations

from numcheck.report import Finding, Report
from numcheck.risk import Nature, facts_of

_HIT_NATURES = (Nature.ADVERSE, Nature.MOOT)


def is_hit(finding: Finding) -> bool:
    """Whether ``finding`` tells against buying the number."""
    return any(fact.nature in _HIT_NATURES for fact in facts_of(finding))


def hits_only(report: Report) -> tuple[Report, int]:
    """``report`` with only its hits among the findings (verdict, risks and coverage unchanged), and how many were left out."""
    kept = tuple(finding for finding in report.findings if is_hit(finding))
    return report.model_copy(update={"findings": kept}), len(report.findings) - len(kept)
