"""numcheck's tag vocabulary: what a checker's tags mean to the risk engine (docs/risk-model.md, docs/verdict.md).

It sits below checkers, providers and the risk engine alike, so a checker can name a tag without
importing the engine that weighs it.
"""

from __future__ import annotations

from dataclasses import dataclass

from numcheck.reassignment import NO_DATA, OUT_OF_RANGE, PORTED
from numcheck.report import Dimension, Level


@dataclass(frozen=True)
class TagEffect:
    """What one tag does to one dimension, and what it means for the buyer."""

    dimension: Dimension
    points: int
    text: str


_OUTBOUND = "others' phones label calls from this number"
# The tag vocabulary: what each tag does to the risk. A tag in none of TAG_EFFECTS, MOOT_TAGS and
# INFO_TAGS is an answer nothing maps: an adverse fact, never a negative one.
TAG_EFFECTS: dict[str, tuple[TagEffect, ...]] = {
    "collector_caller": (
        TagEffect(Dimension.HARASSMENT, 60, f"{_OUTBOUND} 催收 (debt collector): your own calls will be rejected or ignored"),
    ),
    "harassment": (TagEffect(Dimension.HARASSMENT, 60, f"{_OUTBOUND} 骚扰 (harassment): your calls will be rejected"),),
    "fraud": (TagEffect(Dimension.HARASSMENT, 70, f"{_OUTBOUND} 诈骗 (fraud): your calls may be blocked outright"),),
    "advertising": (TagEffect(Dimension.HARASSMENT, 35, f"{_OUTBOUND} 广告推销 (advertising): your calls look like sales calls"),),
    "real_estate": (TagEffect(Dimension.HARASSMENT, 30, f"{_OUTBOUND} 房产中介 (real-estate agent)"),),
    "insurance_finance": (TagEffect(Dimension.HARASSMENT, 30, f"{_OUTBOUND} 保险理财 (insurance/finance sales)"),),
    "spam": (TagEffect(Dimension.HARASSMENT, 40, f"{_OUTBOUND} spam"),),
    "negative_rating": (
        TagEffect(Dimension.HARASSMENT, 60, "rated in the source's negative band: people who got calls from it reported them"),
    ),
    "delivery": (TagEffect(Dimension.HARASSMENT, 5, f"{_OUTBOUND} 快递 (delivery): a previous business use"),),
    "taxi": (TagEffect(Dimension.HARASSMENT, 5, f"{_OUTBOUND} taxi/ride service: a previous business use"),),
    "collection_calls": (
        TagEffect(Dimension.DEBT_COLLECTION, 70, "collectors call this number about a previous owner's debts: expect such calls"),
    ),
    "reassigned": (TagEffect(Dimension.RECYCLING, 80, "the carrier says the number changed owner"),),
    "tenure_under_3_months": (
        TagEffect(
            Dimension.RECYCLING, 30, "the current subscriber has held the number for under 3 months: the previous owner's traces are fresh"
        ),
    ),
    "suspended": (
        TagEffect(
            Dimension.RECYCLING,
            40,
            "the carrier has suspended the number (停机): often unpaid bills or a number on its way back to the pool",
        ),
    ),
    "segment_pre_2010": (TagEffect(Dimension.RECYCLING, 60, "old segment: almost surely had previous owners"),),
    "segment_2010_2016": (TagEffect(Dimension.RECYCLING, 35, "segment in use for a decade: a previous owner is likely"),),
    "segment_since_2017": (TagEffect(Dimension.RECYCLING, 15, "recent segment: fewer cycles of reuse"),),
    "mvno": (TagEffect(Dimension.RECYCLING, 20, "virtual-operator segment: higher spam/fraud association"),),
    "vanity": (TagEffect(Dimension.RECYCLING, 15, "vanity number: likely used widely by the previous owner"),),
    "four_heavy": (TagEffect(Dimension.RECYCLING, 5, "unpopular 4-heavy number: changes hands often"),),
}


# Tags that make the purchase moot: the verdict is do_not_buy whatever else answered.
MOOT_TAGS: dict[str, str] = {
    "never_issued": "this number's segment was never opened to subscribers: it cannot be a legitimately sold number",
    "no_sms": "this number cannot receive ordinary SMS: apps cannot be bound to it and it cannot serve as a personal number",
    "deactivated": "the carrier says the number is deactivated or does not exist: whoever offers it does not hold it in service",
}
# The tag a checker sets when it read an answer (a code, a tag, a score band) that it cannot place.
UNMAPPED = "unmapped"
NOT_REASSIGNED = "not_reassigned"
# Tags that inform and move nothing by design. no_data, out_of_range and ported mark a reassignment source's
# "cannot say" answers (numcheck.reassignment): the finding stays unknown, which is never clean.
INFO_TAGS = frozenset({NOT_REASSIGNED, "iot_line", "data_line", "satellite_line", "special_line", NO_DATA, OUT_OF_RANGE, PORTED})
# Facts that call for care without speaking to one of the buyer's three questions: caution, never low risk.
WARNING_TAGS: dict[str, str] = {
    "suspended": "the carrier has suspended the number (停机): often unpaid bills, or a number on its way back to the pool",
    "invalid_number": "phonenumbers does not consider this number valid: ask the carrier whether it is in service before paying",
}
# How surely each recycling prior says the number had previous owners: the highest one sets how many definitive
# account answers a low bindings level needs (docs/verdict.md, rule 3). A level, not summed points, so that adding a
# prior can only raise the evidence needed.
PRIOR_LEVELS: dict[str, Level] = {
    "segment_since_2017": Level.LOW,
    "segment_2010_2016": Level.MEDIUM,
    "mvno": Level.MEDIUM,
    "four_heavy": Level.MEDIUM,
    "segment_pre_2010": Level.HIGH,
    "vanity": Level.HIGH,
    "reassigned": Level.HIGH,
    "tenure_under_3_months": Level.HIGH,
    "suspended": Level.HIGH,
}
KNOWN_TAGS = frozenset(TAG_EFFECTS) | frozenset(MOOT_TAGS) | INFO_TAGS | frozenset(WARNING_TAGS)
