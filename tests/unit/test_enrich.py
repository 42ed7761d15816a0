"""The fast enrichment path gives exactly the answers of phonenumbers' parse, carrier and geocoder."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

import pytest

import numcheck
from numcheck.numbers import parse
from numcheck.offline.enrich import facts_for


def _reference(text: str) -> numcheck.NumberFacts:
    return facts_for(parse(text), text, reference=True)


def _sample(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    blocks = [str(block) for block in range(130, 200)]
    return [rng.choice(blocks) + f"{rng.randrange(10**8):08d}" for _ in range(count)]


def test_fast_path_matches_phonenumbers_on_a_sample() -> None:
    """5,000 random numbers over every 13x-19x block: same validity, carrier, location and segment."""
    sample = [*_sample(5000, seed=2026), "13800138000", "17400000000", "17405999999", "16100000000", "14700000000"]
    fast = list(numcheck.enrich_many(sample))
    assert [facts.input for facts in fast] == sample
    compared = 0
    for facts in fast:
        try:
            reference = _reference(facts.input)
        except numcheck.InvalidNumber:
            assert facts.error is not None
            continue
        assert facts == reference, facts.input
        compared += 1
    assert compared > 3000


def test_table_path_of_single_checks_matches_phonenumbers() -> None:
    """``enrich`` (used by ``check``) answers from the table; it equals the reference too."""
    for text in _sample(500, seed=7):
        try:
            reference = _reference(text)
        except numcheck.InvalidNumber:
            continue
        assert numcheck.enrich(text) == reference


def test_other_forms_and_countries_take_the_full_path() -> None:
    """Non-clean or foreign input is parsed in full and still enriched."""
    facts = list(numcheck.enrich_many(["+86 138 0013 8000", "+16502530000", "1440012345678"]))
    assert facts[0].e164 == "+8613800138000"
    assert facts[0].carrier_en == "China Mobile"
    assert facts[1].region_code == "US"
    assert facts[1].location_en == "Mountain View, CA"
    assert facts[2].segment is not None
    assert facts[2].line_type == "iot"


def test_bad_lines_are_yielded_with_an_error() -> None:
    """A bad line never stops the stream."""
    facts = list(numcheck.enrich_many(["13800138000", "not a number", "", "13900139000"]))
    assert [item.error is None for item in facts] == [True, False, False, True]
    assert "character 1 'n' is not a digit" in (facts[1].error or "")


def test_streams_lazily() -> None:
    """enrich_many consumes its input lazily: an endless generator is fine."""

    def endless() -> Iterator[str]:
        for index in itertools.count():
            yield f"138{index % 10**8:08d}"

    first = list(itertools.islice(numcheck.enrich_many(endless()), 1000))
    assert len(first) == 1000
    assert first[-1].input == "13800000999"


@pytest.mark.parametrize("region", ["US", "GB"])
def test_region_changes_the_reading_of_bare_numbers(region: str) -> None:
    """With another region, an 11-digit number is not read as Chinese."""
    facts = next(numcheck.enrich_many(["13800138000"], region=region))
    assert facts.region_code != "CN"


WRITTEN_FORMS = [
    "+86 138 0013 8000", "+86-138-0013-8000", "0086 138 0013 8000", "(+86) 138.0013.8000", "138 0013 8000", "138-0013-8000",
    "１３８００１３８０００", "＋８６ １３８ ００１３ ８０００", "+86\u3000138\u30000013\u30008000", " 13800138000 ", "138\u00a00013\u00a08000",
    "（＋８６）１３８－００１３－８０００", "+8617372170000", "0086 199 0000 0000",
    # Not for the fold: each must come out exactly as the full parser says (an error, or another reading).
    "-13800138000", "－13800138000", "8613800138000", "+86 0138 0013 8000", "++8613800138000", "tel:+8613800138000",
    "138 0013 800", "138/0013/8000", "+86 138 0013 8000 8", "13800138000x", "١٣٨٠٠١٣٨٠٠٠", "+1 650 253 0000",
    "\t-13800138000", "00861234567890", "0086 0086 138 0013 8000", "+86+8613800138000",
]  # fmt: skip


@pytest.mark.parametrize("region", ["CN", "US"])
def test_written_forms_fold_to_the_parsers_answer(region: str) -> None:
    """Every common written form is folded on the fast path to exactly what the full parser answers."""
    from numcheck.offline.enrich import enrich

    for text, facts in zip(WRITTEN_FORMS, numcheck.enrich_many(WRITTEN_FORMS, region=region), strict=True):
        reference: object
        try:
            reference = enrich(text, region)
        except numcheck.InvalidNumber as error:
            reference = str(error)
        assert (facts.error if isinstance(reference, str) else facts) == reference, text


def test_written_forms_take_the_fold_not_the_parser() -> None:
    """The fold is what serves them: it reads each common form without phonenumbers."""
    from numcheck.numbers import national_from_written

    assert [national_from_written(text) for text in WRITTEN_FORMS[:14]] == [
        "13800138000"] * 12 + ["17372170000", "19900000000"]  # fmt: skip
    assert [national_from_written(text) for text in WRITTEN_FORMS[14:]] == [None] * 16
    assert national_from_written("13800138000", "US") is None  # bare digits are national only in CN
    assert national_from_written("+86 138 0013 8000", "US") == "13800138000"


def test_invalid_lines_never_load_the_geocoder() -> None:
    """A line phonenumbers cannot type costs no 110 MB geocoder load (it would name nothing anyway)."""
    import subprocess
    import sys

    code = (
        "import sys, numcheck; list(numcheck.enrich_many(['12345678901', '+86 138 0013 8000', 'nope', '10086']));"
        "print('phonenumbers.geocoder' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_the_bulk_paths_read_one_block_table() -> None:
    """enrich_many and the column path answer from one table: a block's code names one answer for both."""
    import numpy as np

    from numcheck.bulk.blocks import NOT_FAST, OFF_TABLE, block_table

    table = block_table()
    national = np.array([13800138000, 19462239650, 14044831943], dtype=np.int64)  # 194 and 140: never the bulk path
    codes = table.codes_of(national).tolist()
    assert codes[1:] == [OFF_TABLE, OFF_TABLE]  # not 65535: a uint16 sentinel must not leak out as a code
    assert table.code_of("13800138000") == codes[0] != NOT_FAST
    assert table.code_of("19462239650") == NOT_FAST
    facts = next(numcheck.enrich_many(["13800138000"]))
    assert tuple(facts[2:]) == table.shared[codes[0]]


def test_eleven_digits_that_are_not_a_mobile_number_take_the_full_path() -> None:
    """Eleven ASCII digits not starting with 1 (a landline with its trunk 0, a typo) are parsed in full, never looked up in the block table."""
    lines = ["23800138000", "03800138000", "01012345678", "99999999999", "10000000000", "13800138000"]
    got = list(numcheck.enrich_many(lines))
    expected = []
    for line in lines:
        try:
            expected.append(numcheck.enrich(line))
        except numcheck.InvalidNumber as error:
            expected.append(str(error))
    assert [facts.error or facts for facts in got] == expected
