"""Example numcheck plugin: one account checker for a (fictional) forum, declared by a manifest."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from numcheck.providers.manifest import ManifestChecker, load_manifest


def checkers() -> list[ManifestChecker]:
    """The entry point: numcheck calls this and registers what it returns."""
    manifest = load_manifest(Path(str(files(__package__).joinpath("example-forum.toml"))))
    return [ManifestChecker("example-forum", manifest)]
