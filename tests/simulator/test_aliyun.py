"""The carrier's 二次号 answer through Alibaba Cloud's real SDK, against the simulator (never the internet)."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

import numcheck
from numcheck.providers.aliyun import KEYS, AliyunTwiceTelVerify
from numcheck.providers.manifest import Example
from numcheck.report import Status
from numcheck.testing import ProviderScript, Simulator, isolated_registry, synthetic_number

pytest.importorskip("alibabacloud_dytnsapi20200217")


def _answer(code: str, result: str | None = None, carrier: str = "CMCC") -> str:
    data = "null" if result is None else f'{{"Carrier":"{carrier}","VerifyResult":"{result}"}}'
    return f'{{"Code":"{code}","Message":"{code}","RequestId":"00000000-0000-0000-0000-000000000000","Data":{data}}}'


# Bodies in the shape of the SDK's DescribePhoneTwiceTelVerifyResponseBody (Code, Message, RequestId, Data).
SCRIPT = ProviderScript(
    {
        "registered": Example(body=_answer("OK", "1"), expect=Status.REGISTERED, source="SDK model"),
        "not_registered": Example(body=_answer("OK", "2"), expect=Status.NOT_REGISTERED, source="SDK model"),
        "drift": Example(body=_answer("OK", "0"), expect=Status.UNKNOWN, source="SDK model"),
        "neutral": Example(body=_answer("OK", "3", "CTCC"), expect=Status.REGISTERED, source="SDK model"),
        "no_data": Example(body=_answer("PortabilityNumberNotSupported"), expect=Status.UNKNOWN, source="SDK model"),
        "negated": Example(body=_answer("OK", "4"), expect=Status.UNKNOWN, source="SDK model"),
        "error_status": Example(body=_answer("OK", "7"), expect=Status.UNKNOWN, source="numcheck's own case: a code the SDK does not name"),
        "blocked": Example(body=_answer("RequestFrequencyLimit"), expect=Status.BLOCKED, source="SDK model"),
    }
)
KEYED = {KEYS[0]: "synthetic-id", KEYS[1]: "synthetic-secret", KEYS[2]: "synthetic-auth"}


def _check(simulator: Simulator, scenario: str) -> numcheck.Report:
    settings = numcheck.Settings(base_urls={"aliyun-twice-tel": simulator.url}, keys=KEYED, timeout=2.0)
    with isolated_registry(AliyunTwiceTelVerify()) as registry:
        return numcheck.check(synthetic_number(scenario), registry=registry, settings=settings)


@pytest.mark.parametrize(
    ("scenario", "status", "tag"),
    [
        ("registered", Status.REGISTERED, "reassigned"),
        ("not_registered", Status.NOT_REGISTERED, "not_reassigned"),
        ("drift", Status.UNKNOWN, None),
        ("neutral", Status.REGISTERED, "deactivated"),
        ("no_data", Status.UNKNOWN, None),
        ("negated", Status.UNKNOWN, "reassigned"),
        ("error_status", Status.UNKNOWN, "unmapped"),
        ("blocked", Status.BLOCKED, None),
        ("waf_403", Status.BLOCKED, None),
        ("http_500", Status.ERROR, None),
    ],
)
def test_each_answer_maps_to_its_exact_meaning(scenario: str, status: Status, tag: str | None) -> None:
    with Simulator({"aliyun-twice-tel": SCRIPT}, root_provider="aliyun-twice-tel") as simulator:
        report = _check(simulator, scenario)
        [hit] = simulator.hits
    found = report.findings[0]
    assert found.status is status, found.detail
    if tag is not None:
        assert tag in found.tags
    if status is Status.UNKNOWN:
        # "Cannot judge" (0), "unknown" (4) and a code nothing names are never read as not reassigned.
        assert "not_reassigned" not in found.tags
        assert report.verdict is not numcheck.Verdict.LOW_RISK
    if tag == "unmapped":
        assert report.verdict in (numcheck.Verdict.CAUTION, numcheck.Verdict.HIGH_RISK)
    if tag == "deactivated":
        assert report.verdict is numcheck.Verdict.DO_NOT_BUY
    if scenario == "registered":
        assert report.risk("recycling").level is numcheck.Level.HIGH
        assert "reassigned" in found.detail
        assert str(found.facts["since"]).startswith(found.detail.rsplit("after ", 1)[1])
    # The SDK's real request: a POST to / whose headers name the action and version and carry the ACS3 signature,
    # and whose query holds the SDK's request fields.
    query = parse_qs(hit.query)
    assert (hit.method, hit.path) == ("POST", "/")
    assert hit.headers["x-acs-action"] == "DescribePhoneTwiceTelVerify"
    assert hit.headers["x-acs-version"] == "2020-02-17"
    assert hit.headers["authorization"].startswith("ACS3-HMAC-SHA256 Credential=synthetic-id,")
    assert set(query) == {"AuthCode", "InputNumber", "Mask", "StartTime"}
    assert query["InputNumber"] == [synthetic_number(scenario)[3:]]
    assert query["Mask"] == ["NORMAL"]
    assert query["AuthCode"] == ["synthetic-auth"]
    assert len(query["StartTime"][0]) == len("2024-11-27 00:00:00")


def test_without_keys_it_is_skipped_cleanly_and_sends_nothing() -> None:
    with Simulator({"aliyun-twice-tel": SCRIPT}, root_provider="aliyun-twice-tel") as simulator:
        with isolated_registry(AliyunTwiceTelVerify()) as registry:
            report = numcheck.check(
                "13800138000", registry=registry, settings=numcheck.Settings(base_urls={"aliyun-twice-tel": simulator.url})
            )
        assert simulator.hits == []
    assert report.findings[0].status is Status.SKIPPED
    assert "ALIBABA_CLOUD_ACCESS_KEY_ID" in report.findings[0].detail


@pytest.mark.parametrize("number", ["19212345678", "17012345678"], ids=["broadnet-192", "mvno-170"])
def test_numbers_the_carriers_refuse_are_not_asked(number: str) -> None:
    with Simulator({"aliyun-twice-tel": SCRIPT}, root_provider="aliyun-twice-tel") as simulator:
        settings = numcheck.Settings(base_urls={"aliyun-twice-tel": simulator.url}, keys=KEYED)
        with isolated_registry(AliyunTwiceTelVerify()) as registry:
            report = numcheck.check(number, registry=registry, settings=settings)
        assert simulator.hits == []
    assert report.findings[0].status is Status.SKIPPED


def test_a_recorded_cassette_replays_the_sdk_request_without_the_network(tmp_path: pytest.TempPathFactory) -> None:
    """Recorded from the SDK's own request (scrubbed: no signature, no key, no auth code), replayed with the network shut."""
    from pathlib import Path

    from numcheck.testing import find_secrets, scrubbing_vcr

    cassette = Path(str(tmp_path)) / "registered.yaml"
    with Simulator({"aliyun-twice-tel": SCRIPT}, root_provider="aliyun-twice-tel") as simulator:
        recorder = scrubbing_vcr({simulator.url: "https://dytnsapi.aliyuncs.com"}, record_mode="all")
        with recorder.use_cassette(str(cassette)):
            recorded = _check(simulator, "registered").findings[0]
    text = cassette.read_text(encoding="utf-8")
    assert recorded.status is Status.REGISTERED
    assert "x-acs-action" in text.lower()
    assert find_secrets(text) == []
    assert "synthetic-secret" not in text
    assert "synthetic-auth" not in text
    settings = numcheck.Settings(keys=KEYED, timeout=2.0, replaying=True)
    with scrubbing_vcr().use_cassette(str(cassette)) as played, isolated_registry(AliyunTwiceTelVerify()) as registry:
        replayed = numcheck.check(synthetic_number("registered"), registry=registry, settings=settings).findings[0]
    assert played.play_count == 1
    assert replayed.status is Status.REGISTERED
    assert "reassigned" in replayed.tags


