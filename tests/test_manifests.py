"""Manifests: every shipped one validates; the schema is current; bad and unsafe ones are refused and listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import numcheck
from numcheck.providers.manifest import generated_schema, load_manifest, manifest_files, manifest_schema
from numcheck.registry import default_registry

# numcheck loads every shipped manifest without the JSON Schema pass, so it runs here.
SHIPPED = manifest_files(())


def test_at_least_fifteen_shipped_providers() -> None:
    """numcheck ships at least 15 online providers, each from a manifest or coded."""
    registry = default_registry(numcheck.Settings(plugins=()))
    online = [checker for checker in registry if checker.meta.kind is not numcheck.CheckerKind.OFFLINE]
    assert len(online) >= 15
    assert registry.broken == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_shipped_manifest_validates(path: Path) -> None:
    """Each shipped manifest passes the JSON Schema, is safe, has a lower-kebab id, and documents its provenance."""
    manifest = load_manifest(path)
    assert manifest.sends_message is False
    assert manifest.provenance.level == "documented"
    assert manifest.provenance.sources
    declared = {name for name in ("registered", "not_registered") if getattr(manifest.signals, name) is not None}
    assert declared <= set(manifest.examples)
    for name, example in manifest.examples.items():
        assert example.source, f"{path.stem}/{name}: every example names where its shape comes from"


def test_shipped_schema_is_current() -> None:
    """data/manifest.schema.json equals what the Manifest model generates (run tools/gen_manifest_schema.py)."""
    assert manifest_schema() == json.loads(json.dumps(generated_schema()))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _base(**replace: str) -> str:
    text = (SHIPPED[0].parent / "tuniu.toml").read_text(encoding="utf-8")
    for old, new in replace.items():
        text = text.replace(old, new)
    return text


def test_schema_error_names_file_and_pointer(tmp_path: Path) -> None:
    """A manifest with a wrong field type fails with the file and the JSON pointer of the problem."""
    path = _write(tmp_path, "bad-kind", _base(**{'kind = "account"': 'kind = "astrology"'}))
    with pytest.raises(numcheck.ManifestError) as caught:
        load_manifest(path)
    assert caught.value.pointer == "/kind"
    assert str(path) in str(caught.value)


def test_sends_message_must_be_declared_false(tmp_path: Path) -> None:
    """A manifest cannot declare sends_message = true, nor leave it out."""
    with pytest.raises(numcheck.ManifestError, match=r"sends_message|False|false"):
        load_manifest(_write(tmp_path, "sender", _base(**{"sends_message = false": "sends_message = true"})))
    with pytest.raises(numcheck.ManifestError, match="sends_message"):
        load_manifest(_write(tmp_path, "silent", _base(**{"sends_message = false": ""})))


@pytest.mark.parametrize(
    "path",
    [
        "/user/sendSmsCode",
        "/api/sendsms",
        "/reg/sendregmobilecode",
        "/captcha/sent",
        "/account/send-verify",
        "/api/getSmsCode",
        "/短信/发送",
    ],
)
def test_message_sending_endpoints_are_refused(tmp_path: Path, path: str) -> None:
    """Endpoints whose path names sending a code are refused with SafetyError."""
    text = _base(**{'path = "/register/isPhoneAvailable"': f'path = "{path}"'})
    with pytest.raises(numcheck.SafetyError, match="message sending"):
        load_manifest(_write(tmp_path, "sms", text))


def test_message_sending_parameter_is_refused(tmp_path: Path) -> None:
    """A parameter naming a verification code is refused too."""
    text = _base(**{'intlCode = "0086"': 'intlCode = "0086", action = "send_code"'})
    with pytest.raises(numcheck.SafetyError):
        load_manifest(_write(tmp_path, "sms-param", text))


def test_user_manifest_directory_and_broken_listing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Manifests in the user directory load; a broken one is listed with its error and skipped."""
    user = tmp_path / "config" / "manifests"
    user.mkdir(parents=True)
    _write(user, "my-service", _base(**{'name = "Tuniu"': 'name = "My service"'}))
    _write(user, "broken-one", "this is not = [toml")
    _write(user, "texting", _base(**{'path = "/register/isPhoneAvailable"': 'path = "/sendSms"'}))
    registry = default_registry(numcheck.Settings.from_env())
    assert registry.get("my-service").meta.name == "My service"
    broken = {item.name: item.error for item in registry.broken}
    assert "not valid TOML" in broken["broken-one"]
    assert "message sending" in broken["texting"]
    extra = tmp_path / "extra"
    extra.mkdir()
    _write(extra, "extra-service", _base())
    monkeypatch.setenv("NUMCHECK_MANIFESTS", str(extra))
    assert "extra-service" in default_registry(numcheck.Settings.from_env()).entries
