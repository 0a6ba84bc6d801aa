"""Rate limits per sender, per event, per IP and per API token (issue 18)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from redis.asyncio import Redis
from sqlalchemy import event
from twilio.request_validator import RequestValidator

from bot.app import create_app
from bot.ratelimit import Limit, Limits, RateLimiter
from bot.settings import Settings
from tests.conversations.sms import WEBHOOK

NONE = Limit("none", 0, 60)


def _limits(**given: Limit) -> Limits:
    values = dict.fromkeys(Limits.__dataclass_fields__, NONE)
    return Limits(**{**values, **given})  # type: ignore[arg-type]


@pytest.fixture(params=["memory", "redis"])
async def limiter(request: pytest.FixtureRequest) -> AsyncIterator[RateLimiter]:
    if request.param == "memory":
        yield RateLimiter(_limits())
        return
    url = request.getfixturevalue("redis_url")
    redis = Redis.from_url(url)
    # keys of its own: other runs share this Redis (never flush it)
    found = RateLimiter(_limits(), redis, prefix=f"test-{uuid.uuid4().hex}:")
    yield found
    await found.close()


async def test_a_sliding_window_refuses_past_its_limit_then_lets_through(
    limiter: RateLimiter,
) -> None:
    three = Limit("test", 3, 0.5)
    assert [await limiter.hit(three, "web:a") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = await limiter.hit(three, "web:a")
    assert 0 < wait <= 0.5
    assert await limiter.hit(three, "web:b") == 0.0  # another sender is not affected
    await asyncio.sleep(wait + 0.05)
    assert await limiter.hit(three, "web:a") == 0.0


async def test_parallel_hits_never_pass_the_limit(limiter: RateLimiter) -> None:
    five = Limit("race", 5, 60)
    waits = await asyncio.gather(*(limiter.hit(five, "tg:1") for _ in range(40)))
    assert sum(1 for w in waits if w == 0) == 5


async def test_redis_keeps_no_identity_in_clear(redis_url: str) -> None:
    redis = Redis.from_url(redis_url)
    prefix = f"test-{uuid.uuid4().hex}:"
    limiter = RateLimiter(_limits(), redis, prefix=prefix)
    await limiter.hit(Limit("msg", 3, 60), "sms:+33612345678")
    keys = [k.decode() for k in await redis.keys(prefix + "*")]
    await limiter.close()
    assert keys and not any("3361" in k for k in keys)


async def test_redis_keys_cannot_be_found_back_by_hashing_phone_numbers(redis_url: str) -> None:
    """A plain SHA-256 of "msg|sms:+33…" is reversed by hashing the 10^8 French mobile
    numbers: the keys are an HMAC under the application secret."""
    import hashlib

    redis = Redis.from_url(redis_url)
    prefix = f"test-{uuid.uuid4().hex}:"
    sender = "sms:+33612345678"
    limiters = [RateLimiter(_limits(), redis, key=k, prefix=prefix) for k in (b"a" * 32, b"b" * 32)]
    for limiter in limiters:
        await limiter.hit(Limit("msg", 3, 60), sender)
    keys = {k.decode() for k in await redis.keys(prefix + "*")}
    await limiters[0].close()
    plain = hashlib.sha256(f"msg|{sender}".encode()).hexdigest()[:32]
    assert len(keys) == 2 and not any(plain in k for k in keys)


async def test_windows_hit_in_order_count_until_the_first_refusal(limiter: RateLimiter) -> None:
    """A message counts against its sender, then its address: each window is counted
    until one refuses; that one and those after it count nothing (as hits one by one)."""
    who = uuid.uuid4().hex
    sender, address, off = Limit("s", 2, 60), Limit("a", 1, 60), Limit("off", 0, 60)
    windows = [(off, who), (sender, who), (address, who)]
    assert await limiter.first_refused(windows) is None  # both counted
    assert await limiter.first_refused(windows) == 2  # the address is full; the sender counted
    assert await limiter.first_refused(windows) == 1  # the sender is full now
    assert await limiter.wait(sender, who) > 0 and await limiter.wait(address, who) > 0
    assert await limiter.first_refused([(address, "another")]) is None


class _CountingRedis(Redis):
    """The real client, counting the commands it sends."""

    sent = 0

    async def execute_command(self, *args: Any, **options: Any) -> Any:
        self.sent += 1
        return await super().execute_command(*args, **options)


async def test_a_messages_windows_cost_one_redis_round_trip(redis_url: str) -> None:
    """The windows a message or a booking counts against (sender, address, event) are
    hit in one script call, not one call each."""
    redis = _CountingRedis.from_url(redis_url)
    limiter = RateLimiter(_booking_limits(), redis, prefix=f"test-{uuid.uuid4().hex}:")
    await limiter.booking_refused("web:a", "evt_0", "198.51.100.1", signed=False)  # loads it
    before = redis.sent
    assert await limiter.booking_refused("web:a", "evt_1", "198.51.100.1", signed=False) is None
    windows = [(Limit("s", 5, 60), "web:a"), (Limit("a", 5, 60), "ip:198.51.100.1")]
    assert await limiter.first_refused(windows) is None
    await limiter.close()
    assert redis.sent - before == 2


def _booking_limits() -> Limits:
    return _limits(
        bookings_per_sender=Limit("book-sender", 5, 3600),
        bookings_per_client=Limit("book-ip", 20, 3600),
        bookings_per_event_client=Limit("book-event-ip", 3, 3600),
        bookings_per_event=Limit("book-event", 60, 3600),
    )


async def test_a_flood_from_a_few_addresses_leaves_the_event_to_others(
    limiter: RateLimiter,
) -> None:
    """200 made-up sender ids at 4 addresses, 5 booking attempts each on one event:
    3 pass per address; a candidate at another address, and an SMS sender, still book."""
    limiter.limits = _booking_limits()
    passed = 0
    for round_ in range(5):
        for k in range(200):
            refused = await limiter.booking_refused(
                f"web:flood-{k}", "evt_1", f"203.0.113.{k % 4}", signed=False
            )
            passed += not refused
            assert refused in (None, "address")  # the flood's addresses pay
        assert passed == 12, round_
    assert not await limiter.booking_refused("web:honest", "evt_1", "198.51.100.7", signed=False)
    assert not await limiter.booking_refused("sms:+33612345678", "evt_1", None, signed=True)


async def test_over_an_events_anonymous_limit_signed_senders_still_book(
    limiter: RateLimiter,
) -> None:
    """Many addresses (a botnet) reach the event's limit of anonymous bookings: the
    anonymous channels are refused that event, SMS and Telegram senders are not."""
    limiter.limits = _booking_limits()
    refusals = [
        await limiter.booking_refused(
            f"web:bot-{k}", "evt_2", f"10.0.{k // 250}.{k % 250}", signed=False
        )
        for k in range(61)
    ]
    assert refusals == [None] * 60 + ["event"]  # told the event is busy, not that they asked
    assert await limiter.booking_refused("web:late", "evt_2", "198.51.100.9", signed=False)
    assert not await limiter.booking_refused("tg:123456", "evt_2", None, signed=True)
    assert not await limiter.booking_refused("web:late", "evt_3", "198.51.100.9", signed=False)


async def test_a_look_tells_how_long_to_wait_and_counts_nothing(limiter: RateLimiter) -> None:
    limit, who = Limit("look", 2, 60), uuid.uuid4().hex
    assert [await limiter.wait(limit, who) for _ in range(5)] == [0.0] * 5
    assert [await limiter.hit(limit, who) for _ in range(2)] == [0.0, 0.0]
    assert 58 < await limiter.wait(limit, who) <= 60
    assert await limiter.hit(limit, who) > 0
    assert await limiter.wait(limit, uuid.uuid4().hex) == 0.0


async def test_a_look_at_the_booking_limits_counts_nothing(limiter: RateLimiter) -> None:
    """Asked when a date is clicked, before the booking is proposed: it says which
    limit would refuse, and never uses up a booking of its own."""
    limiter.limits = _booking_limits()
    for _ in range(10):
        assert await limiter.booking_blocked("web:a", "evt_1", "198.51.100.1", signed=False) is None
    for _ in range(3):
        assert await limiter.booking_refused("web:a", "evt_1", "198.51.100.1", signed=False) is None
    # the address took 3 seats of this event: the 4th is refused, and said before the booking
    assert await limiter.booking_blocked("web:b", "evt_1", "198.51.100.1", signed=False) == (
        "address"
    )
    assert await limiter.booking_blocked("web:b", "evt_2", "198.51.100.1", signed=False) is None
    assert await limiter.booking_refused("web:b", "evt_1", "198.51.100.1", signed=False) == (
        "address"
    )


@pytest.fixture
def limited(settings: Settings) -> Iterator[TestClient]:
    tight = settings.model_copy(
        update={
            "limit_messages_per_minute": 3,
            "limit_parse_per_minute": 2,
            "max_message_chars": 500,
            "api_token": SecretStr("test-token"),
        }
    )
    with TestClient(create_app(tight)) as client:
        yield client


def _say(client: TestClient, sender: str, text: str) -> list[str]:
    response = client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
    assert response.status_code == 200
    return [r.get("text", "") for r in response.json()]


def test_a_flooding_sender_is_told_once_then_ignored(limited: TestClient) -> None:
    for i in range(3):
        assert _say(limited, "web:flood", f"bonjour {i}")
    notice = _say(limited, "web:flood", "encore")
    assert notice == [
        "Vous m'envoyez beaucoup de messages en peu de temps. Attendez une minute, "
        "puis réécrivez-moi."
    ]
    assert _say(limited, "web:flood", "encore") == []  # a flood is not answered one by one
    assert _say(limited, "web:calm", "bonjour")  # other people still get answers


def test_a_refused_message_takes_no_lock_no_nlu_and_no_database(settings: Settings) -> None:
    """A flood past an address's limit is refused before any work: the conversation's
    lock (which every message of that sender would queue on), the NLU and the database
    are never reached, whatever sender id the script makes up."""
    tight = settings.model_copy(
        # no background worker: its rounds would query the database meanwhile
        update={
            "limit_messages_per_ip_minute": 2,
            "trusted_proxies": "127.0.0.1",
            "worker_interval_s": 0,
        }
    )
    with TestClient(create_app(tight), client=("127.0.0.1", 50000)) as client:
        assistant = client.app.state.assistant  # type: ignore[attr-defined]
        work = {"lock": 0, "parse": 0, "sql": 0}
        lock, parse = assistant.processor.locks.lock, assistant.processor.interpreter.parse

        def counted(name: str, call: Any) -> Any:
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                work[name] += 1
                return call(*args, **kwargs)

            return wrapper

        assistant.processor.locks.lock = counted("lock", lock)
        assistant.processor.interpreter.parse = counted("parse", parse)
        event.listen(assistant.engine, "before_cursor_execute", counted("sql", lambda *_: None))
        script = {"X-Forwarded-For": "203.0.113.5"}
        for i in range(2):
            client.post(
                "/webhooks/rest/webhook",
                json={"sender": f"web:script-{i}", "message": "/greet"},
                headers=script,
            )
        assert work["lock"] == 2 and work["parse"] == 2 and work["sql"] > 0
        work.update(lock=0, parse=0, sql=0)
        for i in range(20):
            refused = client.post(
                "/webhooks/rest/webhook",
                json={"sender": f"web:script-{i}", "message": "je veux m'inscrire"},
                headers=script,
            )
            assert refused.status_code == 200 and "beaucoup de messages" in refused.text
        assert work == {"lock": 0, "parse": 0, "sql": 0}


def test_model_parse_is_capped_and_limited(limited: TestClient) -> None:
    too_long = limited.post("/model/parse", json={"text": "a " * 300})
    assert too_long.status_code == 422  # was accepted up to 20,000 characters
    codes = [limited.post("/model/parse", json={"text": "bonjour"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    refused = limited.post("/model/parse", json={"text": "bonjour"})
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    with_token = limited.post(
        "/model/parse",
        json={"text": "bonjour"},
        headers={"Authorization": "Bearer test-token"},
    )
    assert with_token.status_code == 200  # the API token's holder has a window of its own


def test_a_twilio_redelivery_is_not_counted_against_the_sender(settings: Settings) -> None:
    """Twilio retries a webhook it got no answer to in time (same MessageSid): the
    retry of the last message a sender may send in the window is that message,
    answered by its replies again, never the flood notice."""
    tight = settings.model_copy(
        update={
            "limit_messages_per_minute": 3,
            "twilio_auth_token": SecretStr("limits-twilio-token"),
            "public_url": "https://assistant.example.org",
        }
    )
    validator = RequestValidator("limits-twilio-token")

    def deliver(client: TestClient, sid: str, body: str) -> str:
        params = {"MessageSid": sid, "From": "+33612345678", "To": "+33700000000", "Body": body}
        url = f"https://assistant.example.org{WEBHOOK}"
        signature = validator.compute_signature(url, params)
        response = client.post(WEBHOOK, data=params, headers={"X-Twilio-Signature": signature})
        assert response.status_code == 200
        return response.text

    with TestClient(create_app(tight)) as client:
        deliver(client, "SMlimit000000000000000000000000001", "bonjour")
        deliver(client, "SMlimit000000000000000000000000002", "aide")
        last = deliver(client, "SMlimit000000000000000000000000003", "merci")
        assert "<Message>" in last
        again = deliver(client, "SMlimit000000000000000000000000003", "merci")
        assert again == last
        assert "beaucoup de messages" in deliver(client, "SMlimit000000000000000000000000004", "?")
