"""The platform layer's errors, all under AutonomieError.

PlatformError
├── PlatformUnavailable   the platform could not answer: timeout, connection
│                         refused, 5xx, garbage JSON, or the circuit is open.
│                         Retry later; a booking can be queued (pending.py).
└── PlatformRejected      the platform answered "no" (4xx) with a machine code:
                          event_full, event_past, already_booked,
                          event_not_found, booking_not_found, ... Do not retry.
"""

from __future__ import annotations

from typing import Literal

from bot.errors import AutonomieError

__all__ = ["PlatformError", "PlatformRejected", "PlatformUnavailable", "UnavailableReason"]

UnavailableReason = Literal[
    "timeout", "connection", "server_error", "bad_response", "circuit_open", "rate_limited"
]


class PlatformError(AutonomieError):
    """Anything that went wrong talking to a platform (also: a client misconfiguration)."""


class PlatformUnavailable(PlatformError):
    """The platform did not give a usable answer; the same call may work later."""

    def __init__(
        self, reason: UnavailableReason, message: str = "", *, status: int | None = None
    ) -> None:
        self.reason: UnavailableReason = reason
        self.status = status
        super().__init__(f"platform unavailable ({reason}){': ' + message if message else ''}")


class PlatformRejected(PlatformError):
    """The platform refused the request (4xx); `code` says why, for the dialogue."""

    def __init__(self, status: int, code: str, detail: str = "") -> None:
        self.status = status
        self.code = code
        self.detail = detail
        super().__init__(f"platform rejected the request: {status} {code} {detail}".rstrip())
