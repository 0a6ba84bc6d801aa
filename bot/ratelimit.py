"""Rate limits: sliding windows, in Redis when it is configured, in the process otherwise.

A window counts the hits of one identity (a sender, an event, an IP address, an
API key) over the last ``window_s`` seconds; a hit over the limit is refused and
told how long to wait. Identities are stored as an HMAC under the application
secret: no sender id nor address lands in Redis, and a phone number cannot be
found back by hashing every number. When Redis fails, the limit is not applied
(the service stays up) and the failure is logged.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import secrets
import threading
import time
import uuid
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from redis.asyncio import Redis

from bot.secret import app_secret
from bot.settings import Settings

__all__ = ["Limit", "Limits", "RateLimiter", "Refusal", "address_key", "countable"]

log = logging.getLogger(__name__)

# KEYS[1] the window; ARGV: now (ms), window (ms), limit, a unique member.
# Returns 0 when the hit is counted, else the milliseconds until the oldest hit leaves.
_HIT = """
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
"""
# The same for several windows in order, in one round trip: each hit is counted until a
# window refuses it (that one and those after it are not counted). KEYS: the windows;
# ARGV: now (ms), a unique member, then the window (ms) and limit of each key.
# Returns the refusing window's position (from 1), 0 when every hit is counted.
_HIT_FIRST = """
local now, member = tonumber(ARGV[1]), ARGV[2]
for i, key in ipairs(KEYS) do
  local window, limit = tonumber(ARGV[2 * i + 1]), tonumber(ARGV[2 * i + 2])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= limit then return i end
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
end
return 0
"""
#: whom a refused booking's limit counted: the sender, their network address (shared by
#: everyone behind it), or the event's anonymous bookings
Refusal = Literal["sender", "address", "event"]
_MAX_KEYS = 100_000  # in-process windows kept at most (the oldest idle ones go first)


#: an IPv6 client is counted by its network: a home line, a phone or a rented server gets
#: a whole /64 (often a /56), so a script could write from a fresh address at each
#: request and never meet a per-address limit.
IPV6_PREFIX = 64


def address_key(client: str) -> str:
    """What a per-address limit counts for ``client``: an IPv4 address as it is (an
    IPv4-mapped IPv6 address as its IPv4), an IPv6 one as its /64; other names as given."""
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return client
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False))
    return str(address)


def countable(client: str | None) -> str | None:
    """The network address the per-address limits count (`address_key`), or None.

    Loopback (a local proxy not listed in AUTONOMIE_TRUSTED_PROXIES, a test client)
    and names that are no address are not counted: every request would share them,
    and one script would throttle everybody. Then only the per-sender and per-event
    limits apply, as on a deployment without addresses.
    """
    if not client:
        return None
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is loopback too
    if address.is_loopback or address.is_unspecified:
        return None
    return address_key(client)


@dataclass(frozen=True, slots=True)
class Limit:
    """``count`` hits per ``window_s`` seconds; 0 means no limit."""

    name: str
    count: int
    window_s: float

    def scaled(self, factor: int) -> Limit:
        return Limit(self.name, self.count * factor, self.window_s)


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits of bot.settings (AUTONOMIE_LIMIT_*), documented in README."""

    messages_per_sender: Limit
    bookings_per_sender: Limit
    bookings_per_event: Limit
    parse_per_client: Limit
    logins_per_ip: Limit
    messages_per_client: Limit = Limit("msg-ip", 0, 60)
    bookings_per_client: Limit = Limit("book-ip", 0, 3600)
    bookings_per_event_client: Limit = Limit("book-event-ip", 0, 3600)

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            messages_per_sender=Limit("msg", settings.limit_messages_per_minute, 60),
            bookings_per_sender=Limit("book-sender", settings.limit_bookings_per_sender_hour, 3600),
            bookings_per_event=Limit("book-event", settings.limit_bookings_per_event_hour, 3600),
            parse_per_client=Limit("parse", settings.limit_parse_per_minute, 60),
            logins_per_ip=Limit("login-ip", settings.limit_logins_per_ip_15min, 900),
            messages_per_client=Limit("msg-ip", settings.limit_messages_per_ip_minute, 60),
            bookings_per_client=Limit("book-ip", settings.limit_bookings_per_ip_hour, 3600),
            bookings_per_event_client=Limit(
                "book-event-ip", settings.limit_bookings_per_event_per_ip_hour, 3600
            ),
        )


