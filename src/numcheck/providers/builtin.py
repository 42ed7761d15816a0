"""The online checkers numcheck ships: manifests in data/manifests, plus coded ones."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from numcheck.config import Settings
from numcheck.providers.amazon import AmazonSignIn
from numcheck.providers.local_list import LocalList
from numcheck.providers.manifest import load_manifest


def builtin_online_checkers(settings: Settings) -> list[object]:
    """Coded built-in online checkers (the shipped manifests are loaded by the registry like any other)."""
    amazon = load_manifest(Path(str(files("numcheck.data").joinpath("coded", "amazon.toml"))), shipped=True)
    return [AmazonSignIn("amazon", amazon), LocalList()]
