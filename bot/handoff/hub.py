"""Live notifications for the console: in-process fan-out, or Redis pub/sub.

Events are small dicts with a `type` and a `team`; a subscriber gets the
events of its team (and those for every team, `team: "*"`). With
AUTONOMIE_REDIS_URL set, events go through one Redis channel, so every
worker process's consoles see every process's events; each process keeps one
subscription and fans out locally.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # imported only where Redis is configured
    from redis.asyncio import Redis

__all__ = ["ALL_TEAMS", "Hub", "InProcessHub", "RedisHub", "make_hub"]

log = logging.getLogger(__name__)

ALL_TEAMS = "*"
QUEUE_SIZE = 200


class Hub(Protocol):
    async def publish(self, event: dict[str, Any]) -> None: ...

    def subscribe(self, team: str) -> contextlib.AbstractAsyncContextManager[asyncio.Queue[Any]]:
        """A queue receiving the team's events while the context is open."""
        ...

    async def start(self) -> None: ...

    async def aclose(self) -> None: ...


class InProcessHub:
    def __init__(self) -> None:
        self._subscribers: set[tuple[str, asyncio.Queue[Any]]] = set()

    def dispatch(self, event: dict[str, Any]) -> None:
        team = event.get("team")
        for wanted, queue in list(self._subscribers):
            if team in (wanted, ALL_TEAMS):
                try:
                    queue.put_nowait(event)
                except asyncio.QueueFull:  # a stalled browser: it will refresh on reconnect
                    log.warning("console subscriber of %s is too slow; event dropped", wanted)

    async def publish(self, event: dict[str, Any]) -> None:
        self.dispatch(event)

    @contextlib.asynccontextmanager
    async def subscribe(self, team: str) -> AsyncIterator[asyncio.Queue[Any]]:
        queue: asyncio.Queue[Any] = asyncio.Queue(QUEUE_SIZE)
        entry = (team, queue)
        self._subscribers.add(entry)
        try:
            yield queue
        finally:
            self._subscribers.discard(entry)

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    async def start(self) -> None:
        return None

    async def aclose(self) -> None:
        self._subscribers.clear()


class RedisHub(InProcessHub):
    """Publishes to a Redis channel; one listener task per process fans events out."""

    def __init__(self, redis: Redis, channel: str = "autonomie:console") -> None:
        super().__init__()
        self._redis = redis
        self._channel = channel
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    @classmethod
    def from_url(cls, url: str) -> RedisHub:
        from redis.asyncio import Redis

        return cls(Redis.from_url(url))

    async def publish(self, event: dict[str, Any]) -> None:
        await self._redis.publish(self._channel, json.dumps(event))

    async def start(self) -> None:
        if self._task is None:
            self._ready = asyncio.Event()
            self._task = asyncio.create_task(self._listen(), name="console-hub")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._ready.wait(), timeout=5)

    async def _listen(self) -> None:
        while True:
            try:
                async with self._redis.pubsub() as pubsub:
                    await pubsub.subscribe(self._channel)
                    self._ready.set()
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            self.dispatch(json.loads(message["data"]))
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("console hub lost Redis; reconnecting in 1 s")
                await asyncio.sleep(1)

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        await super().aclose()
        await self._redis.aclose()


def make_hub(redis_url: str | None) -> Hub:
    return RedisHub.from_url(redis_url) if redis_url else InProcessHub()
