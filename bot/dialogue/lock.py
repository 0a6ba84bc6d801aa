"""Per-conversation locks: one sender's messages are handled one at a time, in order.

`InProcessLockStore` serves a single process. `RedisLockStore` serves several
workers: a ticket lock (FIFO, like Rasa's) whose holder keeps a lease, so a
crashed worker cannot block a conversation for longer than the lease.
`FallbackLockStore` keeps a node working when Redis is down: the conversation
locks then go through PostgreSQL advisory locks (`PostgresLockStore`), or the
process's own locks on SQLite (one node), logged as degraded, until Redis
answers again.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from anyio import to_thread
from sqlalchemy import Engine, text

from bot.errors import LockTimeout

if TYPE_CHECKING:  # redis is imported only where Redis is configured (start-up: 45 ms)
    from redis.asyncio import Redis

__all__ = [
    "FallbackLockStore",
    "InProcessLockStore",
    "LockStore",
    "PostgresLockStore",
    "RedisLockStore",
]

log = logging.getLogger(__name__)


def _redis_down() -> tuple[type[BaseException], ...]:
    """What a Redis that does not answer raises."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (RedisConnectionError, RedisTimeoutError, OSError)


class LockStore(Protocol):
    def lock(self, sender_id: str) -> contextlib.AbstractAsyncContextManager[None]: ...

    async def close(self) -> None: ...


class InProcessLockStore:
    """asyncio locks per sender; asyncio.Lock wakes waiters in FIFO order."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    @contextlib.asynccontextmanager
    async def lock(self, sender_id: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(sender_id, asyncio.Lock())
        self._users[sender_id] = self._users.get(sender_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[sender_id] -= 1
            if self._users[sender_id] == 0:  # nobody waits: forget the lock
                del self._users[sender_id]
                del self._locks[sender_id]

    async def close(self) -> None:
        self._locks.clear()


# Take a ticket, keep the counter alive, and the lock at once when the ticket is the
# one served (a conversation nobody else is writing in: one round trip, not three).
_TAKE = """
local ticket = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local serving = tonumber(redis.call('GET', KEYS[2]) or '1')
if serving == ticket then
  redis.call('SET', KEYS[3], ticket, 'PX', ARGV[1])
  return {ticket, 1}
end
return {ticket, 0}
"""
# Take the lock when `ticket` is the one served; refresh the holder's lease.
_ACQUIRE = """
local serving = tonumber(redis.call('GET', KEYS[1]) or '1')
if serving == tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"""
# Serve the next ticket, if `ticket` is still the one served.
_ADVANCE = """
local serving = tonumber(redis.call('GET', KEYS[1]) or '1')
if serving == tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], serving + 1, 'PX', ARGV[2])
  if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
  return 1
end
return 0
"""


@dataclass(frozen=True, slots=True)
class _Keys:
    serving: str
    holder: str
    abandoned: str


class RedisLockStore:
    """FIFO ticket lock in Redis, shared by every worker process."""

    def __init__(
        self,
        redis: Redis,
        *,
        lifetime_s: float = 60.0,
        wait_timeout_s: float = 120.0,
        poll_s: float = 0.005,
        prefix: str = "autonomie:lock:",
        key: bytes = b"autonomie-lock",
    ) -> None:
        self._redis = redis
        self._key = key
        self._lifetime_ms = int(lifetime_s * 1000)
        self._wait_timeout_s = wait_timeout_s
        self._poll_s = poll_s
        self._prefix = prefix
        self._take = redis.register_script(_TAKE)
        self._acquire = redis.register_script(_ACQUIRE)
        self._advance = redis.register_script(_ADVANCE)

    def key_of(self, sender_id: str) -> str:
        """The keys' base: a keyed hash, so that no sender id (a phone number) is in Redis."""
        digest = hmac.new(self._key, sender_id.encode(), hashlib.sha256).hexdigest()[:32]
        return self._prefix + digest

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> RedisLockStore:
        from redis.asyncio import Redis

        # a Redis that stops answering fails fast, so that the fallback can take over
        redis = Redis.from_url(url, socket_timeout=2.0, socket_connect_timeout=2.0)
        return cls(redis, **kwargs)

    @contextlib.asynccontextmanager
    async def lock(self, sender_id: str) -> AsyncIterator[None]:
        base = self.key_of(sender_id)
        keys = _Keys(base + ":serving", base + ":holder", base + ":abandoned")
        # Cancelled between Redis taking the ticket and its reply reaching us, the
        # ticket would be orphaned and stall the queue for a lease: the shield lets the
        # reply arrive, and the ticket is given up below.
        taking = asyncio.ensure_future(
            self._take(
                keys=[base + ":next", keys.serving, keys.holder],
                args=[self._lifetime_ms, self._lifetime_ms * 10],
            )
        )
        try:
            ticket, held = (int(n) for n in await asyncio.shield(taking))
        except BaseException:
            with contextlib.suppress(Exception):
                await asyncio.shield(self._abandon(int((await taking)[0]), keys))
            raise
        try:
            if not held:
                await self._wait_for_turn(ticket, keys)
            _raise_if_cancel_requested()
        except BaseException:
            # Cancelled or timed out while waiting: whoever is next skips our ticket.
            await asyncio.shield(self._abandon(ticket, keys))
            raise
        try:
            yield
        finally:
            await asyncio.shield(self._serve_next(ticket, keys))

    async def _serve_next(self, ticket: int, keys: _Keys) -> None:
        await self._advance(keys=[keys.serving, keys.holder], args=[ticket, self._lifetime_ms * 10])

    async def _abandon(self, ticket: int, keys: _Keys) -> None:
        await self._redis.sadd(keys.abandoned, ticket)
        await self._redis.pexpire(keys.abandoned, self._lifetime_ms * 10)
        await self._serve_next(ticket, keys)  # in case our turn had just come

    async def _wait_for_turn(self, ticket: int, keys: _Keys) -> None:
        deadline = time.monotonic() + self._wait_timeout_s
        orphan_since: float | None = None
        while True:
            _raise_if_cancel_requested()
            if await self._acquire(
                keys=[keys.serving, keys.holder], args=[ticket, self._lifetime_ms]
            ):
                return
            now = time.monotonic()
            if now > deadline:
                raise LockTimeout(f"conversation lock not acquired in {self._wait_timeout_s} s")
            served = int(await self._redis.get(keys.serving) or 1)
            if served < ticket and await self._redis.sismember(keys.abandoned, str(served)):
                await self._serve_next(served, keys)
                continue
            # The served ticket has no live holder: its owner died. Give it a
            # lease's grace to show up, then skip it.
            if served < ticket and not await self._redis.exists(keys.holder):
                orphan_since = orphan_since or now
                if now - orphan_since > self._lifetime_ms / 1000:
                    await self._serve_next(served, keys)
                    orphan_since = None
            else:
                orphan_since = None
            await asyncio.sleep(self._poll_s)

    async def close(self) -> None:
        await self._redis.aclose()


