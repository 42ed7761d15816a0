"""What each finding says, read once into facts of four natures (docs/verdict.md), and the weights they carry."""

from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple

from numcheck.messages import Message, english, say
from numcheck.report import CheckerKind, Dimension, Finding, Level, Status
from numcheck.tags import KNOWN_TAGS, MOOT_TAGS, NOT_REASSIGNED, TAG_EFFECTS, UNMAPPED, WARNING_TAGS

HIGH_SCORE = 60
MEDIUM_SCORE = 25
MIN_COVERAGE_RATIO = 0.5
# Definitive account answers a "low" bindings level needs, by how surely the number had previous owners.
ACCOUNT_ANSWERS_NEEDED: dict[Level, int] = {Level.LOW: 3, Level.MEDIUM: 5, Level.HIGH: 7, Level.UNKNOWN: 5}

# Points a registered account adds to bindings, by service category (never below MEDIUM_SCORE in all).
CATEGORY_WEIGHTS: dict[str, int] = {
    "payment": 45, "finance": 45, "lending": 45, "messaging": 40, "social": 30, "shopping": 30, "education": 30, "government": 30,
    "travel": 25, "jobs": 25,
}  # fmt: skip
DEFAULT_CATEGORY_WEIGHT = 15
# Account categories that are lenders: a registration there is a collection signal. Matched after folding case and
# spaces, with the words checkers and their authors use for them.
LENDING_CATEGORIES = frozenset({"finance", "lending", "loan", "loans", "credit", "p2p", "金融", "借贷", "贷款", "网贷"})
# What a definitive reputation answer speaks to, by the source's category.
REPUTATION_COVERS: dict[str, frozenset[Dimension]] = {
    "caller_tags": frozenset({Dimension.HARASSMENT}),
    "collection_calls": frozenset({Dimension.DEBT_COLLECTION}),
    "reputation": frozenset({Dimension.HARASSMENT, Dimension.DEBT_COLLECTION}),
}
REASSIGNMENT_CATEGORY = "reassignment"
PERSONAL = (Dimension.BINDINGS, Dimension.DEBT_COLLECTION, Dimension.HARASSMENT)


class Nature(StrEnum):
    """What one fact does to the verdict (docs/verdict.md)."""

    MOOT = "moot"
    ADVERSE = "adverse"
    PRIOR = "prior"
    TENURE = "tenure"


class Fact(NamedTuple):
    """One thing a finding says, read once; risk levels, reasons, the verdict and the summary all come from these."""

    nature: Nature
    dimensions: frozenset[Dimension]
    message: Message
    checker_id: str | None
    points: int = 0
    # The recycling tag a prior fact stands for: it sets the evidence bindings need (PRIOR_LEVELS).
    prior: str | None = None

    @property
    def text(self) -> str:
        """The fact in English."""
        return english(self.message)


def _fold(word: str) -> str:
    return word.strip().lower()


def _lending(item: Finding) -> bool:
    return item.kind is CheckerKind.ACCOUNT and _fold(item.category) in LENDING_CATEGORIES


def facts_of(item: Finding) -> list[Fact]:
    """The facts one finding states, whatever its checker (never an empty reading of an adverse answer)."""
    found = _facts_of_tags(item)
    name, source = item.checker_name, item.checker_id
    if _unexplained_listing(item, found):
        # An offline checker (a plugin's local list) that says "registered" and tags nothing that tells against the
        # number gave an answer nothing maps: adverse, as any such answer is (docs/verdict.md), on none of the three
        # questions. A prior or a tenure tag beside it (the segment's age, "not reassigned") says why nobody listed it.
        found.append(Fact(Nature.ADVERSE, frozenset(), say("reason.unmapped_answer", name=name), source, MEDIUM_SCORE))
    if item.kind is CheckerKind.ACCOUNT and item.status is Status.REGISTERED:
        weight = CATEGORY_WEIGHTS.get(_fold(item.category), DEFAULT_CATEGORY_WEIGHT)
        text = say("reason.registered", name=name, category=item.category)
        found.append(Fact(Nature.ADVERSE, frozenset({Dimension.BINDINGS}), text, source, weight))
        if _lending(item):
            found.append(Fact(Nature.ADVERSE, frozenset({Dimension.DEBT_COLLECTION}), say("reason.lending", name=name), source, 30))
    if item.kind is CheckerKind.REPUTATION and item.status is Status.REGISTERED:
        # A hit is adverse whatever its tags say, on everything its source speaks to: a collection-call source that
        # lists the number is a collection signal even when its tag names another harm.
        text = say("reason.listed", name=name, tags=item.tags) if item.tags else say("reason.listed_untagged", name=name)
        found.append(Fact(Nature.ADVERSE, speaks_to(item), text, source))
    reassignment = item.kind is CheckerKind.CARRIER and _fold(item.category) == REASSIGNMENT_CATEGORY
    said_already = any(fact.prior == "reassigned" or fact.nature is Nature.MOOT for fact in found)
    if reassignment and item.status is Status.REGISTERED and not said_already:
        # "Registered" from a reassignment source is its "reassigned", whether or not its author tagged it so, and
        # whatever else it tagged: a lesser prior or a tenure beside it must not take the strongest prior away. A moot
        # tag (Alibaba Cloud's "cancelled" is a registered with "deactivated") already says what happened instead.
        effect = TAG_EFFECTS["reassigned"][0]
        said = say("reason.named", name=name, what=say(effect.message))
        found.append(Fact(Nature.PRIOR, frozenset({Dimension.RECYCLING}), said, source, effect.points, "reassigned"))
    return found


