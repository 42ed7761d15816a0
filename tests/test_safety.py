"""Each safety hole, attacked: a checker reaches nothing it did not declare, and never a sender.

Every test here sends its probe through the real code path (a checker's scoped HTTP handle, the
loader, the simulator) and checks both the refusal and that nothing arrived where it must not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import numcheck
from numcheck import CheckContext, CheckerKind, CheckerMeta, Finding, PhoneNumberInfo, Provenance, Status
from numcheck._errors import ManifestError, SafetyError
from numcheck.checker import finding
from numcheck.providers.http import HttpClient, ScopedHttp
from numcheck.providers.manifest import Example, ManifestChecker, load_manifest
from numcheck.testing import ProviderScript, Simulator, isolated_registry, run_checker, scripts_for, simulator_settings

SHIPPED = Path(numcheck.__file__).parent / "data" / "manifests"


def _chsi() -> ManifestChecker:
    return ManifestChecker("chsi", load_manifest(SHIPPED / "chsi.toml"))


def test_a_redirect_to_a_sending_endpoint_is_never_followed() -> None:
    """The service answers 302 to a send-SMS path on the same host: the hop is refused, nothing reaches it."""
    checker = _chsi()
    script = scripts_for([checker])["chsi"]
    trap = "/p/chsi/account/sendSmsCode?mobile=12000000101"
    examples = dict(script.examples)
    examples["registered"] = Example(status=307, body="", headers={"Location": trap}, expect=Status.ERROR, source="attack")
    with Simulator({"chsi": ProviderScript(examples, requests=script.requests)}) as simulator:
        found = run_checker(checker, "registered", simulator_settings(simulator, [checker]))
        assert found.status is Status.ERROR
        assert "refused" in found.detail
        assert [hit.path for hit in simulator.hits] == ["/account/checkmobilephoneother.action"]


def test_a_redirect_to_another_host_is_never_followed() -> None:
    """A 302 to another origin (even one that starts like the declared host) is refused."""
    checker = _chsi()
    script = scripts_for([checker])["chsi"]
    examples = dict(script.examples)
    examples["registered"] = Example(
        status=302, body="", headers={"Location": "http://127.0.0.1.evil.example/x"}, expect=Status.ERROR, source="attack"
    )
    with Simulator({"chsi": ProviderScript(examples, requests=script.requests)}) as simulator:
        found = run_checker(checker, "registered", simulator_settings(simulator, [checker]))
        assert found.status is Status.ERROR
        assert "leaves the host" in found.detail


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/p/x/send%53ms", None),
        ("/p/x/send%2553ms", None),
        ("/p/x/user/code?action=send%5Fsms", None),
        ("/p/x/check", {"action": "sendSms"}),
        ("/p/x/check", {"sendCode": True}),
        ("/p/x/check", {"steps": [{"do": "发送验证码"}]}),
    ],
    ids=["percent-encoded", "double-encoded", "encoded-query", "json-value", "json-key", "nested-chinese"],
)
def test_the_client_refuses_a_sender_however_it_is_written(path: str, body: object) -> None:
    """Decoded path, query and JSON keys and values all go through the denylist before anything is sent."""
    with Simulator({}) as simulator, HttpClient(numcheck.Settings()) as client:
        result = client.request("POST", simulator.url + path, json=body)
        assert result.failure is not None
        assert "message sending" in result.failure
        assert simulator.hits == []


def test_a_form_field_asking_for_a_code_is_refused() -> None:
    with Simulator({}) as simulator, HttpClient(numcheck.Settings()) as client:
        result = client.request("POST", simulator.url + "/p/x/check", data={"type": "send_sms", "mobile": "12000000101"})
        assert result.failure is not None
        assert simulator.hits == []


class _Coded:
    """A coded checker declaring one host, written to wander off it."""

    def __init__(self, host: str, target: str) -> None:
        self.meta = CheckerMeta(
            id="coded", name="Coded", kind=CheckerKind.ACCOUNT, category="media",
            provenance=Provenance(level="documented", sources=("test",)), hosts=(host,),
        )  # fmt: skip
        self.target = target

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        assert ctx.http is not None
        result = ctx.http.request("GET", self.target)
        return finding(self.meta, ctx, Status.ERROR if result.failure else Status.UNKNOWN, result.failure or "sent")


@pytest.mark.parametrize(
    "target",
    [
        "https://www.amazon.com.evil.tld/ap/signin",
        "https://evil.tld@www.amazon.com.evil.tld/",
        "http://www.amazon.com/",
        "https://www.amazon.com:8443/",
    ],
    ids=["suffix", "userinfo", "scheme", "port"],
)
def test_same_host_means_same_scheme_host_and_port(target: str) -> None:
    """A checker declaring https://www.amazon.com cannot reach look-alike origins."""
    with Simulator({}) as simulator, isolated_registry(_Coded("https://www.amazon.com", target)) as registry:
        report = numcheck.check("12000000101", registry=registry, settings=numcheck.Settings())
        found = report.findings[0]
        assert found.status is Status.ERROR
        assert "not a host this checker declares" in found.detail
        assert simulator.hits == []


