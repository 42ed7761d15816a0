"""The bulk writer's cells and strings are what the csv module and the JSON encoder write for the same text."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import given
from hypothesis import strategies as st
from tests.bulk.written import inventory_lines

from numcheck._text import csv_cell
from numcheck.bulk.lines import CsvCells, json_text

TEXTS = st.one_of(inventory_lines(), st.text(), st.sampled_from(["", "a,b", 'say "hi"', "=1+2", "+86 138", "-1", "\r", "x\ny", "@a"]))


def _csv_module(text: str) -> str:
    """The cell as the per-number CSV writer writes it: a row of cells, here the text between two others."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(["a", csv_cell(text), "b"])
    return out.getvalue()[2:-3]


@given(TEXTS)
def test_a_csv_cell_is_the_csv_modules(text: str) -> None:
    assert CsvCells().cell(text) == _csv_module(text)


@given(TEXTS)
def test_a_json_string_is_the_encoders(text: str) -> None:
    assert json_text(text) == json.dumps(text, ensure_ascii=True, separators=(",", ":"))
