"""Issue 21: reach and keys that cannot be talked around.

Each class of attack from the review, sent through the real code path. The guard must judge the
very request the connecting library sends: the same parser, after normalisation. The attack tests
failed before the fix; the plain-spelling test is the control that keeps the property honest.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import numcheck
from numcheck import cli
from numcheck._errors import ConfigError, ManifestError, SafetyError
from numcheck.checker import CheckContext, CheckerKind, CheckerMeta, Provenance, RateLimit, finding
from numcheck.numbers import PhoneNumberInfo
from numcheck.providers.http import HttpClient, ScopedHttp
from numcheck.providers.manifest import Example, ManifestChecker, load_manifest
from numcheck.providers.pacing import Politeness
from numcheck.registry import Registry, default_registry
from numcheck.report import Finding, Status
from numcheck.testing import ProviderScript, Simulator, find_secrets, isolated_registry, run_checker, scripts_for, simulator_settings

SHIPPED = Path(numcheck.__file__).parent / "data" / "manifests"
OWNED = "13800138000"


def _fast() -> numcheck.Settings:
    # Pacing would serialise the probes; nothing here reaches a real service.
    return numcheck.Settings(rate_limit=RateLimit(requests=100000, per_seconds=1), replaying=True, timeout=2.0)


def _manifest(tmp_path: Path, name: str, source: str, **replace: str) -> ManifestChecker:
    text = (SHIPPED / f"{source}.toml").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return ManifestChecker(name, load_manifest(path))


# --- one parser ---------------------------------------------------------------------------------


def test_a_backslash_never_sends_the_request_to_the_host_before_it() -> None:
    """``http://evil\\@good/``: urlsplit reads host good, requests connects to evil. Nothing may reach evil."""
    with Simulator({}) as good, Simulator({}) as evil, HttpClient(_fast()) as client:
        scoped = ScopedHttp(client, (good.url,))
        sneaky = evil.url + "\\@" + good.url.removeprefix("http://") + "/p/x/check"
        result = scoped.request("GET", sneaky, headers={"Apikey": "the-numverify-key"})
        assert result.failure is not None
        assert "refused" in result.failure
        assert evil.hits == []
        assert good.hits == []


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1.evil.example\\@127.0.0.1/", "http://user@127.0.0.1/", "http://127.0.0.1/\x00x", "http://127.0.0.1\t/"],
    ids=["backslash", "userinfo", "control", "tab"],
)
def test_a_base_url_setting_is_one_url_to_every_parser(url: str) -> None:
    """The same spellings in a configured base URL are refused before any checker sees them (a key would follow)."""
    with pytest.raises(ConfigError):
        numcheck.Settings.from_env({"NUMCHECK_BASE_URL_NUMVERIFY": url})
    with pytest.raises(ConfigError):
        numcheck.Settings.from_env({"NUMCHECK_BASE_URL": url})


@pytest.mark.parametrize("base", ["https://evil.example\\@api.apilayer.com", "https://u@api.apilayer.com"], ids=["backslash", "userinfo"])
def test_a_manifest_base_url_is_one_url_to_every_parser(tmp_path: Path, base: str) -> None:
    with pytest.raises(ManifestError):
        # A TOML literal string: the backslash reaches the loader as written, not as an escape TOML rejects.
        _manifest(tmp_path, "sneaky", "numverify", **{'base_url = "https://api.apilayer.com"': f"base_url = '{base}'"})


def test_declared_hosts_are_one_url_to_every_parser() -> None:
    for host in ("https://evil.example\\@good.example", "https://good.example\x00"):
        with pytest.raises(ValueError, match="host"):
            CheckerMeta(id="x", name="x", kind=CheckerKind.ACCOUNT, category="x", provenance=Provenance(level="documented"), hosts=(host,))


