"""Two workers on PostgreSQL and Redis (`autonomie serve --workers 2`): no message
lost or handled twice, one person's messages one at a time even when they reach
both processes, the last seat of an event booked once, and the models loaded once
(the workers are forked after loading them and share their memory)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date
from pathlib import Path

import httpx
import psutil
import pytest
from sqlalchemy import func, select

from bot.dialogue.events import BotUttered, UserUttered
from bot.dialogue.store import TrackerStore
from bot.storage.db import make_engine, make_session_factory, upgrade
from platform_server.db import upgrade as upgrade_platform
from platform_server.seed import seed_demo
from platform_server.tables import PlatformBooking, PlatformEvent
from tests.resilience.server import Server

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 30
PAIRS = 5  # each person sends 5 pairs of messages, the two of a pair at once
CANDIDATES_FOR_LAST_SEAT = 20
TEXTS = [
    "bonjour",
    "c'est quoi le métier d'aide-soignant ?",
    "combien gagne une auxiliaire de vie ?",
    "quelle formation pour devenir accompagnant éducatif et social ?",
    "est-ce qu'il faut le permis pour être aide à domicile ?",
    "c'est quoi une immersion ?",
    "quelles aides pour garder mes enfants pendant la formation ?",
    "merci",
]


def _memory_mib(pid: int) -> tuple[float, float]:
    """(RSS, PSS): PSS divides each shared page among the processes that map it."""
    info = psutil.Process(pid).memory_full_info()
    return info.rss / 2**20, info.pss / 2**20


def _maps_torch(pid: int) -> bool:
    return "libtorch" in Path(f"/proc/{pid}/maps").read_text(encoding="utf-8")


def _cpu_seconds(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


async def _post(client: httpx.AsyncClient, sender: str, text: str, message_id: str) -> list:
    body = {"sender": sender, "message": text, "message_id": message_id}
    response = await client.post("/webhooks/rest/webhook", json=body, timeout=120)
    assert response.status_code == 200, response.text
    replies: list = response.json()
    return replies


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_two_workers_lose_nothing_repeat_nothing_and_never_overbook(
    database_url: str, redis_url: str, trained_models: Path, tmp_path: Path
) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    upgrade_platform(engine)  # the platform child shares the database
    sessions = make_session_factory(engine)
    seed_demo(sessions, date.today())
    with sessions() as session:
        last_seat = session.scalars(
            select(PlatformEvent).where(PlatformEvent.seats_left == 1).order_by(PlatformEvent.id)
        ).first()
        assert last_seat is not None
        event_id = last_seat.id
    run = uuid.uuid4().hex[:6]
    people = [f"web:w{run}{i:02d}" for i in range(PEOPLE)]
    candidates = [f"web:b{run}{i:02d}" for i in range(CANDIDATES_FOR_LAST_SEAT)]
    server = Server(
        {
            "AUTONOMIE_DATABASE_URL": database_url,
            "AUTONOMIE_REDIS_URL": redis_url,
            "AUTONOMIE_MODELS_DIR": str(trained_models),
            "AUTONOMIE_WORKER_INTERVAL_S": "1",
        },
        tmp_path,
        workers=2,
    )
    received: dict[str, list] = {}

    async def person(sender: str, client: httpx.AsyncClient) -> None:
        for pair in range(PAIRS):
            ids = [f"{sender}-{pair}a", f"{sender}-{pair}b"]
            texts = [TEXTS[(2 * pair) % len(TEXTS)], TEXTS[(2 * pair + 1) % len(TEXTS)]]
            answers = await asyncio.gather(
                *(_post(client, sender, t, i) for t, i in zip(texts, ids, strict=True))
            )
            received.update(zip(ids, answers, strict=True))

    async def candidate(sender: str, client: httpx.AsyncClient) -> list:
        offer = f'/book_event{{"event_id": "{event_id}"}}'
        await _post(client, sender, offer, f"{sender}-offer")
        return await _post(client, sender, "/affirm", f"{sender}-yes")

    async def burst() -> list[list]:
        # a fresh connection per request: the kernel spreads them over both workers
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=0)
        async with httpx.AsyncClient(base_url=server.url, limits=limits) as client:
            await asyncio.gather(*(person(s, client) for s in people))
            return list(await asyncio.gather(*(candidate(s, client) for s in candidates)))

    try:
        server.start(timeout_s=180)
        serving = server.pids()
        workers = serving[1:]
        before = {pid: _cpu_seconds(pid) for pid in workers}
        confirmations = asyncio.run(burst())
        worked = {pid: _cpu_seconds(pid) - before[pid] for pid in workers}
        memory = {pid: _memory_mib(pid) for pid in serving}
        torch_mapped = [pid for pid in serving if _maps_torch(pid)]
    finally:
        server.stop()

    assert len(workers) >= 2
    # the serving processes run the ONNX encoder: PyTorch is never loaded
    assert torch_mapped == []
    # the models are shared: parent and workers together take less than 1.5 times the
    # memory of one of them (workers each loading their own models take about twice)
    rss_largest = max(rss for rss, _pss in memory.values())
    assert sum(pss for _rss, pss in memory.values()) < 1.5 * rss_largest, memory
    # both processes handled turns (a process handles a turn in roughly 20 ms of CPU)
    assert sorted(worked.values())[-2] > 0.5, worked

    store = TrackerStore(sessions, ())
    for sender in people:
        events = store.retrieve(sender).events
        users = [e for e in events if isinstance(e, UserUttered)]
        ids = [e.message_id for e in users]
        assert sorted(ids) == sorted(f"{sender}-{p}{x}" for p in range(PAIRS) for x in "ab")
        # one turn at a time: each message is followed by its own answer
        turns: dict[str, list[str | None]] = {}
        for event in events:
            if isinstance(event, UserUttered):
                current = event.message_id or ""
                turns[current] = []
            elif isinstance(event, BotUttered):
                turns[current].append(event.text)
        for message_id, texts in turns.items():
            assert texts, f"{message_id} was never answered"
            assert [m.get("text") for m in received[message_id]] == texts

    booked = [c for c in confirmations if any("C'est fait" in (m.get("text") or "") for m in c)]
    assert len(booked) == 1, "the last seat must be booked exactly once"
    with sessions() as session:
        confirmed = session.scalar(
            select(func.count(PlatformBooking.id)).where(
                PlatformBooking.event_id == event_id, PlatformBooking.status == "confirmed"
            )
        )
        seats_left = session.scalar(
            select(PlatformEvent.seats_left).where(PlatformEvent.id == event_id)
        )
    assert (confirmed, seats_left) == (1, 0)
    engine.dispose()
    print(f"\ntwo workers: CPU seconds per worker during the burst {worked}")
    print(f"(RSS, PSS) MiB of the parent and the workers: {memory}")