def _answer_with(data: str) -> str:
    return f'{{"Code":"OK","Message":"OK","RequestId":"00000000-0000-0000-0000-000000000000","Data":{data}}}'


@pytest.mark.parametrize(
    ("checker", "action", "data", "status", "tag"),
    [
        (
            "tenure",
            "DescribePhoneNumberOnlineTime",
            '{"CarrierCode":"CMCC","VerifyResult":"1"}',
            Status.REGISTERED,
            "tenure_under_3_months",
        ),
        (
            "tenure",
            "DescribePhoneNumberOnlineTime",
            '{"CarrierCode":"CMCC","VerifyResult":"5"}',
            Status.NOT_REGISTERED,
            "not_reassigned",
        ),
        ("tenure", "DescribePhoneNumberOnlineTime", '{"CarrierCode":"CMCC","VerifyResult":"0"}', Status.NOT_REGISTERED, "deactivated"),
        ("tenure", "DescribePhoneNumberOnlineTime", '{"CarrierCode":"CMCC","VerifyResult":"-1"}', Status.UNKNOWN, None),
        ("status", "PhoneNumberStatusForPublic", '{"Carrier":"CUCC","Status":"NORMAL"}', Status.REGISTERED, None),
        ("status", "PhoneNumberStatusForPublic", '{"Carrier":"CUCC","Status":"SHUTDOWN"}', Status.REGISTERED, "suspended"),
        ("status", "PhoneNumberStatusForPublic", '{"Carrier":"CUCC","Status":"NOT_EXIST"}', Status.NOT_REGISTERED, "deactivated"),
        ("status", "PhoneNumberStatusForPublic", '{"Carrier":"CUCC","Status":"SOMETHING_NEW"}', Status.UNKNOWN, None),
    ],
)
def test_sibling_actions_map_each_answer(checker: str, action: str, data: str, status: Status, tag: str | None) -> None:
    """Tenure bands and number status, each answer with its meaning; the SDK names the action in its headers."""
    from numcheck.providers.aliyun import AliyunNumberStatus, AliyunTenure

    instance = AliyunTenure() if checker == "tenure" else AliyunNumberStatus()
    script = ProviderScript({"registered": Example(body=_answer_with(data), expect=status, source="SDK model")})
    with Simulator({instance.meta.id: script}, root_provider=instance.meta.id) as simulator:
        settings = numcheck.Settings(base_urls={instance.meta.id: simulator.url}, keys=KEYED, timeout=2.0)
        with isolated_registry(instance) as registry:
            found = numcheck.check(synthetic_number("registered"), registry=registry, settings=settings).findings[0]
        [hit] = simulator.hits
    assert hit.headers["x-acs-action"] == action
    assert set(parse_qs(hit.query)) == {"AuthCode", "InputNumber", "Mask"}
    assert found.status is status, found.detail
    if tag is not None:
        assert tag in found.tags