def _raise_if_cancel_requested() -> None:
    """Honour a cancellation that an await swallowed (a reply racing the cancel, as
    Python 3.11's wait_for and redis-py can): a waiter whose turn was cancelled must
    give its ticket up, not take the lock later or wait out its timeout."""
    task = asyncio.current_task()
    if task is not None and task.cancelling() > 0:
        raise asyncio.CancelledError


class PostgresLockStore:
    """A session-level advisory lock per sender, held on a connection of its own.

    PostgreSQL queues the waiters of one lock; a node that dies releases its
    locks with its connections.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @contextlib.asynccontextmanager
    async def lock(self, sender_id: str) -> AsyncIterator[None]:
        key = "autonomie:" + sender_id
        connection = await to_thread.run_sync(self._engine.connect)
        try:
            statement = text("SELECT pg_advisory_lock(hashtextextended(:key, 0))")
            await to_thread.run_sync(connection.execute, statement, {"key": key})
            try:
                yield
            finally:
                unlock = text("SELECT pg_advisory_unlock(hashtextextended(:key, 0))")
                await asyncio.shield(to_thread.run_sync(connection.execute, unlock, {"key": key}))
        finally:
            await asyncio.shield(to_thread.run_sync(connection.close))

    async def close(self) -> None:
        return None


class FallbackLockStore:
    """Redis's lock while Redis answers; the fallback's when it does not (degraded).

    On PostgreSQL every node falls back the same way when Redis is down, so a
    conversation is still handled one message at a time across nodes; on SQLite
    (one node) the process's own locks keep its messages in order.
    """

    def __init__(self, primary: RedisLockStore, fallback: LockStore) -> None:
        self.primary = primary
        self.fallback = fallback
        self.via = "PostgreSQL" if isinstance(fallback, PostgresLockStore) else "this process"
        self.degraded = False
        self._down = _redis_down()

    @contextlib.asynccontextmanager
    async def lock(self, sender_id: str) -> AsyncIterator[None]:
        store: LockStore = self.primary
        holder: contextlib.AbstractAsyncContextManager[None] = self.primary.lock(sender_id)
        try:
            await holder.__aenter__()
        except self._down as exc:
            if not self.degraded:
                log.warning("degraded: Redis unreachable (%s); locks go through %s", exc, self.via)
            self.degraded = True
            store = self.fallback
            holder = self.fallback.lock(sender_id)
            await holder.__aenter__()
        else:
            if self.degraded:
                log.warning("Redis answers again: conversation locks back on Redis")
            self.degraded = False
        try:
            yield
        except BaseException as exc:
            await self._release(store, holder, exc)
            raise
        else:
            await self._release(store, holder, None)

    async def _release(
        self,
        store: LockStore,
        holder: contextlib.AbstractAsyncContextManager[None],
        exc: BaseException | None,
    ) -> None:
        try:
            await holder.__aexit__(
                type(exc) if exc else None, exc, exc.__traceback__ if exc else None
            )
        except self._down as lost:  # the turn is stored; the lease ends the lock by itself
            log.warning("degraded: Redis lost while releasing a lock (%s)", lost)

    async def close(self) -> None:
        with contextlib.suppress(*self._down):
            await self.primary.close()
