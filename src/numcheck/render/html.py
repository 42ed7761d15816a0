"""The HTML report: one self-contained file (inline CSS, no script, no network asset) for one number or a batch.

Rendered with Jinja2 and autoescaping: everything that came from a provider or an input is text,
never markup. The page also forbids scripts and fetches with a Content-Security-Policy, as a second wall.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from numcheck.batch import BatchItem
from numcheck.coverage_map import uncovered_categories
from numcheck.ranking import Ranked, rank
from numcheck.render.batch import problem_of
from numcheck.render.i18n import DEFAULT_LANGUAGE, translations
from numcheck.render.text import carrier_and_place
from numcheck.report import CheckerKind, Dimension, Finding, Report

_KIND_TITLES = {
    CheckerKind.ACCOUNT: "accounts bound to the number",
    CheckerKind.REPUTATION: "reputation (spam, harassment, debt collection)",
    CheckerKind.CARRIER: "carrier records",
    CheckerKind.OFFLINE: "offline facts",
}


@cache
def environment(lang: str = DEFAULT_LANGUAGE) -> Environment:
    """The templates' environment in ``lang`` (numcheck serve renders its page with the same one)."""
    env = Environment(
        loader=PackageLoader("numcheck", "templates"),
        autoescape=select_autoescape(("html", "j2"), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def report_context(items: Iterable[BatchItem], *, ranking: Sequence[Ranked] | None = None) -> dict[str, object]:
    """What the report templates read, for a batch (with the ranking when there are several reports) or one number."""
    items = list(items)
    reports = [item.report for item in items if item.report is not None]
    if ranking is None and len(reports) > 1:
        ranking = rank(reports)
    return {
        "reports": reports,
        "ranking": ranking or [],
        "problems": [item for item in items if item.report is None],
        "dimensions": list(Dimension),
        "groups": _groups,
        "carrier": _carrier,
        "problem": problem_of,
        "uncovered": lambda report: uncovered_categories(report.findings),
    }


def _groups(report: Report) -> list[tuple[str, list[Finding]]]:
    groups: dict[CheckerKind, list[Finding]] = {}
    for item in report.findings:
        groups.setdefault(item.kind, []).append(item)
    return [(_KIND_TITLES[kind], groups[kind]) for kind in CheckerKind if kind in groups]


def _carrier(report: Report) -> str:
    return " · ".join(carrier_and_place(report))


def render_html(
    items: Iterable[BatchItem], *, ranking: Sequence[Ranked] | None = None, version: str = "", lang: str = DEFAULT_LANGUAGE
) -> str:
    """The page for a batch (with the ranking when there are several reports) or for one number, in ``lang``."""
    context = report_context(items, ranking=ranking)
    reports = context["reports"]
    assert isinstance(reports, list)
    first = reports[0].number.international if reports else "no number"
    title = f"numcheck: {first}" if len(reports) == 1 else f"numcheck: {len(reports)} numbers compared"
    return (
        environment(lang)
        .get_template("report.html.j2")
        .render(title=title, version=version, generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M"), lang=lang, **context)
    )
