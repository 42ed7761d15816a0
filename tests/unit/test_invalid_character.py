"""An input refused for a character no phone number holds: the reason names the character and its place (from 1)."""

from __future__ import annotations

import pytest

from numcheck import InvalidNumber, parse
from numcheck.bulk.fold import FOLDED, INVALID, fold_texts
from numcheck.bulk.rows import OfflineRows
from numcheck.engine import Runner
from numcheck.messages import english, render, say
from numcheck.numbers import invalid_message
from numcheck.render.i18n import language


def _refusal(text: str) -> InvalidNumber:
    with pytest.raises(InvalidNumber) as caught:
        parse(text)
    return caught.value


@pytest.mark.parametrize(
    ("text", "position", "char"),
    [
        ("138-0013-800O", 13, "O"),  # a letter O for a zero
        ("13800138000。", 12, "。"),  # an ideographic full stop: not folded (the full-width one, ．, is)
        ("１３８Ｏ０１３８０００", 4, "Ｏ"),  # full-width digits fold; a full-width letter does not
        ("  +86 138 0013 8000 #", 21, "#"),  # counted in the text as written, leading spaces included
        ("tel:+86 1380013800a", 19, "a"),  # after the tel: parse strips
        ("1\u200b3800138000", 2, "\u200b"),  # a zero-width space, shown escaped
    ],
)
def test_the_reason_names_the_character_and_its_place(text: str, position: int, char: str) -> None:
    error = _refusal(text)
    assert (error.message_id, error.params) == ("invalid.character", {"position": position, "char": char})
    assert text[position - 1] == char
    said = invalid_message(error)
    assert str(error) == english(said) == english(say("invalid.character", position=position, char=char))
    assert str(error).startswith(f"character {position} '")


def test_it_is_said_in_chinese_with_the_character_quoted() -> None:
    said = invalid_message(_refusal("138-0013-800O"))
    assert render(said, language("zh")) == "第 13 个字符「O」不是数字：电话号码只能含有数字、+、空格、短横线、点和括号"
    assert str(_refusal("138-0013-800O")).startswith("character 13 'O' is not a digit")


@pytest.mark.parametrize(
    ("text", "message_id"),
    [
        ("1380013800", "invalid.cn_mobile_length"),
        ("-13800138000", "invalid.minus"),
        ("()", "invalid.no_digits"),
        ("+999 1234", "invalid.parse.invalid_country_code"),
    ],
)
def test_other_causes_keep_their_reasons(text: str, message_id: str) -> None:
    assert _refusal(text).message_id == message_id


def test_the_bulk_offline_path_gives_the_same_reason() -> None:
    """The column fold asks parse's own function for a text with a letter, so a batch's fast path names the character too."""
    with Runner(offline=True) as runner:
        out = "".join(OfflineRows(runner, "csv").lines(["13800138000", "138-0013-800O"]))
    assert english(invalid_message(_refusal("138-0013-800O"))) in out


def test_the_column_fold_judges_a_letter_itself_with_parse_s_line() -> None:
    texts = ["138-0013-800O", "1380O138000", "138 0013 800O", "13800138000"]
    folded = fold_texts(texts)
    assert folded.kind.tolist() == [INVALID, INVALID, INVALID, FOLDED]
    assert [folded.problems[index] for index in folded.problem.tolist()[:3]] == [str(_refusal(text)) for text in texts[:3]]
    assert len(set(folded.problems)) == 2  # one line per character and place: "character 13 'O'" is said once
