"""The HTML report: one self-contained file (inline CSS, no script, no network asset) for one number or a batch.

Rendered with Jinja2 and autoescaping: everything that came from a provider or an input is text,
never markup. The page also forbids scripts and fetches with a Content-Security-Policy, as a second wall.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from functools import cache, partial

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from numcheck.batch import BatchItem
from numcheck.coverage_map import uncovered_categories
from numcheck.messages import joined, say
from numcheck.ranking import Ranked, rank, verdict_line
from numcheck.render.batch import problem_of
from numcheck.render.i18n import DEFAULT_LANGUAGE, language, localized, ranked_in, say_in, translations, ui, word
from numcheck.render.text import carrier_and_place, uncounted_checks
from numcheck.report import CheckerKind, Dimension, Finding, Provenance, Report
from numcheck.segments import Segment


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


def report_context(
    items: Iterable[BatchItem], *, ranking: Sequence[Ranked] | None = None, lang: str = DEFAULT_LANGUAGE
) -> dict[str, object]:
    """What the report templates read, for a batch (with the ranking when there are several reports) or one number.

    Reports and the ranking are localised to ``lang``; the functions say the page's own phrases in it.
    """
    items = list(items)
    reports = [item.report for item in items if item.report is not None]
    if ranking is None and len(reports) > 1:
        ranking = rank(reports)
    if lang != DEFAULT_LANGUAGE:
        reports = [localized(report, lang) for report in reports]
        ranking = [ranked_in(place, lang) for place in ranking or []]
    return {
        "reports": reports,
        "ranking": ranking or [],
        # Rank 1 is called cleanest only when it is known to be clean (numcheck.ranking.verdict_line).
        "ranking_footer": joined(verdict_line(ranking or []), language(lang)),
        "problems": [item for item in items if item.report is None],
        "dimensions": list(Dimension),
        "groups": _groups,
        "lang": lang,
        **_phrases(lang),
        "uncovered": lambda report: uncovered_categories(report.findings),
    }


def _phrases(lang: str) -> dict[str, Callable[..., str]]:
    """The functions the templates call to say things in ``lang``."""
    return {
        "ui": partial(ui, lang),
        "word": partial(word, lang),
        "carrier": lambda report: " · ".join(carrier_and_place(report, lang)),
        "problem": partial(_problem, lang=lang),
        "segment": partial(_segment, lang),
        "provenance": partial(_provenance, lang),
        "self_checked": partial(_self_checked, lang),
        "sources": partial(_sources, lang),
        "coverage": partial(_coverage, lang),
    }


def _problem(item: BatchItem, lang: str) -> str:
    return problem_of(item, lang)


def _segment(lang: str, segment: Segment) -> str:
    portable = ui(lang, "ui.portable" if segment.portable else "ui.not_portable")
    if lang == DEFAULT_LANGUAGE:  # the English page has always spelt the operator with spaces
        return f"Segment {segment.prefix}: {segment.operator.value.replace('_', ' ')}, {segment.kind.value}, opened about {segment.since}, {portable}"
    return ui(
        lang, "ui.segment", prefix=segment.prefix, operator=segment.operator, kind=segment.kind, since=segment.since, portable=portable
    )


def _provenance(lang: str, provenance: Provenance) -> str:
    level = word(lang, "provenance", provenance.level)
    return level + (ui(lang, "ui.observed_on", date=str(provenance.observed_on)) if provenance.observed_on else "")


def _self_checked(lang: str, item: Finding) -> str:
    return ui(lang, "ui.self_checked_html", date=str(item.self_checked_on)) if item.self_checked_on else ""


def _sources(lang: str, provenance: Provenance) -> str:
    # numcheck's own citations (the built-in offline checkers') are words it translates; anyone else's are quoted as written.
    return say_in(lang, say("ui.sources", sources=[say("ui.source", text=source) for source in provenance.sources]))


def _coverage(lang: str, report: Report) -> str:
    cover = report.coverage
    asked = cover.online_checkers - cover.skipped
    enough = ui(lang, "ui.sufficient" if cover.sufficient else "ui.insufficient")
    line = ui(lang, "ui.coverage_html", definitive=cover.definitive, asked=asked, blocked=cover.blocked, error=cover.error,
              unknown=cover.unknown, skipped=cover.skipped, enough=enough)  # fmt: skip
    uncounted = uncounted_checks(report)
    # The same note as the text report's: the carrier checks the findings list but the line does not count.
    return line + ui(lang, "ui.coverage_uncounted", count=uncounted) if uncounted > 0 else line


def _groups(report: Report) -> list[tuple[CheckerKind, list[Finding]]]:
    groups: dict[CheckerKind, list[Finding]] = {}
    for item in report.findings:
        groups.setdefault(item.kind, []).append(item)
    return [(kind, groups[kind]) for kind in CheckerKind if kind in groups]


def render_html(
    items: Iterable[BatchItem], *, ranking: Sequence[Ranked] | None = None, version: str = "", lang: str = DEFAULT_LANGUAGE
) -> str:
    """The page for a batch (with the ranking when there are several reports) or for one number, in ``lang``."""
    context = report_context(items, ranking=ranking, lang=lang)
    reports = context["reports"]
    assert isinstance(reports, list)
    if len(reports) == 1:
        title = ui(lang, "ui.title_one", number=reports[0].number.international)
    else:
        title = ui(lang, "ui.title_many", count=len(reports))
    return (
        environment(lang)
        .get_template("report.html.j2")
        .render(title=title, version=version, generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M"), **context)
    )
