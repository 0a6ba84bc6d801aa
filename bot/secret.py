"""The application secret: it signs the widget's poll tokens and keys the
pseudonyms that stand for a person on the platform (`candidate_ref`).

`AUTONOMIE_SECRET_KEY` when set (a deployment of several nodes must set it, the
same on each); otherwise a random key is created once in
`AUTONOMIE_SECRET_KEY_FILE` (default `var/secret.key`, mode 0600) and read back
by every later run and every worker of this machine. The key must not change:
the platform knows people only by their pseudonyms.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from bot.settings import Settings

__all__ = ["app_secret"]

_cache: dict[tuple[str, Path], bytes] = {}


def app_secret(settings: Settings) -> bytes:
    """The configured secret, else the one kept in `secret_key_file` (created if absent)."""
    if settings.secret_key is not None and settings.secret_key.get_secret_value():
        return settings.secret_key.get_secret_value().encode()
    path = settings.secret_key_file.resolve()
    cached = _cache.get(("file", path))
    if cached is not None:
        return cached
    key = _read_or_create(path)
    _cache[("file", path)] = key
    return key


def _read_or_create(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made by an earlier run, or by another worker just now
        for _ in range(50):
            key = path.read_bytes().strip()
            if key:
                return key
            time.sleep(0.02)
        raise RuntimeError(f"{path} is empty: delete it, or set AUTONOMIE_SECRET_KEY") from None
    key = secrets.token_hex(32).encode()
    with os.fdopen(fd, "wb") as out:
        out.write(key + b"\n")
    return key
