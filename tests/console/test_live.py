"""Live updates over SSE against a real server: the queue, the badge, the latency,
and several processes sharing events through Redis."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import httpx
import pytest

from bot.settings import Settings
from tests.console.live import listening, live_server, login, with_departement

REQUESTS = 50


@pytest.fixture(autouse=True)
def quick_heartbeat(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pings every 0.3 s, so that streams and servers stop quickly after a test."""
    monkeypatch.setattr("bot.console.stream.HEARTBEAT_S", 0.3)


def _settings(tmp_path: Path, **extra: object) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite:///{tmp_path}/live.db",
        api_token="test-token",  # type: ignore[arg-type]
        load_models=False,
        **extra,  # type: ignore[arg-type]
    )


def test_a_handoff_reaches_the_console_live_p95(tmp_path: Path) -> None:
    latencies = []
    with (
        live_server(_settings(tmp_path, redis_url=None)) as (url, app),
        listening(login(url, "nadia")) as nadia,
        listening(login(url, "sophie")) as sophie,
        httpx.Client(base_url=url, timeout=10) as candidate,
    ):
        for i in range(REQUESTS):
            sender = f"web:live-{i}"
            with_departement(app, sender, "33")
            started = time.perf_counter()
            reply = candidate.post(
                "/webhooks/rest/webhook", json={"sender": sender, "message": "/human_handoff"}
            )
            assert reply.status_code == 200
            arrived = nadia.wait("queue", sender_id=sender, change="opened")
            latencies.append(arrived - started)
        last = [data for _at, kind, data in nadia.events if kind == "queue"][-1]
        assert last["open_count"] == REQUESTS  # the badge's number
        assert sophie.arrived("queue", team="33") is None  # Nord hears nothing of Gironde
    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * len(latencies)) - 1]
    print(
        f"\nhandoff → console (SSE), {REQUESTS} requests: p50 {p50 * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms"
    )
    assert p95 < 1.0


def test_the_stream_needs_a_session(tmp_path: Path) -> None:
    with live_server(_settings(tmp_path, redis_url=None), seed=False) as (url, _app):
        assert httpx.get(f"{url}/console/stream", timeout=5).status_code == 401


@pytest.mark.redis
def test_processes_share_events_through_redis(tmp_path: Path, redis_url: str) -> None:
    """Two servers on one database: the candidate talks to one, the counsellor
    watches the other."""
    settings = _settings(tmp_path, redis_url=redis_url)
    with (
        live_server(settings) as (url_a, app_a),
        live_server(settings, seed=False) as (url_b, _b),
        listening(login(url_b, "nadia")) as nadia,
    ):
        with_departement(app_a, "web:redis", "33")
        started = time.perf_counter()
        httpx.post(
            f"{url_a}/webhooks/rest/webhook",
            json={"sender": "web:redis", "message": "/human_handoff"},
            timeout=10,
        )
        arrived = nadia.wait("queue", sender_id="web:redis", change="opened")
        # later messages of the conversation too
        httpx.post(
            f"{url_a}/webhooks/rest/webhook",
            json={"sender": "web:redis", "message": "/help"},
            timeout=10,
        )
        nadia.wait("conversation", sender_id="web:redis")
    elapsed = (arrived - started) * 1000
    print(f"\nhandoff on server A → console on server B via Redis: {elapsed:.1f} ms")
