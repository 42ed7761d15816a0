"""numcheck serve's access log names numbers only by a hash keyed with a per-install secret (the salt)."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path
from urllib.parse import unquote

from numcheck.config import Settings

_DIGITS = re.compile(r"\+?\d[\d\s().-]{5,}\d")
SALT_FILE = "serve-log-salt"


def number_hash(text: str, salt: bytes) -> str:
    """A short keyed hash naming a number in logs: the same number reads the same across lines and restarts.

    Keyed, because there are only some 10^11 numbers: a plain hash of one is reversed by trying them all.
    """
    return "#" + hmac.new(salt, text.encode(), hashlib.sha256).hexdigest()[:12]


def loggable(path: str, salt: bytes) -> str:
    """The path with every number-like run replaced by its hash (the query string is never logged)."""
    return _DIGITS.sub(lambda match: number_hash(match.group(0), salt), unquote(path))


def install_salt(settings: Settings) -> bytes:
    """This install's secret for log hashes, made on first use: a 0600 file in the data directory (NUMCHECK_DATA_DIR)."""
    directory = settings.user_data_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / SALT_FILE
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_salt(path)
    with os.fdopen(descriptor, "w", encoding="ascii") as out:
        out.write(secrets.token_hex(32) + "\n")
    return _read_salt(path)


def _read_salt(path: Path) -> bytes:
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)  # a copy or an old umask widened it: a readable salt makes the hashes reversible again
    salt = bytes.fromhex(path.read_text(encoding="ascii").strip())
    if len(salt) < 16:
        raise ValueError(f"{path} holds no usable salt")
    return salt