def _unexplained_listing(item: Finding, found: Iterable[Fact]) -> bool:
    """Whether ``item`` is an offline "registered" its tags (read as ``found``) do not explain: none tells against the
    number (adverse or moot).

    A prior, a tenure or an informative tag says something about the number, not why a list holds it: beside them the
    listing is still an answer nothing maps, so a team's list that holds the number never leaves it low risk.
    """
    listing = item.kind is CheckerKind.OFFLINE and item.status is Status.REGISTERED
    return listing and not any(fact.nature in (Nature.ADVERSE, Nature.MOOT) for fact in found)


def _facts_of_tags(item: Finding) -> list[Fact]:
    """What a finding's tags say, whatever its status."""
    found: list[Fact] = []
    name, source = item.checker_name, item.checker_id
    for written in item.tags:
        tag = _fold(written)
        if tag in MOOT_TAGS:
            found.append(Fact(Nature.MOOT, frozenset(), say(MOOT_TAGS[tag]), source))
            continue
        if tag == NOT_REASSIGNED:
            since = item.facts.get("since")
            text = say("reason.tenure_since", name=name, since=str(since)[:10]) if since else say("reason.tenure_asked", name=name)
            found.append(Fact(Nature.TENURE, frozenset({Dimension.RECYCLING}), text, source))
            continue
        if tag in WARNING_TAGS:
            found.append(Fact(Nature.ADVERSE, frozenset(), say("reason.named", name=name, what=say(WARNING_TAGS[tag])), source))
        if tag in TAG_EFFECTS:
            for effect in TAG_EFFECTS[tag]:
                said = say("reason.named", name=name, what=say(effect.message))
                if effect.dimension is Dimension.RECYCLING:
                    found.append(Fact(Nature.PRIOR, frozenset({effect.dimension}), said, source, effect.points, tag))
                else:
                    found.append(Fact(Nature.ADVERSE, frozenset({effect.dimension}), said, source, effect.points))
        elif tag not in KNOWN_TAGS or tag == UNMAPPED:
            text = say("reason.unmapped_answer", name=name) if tag == UNMAPPED else say("reason.unmapped_tag", name=name, tag=written)
            found.append(Fact(Nature.ADVERSE, speaks_to(item), text, source, MEDIUM_SCORE))
    return found


def uncounted_answers(findings: Iterable[Finding]) -> list[Message]:
    """A note for each offline checker whose registered or not registered counted for nothing, once per checker.

    An offline checker speaks to the buyer's questions through its tags (a segment's age, a vanity pattern); its status
    names no dimension, so a definitive one counts toward no risk and no coverage. It is said, so that a report never
    reads as if that checker had said nothing (docs/verdict.md, "An offline checker's answer"). A "registered" with no
    tag that tells against the number is not among them: it is an answer nothing maps, a warning in the risks (`facts_of`).
    """
    said: dict[str, Message] = {}
    for item in findings:
        warned = _unexplained_listing(item, _facts_of_tags(item))
        if item.kind is CheckerKind.OFFLINE and item.status.definitive and not warned and item.checker_id not in said:
            said[item.checker_id] = say("note.offline_answer", name=item.checker_name, status=item.status)
    return list(said.values())


def speaks_to(item: Finding) -> frozenset[Dimension]:
    """Which of the buyer's three questions a definitive answer of this finding's checker answers (empty: none).

    A carrier's answer answers none of them: reassignment is a recycling fact (a prior or a tenure), read from tags.
    """
    if item.kind is CheckerKind.ACCOUNT:
        lending = {Dimension.DEBT_COLLECTION} if _lending(item) else set()
        return frozenset({Dimension.BINDINGS, *lending})
    if item.kind is CheckerKind.REPUTATION:
        # A category numcheck does not know covers nothing: a new or misspelt one must not answer for more than a known one.
        return REPUTATION_COVERS.get(_fold(item.category), frozenset())
    return frozenset()