def test_a_redirect_with_a_backslash_is_refused() -> None:
    """A declared host answering 302 to ``http://evil\\@good/`` must not hand the request to evil."""
    checker = ManifestChecker("chsi", load_manifest(SHIPPED / "chsi.toml"))
    script = scripts_for([checker])["chsi"]
    examples = dict(script.examples)
    with Simulator({}) as evil, Simulator({"chsi": ProviderScript(examples, requests=script.requests)}) as good:
        trap = evil.url + "\\@" + good.url.removeprefix("http://") + "/p/chsi/account/checkmobilephoneother.action"
        # 307 keeps the method, so the hop is a request chsi declares: only the backslash is left to refuse it.
        examples["registered"] = Example(status=307, body="", headers={"Location": trap}, expect=Status.ERROR, source="attack")
        found = run_checker(checker, "registered", simulator_settings(good, [checker]))
        assert evil.hits == []
    assert found.status is Status.ERROR
    assert "refused" in found.detail


class _Recording(requests.adapters.HTTPAdapter):
    """Answers 200 without a socket, noting the origin urllib3 would have connected to."""

    def __init__(self, seen: list[tuple[str, str, int]]) -> None:
        super().__init__()
        self.seen = seen

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        params, _ = self.build_connection_pool_key_attributes(request, True)
        # urllib3 leaves the port out when the URL does: it then connects to the scheme's default.
        self.seen.append((params["scheme"], params["host"], params["port"] or {"http": 80, "https": 443}[params["scheme"]]))
        response = requests.Response()
        response.status_code = 200
        response.raw = io.BytesIO(b"")
        response.url = request.url or ""
        response.request = request
        return response


def _recording_client(seen: list[tuple[str, str, int]]) -> HttpClient:
    def session() -> requests.Session:
        made = requests.Session()
        made.mount("http://", _Recording(seen))
        made.mount("https://", _Recording(seen))
        return made

    return HttpClient(_fast(), session_factory=session, politeness=Politeness())


_HOSTS = [
    "good.example", "GOOD.example", "evil.example", "good.example.evil.example", "good.example.", "evil.example\\@good.example",
    "evil.example\\.good.example", "evil.example#@good.example", "evil.example?@good.example", "evil.example/@good.example",
    "evil.example%2f@good.example", "evil.example%40good.example", "ｇood.example", "good。example", "good.example:443@evil.example",
    "[::1]", "127.0.0.1", "evil.example\t.good.example", "evil.example\r\n.good.example", "good%2eexample",
]  # fmt: skip
_PIECES = st.sampled_from(
    [
        "",
        "/",
        "\\",
        "//",
        "@",
        "good.example",
        "evil.example",
        ":443",
        ":80",
        ":0443",
        ".",
        "..",
        "%2e",
        "%2f",
        "%5c",
        "#",
        "?",
        " ",
        "\t",
        "\x00",
        "%40",
    ]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scheme=st.sampled_from(["https", "HTTPS", "hTTps", "http", "ftp"]),
    userinfo=st.sampled_from(["", "evil.example@", "evil.example\\@", "u:p@", "good.example@", "@"]),
    host=st.sampled_from(_HOSTS),
    port=st.sampled_from(["", ":443", ":0443", ":80", ":8443", ":", ":443:80"]),
    tail=st.lists(_PIECES, max_size=6).map("".join),
)
def test_whatever_the_guard_lets_through_connects_to_a_declared_host(scheme: str, userinfo: str, host: str, port: str, tail: str) -> None:
    """For every generated spelling: sent means the connection (as requests/urllib3 open it) goes to a declared origin."""
    url = f"{scheme}://{userinfo}{host}{port}{tail}"
    seen: list[tuple[str, str, int]] = []
    with _recording_client(seen) as client:
        result = ScopedHttp(client, ("https://good.example",)).request("GET", url)
    if result.failure is None:
        assert seen == [("https", "good.example", 443)], url
    else:
        assert seen == [], url


