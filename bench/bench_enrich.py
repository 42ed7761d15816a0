"""Fast path vs naive phonenumbers, side by side in one run.

Goal (issue #3): >= 300,000 numbers/s per core on clean 11-digit input, and >= 15x the naive
route of phonenumbers.parse + carrier.name_for_number + geocoder.description_for_number.
Run: python bench/bench_enrich.py [count]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import phonenumbers
from _common import row, synthetic_numbers
from phonenumbers import carrier, geocoder

import numcheck
from numcheck.offline.enrich import NumberFacts, _cn_mobile_pattern
from numcheck.offline.prefixes import prefix_table
from numcheck.offline.segments import segment_table


def naive(numbers: list[str]) -> int:
    done = 0
    for text in numbers:
        number = phonenumbers.parse(text, "CN")
        phonenumbers.is_valid_number(number)
        carrier.name_for_number(number, "en")
        carrier.name_for_number(number, "zh")
        geocoder.description_for_number(number, "en")
        geocoder.description_for_number(number, "zh")
        done += 1
    return done


def fast(numbers: list[str]) -> int:
    done = 0
    for _ in numcheck.enrich_many(numbers):
        done += 1
    return done


def before(numbers: list[str]) -> int:
    """The fast path as it was before the 7-digit region table (issue #12): per five digits, two look-ups a number."""
    table, segments, mobile = prefix_table(), segment_table(), _cn_mobile_pattern()
    country_en, country_zh = table.country
    by_five: dict[str, tuple[bool, object]] = {}
    done = 0
    for text in numbers:
        known = by_five.get(text[:5])
        if known is None:
            five = text[:5]
            row = segments.lookup(five + "000000")
            known = by_five[five] = (bool(mobile.fullmatch(five + "000000")), row.segment if row else None)
        block = table.block(text[:3])
        if known[0] and block is not None:
            facts = block[int(text[3:7])]
            NumberFacts(text, "+86" + text, True, "CN", "mobile", facts.carrier_en, facts.carrier_zh,
                        facts.location_en or country_en, facts.location_zh or country_zh, known[1])  # type: ignore[arg-type]  # fmt: skip
            done += 1
    return done


def once(function: object, numbers: list[str]) -> float:
    started = time.perf_counter()
    count = function(numbers)  # type: ignore[operator]
    return float(count) / (time.perf_counter() - started)


def medians(functions: dict[str, object], numbers: list[str], repeats: int = 7) -> dict[str, float]:
    """Median rate of each function over ``repeats`` rounds, the functions alternating within each round."""
    rates: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            rates[name].append(once(function, numbers))
    return {name: statistics.median(values) for name, values in rates.items()}


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    numbers = list(synthetic_numbers(count))
    list(numcheck.enrich_many(numbers))  # load and expand every table block before timing
    # Side by side, alternating, so machine noise hits both alike.
    sample = numbers[:2000]
    assert [facts.region for facts in numcheck.enrich_many(sample)] == [numcheck.enrich(number).region for number in sample]
    assert before(sample) == len(sample)
    rates = medians({"fast": fast, "before": before}, numbers)
    fast_rate, before_rate = rates["fast"], rates["before"]
    # phonenumbers' geocoder (110 MB) is loaded only now: loaded first, its heap slowed both table paths by a third.
    naive(numbers[:100])
    naive_rate = medians({"naive": naive}, numbers[: max(count // 20, 1000)], repeats=3)["naive"]
    print(f"enrichment of clean 11-digit Chinese mobile numbers ({count:,} synthetic numbers, median of 7 alternating rounds, one core)")
    row("numcheck.enrich_many (table path, with province/city)", f"{fast_rate:>12,.0f} numbers/s   (goal >= 1,000,000)")
    row("the path before the region table (issue #12)", f"{before_rate:>12,.0f} numbers/s")
    row("ratio with / without region", f"{fast_rate / before_rate:>12.2f} x")
    row("phonenumbers parse+valid+carrier+geocoder (en, zh)", f"{naive_rate:>12,.0f} numbers/s")
    row("ratio fast / naive", f"{fast_rate / naive_rate:>12.1f} x          (goal >= 15)")


if __name__ == "__main__":
    main()
