"""The English source of every sentence numcheck writes, by message id (translations: numcheck/locale/*/numcheck.po).

An id names what is said, never how: ``reason.unmapped_tag`` stays the same when its English wording
is improved (the translation then goes stale, and tests/test_catalogs.py fails until it is updated).
Conversions and specs in the templates are described in `numcheck.messages`.
"""

from __future__ import annotations

from numcheck.messages.afterbuy import AFTER_BUY
from numcheck.messages.carriers import CARRIERS
from numcheck.messages.commands import COMMAND_LINE
from numcheck.messages.examples import EXAMPLES
from numcheck.messages.fixes import FIXES
from numcheck.messages.help import HELP
from numcheck.messages.inputs import INPUTS
from numcheck.messages.more import MORE
from numcheck.messages.subcommands import SUBCOMMAND_HELP
from numcheck.messages.usage import USAGE

_OUTBOUND = "others' phones label calls from this number"
_SEGMENT_AGE = "segment {prefix} has been issued for about {years} years: "

MESSAGES: dict[str, str] = {
    # What each tag of the vocabulary means to a buyer (numcheck.tags).
    "effect.collector_caller": f"{_OUTBOUND} 催收 (debt collector): your own calls will be rejected or ignored",
    "effect.harassment": f"{_OUTBOUND} 骚扰 (harassment): your calls will be rejected",
    "effect.fraud": f"{_OUTBOUND} 诈骗 (fraud): your calls may be blocked outright",
    "effect.advertising": f"{_OUTBOUND} 广告推销 (advertising): your calls look like sales calls",
    "effect.real_estate": f"{_OUTBOUND} 房产中介 (real-estate agent)",
    "effect.insurance_finance": f"{_OUTBOUND} 保险理财 (insurance/finance sales)",
    "effect.spam": f"{_OUTBOUND} spam",
    "effect.negative_rating": "rated in the source's negative band: people who got calls from it reported them",
    "effect.delivery": f"{_OUTBOUND} 快递 (delivery): a previous business use",
    "effect.taxi": f"{_OUTBOUND} taxi/ride service: a previous business use",
    "effect.collection_calls": "collectors call this number about a previous owner's debts: expect such calls",
    "effect.reassigned": "the carrier says the number changed owner",
    "effect.tenure_under_3_months": "the current subscriber has held the number for under 3 months: the previous owner's traces are fresh",
    "effect.suspended": "the carrier has suspended the number (停机): often unpaid bills or a number on its way back to the pool",
    "effect.segment_pre_2010": "old segment: almost surely had previous owners",
    "effect.segment_2010_2016": "segment in use for a decade: a previous owner is likely",
    "effect.segment_since_2017": "recent segment: fewer cycles of reuse",
    "effect.mvno": "virtual-operator segment: higher spam/fraud association",
    "effect.vanity": "vanity number: likely used widely by the previous owner",
    "effect.four_heavy": "unpopular 4-heavy number: changes hands often",
    "moot.never_issued": "this number's segment was never opened to subscribers: it cannot be a legitimately sold number",
    "moot.no_sms": "this number cannot receive ordinary SMS: apps cannot be bound to it and it cannot serve as a personal number",
    "moot.deactivated": "the carrier says the number is deactivated or does not exist: whoever offers it does not hold it in service",
    "warning.suspended": "the carrier has suspended the number (停机): often unpaid bills, or a number on its way back to the pool",
    "warning.invalid_number": "phonenumbers does not consider this number valid: ask the carrier whether it is in service before paying",
    # Why an input is not a phone number (numcheck.numbers). Plain fields and !r only: the parser renders the English
    # with str.format, which reads these templates as the message renderer does, at a fraction of its cost per bad line.
    "invalid.too_long_input": "input is {length} characters; a phone number is at most {most}",
    "invalid.control_characters": "input contains control characters",
    "invalid.empty": "input is empty",
    "invalid.minus": "input starts with a minus sign; a phone number has no sign",
    "invalid.characters": "input has characters other than digits, +, spaces, dashes, dots and brackets",
    "invalid.character": (
        "character {position} '{char!q}' is not a digit: a phone number holds only digits, +, spaces, dashes, dots and brackets"
    ),
    "invalid.no_digits": "input has no digits",
    "invalid.plus": "a + may only stand once, at the start of a number",
    "invalid.cn_mobile_length": "a Chinese mobile number has 11 digits; this has {digits}",
    "invalid.cn_one_length": "a Chinese number starting with 1 has 11 digits; this has {digits}",
    "invalid.not_text": "expected text, got {type}",
    "invalid.region": "unknown region {region!r}; use a two-letter ISO code such as CN or US",
    "invalid.parse.not_a_number": "not a phone number: not a number",
    "invalid.parse.invalid_country_code": "not a phone number: invalid country code",
    "invalid.parse.too_short": "not a phone number: too short",
    "invalid.parse.too_long": "not a phone number: too long",
    "invalid.length.other": "{digits} digits do not form a number of country code +{code}",
    "invalid.length.too_short": "{digits} digits is too short for a number of country code +{code}",
    "invalid.length.too_long": "{digits} digits is too long for a number of country code +{code}",
    "invalid.unstable": "not a phone number: these digits do not form one stable number",
    # Reasons behind a risk level (numcheck.risk).
    "reason.named": "{name!t:checker}: {what}",
    "reason.tenure_since": (
        "{name!t:checker}: the carrier says the number did not change owner since {since}: the current holder (usually the seller) "
        "has held it at least that long, and their bindings are what you inherit"
    ),
    "reason.tenure_asked": (
        "{name!t:checker}: the carrier says the number did not change owner since the date asked: the current holder (usually the "
        "seller) has held it at least that long, and their bindings are what you inherit"
    ),
    "reason.unmapped_answer": "{name!t:checker} gave an answer numcheck cannot map: treated as a warning, never as clean",
    "reason.unmapped_tag": "{name!t:checker} gave {tag!r} numcheck cannot map: treated as a warning, never as clean",
    "reason.registered": "an account is still registered at {name!t:checker} ({category!t:category}): a lingering binding",
    "reason.lending": "registered at the lending/finance service {name!t:checker}: old loans may bring collectors",
    "reason.listed": "{name!t:checker} lists this number ({tags!t:tag}): a hit in a reputation source",
    "reason.listed_untagged": "{name!t:checker} lists this number (no tag): a hit in a reputation source",
    "reason.bindings_few": "{answered} of {asked} account lookups answered definitively, all negative; a low needs {needed}",
    "reason.bindings_few_prior": (
        "{answered} of {asked} account lookups answered definitively, all negative; a low needs {needed} "
        "(recycling is {level!t:level}: this number likely had previous owners)"
    ),
    "reason.answers_few": (
        "{answered} of {asked} sources asked about {dimension!t:dimension} answered definitively; a low needs at least half"
    ),
    "reason.adverse_floor": "any adverse fact is at least medium: a buyer would inherit it",
    "reason.all_negative": "every definitive answer was negative",
    "reason.unasked.bindings": "no account lookup answered definitively: lingering bindings were not checked",
    "reason.unasked.debt_collection": "no lending service or collection-call source answered: calls from collectors were not checked",
    "reason.unasked.harassment": "no caller-tag source answered: how others' phones label this number was not checked",
    "reason.unasked.recycling": "nothing is known about this number's history",
    # The summary, a sentence at a time.
    "verdict.do_not_buy": "Do not buy",
    "verdict.high_risk": "High risk",
    "verdict.caution": "Caution",
    "verdict.not_enough_data": "Not enough data to call this number clean",
    "verdict.low_risk": "Low risk: the services asked found no lingering bindings, collection calls or caller tags",
    "summary.verdict": "{verdict}.",
    "summary.verdict_moot": "{verdict}: {facts}.",
    "summary.dimension": "{dimension!t:dimension}: {level!t:level} ({reason}).",
    "summary.fact": "{fact:cap}.",
    "summary.warning": "{fact:cap}.",
    "summary.recycling": "Recycling is {level!t:level} ({reason}): more evidence is needed to call it clean.",
    "summary.bindings_unsettled": "Bindings not settled: {reason}.",
    "summary.unsettled": "{dimension!t:dimension|cap} not settled: {reason}.",
    "summary.not_checked": "Not checked: {dimensions!t:dimension} ({why}); unknown is not clean.",
    "summary.unknown_not_clean": "Unknown is not clean.",
    "said.verbatim": "{text!q}",
    "summary.poor_coverage": "Coverage is poor ({definitive} definitive answers of {asked} asked).",
    "why.offline": "offline mode asked no online service",
    "why.none_asked": "no online checker that answers for them was asked",
    "why.all_answered": "all {asked} online checks answered, but none answers for these",
    "why.some_answered": "{definitive} of {asked} online checks answered definitively",
    # Advice: each id has an action and a detail.
    "advice.carrier_unbinding.action": "After buying, use the carrier's second-hand number unbinding service (二次号码焕新 / 一键解绑)",
    "advice.carrier_unbinding.detail": "It asks 200+ apps to release the previous owner's accounts from this number. Ask {service}.",
    "service.china_mobile": "China Mobile (中国移动): 10086 or the China Mobile app",
    "service.china_unicom": "China Unicom (中国联通): 10010 or the China Unicom app",
    "service.china_telecom": "China Telecom (中国电信): 10000 or the China Telecom app",
    "service.china_broadnet": "China Broadnet (中国广电): 10099 or the China Broadnet app",
    "service.unknown": "your carrier's customer service",
    "advice.one_id_check.action": "Check the accounts bound to your numbers with MIIT's 一证通查 2.0 service",
    "advice.one_id_check.detail": (
        "Owner-only: you enter the number, the last six digits of your ID and an SMS code; numcheck cannot do this for you."
    ),
    "advice.release_account.action": "Ask {name!t:checker} to release the old account from this number",
    "advice.release_account.detail": (
        "Use the app's account appeal (申诉) or 'number changed hands' (换绑) channel; never log in to the previous owner's account."
    ),
    "advice.expect_collectors.action": "Expect calls for the previous owner's debts; tell collectors the number changed hands",
    "advice.expect_collectors.detail": (
        "Keep a record of the calls; complain to the lender and, in China, to the financial consumer hotline 12378 if calls continue."
    ),
    "advice.appeal_tags.action": "Appeal the number's caller-ID tags before using it for calls",
    "advice.appeal_tags.detail": "Caller-ID apps (Tencent 手机管家, 360 手机卫士, Baidu 号码认证, tellows) accept appeals from the number's owner.",
    "advice.run_online.action": "Run the online checks (see Coverage), or ask the seller how long the number has been idle",
    "advice.run_online.detail": "Unknown is not clean: dimensions nobody answered for may still carry the previous owner's history.",
    "advice.ask_seller.action": (
        "Ask the seller how long the number has been idle, and enable more sources (API keys, your team's list) for what stayed unknown"
    ),
    "advice.ask_seller.detail": "Unknown is not clean: dimensions nobody answered for may still carry the previous owner's history.",
    "advice.do_not_buy.action": "Do not buy: {facts}",
    "advice.do_not_buy.detail": "A seller offering this number is mistaken or dishonest; ask the carrier before paying anything.",
    # Notes about the number itself (numcheck.engine).
    "note.portability": (
        "Since 2019-11-27 a Chinese mobile number can move to another carrier (携号转网): the segment and carrier shown are those of "
        "original allocation, not necessarily today's carrier."
    ),
    "note.invalid": "phonenumbers does not consider this number valid: it may be unallocated or mistyped.",
    "note.unreachable": "The network was unreachable: no online service could be asked. Nothing was sent; run again when online.",
    # An offline checker (a plugin's) that answered registered or not registered: shown, not counted (numcheck.risk).
    "note.offline_answer": (
        "{name!t:checker}, an offline checker, answered {status!t:status}: an offline checker moves the risk only by its "
        "tags, so this answer counts in neither the verdict nor the coverage."
    ),
    "note.operator_disagrees": (
        "Sources disagree on the operator: the segment table says {operator!t:operator} (it is the authority on segments); the prefix "
        "data ({source!q}) says the block is held by {holder!t:operator}."
    ),
    # Findings of the engine itself.
    "finding.offline": "offline mode: no online service was asked",
    "finding.countries": "applies to {countries!t:country} numbers only",
    "finding.needs_key": "needs a key: set {variables!q:and} to enable this checker",
    "finding.plain_http": "would send your key over plain HTTP to {host!q}: configure an https:// address",
    "finding.crashed": "checker crashed: {error!q}",
    # Findings of the built-in offline checkers (numcheck.offline.checkers).
    "finding.chinese_only": "applies to Chinese numbers only",
    "finding.carrier_region": "{carrier}; {place}{place_note}; {line_type!t:line_type} line{validity}",
    "carrier.named": "{names}",
    "carrier.unknown": "unknown carrier",
    "place.named": "{names}",
    "place.unknown": "unknown region",
    "place.block": "{names} (区号 {area_code})",
    "place.disagree": "; sources disagree: phonenumbers places the block in {said} ({said_en})",
    "place.no_prefix_data": "; city-level region unknown: the 7-digit prefix data is not installed ({command!q})",
    "validity.invalid": "; phonenumbers does not consider this number valid (unallocated range?)",
    "finding.segment": ("segment {prefix}: {operator!t:operator}, {kind!t:segment_kind}, opened about {since}{note}; {portable}{disputed}"),
    "segment.note": " ({note!t:segment_note})",
    "segment.disputed": "; sources disagree: {disputed!t:segment_note}",
    "segment.portable": "portable since {date}: the operator named is the original one only",
    "segment.not_portable": "not portable (MVNO, IoT, data, satellite and special-user numbers cannot change carrier)",
    "finding.no_segment": "no known Chinese mobile segment matches this number",
    "finding.age_unknown": "segment unknown: no age signal",
    "finding.age_pre_2010": _SEGMENT_AGE + "numbers in it have almost surely had previous owners",
    "finding.age_2010_2016": _SEGMENT_AGE + "a previous owner is likely",
    "finding.age_since_2017": "segment {prefix} opened about {since}: fewer cycles of reuse so far, but 90-day recycling applies here too",
    "finding.not_mvno": "not a virtual-operator segment",
    "finding.mvno": (
        "segment {prefix} belongs to virtual operators (MVNO): such numbers were widely used for marketing and fraud calls and "
        "are often tagged by caller-ID apps; they cannot be ported"
    ),
    "finding.line_kind_unknown": "no known segment: its line kind is unknown",
    "finding.ordinary_mobile": "an ordinary mobile segment",
    "finding.line_kind": "{kind}; {sms}",
    "line_kind.iot": "an IoT (物联网) number: not meant as a personal number",
    "line_kind.data": "a data-card (上网卡) number: voice may not be offered",
    "line_kind.satellite": "a satellite-phone number: special service, rarely bound to apps",
    "line_kind.special": "a number allocated to a special user, not to a public operator: ask the seller how they hold it",
    "sms.yes": "it takes ordinary SMS, so apps may have been bound to it",
    "sms.no": "it takes no ordinary SMS (data only): no app can be bound to it",
    "sms.unknown": "whether it takes ordinary SMS is unknown (no cited source says)",
    "finding.no_vanity": "no vanity pattern",
    "finding.vanity": "{patterns:words}: {implication}",
    "vanity.pattern": "{name!t:vanity} ({digits})",
    "vanity.premium": (
        "vanity numbers are resold at high prices and were likely used widely (business cards, many apps) by the previous owner"
    ),
    "vanity.unpopular": "unpopular numbers change hands often",
    "finding.not_mobile_range": "not a mobile-range number (11 digits, or 13-digit IoT): no issued-range check",
    "finding.never_issued": (
        "{block} lies in no allocated segment (no row of the segment table, which follows MIIT's allocation table): this number "
        "cannot have been issued, so it cannot be a legitimately sold second-hand number"
    ),
    "finding.block_unlisted": (
        "segment {prefix} is allocated; the prefix data lists no block {block}, so the number's location (归属地) is unknown"
    ),
    "finding.no_prefix_data": (
        "segment {prefix} is allocated; the 7-digit prefix data is not installed, so the number's location (归属地) is unknown"
    ),
    "finding.issued": "an issued range: its segment is open and its block is listed",
    # Findings of online checkers: transport, blocks and answers (numcheck.providers).
    "finding.session_step": "session step: {inner}",
    "finding.no_http": "no HTTP client: online checks are off",
    "finding.no_http_handle": "no HTTP handle: online checks are off",
    "finding.needs_address": "needs a service address: set {variable!q}",
    "finding.refused": "refused: {reason!q}",
    "finding.no_token": "the session step gave no token: the site may have changed",
    "finding.transport": "{reason}",
    "transport.unresolvable": "connection failed: cannot resolve the host (no network?)",
    "transport.unreachable": "connection failed: the host refused or is unreachable",
    "transport.timeout": "timeout",
    "transport.reset": "connection reset",
    "transport.redirect_loop": "redirect loop",
    "transport.not_sent": "not sent",
    "transport.other": "{reason!q}",
    "finding.blocked": "the service refused the lookup: {block}",
    "finding.blocked_wait": "the service refused the lookup: {block}; retry after {seconds:.0f} s",
    "block.status": "HTTP {status}",
    "block.login": "redirected to a login page",
    "block.word": "block page ({word!r})",
    "block.selector": "block page ({selector!q})",
    "block.own_answer": "the service's own block answer ({path!q})",
    "finding.server_error": "the service failed: HTTP {status}",
    "finding.answered": "the service answered: {label!t:signal_name}",
    "finding.answered_registered": "the service answered: registered signal",
    "finding.answered_not_registered": "the service answered: not_registered signal",
    "finding.ambiguous": "both signals matched: the answer is ambiguous",
    "finding.not_an_answer": "the service answered HTTP {status}, which is not an answer about the number",
    "finding.malformed": "the service sent a body that is not the JSON it answers with",
    "finding.no_signal": "the answer matched no declared signal: the page may have changed",
    "finding.no_signal_undocumented": "the answer matched no declared signal ({missing!t:signal|and} answer not yet documented): the page may have changed",
    "finding.score_unplaced": "{base}; a score numcheck cannot place on {scale!t:score_scale}",
    "finding.score": "{base}; score {score:g} on {scale!t:score_scale}: {band!t:score_band}",
    **CARRIERS,
    # The team's own reputation list (numcheck.providers.local_list).
    "list.missing": "{path!q} does not exist",
    "list.unreadable": "cannot read {path!q}: {error!q}",
    "list.empty": "{path!q} is empty: an empty list cannot say a number is absent",
    "list.no_number_column": "{path!q} has no '{column!q}' column in its header (found: {found!q}); the format is {format!q}",
    "list.not_comma": "{path!q} is not comma-separated; the format is {format!q}",
    "list.bad_csv": "{path!q} is not valid CSV: {error!q}",
    "list.no_rows": "{path!q} has a header but no rows: an empty list cannot say a number is absent",
    "list.listed": "listed by {source} on {date}: {tags}{unmapped}",
    "list.by_team": "your team",
    "list.no_date": "an unknown date",
    "list.no_tags": "no tags",
    "list.tags": "{tags!t:tag}",
    "list.source": "{source!q}",
    "list.date": "{date!q}",
    "list.unmapped": " (tags numcheck cannot map, read as a warning: {tags!q})",
    "list.unreadable_rows": (
        "not found among the readable rows of {file!q}, but {count} rows hold no number numcheck can read (lines {lines}): "
        "fix them for a definitive answer"
    ),
    "list.absent": "not in {file!q} ({count} numbers)",
    # Why a candidate ranks where it does (numcheck.ranking).
    "rank.reason": "{dimension!t:dimension}: {reason}",
    "rank.offline": "offline only: no service was asked, so bindings, debts and harassment are unknown",
    "rank.poor_coverage": "poor coverage: {definitive} of {asked} online checks answered definitively",
    "rank.no_signal": "no risk signal; {definitive} definitive answers ({ratio:.0%} coverage)",
    # The renderers' own phrases (numcheck.render): the text report, the batch table, the HTML page.
    "ui.input": "  (input: {input})",
    "ui.input_html": "input: {input}",
    "ui.carrier_unknown": "carrier unknown",
    "ui.region_unknown": "region unknown",
    "ui.place": "{place} · 区号 {area_code}",
    "ui.portable": "portable",
    "ui.not_portable": "not portable",
    "ui.segment": "Segment {prefix}: {operator!t:operator}, {kind!t:segment_kind}, opened about {since}, {portable}",
    "ui.verdict": "VERDICT: {verdict}",
    "ui.verdict_html": "Verdict: {verdict}",
    "ui.risk": "Risk",
    "ui.findings": "Findings",
    "ui.provenance": " [{level!t:provenance}]",
    "ui.reused": " (stored answer of {when} UTC; --refresh asks again)",
    "health.set_aside": (
        "not asked: its self-check {reason!q} on {on}{where}; it is asked again after {until} or once a self-check passes "
        "(--ignore-health asks it anyway)"
    ),
    "health.from_file": " (health file {source!q})",
    "ui.self_checked": " [passed self-check live on this machine on {date}]",
    "ui.self_checked_html": "; passed self-check live on this machine on {date}",
    "ui.checkers": "{count} checkers",
    "ui.which": ": {ids}",
    "ui.coverage_offline": "Coverage: offline mode, no online service was asked (run without --offline to ask them)",
    "ui.coverage": (
        "Coverage: {definitive} of {asked} online checks answered definitively · blocked {blocked} · error {error} · unknown {unknown} "
        "· skipped {skipped}"
    ),
    "ui.coverage_html": (
        "{definitive} of {asked} online checks answered definitively · blocked {blocked} · error {error} · unknown {unknown} "
        "· skipped {skipped} · {enough}"
    ),
    "ui.sufficient": "sufficient",
    "ui.insufficient": "not sufficient to call the number clean",
    "ui.kind.account": "accounts bound to the number",
    "ui.kind.reputation": "reputation (spam, harassment, debt collection)",
    "ui.kind.carrier": "carrier records",
    "ui.kind.offline": "offline facts",
    "ui.what_to_do": "What to do",
    "ui.notes": "Notes",
    "ui.observed_on": ", observed {date}",
    "ui.sources": "{sources}",
    "ui.quote": "{text!q}",
    "ui.source": "{text!t:source}",
    "ui.title_one": "numcheck: {number}",
    "ui.title_many": "numcheck: {count} numbers compared",
    "ui.short.bindings": "bind",
    "ui.short.debt_collection": "debt",
    "ui.short.harassment": "harass",
    "ui.short.recycling": "recyc",
    "ui.column.line": "line",
    "ui.column.number": "number",
    "ui.column.verdict": "verdict",
    "ui.column.cover": "cover",
    "ui.column.note": "note",
    "ui.column.carrier": "carrier",
    "ui.column.province": "province",
    "ui.rank_tie": (
        "Tie: ranks {ranks:and} ({numbers}) are level on verdict, unknown dimensions, risk score and coverage; only the order you "
        "gave them separates them, so nothing here prefers one."
    ),
    "ui.column.rank": "rank",
    "ui.column.score": "score",
    "ui.invalid": "invalid: {reason!q}",
    "ui.duplicate": "duplicate of input #{index}",
    "ui.registered_on": "registered on {names}",
    "ui.not_ranked": "Not ranked (not usable as phone numbers):",
    "ui.not_ranked_line": "  line {line}: {input!r}: {why!q}",
    "ui.doctor.row": "{state} {checker} expected {expected} got {got} {detail}",
    "ui.doctor.unreachable": " ({count} could not be asked: unreachable, not drift)",
    "ui.doctor.summary": "{held} of {total} known answers hold{tail}",
    "ui.sweep.asking": "asking every account provider about {count} numbers from never-opened segments ({numbers})",
    "ui.sweep.switched_off": "switched off in {path!q}: {ids} (delete the line to switch it on again)",
    "ui.sweep.drifting": "drifting: {ids}; run with --disable to switch them off in your config",
    "ui.sweep.none_asked": "0 of {total} account providers could be asked: nothing was judged",
    "ui.sweep.unasked": "; {count} of {total} could not be asked",
    "ui.sweep.summary": "{good} of {answered} account providers that answered never called a never-issued number registered{tail}",
    **COMMAND_LINE,
    **AFTER_BUY,
    **HELP,
    **SUBCOMMAND_HELP,
    **USAGE,
    **MORE,
    **FIXES,
    **INPUTS,
    **EXAMPLES,
}

# Parameters a message carries beyond those its English uses, for other languages: the Chinese name of a place
# or a carrier, where English gives both names at once.
EXTRA_PARAMS: dict[str, frozenset[str]] = {
    "carrier.named": frozenset({"zh"}),
    "place.named": frozenset({"zh"}),
    "place.block": frozenset({"zh"}),
}
