"""Offline enrichment, side by side in one run: the column path, the per-number fast path, and what they replace.

Goals (issues #3, #12, #13), one core, medians of alternating rounds:
* enrich_table on an Arrow string array of 11-digit numbers: >= 10,000,000 numbers/s, equal to enrich_many
  on a 100,000-number sample (checked here, field by field, before anything is timed);
* enrich_many on clean 11-digit numbers (with province, city, area code): >= 1,000,000 numbers/s, >= 15x
  phonenumbers' own parse + carrier + geocoder;
* written-out forms ("+86 138 0013 8000", "0086-...", full width) stay on the fast path: >= 500,000 numbers/s;
* a column with invalid lines never loads phonenumbers' 110 MB geocoder.

Run: python bench/bench_enrich.py [count]
"""

from __future__ import annotations

import collections
import contextlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import phonenumbers
from _common import row, synthetic_numbers

import numcheck
from numcheck.numbers import cn_mobile_pattern
from numcheck.offline.enrich import NumberFacts
from numcheck.offline.prefixes import prefix_table
from numcheck.segments import segment_table

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def written(numbers: list[str]) -> list[str]:
    """The same numbers as people paste them: four common written forms in turn."""
    forms = (
        lambda n: f"+86 {n[:3]} {n[3:7]} {n[7:]}",
        lambda n: f"0086-{n[:3]}-{n[3:7]}-{n[7:]}",
        lambda n: f"{n[:3]} {n[3:7]} {n[7:]}",
        lambda n: n.translate(FULL_WIDTH),
    )
    return [forms[index % 4](number) for index, number in enumerate(numbers)]


