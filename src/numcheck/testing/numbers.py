"""Synthetic numbers: moved to `numcheck.recording.synthetic` (the library records with it too); this path keeps working."""

from numcheck.recording.synthetic import (
    BATCH_PREFIX,
    CN_PREFIX,
    FAULTS,
    FINDER,
    SCENARIOS,
    US_PREFIX,
    all_synthetic_numbers,
    batch_number,
    number_in,
    scenario_in,
    synthetic_number,
)

__all__ = [
    "BATCH_PREFIX",
    "CN_PREFIX",
    "FAULTS",
    "FINDER",
    "SCENARIOS",
    "US_PREFIX",
    "all_synthetic_numbers",
    "batch_number",
    "number_in",
    "scenario_in",
    "synthetic_number",
]
