"""The column fold reads every text as numcheck.parse does: the same number, or the same refusal, or "ask parse"."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.bulk.written import inventory_lines

import numcheck
from numcheck.bulk.blocks import NOT_FAST, block_table
from numcheck.bulk.fold import FOLDED, INVALID, OTHER, fold_texts, fold_utf8
from numcheck.numbers import national_from_written

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parsed(text: str, region: str) -> tuple[str, str]:
    try:
        return "number", numcheck.parse(text, region).e164
    except numcheck.InvalidNumber as error:
        return "invalid", str(error)


@SETTINGS
@given(st.lists(inventory_lines(), min_size=1, max_size=30), st.sampled_from(["CN", "cn", "US", "HK"]))
@example(["+86 138 0013 8000", "-138 0013 8000", "138 0013 800", "", "\u3000", "1", "+86 1440012345678", "tel:13800138000"], "CN")
def test_the_fold_answers_as_parse_does(texts: list[str], region: str) -> None:
    """FOLDED: parse's own fold reads the same digits (and parse answers them when the block table does);
    INVALID: parse refuses the text with exactly that line; OTHER: anything, parse decides."""
    folded = fold_texts(texts, region)
    table = block_table()
    for text, kind, national, problem in zip(texts, folded.kind.tolist(), folded.national.tolist(), folded.problem.tolist(), strict=True):
        if kind == FOLDED:
            assert national_from_written(text, region) == str(national), text
            if table.code_of(str(national)) != NOT_FAST:
                assert _parsed(text, region) == ("number", f"+86{national}"), text
        elif kind == INVALID:
            assert _parsed(text, region) == ("invalid", folded.problems[problem]), text
        else:
            assert kind == OTHER


def test_the_fold_reads_an_arrow_columns_own_buffers() -> None:
    """Offsets that do not start at 0 (a slice of a column) read the same texts."""
    texts = ["x", "+86 138 0013 8000", "１３８００１３８０００", "138 0013 800", "138-0013-8000"]
    encoded = "".join(texts).encode()
    lengths = [len(text.encode()) for text in texts]
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    whole = fold_utf8(offsets, np.frombuffer(encoded, dtype=np.uint8))
    sliced = fold_utf8(offsets[1:], np.frombuffer(encoded, dtype=np.uint8))
    assert whole.kind[1:].tolist() == sliced.kind.tolist() == [FOLDED, FOLDED, INVALID, FOLDED]
    assert sliced.national.tolist()[:2] == [13800138000, 13800138000]


def test_a_region_parse_does_not_know_leaves_every_text_to_parse() -> None:
    folded = fold_texts(["13800138000", "", "+86 138 0013 8000"], "XX")
    assert folded.kind.tolist() == [OTHER] * 3
