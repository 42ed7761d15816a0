"""numcheck's tag vocabulary: what a checker's tags mean to the risk engine (docs/risk-model.md, docs/verdict.md).

It sits below checkers, providers and the risk engine alike, so a checker can name a tag without
importing the engine that weighs it.
"""

from typing import NamedTuple

from numcheck.reassignment import NO_DATA, OUT_OF_RANGE, PORTED
from numcheck.report import Dimension, Level


class TagEffect(NamedTuple):
    """What one tag does to one dimension; ``message`` (an id of numcheck.messages.catalog) says what it means for the buyer."""

    dimension: Dimension
    points: int
    message: str


def _effect(tag: str, dimension: Dimension, points: int) -> tuple[TagEffect, ...]:
    return (TagEffect(dimension, points, f"effect.{tag}"),)


# The tag vocabulary: what each tag does to the risk. A tag in none of TAG_EFFECTS, MOOT_TAGS and
# INFO_TAGS is an answer nothing maps: an adverse fact, never a negative one.
TAG_EFFECTS: dict[str, tuple[TagEffect, ...]] = {
    "collector_caller": _effect("collector_caller", Dimension.HARASSMENT, 60),
    "harassment": _effect("harassment", Dimension.HARASSMENT, 60),
    "fraud": _effect("fraud", Dimension.HARASSMENT, 70),
    "advertising": _effect("advertising", Dimension.HARASSMENT, 35),
    "real_estate": _effect("real_estate", Dimension.HARASSMENT, 30),
    "insurance_finance": _effect("insurance_finance", Dimension.HARASSMENT, 30),
    "spam": _effect("spam", Dimension.HARASSMENT, 40),
    "negative_rating": _effect("negative_rating", Dimension.HARASSMENT, 60),
    "delivery": _effect("delivery", Dimension.HARASSMENT, 5),
    "taxi": _effect("taxi", Dimension.HARASSMENT, 5),
    "collection_calls": _effect("collection_calls", Dimension.DEBT_COLLECTION, 70),
    "reassigned": _effect("reassigned", Dimension.RECYCLING, 80),
    "tenure_under_3_months": _effect("tenure_under_3_months", Dimension.RECYCLING, 30),
    "suspended": _effect("suspended", Dimension.RECYCLING, 40),
    "segment_pre_2010": _effect("segment_pre_2010", Dimension.RECYCLING, 60),
    "segment_2010_2016": _effect("segment_2010_2016", Dimension.RECYCLING, 35),
    "segment_since_2017": _effect("segment_since_2017", Dimension.RECYCLING, 15),
    "mvno": _effect("mvno", Dimension.RECYCLING, 20),
    "vanity": _effect("vanity", Dimension.RECYCLING, 15),
    "four_heavy": _effect("four_heavy", Dimension.RECYCLING, 5),
}


# Tags that make the purchase moot (the verdict is do_not_buy whatever else answered), with the message saying why.
MOOT_TAGS: dict[str, str] = {tag: f"moot.{tag}" for tag in ("never_issued", "no_sms", "deactivated")}
# The tag a checker sets when it read an answer (a code, a tag, a score band) that it cannot place.
UNMAPPED = "unmapped"
NOT_REASSIGNED = "not_reassigned"
# Tags that inform and move nothing by design. no_data, out_of_range and ported mark a reassignment source's
# "cannot say" answers (numcheck.reassignment): the finding stays unknown, which is never clean.
INFO_TAGS = frozenset({NOT_REASSIGNED, "iot_line", "data_line", "satellite_line", "special_line", NO_DATA, OUT_OF_RANGE, PORTED})
# Facts that call for care without speaking to one of the buyer's three questions (caution, never low risk), with their message.
WARNING_TAGS: dict[str, str] = {tag: f"warning.{tag}" for tag in ("suspended", "invalid_number")}
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
