"""The platform layer: the API contract, its client, and the reference server.

The dialogue uses `PlatformClient` (client.py), `book_or_queue` and
`PendingBookings` (pending.py); the worker uses worker.py. The reference
server lives in `server/` and is reached only over HTTP (docs/platform-api.md).
"""

from bot.platform.client import PlatformClient
from bot.platform.errors import PlatformError, PlatformRejected, PlatformUnavailable
from bot.platform.pending import (
    BookingOutcome,
    PendingBookings,
    PendingResult,
    book_or_queue,
    retry_pending_bookings,
)
from platform_api.models import (
    Booking,
    Employer,
    Event,
    ImmersionRequest,
    OpeningHours,
    Platform,
)

__all__ = [
    "Booking",
    "BookingOutcome",
    "Employer",
    "Event",
    "ImmersionRequest",
    "OpeningHours",
    "PendingBookings",
    "PendingResult",
    "Platform",
    "PlatformClient",
    "PlatformError",
    "PlatformRejected",
    "PlatformUnavailable",
    "book_or_queue",
    "retry_pending_bookings",
]
