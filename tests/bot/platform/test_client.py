"""PlatformClient against a scripted transport: retries, breaker, typed errors."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Callable

import httpx
import pytest

from bot.errors import AutonomieError
from bot.platform.client import PlatformClient
from bot.platform.errors import PlatformError, PlatformRejected, PlatformUnavailable
from bot.platform.resilience import CircuitBreaker, RetryPolicy
from bot.platform.wire import ResilientHttp
from bot.settings import Settings

EVENT = {
    "id": "evt_1",
    "type": "job_dating",
    "title": "Job dating aide à domicile",
    "description": "…",
    "starts_at": "2030-01-10T09:00:00+01:00",
    "ends_at": "2030-01-10T12:00:00+01:00",
    "departement": "33",
    "address": "1 place de la Mairie",
    "commune": "Mérignac",
    "postal_code": "33700",
    "lat": 44.83,
    "lon": -0.68,
    "online": False,
    "capacity": 40,
    "seats_left": 3,
    "full": False,
    "jobs": ["aide_domicile"],
    "a_field_added_later": {"ignored": True},
}
BOOKING = {
    "id": "bkg_1",
    "event_id": "evt_1",
    "candidate_ref": "fatou",
    "status": "confirmed",
    "created_at": "2030-01-01T10:00:00+01:00",
    "event": EVENT,
}

Handler = Callable[[httpx.Request], httpx.Response]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Script:
    """Answers requests from a list of responses (or exceptions), recording them."""

    def __init__(self, *answers: httpx.Response | Exception | Handler) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer) and not isinstance(answer, httpx.Response):
            return answer(request)
        return answer


def make_client(
    script: Script | Handler, *, attempts: int = 3, threshold: int = 5, clock: Clock | None = None
) -> tuple[PlatformClient, list[float]]:
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    http = httpx.AsyncClient(
        base_url="http://platform.test",
        transport=httpx.MockTransport(script),
        headers={"X-Platform-Key": "k"},
    )
    client = PlatformClient(
        ResilientHttp(
            http,
            retry=RetryPolicy(attempts=attempts, base_delay_s=0.2, max_delay_s=2.0),
            breaker=CircuitBreaker(threshold=threshold, cooldown_s=30, clock=clock or Clock()),
            deadline_s=0.5,
            sleep=fake_sleep,
            rng=random.Random(7),
        )
    )
    return client, sleeps


def ok(body: object, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json=body)


async def test_retries_with_backoff_then_succeeds_with_the_same_idempotency_key() -> None:
    script = Script(httpx.Response(503), httpx.ConnectError("refused"), ok(BOOKING, 201))
    client, sleeps = make_client(script)
    booking = await client.book("evt_1", "fatou", "key-1")
    assert booking.id == "bkg_1" and booking.event.commune == "Mérignac"
    assert len(script.requests) == 3
    assert {r.headers["Idempotency-Key"] for r in script.requests} == {"key-1"}
    assert all(r.headers["X-Platform-Key"] == "k" for r in script.requests)
    assert json.loads(script.requests[0].content) == {"event_id": "evt_1", "candidate_ref": "fatou"}
    assert len(sleeps) == 2 and 0 <= sleeps[0] <= 0.2 and 0 <= sleeps[1] <= 0.4
    assert client.breaker.state == "closed"


async def test_gives_up_after_the_attempts_with_platform_unavailable() -> None:
    script = Script(httpx.Response(502))
    client, sleeps = make_client(script, attempts=3)
    with pytest.raises(PlatformUnavailable) as caught:
        await client.search_events(44.8, -0.6)
    assert caught.value.reason == "server_error" and caught.value.status == 502
    assert len(script.requests) == 3 and len(sleeps) == 2


async def test_a_non_idempotent_call_is_tried_once() -> None:
    script = Script(httpx.Response(500))
    client, _ = make_client(script)
    with pytest.raises(PlatformUnavailable):
        await client.decide_immersion("imm_1", "validated", "ok")
    assert len(script.requests) == 1


async def test_a_refusal_is_typed_not_retried_and_keeps_the_circuit_closed() -> None:
    script = Script(ok({"code": "event_full", "detail": "Cet événement est complet."}, 409))
    client, sleeps = make_client(script, threshold=1)
    for _ in range(3):
        with pytest.raises(PlatformRejected) as caught:
            await client.book("evt_1", "fatou", "key-1")
        assert caught.value.code == "event_full" and caught.value.status == 409
    assert len(script.requests) == 3 and sleeps == []
    assert client.breaker.state == "closed"
    assert issubclass(PlatformRejected, PlatformError) and issubclass(PlatformError, AutonomieError)


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (httpx.Response(200, content=b"<html>proxy error</html>"), "bad_response"),
        (ok({"items": "not a list", "total": 1}), "bad_response"),
        (httpx.Response(500, json={"code": "oops"}), "server_error"),
        (httpx.ReadTimeout("slow"), "timeout"),
        (httpx.ConnectError("refused"), "connection"),
    ],
)
async def test_garbage_errors_and_timeouts_are_platform_unavailable(
    answer: httpx.Response | Exception, reason: str
) -> None:
    client, _ = make_client(Script(answer), attempts=1)
    with pytest.raises(PlatformUnavailable) as caught:
        await client.search_events(44.8, -0.6)
    assert caught.value.reason == reason


async def test_a_hanging_platform_hits_the_overall_deadline() -> None:
    async def hang(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(10)
        return ok({})

    http = httpx.AsyncClient(base_url="http://p.test", transport=httpx.MockTransport(hang))
    client = PlatformClient(ResilientHttp(http, retry=RetryPolicy(attempts=1), deadline_s=0.1))
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(PlatformUnavailable) as caught:
        await client.event("evt_1")
    assert caught.value.reason == "timeout" and loop.time() - started < 2


async def test_circuit_opens_after_failures_and_closes_after_a_good_trial() -> None:
    clock = Clock()
    healthy = False

    def platform(request: httpx.Request) -> httpx.Response:
        return ok(EVENT) if healthy else httpx.Response(503)

    script = Script(platform)
    client, _ = make_client(script, attempts=1, threshold=3, clock=clock)
    for _ in range(3):
        with pytest.raises(PlatformUnavailable):
            await client.event("evt_1")
    assert client.breaker.state == "open" and len(script.requests) == 3

    with pytest.raises(PlatformUnavailable) as caught:
        await client.event("evt_1")
    assert caught.value.reason == "circuit_open" and len(script.requests) == 3  # failed fast

    clock.now += 31  # cool-down over: one trial; it fails, so the circuit opens again
    assert client.breaker.state == "half_open"
    with pytest.raises(PlatformUnavailable) as caught:
        await client.event("evt_1")
    assert caught.value.reason == "server_error" and client.breaker.state == "open"
    assert len(script.requests) == 4

    clock.now += 31
    healthy = True
    assert (await client.event("evt_1")).id == "evt_1"
    assert client.breaker.state == "closed"
    assert (await client.event("evt_1")).id == "evt_1" and len(script.requests) == 6


async def test_half_open_lets_a_single_trial_through() -> None:
    clock = Clock()
    release = asyncio.Event()

    async def slow_recovery(request: httpx.Request) -> httpx.Response:
        await release.wait()
        return ok(EVENT)

    http = httpx.AsyncClient(base_url="http://p.test", transport=httpx.MockTransport(slow_recovery))
    breaker = CircuitBreaker(threshold=1, cooldown_s=30, clock=clock)
    breaker.record_failure()
    clock.now += 31
    client = PlatformClient(
        ResilientHttp(http, retry=RetryPolicy(attempts=1), breaker=breaker, deadline_s=5)
    )
    trial = asyncio.create_task(client.event("evt_1"))
    await asyncio.sleep(0.01)
    with pytest.raises(PlatformUnavailable) as caught:
        await client.event("evt_1")  # a second caller does not pile on
    assert caught.value.reason == "circuit_open"
    release.set()
    assert (await trial).id == "evt_1" and breaker.state == "closed"


async def test_platform_for_is_none_where_there_is_no_platform() -> None:
    missing = ok({"code": "platform_not_found", "detail": "Pas de plateforme"}, 404)
    client, _ = make_client(Script(missing))
    assert await client.platform_for("40") is None
    client, _ = make_client(Script(ok({"code": "unauthorized", "detail": "clé"}, 401)))
    with pytest.raises(PlatformRejected):
        await client.platform_for("33")


async def test_search_sends_the_filters_as_query_parameters() -> None:
    script = Script(ok({"items": [EVENT], "total": 1}))
    client, _ = make_client(script)
    events = await client.search_events(
        44.8, -0.6, 25, type=["job_dating", "forum"], job="aes", date_from=None
    )
    assert [e.id for e in events] == ["evt_1"]
    query = script.requests[0].url.params
    assert query.get_list("type") == ["job_dating", "forum"]
    assert query["job"] == "aes" and query["radius_km"] == "25" and "date_from" not in query
    assert query["include_full"] == "false"


def test_a_remote_platform_needs_a_key() -> None:
    settings = Settings(_env_file=None, platform_url="http://platform.example")  # type: ignore[call-arg]
    with pytest.raises(PlatformError):
        PlatformClient.from_settings(settings)
