"""Two nodes behind a real HAProxy (deploy/haproxy.cfg), sharing PostgreSQL and Redis.

The small version of `make bench-cluster`: a counsellor on one node sees live a
handoff raised on the other; conversations whose messages land on
both nodes keep their order and their slots, and killing a node in the middle
loses no message and handles none twice (HAProxy's health check takes the node
out; the clients retry with the same message id, as Twilio and the widget do).
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import httpx
import pytest

from bot.cluster import Cluster, haproxy_binary
from bot.cluster_live import handoff_across_nodes, spread_conversation

TOKEN = "cluster-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PEOPLE = 8
TEXTS = [
    "bonjour",
    "c'est quoi le métier d'aide-soignant ?",
    "combien gagne une auxiliaire de vie ?",
    "c'est quoi une immersion ?",
    "quelle formation pour devenir accompagnant éducatif et social ?",
    "merci",
]

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def cluster(database_url: str, redis_url: str, trained_models: Path, tmp_path: Path) -> Cluster:
    if haproxy_binary() is None:
        pytest.fail("HAProxy is missing: `make test` installs it (make cluster-deps)")
    return Cluster(
        env={
            "AUTONOMIE_DATABASE_URL": database_url,
            "AUTONOMIE_REDIS_URL": redis_url,
            "AUTONOMIE_API_TOKEN": TOKEN,
            "AUTONOMIE_WORKER_INTERVAL_S": "1",
            "AUTONOMIE_INBOX_GRACE_S": "2",
            "AUTONOMIE_LOCK_LIFETIME_S": "5",  # a killed node's lock is skipped soon
        },
        models_dir=trained_models,
        workdir=tmp_path,
    )


async def _say(client: httpx.AsyncClient, sender: str, text: str, message_id: str) -> int:
    """Post until answered, with the same message id (a client retrying); the tries."""
    for attempt in range(1, 30):
        try:
            response = await client.post(
                "/webhooks/rest/webhook",
                json={"sender": sender, "message": text, "message_id": message_id},
                timeout=60,
            )
            if response.status_code == 200:
                return attempt
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.5)
    raise AssertionError(f"{sender}: {text!r} was never answered")


def _served(cluster: Cluster) -> dict[str, int]:
    """How many webhook requests each node's access log shows."""
    return {
        node.name: node.log.read_text("utf-8", errors="replace").count("/webhooks/rest/webhook")
        for node in cluster.members
    }


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_two_nodes_share_conversations_and_survive_one_node_killed(
    cluster: Cluster, database_url: str
) -> None:
    run = uuid.uuid4().hex[:6]
    people = [f"web:c{run}{i}" for i in range(PEOPLE)]
    sent: dict[str, list[str]] = {p: [] for p in people}
    answered = [0]

    async def converse(client: httpx.AsyncClient, person: str, texts: list[str]) -> None:
        for text in texts:
            message_id = uuid.uuid4().hex
            sent[person].append(message_id)
            await _say(client, person, text, message_id)
            answered[0] += 1

    async def scenario() -> None:
        # 0. what the nodes share: a handoff raised on node2 reaches node1's console live,
        # a conversation alternating between them keeps its order and its slots
        node1, node2 = (node.url for node in cluster.members)
        handoff = await handoff_across_nodes(node1, node2, database_url)
        assert handoff["seen_live"], handoff
        spread = await spread_conversation([node1, node2], TOKEN)
        assert spread["in_order"] and not spread["slots_differing"], spread
        assert {"jobs", "driving_licence", "children"} <= set(spread["slots_filled"]), spread
        async with httpx.AsyncClient(base_url=cluster.url) as client:
            # 1. both nodes serve every conversation (round robin, no stickiness)
            await asyncio.gather(*(converse(client, p, TEXTS[:3]) for p in people))
            served = _served(cluster)
            assert all(count >= PEOPLE for count in served.values()), served
            # 2. node2 dies in the middle of the rest of the load
            rest = asyncio.gather(*(converse(client, p, TEXTS[3:]) for p in people))
            while answered[0] < PEOPLE * 3 + PEOPLE // 2:  # the load is under way
                await asyncio.sleep(0.02)
            cluster.kill("node2")
            assert answered[0] < PEOPLE * len(TEXTS), "the kill came after the load"
            await rest

    with cluster:
        asyncio.run(scenario())
        with httpx.Client(base_url=cluster.url, headers=AUTH, timeout=30) as http:
            trackers = {p: http.get(f"/conversations/{p}/tracker").json() for p in people}

    for person, tracker in trackers.items():
        users = [e for e in tracker["events"] if e["event"] == "user"]
        # every message stored once, in the order it was sent, whichever node took it
        assert [e["message_id"] for e in users] == sent[person], person
        assert [e["text"] for e in users] == TEXTS
        # and every one of them answered
        replies = {i for i, e in enumerate(tracker["events"]) if e["event"] == "bot"}
        starts = [i for i, e in enumerate(tracker["events"]) if e["event"] == "user"]
        for start, end in zip(starts, [*starts[1:], len(tracker["events"])], strict=True):
            assert any(start < i < end for i in replies), (person, tracker["events"][start])
