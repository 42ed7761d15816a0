"""A comparison's output: the ranking, from cleanest to riskiest, and the candidates that could not be ranked."""

from __future__ import annotations

import json
from typing import TextIO

from numcheck._errors import shortened
from numcheck.batch import BatchItem
from numcheck.engine import numcheck_version
from numcheck.render.i18n import ranked_in


def write_ranking(items: list[BatchItem], fmt: str, target: TextIO, colour: bool, lang: str = "en") -> None:
    from numcheck.ranking import rank, ties

    ranked = rank(item.report for item in items if item.report is not None)
    tied = ties(ranked)
    # Rejected candidates are listed, never ranked: a typo must not silently drop out of a comparison.
    rejected = [(item.line, item.input, item.invalid) for item in items if item.invalid is not None]
    if fmt == "json":
        payload = {
            "ranked": [ranked_in(place, lang).model_dump(mode="json") for place in ranked],
            "not_ranked": [{"line": line, "input": text, "invalid": why} for line, text, why in rejected],
            # Ranks nothing but input order parts: the same verdict, unknown dimensions, score and coverage.
            "ties": [[place.rank for place in run] for run in tied],
        }
        target.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "html":
        from numcheck.render.html import render_html

        target.write(render_html(items, ranking=ranked, version=numcheck_version(), lang=lang))
    else:
        from numcheck.render.batch import render_ranking

        said = [(item.line, shortened(item.input), item.invalid_message or item.invalid) for item in items if item.invalid is not None]
        target.write(render_ranking(ranked, colour=colour, lang=lang, rejected=said))
