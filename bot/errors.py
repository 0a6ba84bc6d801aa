"""The root of every error the assistant raises on purpose.

Each layer derives its own (NLUError, StorageError, PlatformError...) from
AutonomieError; foreign exceptions are translated at the layer's edge and mapped
to HTTP responses in one place (web/errors.py).
"""

from __future__ import annotations

__all__ = ["AutonomieError", "LockTimeout", "StorageError"]


class AutonomieError(Exception):
    """Base class of the assistant's own errors."""


class StorageError(AutonomieError):
    """The database could not be read or written."""


class LockTimeout(AutonomieError):
    """A conversation stayed locked longer than allowed."""