@pytest.mark.parametrize(
    "url", ["https://good.example/x", "HTTPS://GOOD.EXAMPLE/x", "https://good.example:443/x?a=b", "https://good.example:0443/"]
)
def test_the_guard_still_sends_plain_spellings_of_the_declared_host(url: str) -> None:
    """The property above is not kept by refusing everything: ordinary spellings of the declared origin go out."""
    seen: list[tuple[str, str, int]] = []
    with _recording_client(seen) as client:
        result = ScopedHttp(client, ("https://good.example",)).request("GET", url)
    assert result.failure is None
    assert seen == [("https", "good.example", 443)]


# --- declared requests only -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("GET", "/p/x/api/send/./sms", None),
        ("GET", "/p/x/api/send__sms", None),
        ("GET", "/p/x/api/send//sms", None),
        ("GET", "/p/x/api/send%20sms", None),
        ("GET", "/p/x/api/x/%2e%2e/sendSms", None),
        ("POST", "/p/x/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json", {"To": "+12000000101", "Body": "hi"}),
        ("POST", "/p/x/v2/Services/VA00000000000000000000000000000000/Verifications", {"To": "+12000000101", "Channel": "sms"}),
        ("POST", "/p/x/", {"Action": "Publish", "PhoneNumber": "+12000000101", "Message": "hi"}),
    ],
    ids=[
        "dot-segment",
        "double-underscore",
        "double-slash",
        "encoded-space",
        "encoded-dots",
        "twilio-messages",
        "twilio-verify",
        "sns-publish",
    ],
)
def test_the_client_refuses_senders_however_they_are_spelt(method: str, path: str, data: Mapping[str, str] | None) -> None:
    with Simulator({}) as simulator, HttpClient(_fast()) as client:
        result = client.request(method, simulator.url + path, data=data)
        assert result.failure is not None, path
        assert simulator.hits == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('path = "/number_verification/validate"', 'path = "/api/send/./sms"'),
        ('path = "/number_verification/validate"', 'path = "/api/send__sms"'),
        ('path = "/number_verification/validate"', 'path = "/2010-04-01/Accounts/AC0123/Messages.json"'),
        ('path = "/number_verification/validate"', 'path = "/v2/Services/x/Verifications"'),
        ('query = { number = "{e164}" }', 'query = { number = "{e164}", Channel = "sms" }'),
        ('query = { number = "{e164}" }', 'query = { Action = "Publish", PhoneNumber = "{e164}" }'),
        ('path = "/number_verification/validate"', 'path = "/number_verification/../validate"'),
        ('path = "/number_verification/validate"', 'path = "/number_verification\\\\validate"'),
    ],
    ids=["dot-segment", "double-underscore", "twilio-messages", "twilio-verify", "channel-sms", "sns-publish", "dotdot", "backslash"],
)
def test_the_loader_lints_declared_templates_normalised(tmp_path: Path, old: str, new: str) -> None:
    text = (SHIPPED / "numverify.toml").read_text(encoding="utf-8").replace(old, new)
    path = tmp_path / "lint.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises((ManifestError, SafetyError)):
        load_manifest(path)


def test_a_session_token_cannot_add_a_path_segment(tmp_path: Path) -> None:
    """A token from the session step fills {token} in the path; ``../`` in it must not walk out of the declared path."""
    checker = _manifest(
        tmp_path, "tokened", "snapchat",
        **{'token_cookie = "xsrf_token"': 'token_regex = "tok=([^<]+)"',
           'path = "/accounts/validate_phone_number"': 'path = "/accounts/{token}/validate_phone_number"'},
    )  # fmt: skip
    script = scripts_for([checker])["tokened"]
    prime = Example(body="<html>tok=../../elsewhere</html>", content_type="text/html", expect=Status.UNKNOWN, source="attack")
    with Simulator({"tokened": ProviderScript(script.examples, prime=prime, requests=script.requests)}) as simulator:
        found = run_checker(checker, "registered", simulator_settings(simulator, [checker]))
        assert [(hit.method, hit.path) for hit in simulator.hits] == [("GET", "/")]
    assert found.status is Status.ERROR
    assert "refused" in found.detail


# --- keys belong to checkers ----------------------------------------------------------------------


