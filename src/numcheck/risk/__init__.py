"""Turn findings of any kind into risk per dimension, coverage, a verdict and advice.

The rules are written for buyers in docs/verdict.md; each is a property test
(tests/unit/test_verdict_properties.py). The engine never looks at checker ids: it reads each
finding's kind, status, category, tags and facts, so a checker added later moves the risk by
what it reports. Every finding is first read into facts of four natures:

* **moot**: the purchase makes no sense (``never_issued``, ``no_sms``, ``deactivated``): the
  verdict is ``do_not_buy`` whatever else answered;
* **adverse**: something the buyer would inherit: a registered account, any hit in a reputation
  source, any collection signal, any caller tag, and any answer nothing maps (a tag outside the
  vocabulary, or the ``unmapped`` tag a checker sets on a code or band it cannot place). Each
  lifts the dimensions it speaks to to at least ``medium``, and the verdict to at least
  ``caution``;
* **prior**: recycling signals (segment age, vanity, virtual operator, a recent reassignment):
  they raise how many definitive account answers a ``low`` bindings level needs, and never set
  the verdict alone;
* **tenure**: a carrier's "not reassigned since X" says how long the current holder (usually the
  seller) has held the number. It is reported, and never lowers the evidence needed: the
  seller's own bindings are exactly what a buyer inherits.

Reasons, the summary and the verdict are all built from these same facts, so they cannot
contradict each other. A dimension no definitive finding spoke to is ``unknown``: unknown is
never clean.

The package reads in three steps, one module each: `numcheck.risk.facts` (what each finding says),
`numcheck.risk.judgement` (levels, coverage and the verdict) and `numcheck.risk.advice` (the summary and advice).
"""

from numcheck.risk.advice import advise, summarize, summary_messages
from numcheck.risk.facts import (
    ACCOUNT_ANSWERS_NEEDED,
    CATEGORY_WEIGHTS,
    DEFAULT_CATEGORY_WEIGHT,
    HIGH_SCORE,
    LENDING_CATEGORIES,
    MEDIUM_SCORE,
    MIN_COVERAGE_RATIO,
    PERSONAL,
    REASSIGNMENT_CATEGORY,
    REPUTATION_COVERS,
    Fact,
    Nature,
    facts_of,
    speaks_to,
    uncounted_answers,
)
from numcheck.risk.judgement import Judgement, assess, coverage, decide, judge, reason, verdict
from numcheck.tags import TAG_EFFECTS

__all__ = [
    "ACCOUNT_ANSWERS_NEEDED",
    "CATEGORY_WEIGHTS",
    "DEFAULT_CATEGORY_WEIGHT",
    "HIGH_SCORE",
    "LENDING_CATEGORIES",
    "MEDIUM_SCORE",
    "MIN_COVERAGE_RATIO",
    "PERSONAL",
    "REASSIGNMENT_CATEGORY",
    "REPUTATION_COVERS",
    "TAG_EFFECTS",
    "Fact",
    "Judgement",
    "Nature",
    "advise",
    "assess",
    "coverage",
    "decide",
    "facts_of",
    "judge",
    "reason",
    "speaks_to",
    "summarize",
    "summary_messages",
    "uncounted_answers",
    "verdict",
]
