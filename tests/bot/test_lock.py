"""One sender's messages are handled one at a time, in arrival order."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress

import pytest
from redis.asyncio import Redis

from bot.app import build_assistant
from bot.dialogue.events import BotUttered
from bot.dialogue.interpreter import Parse
from bot.dialogue.lock import (
    FallbackLockStore,
    InProcessLockStore,
    LockStore,
    PostgresLockStore,
    RedisLockStore,
)
from bot.dialogue.services import TurnContext
from bot.dialogue.tracker import Tracker
from bot.settings import Settings
from channels.messages import UserMessage


class SlowInterpreter:
    """Takes time to parse, so that unlocked turns would interleave."""

    def parse(self, text: str) -> Parse:
        time.sleep(0.02)
        return Parse({"text": text, "intent": {"name": "inform", "confidence": 1.0}})


class EchoPolicy:
    async def respond(self, tracker: Tracker, ctx: TurnContext) -> None:
        await asyncio.sleep(0.01)
        assert tracker.latest_message is not None
        tracker.update(BotUttered(text=f"reçu {tracker.latest_message.text}"))


async def _send_concurrently(
    settings: Settings,
    locks: Sequence[LockStore],
    arrived: Callable[[int], Awaitable[None]],
    n: int = 20,
) -> list[dict]:
    """Send n messages from one sender, each through one of `locks` in turn
    (several lock stores = several worker processes), message i + 1 only once
    message i has joined the queue (`arrived`), and return the stored events."""
    assistants = [build_assistant(settings, interpreter=SlowInterpreter()) for _ in locks]
    for assistant, lock in zip(assistants, locks, strict=True):
        await assistant.locks.close()
        assistant.processor.locks = lock
        assistant.processor.policy = EchoPolicy()
    tasks = []
    for i in range(n):
        processor = assistants[i % len(assistants)].processor
        message = UserMessage(sender_id="same-person", text=f"message {i}")
        tasks.append(asyncio.create_task(processor.handle(message)))
        await arrived(i)
    replies = await asyncio.gather(*tasks)
    assert [r[0].text for r in replies] == [f"reçu message {i}" for i in range(n)]
    tracker = assistants[0].store.retrieve("same-person")
    for assistant in assistants:
        assistant.engine.dispose()
    return [e.as_dict() for e in tracker.events]


def _assert_in_order(events: list[dict], n: int) -> None:
    texts = [e["text"] for e in events]
    expected = [t for i in range(n) for t in (f"message {i}", f"reçu message {i}")]
    assert texts == expected


async def test_twenty_concurrent_messages_keep_their_order(settings: Settings) -> None:
    async def arrived(_i: int) -> None:
        await asyncio.sleep(0.005)  # the task ran up to the lock: turns take 30 ms+

    events = await _send_concurrently(settings, [InProcessLockStore()], arrived)
    _assert_in_order(events, 20)


@pytest.mark.redis
async def test_order_holds_across_workers_with_the_redis_lock(
    settings: Settings, redis_url: str
) -> None:
    prefix = f"test:{time.time_ns()}:"
    workers = [RedisLockStore(Redis.from_url(redis_url), prefix=prefix) for _ in range(2)]
    redis = Redis.from_url(redis_url)

    async def arrived(i: int) -> None:
        await _tickets_taken(redis, workers[0].key_of("same-person"), i + 1)

    try:
        events = await _send_concurrently(settings, workers, arrived)
    finally:
        for lock in workers:
            await lock.close()
        await redis.aclose()
    _assert_in_order(events, 20)


async def _tickets_taken(redis: Redis, base: str, count: int) -> None:
    async with asyncio.timeout(10):
        while int(await redis.get(base + ":next") or 0) < count:
            await asyncio.sleep(0.001)


@pytest.mark.redis
async def test_a_waiter_that_gives_up_does_not_block_the_others(redis_url: str) -> None:
    prefix = f"test:{time.time_ns()}:"
    locks = RedisLockStore(Redis.from_url(redis_url), prefix=prefix)
    redis = Redis.from_url(redis_url)
    order: list[str] = []
    release_first = asyncio.Event()

    async def hold(name: str, until: asyncio.Event | None = None) -> None:
        async with locks.lock("p"):
            order.append(name)
            if until:
                await until.wait()

    first = asyncio.create_task(hold("first", release_first))
    await _tickets_taken(redis, locks.key_of("p"), 1)
    impatient = asyncio.create_task(hold("impatient"))
    await _tickets_taken(redis, locks.key_of("p"), 2)
    last = asyncio.create_task(hold("last"))
    await _tickets_taken(redis, locks.key_of("p"), 3)
    impatient.cancel()
    await asyncio.gather(impatient, return_exceptions=True)
    release_first.set()
    await asyncio.wait_for(asyncio.gather(first, last), timeout=5)
    await locks.close()
    await redis.aclose()
    assert order == ["first", "last"]


@pytest.mark.redis
async def test_waiters_cancelled_as_they_take_a_ticket_do_not_stall_the_queue(
    redis_url: str,
) -> None:
    """A turn cancelled (time budget, shutdown) between Redis handing out its ticket
    and the reply reaching it must still give the ticket up: the next message of the
    same person is not held back for a lease."""
    prefix = f"test:{time.time_ns()}:"
    locks = RedisLockStore(Redis.from_url(redis_url), prefix=prefix, lifetime_s=60)
    redis = Redis.from_url(redis_url)
    release = asyncio.Event()

    async def hold() -> None:
        async with locks.lock("p"):
            await release.wait()

    async def enter() -> None:
        async with locks.lock("p"):
            pass

    first = asyncio.create_task(hold())
    await _tickets_taken(redis, locks.key_of("p"), 1)
    for steps in range(12):  # cancelled after a few loop steps: around INCR's reply
        waiter = asyncio.create_task(enter())
        for _ in range(steps % 4):
            await asyncio.sleep(0)
        waiter.cancel()
        await asyncio.gather(waiter, return_exceptions=True)
    release.set()
    await asyncio.wait_for(asyncio.gather(first, enter()), timeout=5)
    await locks.close()
    await redis.aclose()


@pytest.mark.redis
async def test_a_crashed_holder_is_skipped_after_its_lease(redis_url: str) -> None:
    prefix = f"test:{time.time_ns()}:"
    crashed = RedisLockStore(Redis.from_url(redis_url), prefix=prefix, lifetime_s=0.3)
    survivor = RedisLockStore(Redis.from_url(redis_url), prefix=prefix, lifetime_s=0.3)
    held = crashed.lock("p")
    # taken before the lock: its lease starts later, so the survivor waits at least the
    # lease from here, however long a loaded machine takes to come back from Redis
    started = time.monotonic()
    await held.__aenter__()  # acquired, then the worker "dies" without releasing
    async with survivor.lock("p"):
        waited = time.monotonic() - started
    assert 0.25 < waited < 10  # the lease (0.3 s), not forever; room for a loaded machine
    await crashed.close()
    await survivor.close()


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_with_redis_down_two_workers_keep_order_through_postgres(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """A node that loses Redis still handles one person's messages one at a time,
    across processes, through PostgreSQL advisory locks, and says it is degraded."""
    # (`_send_concurrently` checks that each message got its own reply)
    from bot.assistant import make_locks

    dead = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})  # nothing there
    engines = []
    workers = []
    for _ in range(2):
        assistant = build_assistant(settings)
        engines.append(assistant.engine)
        workers.append(make_locks(dead, assistant.engine))
    assert all(isinstance(w, FallbackLockStore) for w in workers)

    async def arrived(_i: int) -> None:
        await asyncio.sleep(0.005)

    try:
        events = await _send_concurrently(settings, workers, arrived)
    finally:
        for lock in workers:
            await lock.close()
        for engine in engines:
            engine.dispose()
    # PostgreSQL queues the waiters but messages arriving together have no order of
    # their own: what must hold is one turn at a time, each message stored once
    texts = [e["text"] for e in events]
    pairs = list(zip(texts[::2], texts[1::2], strict=True))
    assert all(reply == f"reçu {message}" for message, reply in pairs)
    assert sorted(m for m, _ in pairs) == sorted(f"message {i}" for i in range(20))
    assert all(w.degraded for w in workers)  # type: ignore[attr-defined]
    assert "degraded: Redis unreachable" in caplog.text


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_on_sqlite_with_redis_down_messages_are_answered_in_order(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """One node on SQLite that loses Redis answers every message, in order, on
    the process's own locks, and says it is degraded (it used to fail each turn)."""
    from bot.assistant import make_locks

    dead = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})  # nothing there
    assistant = build_assistant(settings)
    lock = make_locks(dead, assistant.engine)
    assert isinstance(lock, FallbackLockStore)

    async def arrived(_i: int) -> None:
        await asyncio.sleep(0.005)

    try:
        events = await _send_concurrently(settings, [lock], arrived)
    finally:
        await lock.close()
        assistant.engine.dispose()
    _assert_in_order(events, 20)
    assert lock.degraded
    assert "locks go through this process" in caplog.text


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_the_postgres_lock_serializes_one_sender_and_frees_others(
    settings: Settings,
) -> None:
    assistant = build_assistant(settings)
    store = PostgresLockStore(assistant.engine)
    order: list[str] = []
    a_in, c_in = asyncio.Event(), asyncio.Event()

    async def hold(sender: str, name: str, entered: asyncio.Event, until: asyncio.Event) -> None:
        async with store.lock(sender):
            order.append(f"{name} in")
            entered.set()
            # bounded: a lock that held "c" up would fail the order below, not hang
            with suppress(TimeoutError):
                await asyncio.wait_for(until.wait(), timeout=10)
            order.append(f"{name} out")

    done = asyncio.Event()
    done.set()
    try:
        # events, not sleeps: a loaded machine may take long to connect and lock
        first = asyncio.create_task(hold("same", "a", a_in, c_in))
        await asyncio.wait_for(a_in.wait(), timeout=30)
        second = asyncio.create_task(hold("same", "b", asyncio.Event(), done))
        await hold("other", "c", c_in, done)  # while "a" holds "same"
        await asyncio.wait_for(asyncio.gather(first, second), timeout=30)
    finally:
        assistant.engine.dispose()
    assert order.index("a out") < order.index("b in")  # same sender: one at a time
    assert order.index("c in") < order.index("a out")  # another sender is not held up


@pytest.mark.redis
async def test_no_sender_id_is_written_in_redis(redis_url: str) -> None:
    """Issue 18: the lock's keys named the sender ("sms:+336…") for 10 minutes after
    an erase; they are a keyed hash now."""
    prefix = f"test:{time.time_ns()}:"
    locks = RedisLockStore(Redis.from_url(redis_url), prefix=prefix, key=b"k")
    redis = Redis.from_url(redis_url)
    async with locks.lock("sms:+33612345678"):
        keys = [k.decode() for k in await redis.keys(prefix + "*")]
    assert keys and not [k for k in keys if "612345678" in k or "sms:" in k], keys
    assert locks.key_of("a") != RedisLockStore(redis, prefix=prefix, key=b"j").key_of("a")