def test_a_manifest_cannot_read_an_arbitrary_environment_variable(tmp_path: Path) -> None:
    """``needs_key = ["AWS_SECRET_ACCESS_KEY"]`` names a key in the manifest's own namespace, never the AWS variable."""
    checker = _manifest(
        tmp_path, "peek", "numverify",
        **{'needs_key = ["APIKEY"]': 'needs_key = ["AWS_SECRET_ACCESS_KEY"]', "{key:APIKEY}": "{key:AWS_SECRET_ACCESS_KEY}"},
    )  # fmt: skip
    assert checker.meta.needs_key == ("NUMCHECK_KEY_PEEK_AWS_SECRET_ACCESS_KEY",)
    with Simulator(scripts_for([checker])) as simulator:
        settings = numcheck.Settings(
            base_urls=simulator.base_urls(), keys={"AWS_SECRET_ACCESS_KEY": "aws-secret-value-0001", "NUMCHECK_SERVE_TOKEN": "serve-0001"}
        )
        with isolated_registry(checker) as registry:
            found = numcheck.check("+86 120 0000 0101", registry=registry, settings=settings).findings[0]
        assert all("aws-secret-value-0001" not in str(hit) for hit in simulator.hits)
    assert found.status is Status.SKIPPED
    assert "NUMCHECK_KEY_PEEK_AWS_SECRET_ACCESS_KEY" in found.detail


@pytest.mark.parametrize("name", ["AWS_SECRET_ACCESS_KEY", "NUMCHECK_SERVE_TOKEN", "NUMCHECK_KEY_OTHER_TOKEN", "NUMCHECK_KEY_PLUG_"])
def test_a_plugin_declares_keys_only_in_its_own_namespace(name: str) -> None:
    with pytest.raises(ValueError, match="NUMCHECK_KEY_PLUG_"):
        CheckerMeta(
            id="plug", name="Plug", kind=CheckerKind.ACCOUNT, category="x", provenance=Provenance(level="documented"), needs_key=(name,)
        )


def test_a_plugin_cannot_squat_another_checkers_namespace() -> None:
    """id ``twilio`` + key ``LOOKUP_AUTH_TOKEN`` spells twilio-lookup's key: refused, whoever registers first."""

    class Squatter:
        meta = CheckerMeta(
            id="twilio", name="Squatter", kind=CheckerKind.CARRIER, category="x", provenance=Provenance(level="documented"),
            needs_key=("NUMCHECK_KEY_TWILIO_LOOKUP_AUTH_TOKEN",),
        )  # fmt: skip

        def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
            return finding(self.meta, ctx, Status.UNKNOWN, str(dict(ctx.keys)))

    registry = default_registry(numcheck.Settings(plugins=()))
    registry.add_or_record(Squatter(), "entry-point squatter", "squatter")
    assert "twilio" not in registry.entries
    assert any("twilio-lookup" in item.error for item in registry.broken)
    early = Registry()
    early.add(Squatter(), "entry-point squatter")
    lookup = default_registry(numcheck.Settings(plugins=())).get("twilio-lookup")
    with pytest.raises(numcheck.PluginError):
        early.add(lookup, "manifest twilio-lookup")


def test_shipped_manifests_and_plugins_read_only_namespaced_keys() -> None:
    """Built-in exceptions are the Alibaba Cloud SDK's documented names and the local list's path; nothing else."""
    registry = default_registry(numcheck.Settings(plugins=None))
    for checker in registry:
        for name in checker.meta.needs_key:
            namespaced = name.startswith("NUMCHECK_KEY_" + checker.meta.id.upper().replace("-", "_") + "_")
            exception = name.startswith("ALIBABA_CLOUD_ACCESS_KEY_") or name in ("NUMCHECK_ALIYUN_AUTH_CODE", "NUMCHECK_REPUTATION_CSV")
            assert namespaced or (exception and checker.meta.id.startswith(("aliyun-", "local-list"))), (checker.meta.id, name)


