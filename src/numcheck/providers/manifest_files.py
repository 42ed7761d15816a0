"""Loading manifest files: TOML, validated against the shipped JSON Schema and the model, refused if they name sending.

The loader refuses any manifest whose endpoints name SMS or verification-code sending (or a known
sending API), on top of everything `numcheck.providers.manifest_model` refuses.
"""

from __future__ import annotations

import json
import tomllib
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from numcheck._errors import ManifestError, SafetyError
from numcheck.net.safety import names_message_sending, request_texts, sending_host, sending_in_request
from numcheck.providers.manifest_model import Manifest, Prime, Request


@cache
def manifest_schema() -> dict[str, Any]:
    """The shipped JSON Schema (draft 2020-12) every manifest is validated against."""
    schema: dict[str, Any] = json.loads(files("numcheck.data").joinpath("manifest.schema.json").read_text(encoding="utf-8"))
    return schema


def generated_schema() -> dict[str, Any]:
    """The schema as the Manifest model defines it (tools/gen_manifest_schema.py writes it to data/)."""
    schema = Manifest.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "numcheck provider manifest"
    return schema


def check_not_sending(manifest: Manifest, where: str) -> None:
    """Raise `SafetyError` when a manifest's endpoint or parameters name message sending (decoded, body included).

    The lint reads each declared template normalised as the client will send it (the base URL's
    path joined, dot segments removed, with and without separators; see `numcheck.net.safety`).
    """
    host = urlsplit(manifest.request.base_url).hostname or ""
    if sending_host(host):
        raise SafetyError(f"{where}: {host} is a message-sending API's host; numcheck never sends messages")
    prefix = urlsplit(manifest.request.base_url).path.rstrip("/")
    steps: list[Prime | Request] = [manifest.request] + ([manifest.prime] if manifest.prime else [])
    for step in steps:
        body = step.json_body if isinstance(step, Request) else None
        headers = step.headers if isinstance(step, Request) else None
        for text in request_texts(prefix + step.path, step.query, step.form, body, headers):
            found = names_message_sending(text)
            if found:
                raise SafetyError(f"{where}: endpoint {text[:80]!r} names message sending ({found!r}); numcheck never sends messages")
        found = sending_in_request(prefix + step.path, step.query, step.form, body, headers)
        if found:
            raise SafetyError(f"{where}: request {step.path[:80]!r} names message sending ({found!r}); numcheck never sends messages")


def _pointer(path: Any) -> str:
    return "/" + "/".join(str(part) for part in path)


def load_manifest(path: Path, *, shipped: bool = False) -> Manifest:
    """Read, schema-validate and safety-check one manifest file. Raises ManifestError or SafetyError.

    ``shipped`` manifests skip the JSON Schema pass (the tests run it on every one of them): the
    schema is generated from `Manifest`, whose validation and the safety check still run, and the
    pass exists to point at the bad value of a user's file. Skipping it saves 30 ms of start-up.
    """
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ManifestError(where, "", f"cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(where, "", f"not valid TOML: {error}") from None
    if not shipped:
        import jsonschema

        validator = jsonschema.Draft202012Validator(manifest_schema())
        problem = jsonschema.exceptions.best_match(validator.iter_errors(data))
        if problem is not None:
            raise ManifestError(where, _pointer(problem.absolute_path), problem.message)
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        raise ManifestError(where, _pointer(first["loc"]), first["msg"]) from None
    check_not_sending(manifest, where)
    return manifest


def shipped_manifest_dir() -> Path:
    """Where the manifests numcheck ships live."""
    return Path(str(files("numcheck.data").joinpath("manifests")))


def manifest_files(directories: tuple[Path, ...]) -> list[Path]:
    """Manifest files in the shipped directory, then in each extra directory (sorted by name)."""
    found = sorted(shipped_manifest_dir().glob("*.toml"))
    for directory in directories:
        found += sorted(Path(directory).expanduser().glob("*.toml"))
    return found
