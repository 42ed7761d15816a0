"""A Chinese reader gets Chinese: no English sentence in any zh rendering, whatever the report holds.

Every message id is rendered in Chinese with parameters of every kind; Hypothesis builds whole reports (every
kind x status x category x tag of finding, known and made-up, with numcheck's own details and third parties'
text) and renders them as the text report and the HTML page. What is left after removing what is marked as
quoted (「...」: a service's or a plugin's own words, shown as written), identifiers (checker ids in <code>),
flags, URLs and numbers must hold no Latin word outside a short list of product and protocol names.
"""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import numcheck
from numcheck import BatchItem, CheckerKind, Finding, Provenance, Status
from numcheck.engine import build_report
from numcheck.messages import MESSAGES, Message, Param
from numcheck.messages.catalog import EXTRA_PARAMS
from numcheck.offline.enrich import facts_for
from numcheck.ranking import rank
from numcheck.render.batch import render_ranking, table_header, table_row
from numcheck.render.html import render_html
from numcheck.render.i18n import language, localize
from numcheck.render.text import render_report
from numcheck.render.vocabulary import vocabulary
from numcheck.tags import KNOWN_TAGS

# Names that stay as they are in Chinese text: products, services and protocols people know by these names.
ALLOWED = frozenset({"numcheck", "tellows", "Snapchat", "PPTV", "numverify", "CAMARA", "FCC", "Twilio", "App", "HTTP", "UTC",
                     "API", "CSV", "JSON", "GSM", "CDMA", "TD-SCDMA", "VincentSit", "phonenumbers", "libphonenumber", "phone",
                     "TOML", "Markdown", "OpenAPI"})  # fmt: skip
_QUOTED = re.compile(r"「[^」]*」")
# A number never takes an option's dashes: a parameter 7 written before "--column ..." is "7", then the option.
_CODE = re.compile(r"https?://\S*|--[a-z][a-z-]*|\+?\d(?:[\d ./:%]|-(?!-))*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z-]*")
_CUT = re.compile(r"([A-Za-z][A-Za-z-]*)…")


def english_left(text: str) -> list[str]:
    """The Latin words of ``text`` outside quotes, codes and the allowed names: each is English a reader would meet."""
    bare = _CODE.sub(" ", _QUOTED.sub(" ", text))
    # A narrow cell cuts its text with "…": the start of an allowed name cut there is that name.
    cut = {found for found in _CUT.findall(bare) if any(name.startswith(found) for name in ALLOWED)}
    return [found for found in _LATIN.findall(bare) if found not in ALLOWED and found not in cut]