def test_a_checker_cannot_reach_an_undeclared_loopback_port() -> None:
    """Declared reach holds on loopback too: the simulator on another port sees nothing."""
    with Simulator({}) as simulator, isolated_registry(_Coded("http://127.0.0.1:9", simulator.url + "/p/x/check")) as registry:
        found = numcheck.check("12000000101", registry=registry, settings=numcheck.Settings()).findings[0]
        assert "not a host this checker declares" in found.detail
        assert simulator.hits == []


def test_hosts_with_credentials_or_without_scheme_are_refused() -> None:
    for host in ("http://user:pw@example.com", "example.com", "ftp://example.com"):
        with pytest.raises(ValueError, match="absolute http"):
            CheckerMeta(id="x", name="x", kind=CheckerKind.ACCOUNT, category="x", provenance=Provenance(level="documented"), hosts=(host,))


def test_a_manifest_checker_cannot_send_an_undeclared_request() -> None:
    """Even on its own host, a manifest's handle refuses a method or path the manifest does not declare."""
    checker = _chsi()
    with Simulator(scripts_for([checker])) as simulator, HttpClient(simulator_settings(simulator, [checker])) as client:
        base = simulator.base_url_for("chsi")
        scoped = ScopedHttp(client, (base,), checker.declared(base))
        assert scoped.request("GET", base + "/account/checkmobilephoneother.action").failure is not None
        assert scoped.request("POST", base + "/account/other.action").failure is not None
        assert simulator.hits == []


def _manifest_text(**replace: str) -> str:
    text = (SHIPPED / "tellows.toml").read_text(encoding="utf-8")
    for old, new in replace.items():
        text = text.replace(old, new)
    return text


def test_a_manifest_reads_only_the_keys_it_declares(tmp_path: Path) -> None:
    """{key:NAME} of a key not in needs_key is a load error, not a silent read of another secret."""
    path = tmp_path / "sneaky.toml"
    path.write_text(_manifest_text(**{"{key:APIKEY}": "{key:AWS_SECRET_ACCESS_KEY}"}), encoding="utf-8")
    with pytest.raises(ManifestError, match="AWS_SECRET_ACCESS_KEY"):
        load_manifest(path)


def test_a_checker_sees_only_its_declared_keys() -> None:
    """The context a checker gets holds its own keys and nothing else from the environment."""
    seen: dict[str, str] = {}

    class Peek:
        meta = CheckerMeta(
            id="peek", name="Peek", kind=CheckerKind.OFFLINE, category="offline",
            provenance=Provenance(level="documented", sources=("test",)), needs_key=("NUMCHECK_KEY_PEEK_KEY",),
        )  # fmt: skip

        def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
            seen.update(ctx.keys)
            return finding(self.meta, ctx, Status.INFO, "peeked")

    with isolated_registry(Peek()) as registry:
        numcheck.check(
            "12000000101", registry=registry, settings=numcheck.Settings(keys={"NUMCHECK_KEY_PEEK_KEY": "mine", "OTHER_SECRET": "theirs"})
        )
    assert seen == {"NUMCHECK_KEY_PEEK_KEY": "mine"}


def test_keys_never_travel_over_plain_http_to_a_real_host(tmp_path: Path) -> None:
    """A keyed manifest pointed at http:// on a non-loopback host is skipped with the reason; nothing is sent."""
    path = tmp_path / "plain.toml"
    path.write_text(_manifest_text(**{'base_url = "https://www.tellows.de"': 'base_url = "http://www.tellows.de"'}), encoding="utf-8")
    checker = ManifestChecker("plain", load_manifest(path))
    with isolated_registry(checker) as registry:
        settings = numcheck.Settings(keys={"NUMCHECK_KEY_PLAIN_PARTNER": "p", "NUMCHECK_KEY_PLAIN_APIKEY": "k"})
        found = numcheck.check("12000000101", registry=registry, settings=settings).findings[0]
    assert found.status is Status.SKIPPED
    assert "plain HTTP" in found.detail


@pytest.mark.parametrize("path", ["/user/send%53ms", "/api/v1/check"], ids=["encoded-path", "json-body"])
def test_the_loader_decodes_before_it_checks(tmp_path: Path, path: str) -> None:
    """A manifest hiding a sender behind percent-encoding or in its JSON body is refused at load time."""
    text = _manifest_text(**{'path = "/basic/num/{number}"': f'path = "{path}"\njson_body = {{ action = "sendSms" }}'})
    target = tmp_path / "hidden.toml"
    target.write_text(text, encoding="utf-8")
    with pytest.raises(SafetyError):
        load_manifest(target)