class RateLimiter:
    def __init__(
        self,
        limits: Limits,
        redis: Redis | None = None,
        *,
        prefix: str = "autonomie:rate:",
        key: bytes | None = None,
    ) -> None:
        self.limits = limits
        #: identities are keyed (HMAC): a plain hash of a phone number is reversed by
        #: trying every number. Processes sharing Redis share the key (the app secret).
        self._key_bytes = key or secrets.token_bytes(32)
        self._redis = redis
        self._prefix = prefix
        self._script = redis.register_script(_HIT) if redis is not None else None
        self._first = redis.register_script(_HIT_FIRST) if redis is not None else None
        self._windows: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimiter:
        limits = Limits.from_settings(settings)
        if not settings.redis_url:
            return cls(limits)
        from redis.asyncio import Redis

        return cls(limits, Redis.from_url(settings.redis_url), key=app_secret(settings))

    def _key(self, limit: Limit, identity: str) -> str:
        message = f"{limit.name}|{identity}".encode()
        digest = hmac.new(self._key_bytes, message, hashlib.sha256).hexdigest()[:32]
        return f"{self._prefix}{limit.name}:{digest}"

    async def hit(self, limit: Limit, identity: str) -> float:
        """0 when the hit is allowed (and counted), else the seconds to wait."""
        if limit.count <= 0:
            return 0.0
        key = self._key(limit, identity)
        if self._script is not None:
            try:
                now_ms = int(time.time() * 1000)
                wait_ms = await self._script(
                    keys=[key],
                    args=[now_ms, int(limit.window_s * 1000), limit.count, uuid.uuid4().hex],
                )
                return float(wait_ms) / 1000
            except Exception:
                log.warning("rate limit %s not applied: Redis failed", limit.name, exc_info=True)
                return 0.0
        return self._hit_here(key, limit)

    async def first_refused(self, windows: Sequence[tuple[Limit, str]]) -> int | None:
        """Hits `windows` (limit, identity) in order, as `hit` would one after the other:
        the position of the first that refuses (it and those after it count nothing), or
        None when every hit is counted. On Redis, one round trip for them all."""
        live = [(n, limit, self._key(limit, who)) for n, (limit, who) in enumerate(windows)]
        live = [(n, limit, key) for n, limit, key in live if limit.count > 0]
        if not live:
            return None
        if self._first is None:
            return next((n for n, limit, key in live if self._hit_here(key, limit)), None)
        args: list[int | str] = [int(time.time() * 1000), uuid.uuid4().hex]
        for _n, limit, _key in live:
            args += [int(limit.window_s * 1000), limit.count]
        try:
            refused = int(await self._first(keys=[key for _n, _l, key in live], args=args))
        except Exception:
            names = ", ".join(limit.name for _n, limit, _key in live)
            log.warning("rate limits %s not applied: Redis failed", names, exc_info=True)
            return None
        return live[refused - 1][0] if refused else None

    def _booking_windows(
        self, sender: str, event_id: str, client: str | None, signed: bool
    ) -> list[tuple[Limit, str, Refusal]]:
        """The windows a booking counts against, in order, with whom each one counts.

        Anyone can make up sender ids on the anonymous channels (REST, widget,
        socket.io), not network addresses: there a booking counts against its sender,
        its address, its address for that event, and the event's anonymous bookings
        (over which only signed senders book it). A signed sender (SMS, WhatsApp,
        Telegram: a real number or account) counts against itself only. A flood from
        a few addresses thus stops at those addresses' limits, long before the event's.
        """
        limits = self.limits
        address = countable(client)
        who = "ip:" + address if address and not signed else sender
        mine: Refusal = "sender" if who == sender else "address"
        windows: list[tuple[Limit, str, Refusal]] = [(limits.bookings_per_sender, sender, "sender")]
        if who != sender:
            windows.append((limits.bookings_per_client, who, "address"))
        windows.append((limits.bookings_per_event_client, f"{event_id}|{who}", mine))
        if not signed:
            windows.append((limits.bookings_per_event, event_id, "event"))
        return windows

    async def booking_refused(
        self, sender: str, event_id: str, client: str | None, *, signed: bool
    ) -> Refusal | None:
        """Why a booking must be refused (SECURITY.md, "Floods"), or None; the booking
        is counted. The reason says whom the limit counted: the candidate is told the
        right thing (a person at their own address did not ask for many bookings when
        the event's limit refuses them)."""
        windows = self._booking_windows(sender, event_id, client, signed)
        refused = await self.first_refused([(limit, identity) for limit, identity, _ in windows])
        return None if refused is None else windows[refused][2]

    async def booking_blocked(
        self, sender: str, event_id: str, client: str | None, *, signed: bool
    ) -> Refusal | None:
        """Why a booking would be refused now, counting nothing: asked before the event
        is looked up and the booking proposed, so a candidate over a limit is told at
        once, and a flood's refused attempts cost no platform request."""
        for limit, identity, reason in self._booking_windows(sender, event_id, client, signed):
            if await self.wait(limit, identity):
                return reason
        return None

    async def wait(self, limit: Limit, identity: str) -> float:
        """Seconds before a hit would be allowed, 0 now; nothing counted."""
        if limit.count <= 0:
            return 0.0
        key = self._key(limit, identity)
        if self._redis is not None:
            try:
                now_ms = int(time.time() * 1000)
                since = now_ms - int(limit.window_s * 1000) + 1
                held = int(await self._redis.zcount(key, since, "+inf"))
                if held < limit.count:
                    return 0.0
                oldest = await self._redis.zrangebyscore(
                    key, since, "+inf", start=held - limit.count, num=1, withscores=True
                )
                leaves = float(oldest[0][1]) if oldest else float(now_ms)
                return max(0.001, (leaves + limit.window_s * 1000 - now_ms) / 1000)
            except Exception:
                log.warning("rate limit %s not read: Redis failed", limit.name, exc_info=True)
                return 0.0
        now = time.monotonic()
        with self._lock:
            live = [t for t in self._windows.get(key) or () if t > now - limit.window_s]
        if len(live) < limit.count:
            return 0.0
        return max(0.001, live[len(live) - limit.count] + limit.window_s - now)

    def _hit_here(self, key: str, limit: Limit) -> float:
        now = time.monotonic()
        with self._lock:
            window = self._windows.pop(key, None) or deque()
            self._windows[key] = window  # most recently used last
            while window and window[0] <= now - limit.window_s:
                window.popleft()
            if len(window) >= limit.count:
                return max(0.001, window[0] + limit.window_s - now)
            window.append(now)
            while len(self._windows) > _MAX_KEYS:
                del self._windows[next(iter(self._windows))]
            return 0.0

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()
