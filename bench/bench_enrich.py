"""Fast path vs naive phonenumbers, side by side in one run.

Goal (issue #3): >= 300,000 numbers/s per core on clean 11-digit input, and >= 15x the naive
route of phonenumbers.parse + carrier.name_for_number + geocoder.description_for_number.
Run: python bench/bench_enrich.py [count]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import phonenumbers
from _common import row, synthetic_numbers
from phonenumbers import carrier, geocoder

import numcheck


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


def rate(function: object, numbers: list[str], repeats: int = 3) -> float:
    best = 0.0
    for _ in range(repeats):
        started = time.perf_counter()
        count = function(numbers)  # type: ignore[operator]
        best = max(best, count / (time.perf_counter() - started))
    return best


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    numbers = list(synthetic_numbers(count))
    list(numcheck.enrich_many(numbers[:1000]))  # load tables before timing
    naive(numbers[:100])
    fast_rate = rate(fast, numbers)
    naive_rate = rate(naive, numbers[: max(count // 20, 1000)])
    print(f"enrichment of clean 11-digit Chinese mobile numbers ({count:,} synthetic numbers, best of 3, one core)")
    row("numcheck.enrich_many (table path)", f"{fast_rate:>12,.0f} numbers/s   (goal >= 300,000)")
    row("phonenumbers parse+valid+carrier+geocoder (en, zh)", f"{naive_rate:>12,.0f} numbers/s")
    row("ratio fast / naive", f"{fast_rate / naive_rate:>12.1f} x          (goal >= 15)")


if __name__ == "__main__":
    main()