def mixed(numbers: list[str]) -> list[str]:
    """One line in ten a typo (too short, letters, a stray sign), as in a real inventory."""
    typos = ("1380013800", "138-0013-80O0", "+86 12", "not a number", "-13800138000")
    return [typos[index // 10 % len(typos)] if index % 10 == 9 else number for index, number in enumerate(numbers)]


def per_number(numbers: list[str]) -> int:
    done = 0
    for text in numbers:
        with contextlib.suppress(numcheck.InvalidNumber):
            numcheck.enrich(text)
        done += 1
    return done


def many(numbers: list[str]) -> int:
    # Consumed in C (a zero-length deque), so the rate is enrich_many's own, not the consuming loop's.
    collections.deque(numcheck.enrich_many(numbers), maxlen=0)
    return len(numbers)


def naive(numbers: list[str]) -> int:
    from phonenumbers import carrier, geocoder

    for text in numbers:
        number = phonenumbers.parse(text, "CN")
        phonenumbers.is_valid_number(number)
        carrier.name_for_number(number, "en")
        carrier.name_for_number(number, "zh")
        geocoder.description_for_number(number, "en")
        geocoder.description_for_number(number, "zh")
    return len(numbers)


def before_region(numbers: list[str]) -> int:
    """The fast path as it was before the 7-digit region table (issue #12): per five digits, two look-ups a number."""
    table, segments, mobile = prefix_table(), segment_table(), cn_mobile_pattern()
    country_en, country_zh = table.country
    by_five: dict[str, tuple[bool, object]] = {}
    done = 0
    for text in numbers:
        known = by_five.get(text[:5])
        if known is None:
            five = text[:5]
            found = segments.lookup(five + "000000")
            known = by_five[five] = (bool(mobile.fullmatch(five + "000000")), found.segment if found else None)
        block = table.block(text[:3])
        if known[0] and block is not None:
            facts = block[int(text[3:7])]
            NumberFacts(text, "+86" + text, True, "CN", "mobile", facts.carrier_en, facts.carrier_zh,
                        facts.location_en or country_en, facts.location_zh or country_zh, known[1])  # type: ignore[arg-type]  # fmt: skip
            done += 1
    return done


def medians(sides: dict[str, tuple[Callable[[object], int], object]], repeats: int) -> dict[str, float]:
    """Median numbers/s of each side over ``repeats`` rounds, the sides alternating within each round.

    Each side runs once untimed first: a first full-size call also pays for the process's first large
    allocations (page faults), which is start-up, not throughput.
    """
    for function, data in sides.values():
        function(data)
    rates: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(repeats):
        for name, (function, data) in sides.items():
            started = time.perf_counter()
            count = function(data)
            rates[name].append(count / (time.perf_counter() - started))
    return {name: statistics.median(values) for name, values in rates.items()}


def same_as_enrich_many(table: object, numbers: list[str]) -> int:
    """Every row of enrich_table equals enrich_many's answer, field by field; returns how many were compared."""
    rows = table.to_pylist()  # type: ignore[attr-defined]
    for row_, facts in zip(rows, numcheck.enrich_many(numbers), strict=True):
        region, segment = facts.region, facts.segment
        expected = (facts.e164, facts.valid, facts.region_code, facts.line_type, facts.carrier_en, facts.carrier_zh, facts.location_en,
                    facts.location_zh, region and region.province_en, region and region.city_zh, region and region.area_code,
                    segment and segment.operator.value, segment and segment.kind.value, segment and segment.since)  # fmt: skip
        got = tuple(row_[name] for name in ("e164", "valid", "region_code", "line_type", "carrier_en", "carrier_zh", "location_en",
                                            "location_zh", "province_en", "city_zh", "area_code", "operator", "segment_kind", "since"))  # fmt: skip
        assert got == expected, (row_["input"], got, expected)
    return len(rows)


def main() -> None:
    import pyarrow as pa

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    numbers = list(synthetic_numbers(count))
    forms, with_typos = written(numbers[: count // 4]), mixed(numbers[: count // 4])
    column = pa.array(numbers)
    many(numbers)  # load and expand every table block before timing
    compared = same_as_enrich_many(numcheck.enrich_table(column[:100_000]), numbers[:100_000])
    assert [facts.e164 for facts in numcheck.enrich_many(forms[:20_000])] == ["+86" + number for number in numbers[:20_000]]
    assert before_region(numbers[:2000]) == 2000

    def table_rate(data: object) -> int:
        return numcheck.enrich_table(data).num_rows

    rates = medians({"table": (table_rate, column), "many": (many, numbers), "before": (before_region, numbers)}, repeats=7)
    written_rates = medians({"many": (many, forms), "one": (per_number, forms[: count // 40])}, repeats=5)
    mixed_rate = medians({"many": (many, with_typos)}, repeats=5)["many"]
    geocoder_loaded = "phonenumbers.geocoder" in sys.modules
    # phonenumbers' geocoder (110 MB) is loaded only now: loaded first, its heap slowed the table paths by a third.
    naive_rate = medians({"naive": (naive, numbers[: count // 50])}, repeats=3)["naive"]
    print(f"offline enrichment, {count:,} synthetic numbers, one core, medians of alternating rounds")
    print(f"  (enrich_table checked equal to enrich_many on {compared:,} rows, field by field, before timing)")
    row("enrich_table, Arrow column of 11-digit strings", f"{rates['table']:>13,.0f} numbers/s   (goal >= 10,000,000)")
    row("enrich_many, clean 11-digit strings", f"{rates['many']:>13,.0f} numbers/s   (goal >= 1,000,000)")
    row("  ratio enrich_table / enrich_many", f"{rates['table'] / rates['many']:>13.1f} x")
    row("the per-number path before the region table (#12)", f"{rates['before']:>13,.0f} numbers/s")
    row("  ratio enrich_many / before", f"{rates['many'] / rates['before']:>13.2f} x")
    row("phonenumbers parse+valid+carrier+geocoder (en, zh)", f"{naive_rate:>13,.0f} numbers/s")
    row("  ratio enrich_many / phonenumbers", f"{rates['many'] / naive_rate:>13.1f} x   (goal >= 15)")
    row("enrich_many, written-out forms (+86 .., 0086-.., full width)", f"{written_rates['many']:>13,.0f} numbers/s   (goal >= 500,000)")
    row("  enrich() one at a time, same forms", f"{written_rates['one']:>13,.0f} numbers/s")
    row("enrich_many, one line in ten a typo", f"{mixed_rate:>13,.0f} numbers/s")
    row("  phonenumbers' geocoder loaded by that", f"{'yes' if geocoder_loaded else 'no':>13}   (goal: no)")


if __name__ == "__main__":
    main()