# --- scrub by value ----------------------------------------------------------------------------------


def test_record_never_writes_a_key_whatever_its_header_is_called(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """numverify sends its key in an ``Apikey`` header; the recorded cassette holds no trace of the value."""
    secret = "nv-live-key-7c1e0a9b"
    numverify = default_registry(numcheck.Settings(plugins=())).get("numverify")
    with Simulator(scripts_for([numverify]), extra_numbers={OWNED: "registered"}) as simulator:
        monkeypatch.setenv("NUMCHECK_BASE_URL_NUMVERIFY", simulator.base_url_for("numverify"))
        monkeypatch.setenv("NUMCHECK_KEY_NUMVERIFY_APIKEY", secret)
        monkeypatch.setenv("NUMVERIFY_KEY", secret)  # the name numverify read before keys were namespaced
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(["record", "numverify", "--scenario", "registered", "--number", OWNED, "--out", str(tmp_path)], out=out, err=err)
        assert simulator.hits
        assert all(hit.headers.get("apikey") == secret for hit in simulator.hits)
    assert code == cli.EXIT_OK, out.getvalue() + err.getvalue()
    text = (tmp_path / "numverify" / "registered.yaml").read_text(encoding="utf-8")
    assert secret not in text
    assert find_secrets(text, key_values=[secret]) == []


@pytest.mark.parametrize(
    "leak",
    [
        "headers:\n      Apikey:\n      - nv-live-key-7c1e0a9b\n",
        "headers:\n      X-Whatever:\n      - nv-live-key-7c1e0a9b\n",
        "uri: https://x.example/a/nv-live-key-7c1e0a9b/b\n",
        'body: \'{"u": "nv-live-key-7c1e0a9b"}\'\n',
        "uri: https://x.example/?u=nv%2Dlive%2Dkey%2D7c1e0a9b\n",
    ],
    ids=["apikey-header", "any-header", "path", "body", "encoded-query"],
)
def test_the_scanner_flags_a_configured_key_value_wherever_it_is(leak: str) -> None:
    assert find_secrets(leak, key_values=["nv-live-key-7c1e0a9b"])


def test_the_scanner_flags_a_key_looking_header_without_being_told_the_value() -> None:
    assert find_secrets("headers:\n      Apikey:\n      - 0123abcd4567ef\n")


# --- rate limits by normalised host -----------------------------------------------------------------


def test_spellings_of_one_host_share_one_rate_window() -> None:
    """``http://127.0.0.1:PORT`` and ``http://127.0.0.1:0PORT`` are one service: one window, not two."""
    politeness = Politeness()
    with Simulator({}) as simulator, HttpClient(numcheck.Settings(), politeness=politeness) as client:
        port = simulator.url.rsplit(":", 1)[1]
        rate = RateLimit(requests=10, per_seconds=60)
        client.request("GET", f"http://127.0.0.1:{port}/p/x/a", rate=rate)
        client.request("GET", f"http://127.0.0.1:0{port}/p/x/a", rate=rate)
        client.request("GET", f"HTTP://127.0.0.1:{port}/p/x/a", rate=rate)
        assert len(simulator.hits) == 3
    assert politeness.window.occupied(simulator.url) == 3


# --- the Alibaba Cloud SDK ------------------------------------------------------------------------------


def _aliyun_script(body: str) -> ProviderScript:
    answer = Example(status=200, body=body, expect=Status.REGISTERED, source="SDK model")
    return ProviderScript({"registered": answer})


_ANSWER = '{"Code":"OK","Message":"OK","RequestId":"0","Data":{"Carrier":"CMCC","VerifyResult":"1"}}'
_KEYED = {
    "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAI-synthetic-id-0001",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "synthetic-secret-0001",
    "NUMCHECK_ALIYUN_AUTH_CODE": "auth-code-0001",
}


def test_the_aliyun_sdk_never_follows_a_redirect_to_another_host() -> None:
    pytest.importorskip("alibabacloud_dytnsapi20200217")
    from numcheck.providers.aliyun import AliyunTwiceTelVerify

    with Simulator({"aliyun-twice-tel": _aliyun_script(_ANSWER)}, root_provider="aliyun-twice-tel") as evil:
        hop = Example(
            status=307, body="", headers={"Location": evil.url + "/?InputNumber=12000000101"}, expect=Status.ERROR, source="attack"
        )
        with Simulator({"aliyun-twice-tel": ProviderScript({"registered": hop})}, root_provider="aliyun-twice-tel") as good:
            settings = numcheck.Settings(base_urls={"aliyun-twice-tel": good.url}, keys=_KEYED, timeout=2.0)
            with isolated_registry(AliyunTwiceTelVerify()) as registry:
                found = numcheck.check("+86 120 0000 0101", registry=registry, settings=settings).findings[0]
            assert len(good.hits) >= 1
        assert evil.hits == []
    assert found.status is Status.ERROR
    assert "redirect" in found.detail


def test_an_aliyun_failure_never_quotes_key_material() -> None:
    """A TLS failure's text quotes the URL, AuthCode included: the finding must not."""
    pytest.importorskip("alibabacloud_dytnsapi20200217")
    from numcheck.providers.aliyun import AliyunTwiceTelVerify

    with Simulator({"aliyun-twice-tel": _aliyun_script(_ANSWER)}, root_provider="aliyun-twice-tel") as plain:
        tls = plain.url.replace("http://", "https://")
        settings = numcheck.Settings(base_urls={"aliyun-twice-tel": tls}, keys=_KEYED, timeout=2.0)
        with isolated_registry(AliyunTwiceTelVerify()) as registry:
            found = numcheck.check("+86 120 0000 0101", registry=registry, settings=settings).findings[0]
    assert found.status is Status.ERROR
    # The detail used to be cut at 120 characters, which ended it with a prefix of the AuthCode ("AuthCode=aut").
    assert "AuthCode" not in found.detail, found.detail
    for value in _KEYED.values():
        assert value[:6] not in found.model_dump_json()


def test_an_aliyun_error_text_is_scrubbed_of_every_key() -> None:
    """Whatever the SDK raises, a key value in its text never reaches the finding."""
    from numcheck.providers.aliyun import AliyunTwiceTelVerify

    checker = AliyunTwiceTelVerify()
    ctx = CheckContext(facts=None, keys=_KEYED)  # type: ignore[arg-type]
    error = RuntimeError("SSL: https://dytnsapi.aliyuncs.com/?AuthCode=auth-code-0001&x=1 key LTAI-synthetic-id-0001 synthetic-secret-0001")
    found = checker._failed(ctx, error, numcheck.Evidence())
    for value in _KEYED.values():
        assert value not in found.detail, found.detail


def test_recording_scrubs_a_key_by_value_in_any_header_url_and_body() -> None:
    """A header named like nothing secret, the path and the body: the key's value goes from each, in each encoding."""
    from vcr.request import Request as Recorded

    from numcheck.testing.cassettes import scrub_request, scrub_response

    secret = "nv-live-key-7c1e0a9b"
    request = Recorded(
        "POST", f"https://x.example/a/{secret}/b?u=nv%2Dlive%2Dkey%2D7c1e0a9b", f'{{"u": "{secret}"}}', {"X-Partner": secret}
    )
    scrubbed = scrub_request({}, [secret])(request)
    answer = scrub_response({}, [secret])({"headers": {"X-Echo": [secret]}, "body": {"string": f"echo {secret}"}})
    text = f"{scrubbed.uri} {scrubbed.body!r} {dict(scrubbed.headers)} {answer}"
    assert secret not in text
    assert find_secrets(text, key_values=[secret]) == []


# --- a key never reaches a finding's text (review 21) --------------------------------------------


@pytest.mark.parametrize(
    "secret",
    ["nv-live-key-7c1e0a9b\r", " nv-live-key-7c1e0a9b", "nv-live-key-7c1e0a9b\n", "nv-live\r\nX-Evil: key-7c1e0a9b"],
    ids=["trailing-cr", "leading-space", "trailing-newline", "crlf-inside"],
)
def test_a_key_a_header_cannot_carry_is_refused_without_quoting_it(tmp_path: Path, secret: str) -> None:
    """requests' InvalidHeader quotes the whole header value: the finding must be an error with no key material."""
    checker = _manifest(tmp_path, "leaky", "numverify")
    with Simulator(scripts_for([checker])) as simulator:
        settings = numcheck.Settings(base_urls=simulator.base_urls(), keys={"NUMCHECK_KEY_LEAKY_APIKEY": secret}, timeout=2.0)
        with isolated_registry(checker) as registry:
            found = numcheck.check("+86 120 0000 0101", registry=registry, settings=settings).findings[0]
        assert simulator.hits == []
    assert found.status is Status.ERROR
    assert "crashed" not in found.detail, found.detail
    text = found.model_dump_json()
    for part in ("nv-live-key-7c1e0a9b", "nv-live", "key-7c1e0a9b"):
        assert part not in text, text


def test_a_failure_text_is_scrubbed_of_every_configured_key() -> None:
    """Whatever a failure quotes (here the prepared URL), a configured key's value never survives in it."""
    secret = "nv-live-key-7c1e0a9b"
    settings = numcheck.Settings(keys={"NUMCHECK_KEY_LEAKY_APIKEY": secret}, timeout=2.0, replaying=True)
    with Simulator({}) as simulator, HttpClient(settings) as client:
        scoped = ScopedHttp(client, (simulator.url,))
        result = scoped.request("GET", simulator.url + "/p", headers={"X-Key": secret + "\r"})
    assert result.failure is not None
    assert "refused" in result.failure
    assert secret not in result.failure


# --- sending, however it is named (review 21) -----------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('path = "/number_verification/validate"', 'path = "/2fa/2/pin/voice"'),
        ('base_url = "https://api.apilayer.com"', 'base_url = "https://sms.tencentcloudapi.com"'),
        ('base_url = "https://api.apilayer.com"', 'base_url = "https://xyz123.api.infobip.com"'),
        ('base_url = "https://api.apilayer.com"', 'base_url = "https://api.infobip.com"'),
        ('headers = { Apikey = "{key:APIKEY}" }', 'headers = { Apikey = "{key:APIKEY}", "X-TC-Action" = "SendSms" }'),
        ('method = "GET"', 'method = "POST"\njson_body = { channel = "voice", phone = "{e164}" }'),
        ('path = "/number_verification/validate"', 'path = "/v1/lookup;channel=sms"'),
        ('path = "/number_verification/validate"', 'path = "/v1/\uff53\uff45\uff4e\uff44\uff33\uff4d\uff53"'),
    ],
    ids=[
        "infobip-2fa-voice",
        "tencent-host",
        "infobip-host",
        "infobip-bare-host",
        "tencent-header",
        "json-channel",
        "matrix-param",
        "fullwidth",
    ],
)
def test_the_loader_refuses_senders_the_review_named(tmp_path: Path, old: str, new: str) -> None:
    text = (SHIPPED / "numverify.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "lint.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises((ManifestError, SafetyError)):
        load_manifest(path)


@pytest.mark.parametrize(
    ("method", "path", "json", "headers"),
    [
        ("POST", "/p/x/2fa/2/pin/voice", {"applicationId": "A", "messageId": "M", "to": "+12000000101"}, None),
        ("POST", "/p/x/", {"PhoneNumberSet": ["+12000000101"], "TemplateId": "1"}, {"X-TC-Action": "SendSms"}),
        ("POST", "/p/x/v1/lookup/start", {"channel": "voice", "phone": "+12000000101"}, None),
        ("GET", "/p/x/v1/lookup;channel=sms", None, None),
        ("GET", "/p/x/v1/\uff53\uff45\uff4e\uff44\uff33\uff4d\uff53", None, None),
    ],
    ids=["infobip-2fa-voice", "tencent-header", "json-channel", "matrix-param", "fullwidth"],
)
def test_the_client_refuses_the_senders_the_review_named(method: str, path: str, json: Any, headers: dict[str, str] | None) -> None:
    with Simulator({}) as simulator, HttpClient(_fast()) as client:
        result = client.request(method, simulator.url + path, json=json, headers=headers)
        assert result.failure is not None, path
        assert "sending" in result.failure, result.failure
        assert simulator.hits == []


def test_the_sending_hosts_include_tencent_sms_and_infobip() -> None:
    from numcheck.providers.safety import sending_host

    for host in ("sms.tencentcloudapi.com", "api.infobip.com", "xyz123.api.infobip.com", "SMS.TENCENTCLOUDAPI.COM."):
        assert sending_host(host), host
    assert sending_host("api.apilayer.com") is None


# --- an override never makes numcheck faster against a real service (review 21) -----------------


@pytest.mark.parametrize(
    ("declared", "override"),
    [((1, 1), (100, 200)), ((2, 1), (50, 100)), ((10, 10), (1, 0.5)), ((5, 1), (3, 10)), ((1, 1), (1, 1))],
    ids=["bigger-burst-slower-average", "bigger-burst-same-pace", "faster-small-burst", "slower-both", "same"],
)
def test_a_rate_override_only_lowers_the_burst_and_the_rate_of_a_real_service(
    declared: tuple[int, float], override: tuple[int, float]
) -> None:
    from numcheck.providers.http import effective_rate

    mine, theirs = RateLimit(requests=override[0], per_seconds=override[1]), RateLimit(requests=declared[0], per_seconds=declared[1])
    rate = effective_rate("https://api.apilayer.com:443", theirs, mine)
    assert rate.requests <= min(mine.requests, theirs.requests), rate
    assert rate.requests / rate.per_seconds <= min(mine.requests / mine.per_seconds, theirs.requests / theirs.per_seconds) + 1e-9
    # On loopback (the simulator) the override is the limit, faster or not.
    assert effective_rate("http://127.0.0.1:8080", theirs, mine) == mine


# --- a short key is scrubbed where it is a whole value (review 21) --------------------------------


def test_recording_scrubs_a_short_key_where_it_is_a_whole_value() -> None:
    from vcr.request import Request as Recorded

    from numcheck.testing.cassettes import scrub_request, scrub_response

    short = "Zq7Xk"
    request = Recorded(
        "POST", f"https://x.example/v1/{short}/lookup?phone=%2B8613800138000&pid={short}", f'{{"client": "{short}"}}', {"X-Client": short}
    )
    scrubbed = scrub_request({}, [short])(request)
    answer = scrub_response({}, [short])({"headers": {"X-Echo": [short]}, "body": {"string": f"pid={short}&x=1"}})
    text = f"{scrubbed.uri} {scrubbed.body!r} {dict(scrubbed.headers)} {answer}"
    assert short not in text, text
    # Inside other text it is left alone: a short value would otherwise rewrite unrelated words.
    kept = scrub_request({}, [short])(Recorded("GET", f"https://x.example/v1/lookup?q=a{short}b", None, {}))
    assert f"a{short}b" in kept.uri


@pytest.mark.parametrize(
    "leak",
    [
        "uri: https://x.example/v1/lookup?pid=Zq7Xk\n",
        "uri: https://x.example/v1/Zq7Xk/lookup\n",
        'body: \'{"client": "Zq7Xk"}\'\n',
        "X-Client:\n- Zq7Xk\n",
    ],
    ids=["query", "path-segment", "json", "header"],
)
def test_the_scanner_flags_a_short_key_where_it_is_a_whole_value(leak: str) -> None:
    assert find_secrets(leak, key_values=["Zq7Xk"])
    assert not find_secrets("uri: https://x.example/v1/lookup?q=aZq7Xkb\n", key_values=["Zq7Xk"])
