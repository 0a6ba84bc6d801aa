"""A database setting a person can fix, told in one line (never a traceback), for
both command lines: the assistant's (`autonomie`) and the platform's
(`python -m platform_server`, also `autonomie platform ...`).

No import of SQLAlchemy here: the exception is recognised by its class, so that a
command line may import this module before it knows whether it needs a database.
"""

from __future__ import annotations

import re

__all__ = ["database_error", "mask_password"]

#: a password in a database URL, never printed: "://user:secret@" -> "://user:***@"
_URL_PASSWORD = re.compile(r"(://[^:/@\s]{0,256}):[^@\s]{0,256}@")

_BAD_URL = frozenset({"ArgumentError", "NoSuchModuleError"})
_UNREACHABLE = frozenset({"OperationalError", "InterfaceError"})


def mask_password(text: str) -> str:
    return _URL_PASSWORD.sub(r"\1:***@", text)


def database_error(exc: BaseException, setting: str) -> str | None:
    """One line naming `setting` for a database URL that cannot be used or reached;
    None when the error is something else (a real bug keeps its traceback)."""
    kind = type(exc)
    if not kind.__module__.startswith("sqlalchemy.exc"):
        return None
    first = (mask_password(str(exc).strip()) or kind.__name__).splitlines()[0]
    if kind.__name__ in _BAD_URL:
        return f"{setting} is not a database URL this service can use: {first}"
    if kind.__name__ in _UNREACHABLE:
        return f"cannot reach the database ({setting}): {first}"
    return None