class _Text(HTMLParser):
    """A page's text as a reader sees it: no style, no script, no identifiers in <code>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("style", "script", "code")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("style", "script", "code")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def page_text(page: str) -> str:
    reader = _Text()
    reader.feed(page)
    return "\n".join(reader.parts)


# Parameters of every kind a message can take, by how its template shows them.
WORDS = {space: sorted(words) for space, words in vocabulary().items()}
LEAVES = [
    message_id for message_id, template in MESSAGES.items() if not any(field for _, field, _, _ in string.Formatter().parse(template))
]


def sample(message_id: str, draw: st.DrawFn | None = None) -> Message:
    """``message_id`` with a parameter of the right kind for each field (drawn when ``draw`` is given, else the first)."""

    def pick(options: list[object]) -> object:
        return draw(st.sampled_from(options)) if draw is not None else options[0]

    params: dict[str, Param] = {}
    fields = list(string.Formatter().parse(MESSAGES[message_id]))
    for name in EXTRA_PARAMS.get(message_id, ()):
        params[name] = str(pick(["江苏苏州", "中国移动"]))
    for _, field, spec, conversion in fields:
        if not field:
            continue
        space, _, flags = (spec or "").partition("|")
        if conversion == "t":
            value: object = pick([WORDS[space][0], *WORDS[space][1:3]])
            params[field] = (value,) if "and" in flags or field in ("tags", "dimensions", "countries", "missing") else str(value)
        elif conversion in ("q", "r"):
            params[field] = ("A_VARIABLE", "B_VARIABLE") if spec == "and" else str(pick(["service's own words", "TAKEN_NUMBER"]))
        elif spec and spec not in ("cap", "words"):
            params[field] = float(str(pick([0.5, 2.0])))
        elif spec == "words":
            params[field] = (Message(id="vanity.pattern", params={"name": "AABB", "digits": "1122"}),)
        else:
            params[field] = pick([Message(id=str(pick(LEAVES))), 7]) if draw is not None else Message(id=LEAVES[0])  # type: ignore[assignment]
    return Message(id=message_id, params=params)


@pytest.mark.parametrize("message_id", sorted(MESSAGES))
def test_every_message_reads_in_chinese(message_id: str) -> None:
    """Each finding, reason, advice, note, summary sentence and page phrase, in Chinese: no English left."""
    from numcheck.messages import render

    text = render(sample(message_id), language("zh"))
    assert english_left(text) == [], (message_id, text)
    assert text != MESSAGES[message_id] or not english_left(MESSAGES[message_id])


# Whole reports: findings of every kind, status, category and tag, as any checker could report them.
NUMBERS = ["13800138000", "17012345678", "14812345678", "19412345678", "12000000123"]
FACTS = {text: (numcheck.parse(text), facts_for(numcheck.parse(text), text)) for text in NUMBERS}
CATEGORIES = [*sorted(WORDS["category"]), "something_new", "金融"]
TAGS = [*sorted(KNOWN_TAGS), "harasment", "欠费", "score_band_x"]
NAMES = [*sorted(WORDS["checker"]), "Truecaller", "微信"]
DETAILS = [message_id for message_id in MESSAGES if message_id.split(".")[0] in ("finding", "aliyun", "list")]
_NOW = datetime(2026, 12, 1, tzinfo=UTC)


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    kind = draw(st.sampled_from(list(CheckerKind)))
    status = Status.INFO if kind is CheckerKind.OFFLINE else draw(st.sampled_from([s for s in Status if s is not Status.INFO]))
    message = sample(draw(st.sampled_from(DETAILS)), draw) if draw(st.booleans()) else None
    return Finding(
        checker_id=f"{kind.value}-{draw(st.integers(0, 50))}",
        checker_name=draw(st.sampled_from(NAMES)),
        kind=kind,
        category=draw(st.sampled_from(CATEGORIES)),
        status=status,
        # A third party's text is shown as written, quoted; numcheck's own details are messages.
        detail="the service's own words" if message is None else "",
        message=message,
        tags=tuple(draw(st.lists(st.sampled_from(TAGS), max_size=3, unique=True))),
        facts={"since": "2020-01-01"} if draw(st.booleans()) else {},
        provenance=Provenance(level=draw(st.sampled_from(["documented", "observed"])), sources=("a cited page",), observed_on=None),
        checked_at=_NOW,
        reused=draw(st.booleans()),
    )


@st.composite
def reports(draw: st.DrawFn) -> numcheck.Report:
    text = draw(st.sampled_from(NUMBERS))
    number, facts = FACTS[text]
    offline = numcheck.check(text, offline=True).findings
    return build_report(text, number, facts, [*offline, *draw(st.lists(findings(), max_size=8))], offline=draw(st.booleans()), elapsed_ms=0)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_a_chinese_report_has_no_english_sentence(report: numcheck.Report) -> None:
    """The text report, the batch row and the HTML page of any report, in Chinese."""
    text = render_report(report, lang="zh")
    assert english_left(text) == [], text
    row = table_header(lang="zh") + table_row(BatchItem(index=0, input=report.input, report=report), lang="zh")
    assert english_left(row) == [], row
    page = render_html([BatchItem(index=0, input=report.input, report=report)], lang="zh")
    assert english_left(page_text(page)) == [], page_text(page)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(reports(), min_size=2, max_size=3))
def test_a_chinese_ranking_has_no_english_sentence(candidates: list[numcheck.Report]) -> None:
    ranked = rank(candidates)
    text = render_ranking(ranked, lang="zh", rejected=[(3, "'abc'", "not a phone number")])
    assert english_left(text) == [], text
    page = render_html([BatchItem(index=index, input=item.input, report=item) for index, item in enumerate(candidates)], lang="zh")
    assert english_left(page_text(page)) == [], page_text(page)


def test_what_others_wrote_is_quoted_and_labelled_never_translated() -> None:
    """A plugin's own detail stays as it wrote it, marked as its words; numcheck's own details are Chinese."""
    own = numcheck.check("13800138000", offline=True).findings[0]
    plugin = own.model_copy(update={"detail": "Account exists", "message": None, "checker_name": "Acme"})
    chinese = localize(build_report("13800138000", *FACTS["13800138000"], [own, plugin], offline=False, elapsed_ms=0), "zh")
    assert chinese.findings[0].detail_localized == "中国移动；北京（区号 010）；手机号码"
    assert chinese.findings[1].detail_localized == "原文「Account exists」"
    assert chinese.findings[1].checker_name_localized == "「Acme」"
    assert chinese.findings[1].detail == "Account exists"


def test_the_checker_is_sound() -> None:
    """The English-finder finds English: an untranslated sentence fails, quotes and names pass."""
    assert english_left("一个账号仍注册着 (a lingering binding)") == ["a", "lingering", "binding"]
    assert english_left("原文「Account exists」；用 App 查询 --offline https://example.org 2026-12-01") == []
    assert english_left(page_text("<p>风险<code>carrier-region</code></p><style>h1 { color: red }</style>")) == []


def test_the_doctor_sweep_reads_in_chinese(tmp_path: Path) -> None:
    from numcheck.maintenance import SweepRow
    from numcheck.render.doctor import render_sweep, render_sweep_start

    number = "19400000000"
    rows = [SweepRow("chsi", ((number, Status.NOT_REGISTERED),)), SweepRow("tuniu", ((number, Status.REGISTERED),)),
            SweepRow("pptv", ((number, Status.ERROR),))]  # fmt: skip
    text = render_sweep_start([number], "zh") + render_sweep(rows, "zh", switched_off_in=tmp_path / "disabled-checkers.txt")
    assert "偏移" in text
    assert "已在" in text
    assert "3 个中有 1 个无法询问" in text
    assert english_left(re.sub(r"chsi|tuniu|pptv", "", text)) == [], text
    english = render_sweep(rows, "en")
    assert "DRIFT       tuniu              19400000000: registered" in english
    assert "drifting: tuniu; run with --disable to switch them off in your config" in english


def test_the_english_finder_takes_an_option_written_right_after_a_number_as_an_option() -> None:
    """Hypothesis once quoted a parameter 7 before "--column 需要配合 --file": the number took the dashes, "column" was English."""
    assert english_left("收录：7--column 需要配合 --file 文件路径") == []
    assert english_left("区号 010-1234，+86 138-0013-8000") == []
    assert english_left("收录：7 column") == ["column"]
