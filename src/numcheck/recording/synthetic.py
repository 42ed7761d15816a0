"""Synthetic numbers for tests and cassettes: nobody's numbers, by construction.

Chinese ones are in the 120 and 121 ranges, which are not allocated to mobile service
(phonenumbers calls them possible but invalid); US ones are in 202-555-01xx, reserved for
fiction. The last two digits name the scenario the simulator plays. Batches use
``+86 121 IIIIII SS``: a six-digit index, so up to a million distinct numbers per scenario.
"""

from __future__ import annotations

import re

from numcheck._scenarios import SCENARIOS as SCENARIOS

FAULTS = {
    "read_timeout": "11",
    "connection_reset": "12",
    "http_500": "13",
    "http_502": "14",
    "http_503": "15",
    "rate_limited": "16",
    "waf_403": "17",
    "captcha_page": "18",
    "login_redirect": "19",
    "malformed_json": "20",
    "html_for_json": "21",
    "redirect_loop": "22",
    "huge_body": "23",
    "trickle_body": "24",
}
_CODES = {**SCENARIOS, **FAULTS}
_BY_CODE = {code: name for name, code in _CODES.items()}
CN_PREFIX = "+86120000001"
US_PREFIX = "+120255501"
BATCH_PREFIX = "+86121"
# The digits the simulator looks for in a request, whatever form the checker wrote the number in.
FINDER = re.compile(r"(?:120000001|121\d{6}|20255501)(\d\d)(?!\d)")


def synthetic_number(scenario: str, country: str = "CN") -> str:
    """The E.164 synthetic number that makes the simulator play ``scenario`` (or a fault)."""
    prefix = US_PREFIX if country == "US" else CN_PREFIX
    return prefix + _CODES[scenario]


def batch_number(index: int, scenario: str = "not_registered") -> str:
    """The ``index``-th synthetic batch number (0 <= index < 1,000,000) playing ``scenario``."""
    if not 0 <= index < 1_000_000:
        raise ValueError(f"batch index out of range: {index}")
    return f"{BATCH_PREFIX}{index:06d}{_CODES[scenario]}"


def number_in(text: str) -> str | None:
    """The synthetic number's national digits found in ``text`` (identifies one number of a batch)."""
    found = FINDER.search(text)
    return found.group(0) if found else None


def scenario_in(text: str) -> str | None:
    """The scenario or fault whose synthetic number appears in ``text``."""
    found = FINDER.search(text)
    return _BY_CODE.get(found.group(1)) if found else None


def all_synthetic_numbers() -> set[str]:
    """Every synthetic number, E.164 and national, both countries (what cassettes may contain)."""
    numbers = set()
    for code in _CODES.values():
        for prefix, country_code in ((CN_PREFIX, "86"), (US_PREFIX, "1")):
            e164 = prefix + code
            numbers |= {e164, e164[1:], e164[1 + len(country_code) :]}
    return numbers
