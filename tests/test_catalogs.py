"""Every catalog is complete: each message id, page phrase and vocabulary word has its translation, and none is stale.

`numcheck.render.vocabulary.catalog_problems` is the check; these tests run it on the shipped catalogs, and on
broken copies to prove it fails when it should.
"""

from __future__ import annotations

import io
import string

import pytest
from babel.messages.pofile import read_po, write_po

from numcheck.messages import MESSAGES, Message, english, params_of, render, say
from numcheck.messages.catalog import EXTRA_PARAMS
from numcheck.render.i18n import DEFAULT_LANGUAGE, LANGUAGES, catalog_text, language, language_from
from numcheck.render.vocabulary import catalog_problems, required_entries, vocabulary

TRANSLATED = [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE]


def _without(po: bytes, lang: str, context: str | None, msgid: str) -> bytes:
    """``po`` with one entry removed."""
    catalog = read_po(io.BytesIO(po), locale=lang)
    catalog.delete(msgid, context=context)
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    return out.getvalue()


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_catalog_is_complete(lang: str) -> None:
    """A message id, page phrase or vocabulary word without a translation fails here; so does a stale or leftover entry."""
    assert catalog_problems(catalog_text(lang), lang) == []


def test_the_completeness_check_can_fail() -> None:
    """A catalog missing one message id, one word, or whose English moved on, is reported by name."""
    po = catalog_text("zh")
    missing_message = catalog_problems(_without(po, "zh", "reason.adverse_floor", MESSAGES["reason.adverse_floor"]), "zh")
    assert missing_message == [f"missing: message reason.adverse_floor: {MESSAGES['reason.adverse_floor']!r}"]
    missing_word = catalog_problems(_without(po, "zh", "tag", "collection_calls"), "zh")
    assert missing_word == ["missing: word of tag tag: 'collection_calls'"]
    stale = po.replace(b'msgid "every definitive answer was negative"', b'msgid "every definitive answer was no"')
    problems = catalog_problems(stale, "zh")
    assert "missing: message reason.all_negative: 'every definitive answer was negative'" in problems
    assert "left over: reason.all_negative: 'every definitive answer was no'" in problems


def test_a_translation_with_a_parameter_the_message_lacks_is_reported() -> None:
    """A translator's typo in a parameter name would fail at render time: the check names it first."""
    po = catalog_text("zh").replace("{needed} 次".encode(), "{need} 次".encode(), 1)
    assert any(problem.startswith("unknown parameters ['need']") for problem in catalog_problems(po, "zh"))


def test_a_missing_translation_shows_the_english_never_a_key_error() -> None:
    """At run time a gap is English text (the test above keeps gaps out of a release), never a crash or an id."""
    chinese = language_from(_without(catalog_text("zh"), "zh", "reason.adverse_floor", MESSAGES["reason.adverse_floor"]), "zh")
    assert render(say("reason.adverse_floor"), chinese) == MESSAGES["reason.adverse_floor"]
    assert render(say("reason.all_negative"), chinese) == "所有明确回答都是否定的"


def test_every_message_template_is_well_formed() -> None:
    """Each English template parses, uses only numcheck's conversions, and names a vocabulary space that exists."""
    spaces = set(vocabulary())
    for message_id, template in MESSAGES.items():
        for _, field, spec, conversion in string.Formatter().parse(template):
            if field is None:
                continue
            assert conversion in (None, "q", "t", "r"), (message_id, conversion)
            if conversion == "t":
                assert (spec or "").split("|")[0] in spaces, (message_id, spec)
    assert set(EXTRA_PARAMS) <= set(MESSAGES)


def test_required_entries_cover_every_message_and_word() -> None:
    entries = required_entries()
    assert {context for context, _ in entries if context in MESSAGES} == set(MESSAGES)
    for space, words in vocabulary().items():
        assert {(space, word) for word in words} <= set(entries), space


def test_english_is_the_catalog_template_filled_in() -> None:
    """English needs no catalog: the template with its parameters, each conversion as English writes it."""
    message = say("reason.unmapped_tag", name="Checker 7", tag="harasment")
    assert english(message) == "Checker 7 gave 'harasment' numcheck cannot map: treated as a warning, never as clean"
    assert Message.model_validate_json(message.model_dump_json()) == message
    assert params_of(MESSAGES["finding.needs_key"]) == {"variables"}
    assert english(say("finding.needs_key", variables=["A_KEY", "B_KEY"])) == "needs a key: set A_KEY and B_KEY to enable this checker"


def test_chinese_quotes_what_numcheck_did_not_write_and_translates_what_it_did() -> None:
    chinese = language("zh")
    message = say("reason.registered", name="Tuniu", category="shopping")
    assert render(message, chinese) == "途牛旅游网（购物）上仍注册着一个账号：没有解绑的遗留账号"
    unknown = say("reason.registered", name="Acme Loans", category="something_new")
    assert render(unknown, chinese) == "「Acme Loans」（「something_new」）上仍注册着一个账号：没有解绑的遗留账号"
    assert render(say("finding.transport", reason=say("transport.timeout")), chinese) == "超时"
    assert render(say("summary.not_checked", dimensions=["bindings", "harassment"], why=say("why.offline")), chinese) == (
        "未检查：账号绑定、骚扰标记（离线模式没有询问任何在线服务）；未知不等于干净。"
    )
