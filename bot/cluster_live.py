"""What two nodes must share, checked on a running cluster (`make bench-cluster`, the
cluster test): a counsellor logged in on one node sees live a handoff raised on the
other (Redis pub/sub), and a conversation whose messages alternate between the nodes
keeps its order and ends with the slots it has on one node alone.

The nodes are reached directly, not through the balancer, so each step lands on the
node it names.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import time
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import httpx
from sqlalchemy.orm import sessionmaker

__all__ = ["QUALIFICATION", "handoff_across_nodes", "spread_conversation"]

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
#: a qualification dialogue: its slots must not depend on which node took each message
QUALIFICATION = [
    "je veux devenir aide-soignante",
    "/affirm",
    "j'habite à Mérignac, j'ai le permis et deux enfants",
    "c'est quoi une immersion ?",
    "merci",
]


def _counsellor(database_url: str) -> tuple[str, str]:
    """A counsellor of the default team in the shared database: (e-mail, password)."""
    from bot.console.auth import Accounts
    from bot.storage.db import make_engine

    email, password = "bench-cluster@example.org", secrets.token_urlsafe(16)
    engine = make_engine(database_url)
    try:
        accounts = Accounts(sessionmaker(engine), lifetime=timedelta(hours=1), idle=timedelta(1))
        accounts.create(email, "Banc", "national", "counsellor", password)
    finally:
        engine.dispose()
    return email, password


def _cookies(response: httpx.Response, jar: dict[str, str]) -> dict[str, str]:
    # sent by hand: a node reached on 127.0.0.x sets Secure cookies, which a client
    # keeps to itself over plain http
    return {**jar, **{c.name: c.value or "" for c in response.cookies.jar}}


def _header(jar: dict[str, str]) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{name}={value}" for name, value in jar.items())}


async def _login(client: httpx.AsyncClient, email: str, password: str) -> dict[str, str]:
    page = await client.get("/console/login")
    jar = _cookies(page, {})
    match = _CSRF.search(page.text)
    if match is None:
        raise RuntimeError(f"{client.base_url}: no login form ({page.status_code})")
    form = {"email": email, "password": password, "csrf_token": match[1]}
    done = await client.post("/console/login", data=form, headers=_header(jar))
    if done.status_code != 303:
        raise RuntimeError(f"{client.base_url}: login refused ({done.status_code})")
    return _cookies(done, jar)


async def handoff_across_nodes(
    watcher_url: str, candidate_url: str, database_url: str, timeout_s: float = 10.0
) -> dict[str, Any]:
    """A counsellor's live stream open on `watcher_url`; a person asks for a human on
    `candidate_url`: whether the queue event reached the stream, and how fast."""
    email, password = _counsellor(database_url)
    sender = f"web:handoff-{uuid.uuid4().hex[:8]}"
    opened = asyncio.Event()
    said_hello = asyncio.Event()

    async def watch(client: httpx.AsyncClient, jar: dict[str, str]) -> None:
        timeout = httpx.Timeout(10, read=timeout_s + 20)
        stream = client.stream("GET", "/console/stream", headers=_header(jar), timeout=timeout)
        async with stream as live:
            kind = ""
            async for line in live.aiter_lines():
                if line.startswith("event: "):
                    kind = line[7:]
                    if kind == "hello":
                        said_hello.set()
                elif line.startswith("data: ") and kind == "queue":
                    data = json.loads(line[6:])
                    if data.get("sender_id") == sender and data.get("change") == "opened":
                        opened.set()
                        return

    async with (
        httpx.AsyncClient(base_url=watcher_url, timeout=30) as console,
        httpx.AsyncClient(base_url=candidate_url, timeout=30) as candidate,
    ):
        jar = await _login(console, email, password)
        watching = asyncio.create_task(watch(console, jar))
        try:
            await asyncio.wait_for(said_hello.wait(), 15)
            started = time.perf_counter()
            reply = await candidate.post(
                "/webhooks/rest/webhook", json={"sender": sender, "message": "/human_handoff"}
            )
            reply.raise_for_status()
            try:
                await asyncio.wait_for(opened.wait(), timeout_s)
            except TimeoutError:
                return {"seen_live": False, "latency_ms": None}
            return {"seen_live": True, "latency_ms": round(1000 * (time.perf_counter() - started))}
        finally:
            watching.cancel()


async def _converse(urls: list[str], sender: str, texts: list[str], token: str) -> dict[str, Any]:
    """`texts` from `sender`, message i to urls[i % len(urls)]; the stored tracker."""
    clients = [httpx.AsyncClient(base_url=url, timeout=60) for url in urls]
    sent = []
    try:
        for index, text in enumerate(texts):
            message_id = uuid.uuid4().hex
            sent.append(message_id)
            body = {"sender": sender, "message": text, "message_id": message_id}
            response = await clients[index % len(clients)].post("/webhooks/rest/webhook", json=body)
            response.raise_for_status()
        tracker = await clients[0].get(
            f"/conversations/{quote(sender)}/tracker",
            headers={"Authorization": f"Bearer {token}"},
        )
        tracker.raise_for_status()
    finally:
        for client in clients:
            await client.aclose()
    events = tracker.json()
    stored = [e.get("message_id") for e in events["events"] if e["event"] == "user"]
    return {"in_order": stored == sent, "slots": events.get("slots") or {}}


async def spread_conversation(urls: list[str], token: str) -> dict[str, Any]:
    """The qualification dialogue alternating between the nodes, and the same on the
    first node alone: order kept, and the slots the same (the differing ones listed)."""
    run = uuid.uuid4().hex[:8]
    spread = await _converse(urls, f"web:spread-{run}", QUALIFICATION, token)
    alone = await _converse(urls[:1], f"web:alone-{run}", QUALIFICATION, token)
    differ = sorted(
        name
        for name in {*spread["slots"], *alone["slots"]}
        if spread["slots"].get(name) != alone["slots"].get(name)
    )
    filled = sorted(name for name, value in spread["slots"].items() if value not in (None, [], ""))
    return {
        "messages": len(QUALIFICATION),
        "in_order": spread["in_order"] and alone["in_order"],
        "slots_filled": filled,
        "slots_differing": differ,
    }
