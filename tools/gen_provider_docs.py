"""Write docs/providers.md from the registry (a test fails when the page is stale)."""

from __future__ import annotations

from pathlib import Path

from numcheck.config import Settings
from numcheck.registry import default_registry

OUT = Path(__file__).resolve().parents[1] / "docs" / "providers.md"

UNSUPPORTED = """
## Not supported, and why

| service | why numcheck does not ask it |
|---|---|
| Baidu, Sina, Zhihu, CSDN, Docin | public tools reach them only by driving a browser through the sign-up or password-reset page; no documented plain-HTTP lookup was found, and numcheck never drives a browser. |
| Amazon | the cited tool (megadose/ignorant `amazon.py`) submits the number at the sign-in identifier step; it does not show that this step sends nothing to the number (Amazon offers one-time-code sign-in for phone numbers), so numcheck does not risk it. |
| NetEase Cloud Music | the open NeteaseCloudMusicApi module (`module/cellphone_existence_check.js`) shows only the request, which needs the app's `eapi` encryption; the answer's fields are not documented in a source numcheck can cite. |
| Meituan | its lookup flow triggers an SMS code. |
| 58.com | the public plugin calls `sendregmobilecode`, which sends a registration SMS. |
| qdaily | the public tool submits a login with a made-up password: numcheck never attempts a login. |
| taonanw | a password-recovery POST whose sending behaviour is undocumented: not shipped without proof. |
| Instagram | the lookup needs the mobile app's request-signing key, i.e. impersonating the app (a spoofed identity). |
| NetEase `/captcha/sent` and any "code sent" endpoint | they send a message to the number. |
"""


def _reassignment() -> str:
    """The reassignment sources in the one schema, and the ranges not asked: both from the code and the segment table."""
    from numcheck.offline.carrier_scope import refused_prefixes
    from numcheck.reassignment import CARRIER_LAG_SOURCE, SOURCES

    lines = [
        "",
        "## Reassignment: one fact for every market",
        "",
        "Every reassignment answer becomes one `numcheck.Reassignment` (a finding's `reassignment`): the answer",
        '(`reassigned`, `not_reassigned`, `cancelled` or `no_data`), the date asked, the bracket it implies ("current',
        'holder since after X", "since before Y"), the source and its stated lag. `no_data` (cannot judge, a date',
        "outside the operator's window, a ported number, no record) is unknown, never safe; a long tenure is the",
        "seller's, and never lowers the evidence a verdict needs (docs/verdict.md, rule 5).",
        "",
        "| source | answers read as | lag | what an answer does not mean | number-age search |",
        "|---|---|---|---|---|",
    ]
    answers = {
        "aliyun-twice-tel": "VerifyResult 1 reassigned, 2 not reassigned, 3 cancelled, 0 and 4 no data; PortabilityNumberNotSupported no data (ported)",
        "aliyun-tenure": "tenure band as a bracket (band 2: since between 6 and 3 months ago); 0 cancelled, -1 no data",
        "camara-recycling": "phoneNumberRecycled true reassigned, false not reassigned; 400 OUT_OF_RANGE and the other error codes no data",
        "camara-tenure": "tenureDateCheck false reassigned, true not reassigned; 400 OUT_OF_RANGE and the other error codes no data",
        "twilio-lookup": "is_number_reassigned yes reassigned, no not reassigned; anything else no data",
        "fcc-rnd": "yes reassigned (permanently disconnected since), no not reassigned, no data no data",
    }
    for checker_id, source in SOURCES.items():
        lines.append(
            f"| `{checker_id}` ({source.name}) | {answers.get(checker_id, '-')} | {source.lag} | {'; '.join(source.caveats) or '-'} | "
            f"{'yes' if source.searchable else 'no'} |"
        )
    lines += [
        "",
        f"Chinese carriers' lag: {CARRIER_LAG_SOURCE}; no Alibaba Cloud page about DescribePhoneTwiceTelVerify states one.",
        "The FCC's lag and 2021 floor: the reassigned.us FAQ and FCC DA 21-1649 (in `fcc-rnd`'s sources). The CAMARA",
        "specifications and Twilio's page state no lag. Issue 25 says Twilio has no data before 2021; numcheck found no",
        "public page that says so, so it builds nothing on it: an answer other than yes or no is no data.",
        "",
        "**Number age** (`--max-billed N`, `NUMCHECK_MAX_BILLED`; default 0: off): a source marked yes above is asked a",
        "dated question several times, halving the range each time (providers/age_search.py). numcheck prints how many",
        "calls it may make before the first one and stops at N billed calls per number and source; about seven calls",
        'bracket ten years to a month, and the report says e.g. "held by the current owner since between 2019-03 and',
        "2019-04 (Alibaba Cloud, about 7 days' lag)\". Alibaba Cloud bills only answers other than VerifyResult 0",
        "(help.aliyun.com/document_detail/453355.html); every CAMARA call is counted as billed, since the specification",
        "states no rule. Answers that contradict each other are reported as a change of owner during the search.",
        "`NUMCHECK_MAX_BILLED` holds wherever a check runs, and every front end that searches says so before its first call:",
        "`numcheck` and `compare` print each source's plan, `numcheck after-buy` prints it before its new check, and",
        "`numcheck serve` prints the budget per number checked when it starts. `numcheck doctor` never searches (each of its",
        "questions, a negative control above all, is one call).",
        "",
        "**Not asked** (from `data/cn_segments.csv`, never from a prefix in a checker: `numcheck.offline.carrier_scope`):",
        "ranges of operators other than the three carriers (China Broadnet's 192 and 1610, China Satnet, special users)",
        "and lines that are not their ordinary or data subscriptions (virtual operators, IoT, satellite). Today that is",
        ", ".join(f"`{prefix}`" for prefix in refused_prefixes()) + ".",
        "Nor is a number outside the 11-digit mobile numbering (a landline, an 11-digit one too, a 400 or service number, an",
        "SMS gateway port): Alibaba Cloud's services take a mobile number (`numcheck.numbers.cn_mobile_numbering`).",
        "A ported number (携号转网) is reported as such, with its caveat, and not asked again on the wrong premise.",
    ]
    return "\n".join(lines) + "\n"


def render() -> str:
    registry = default_registry(Settings(plugins=(), config_dir=Path("/nonexistent")))
    lines = [
        "# Providers",
        "",
        "Generated by `tools/gen_provider_docs.py` from the registry; do not edit by hand.",
        "Every provider is `documented`: built from the public sources named in its row, not observed live from",
        "this project's machines; their cassettes are synthesized and say so. Every URL, parameter, signal value,",
        "tag code and field traces to those sources. **contract** says whose request it is: `published` follows the",
        "service's own API or the cited tool; `gateway` is a request envelope numcheck designed for a gateway you",
        "run (it holds the vendor's credentials), and only the answer's meaning comes from the vendor.",
        "A line-validity answer (category `line`) never counts as coverage: it says nothing about accounts.",
        "",
        "| id | name | kind | category | countries | provenance | contract | needs | sources |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for checker in registry:
        meta = checker.meta
        if meta.kind.value == "offline":
            continue
        needs = ", ".join(f"`{key}`" for key in meta.needs_key) or "-"
        lines.append(
            f"| `{meta.id}` | {meta.name} | {meta.kind.value} | {meta.category} | {', '.join(meta.countries) or 'all'} | "
            f"{meta.provenance.level} | {meta.contract} | {needs} | {'; '.join(meta.provenance.sources)} |"
        )
    return "\n".join(lines) + "\n" + _reassignment() + UNSUPPORTED


if __name__ == "__main__":
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")
