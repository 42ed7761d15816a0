"""The scenarios a manifest's examples may name (the simulator plays each for its own synthetic number).

negated: the negation of a documented answer; error_status: a 4xx/5xx page whose body reads like an
answer; neutral: a reputation record with no tag or a neutral score. Kept free of imports: the
manifest loader checks example names without loading the testing kit.
"""

from __future__ import annotations

SCENARIOS = {
    "registered": "01",
    "not_registered": "02",
    "blocked": "03",
    "drift": "04",
    "no_data": "05",
    "negated": "06",
    "error_status": "07",
    "neutral": "08",
}
