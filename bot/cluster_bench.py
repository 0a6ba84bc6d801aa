"""`make bench-cluster`: one node against two behind HAProxy, then a node killed mid-load.

Prints a Markdown report and writes it as JSON (var/bench-cluster.json). Needs
PostgreSQL and Redis (AUTONOMIE_TEST_POSTGRES_URL, AUTONOMIE_TEST_REDIS_URL, the
make defaults) and HAProxy (make cluster-deps). Never part of `make test`.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

import httpx

from bot.bench import percentile, questions
from bot.bench_load import run_load
from bot.cluster import Cluster

TOKEN = "bench-cluster"


def _env(database_url: str, redis_url: str) -> dict[str, str]:
    return {
        "AUTONOMIE_DATABASE_URL": database_url,
        "AUTONOMIE_REDIS_URL": redis_url,
        "AUTONOMIE_API_TOKEN": TOKEN,
        "AUTONOMIE_WORKER_INTERVAL_S": "1",
        "AUTONOMIE_INBOX_GRACE_S": "2",
        "AUTONOMIE_LOCK_LIFETIME_S": "5",
    }


def throughput(env: dict[str, str], models: Path, nodes: int, seconds: float) -> dict[str, Any]:
    """KB answers a second through HAProxy, each node pinned to a core of its own."""
    with (
        tempfile.TemporaryDirectory(prefix="autonomie-cluster-") as tmp,
        Cluster(env, models, Path(tmp), nodes=nodes, pin_cpus=True) as cluster,
    ):
        job = {
            "url": cluster.url,
            "scenario": "kb",
            "requests": 100_000,
            "seconds": seconds,
            "concurrency": 8 * nodes,
            "questions": questions(),
            "run": uuid.uuid4().hex[:6],
        }
        result = asyncio.run(run_load(job))
    latencies = result["latencies_ms"]
    return {
        "nodes": nodes,
        "requests": len(latencies),
        "errors": result["errors"],
        "rps": round(len(latencies) / result["elapsed_s"], 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
    }


async def _kill_run(cluster: Cluster, people: int, texts: list[str]) -> dict[str, Any]:
    sent: dict[str, list[str]] = {}
    answered = [0]
    refused = [0]
    total = people * len(texts)

    async def converse(client: httpx.AsyncClient, person: str) -> None:
        sent[person] = []
        for text in texts:
            message_id = uuid.uuid4().hex
            sent[person].append(message_id)
            body = {"sender": person, "message": text, "message_id": message_id}
            for _attempt in range(30):  # a client retrying with the same id
                try:
                    response = await client.post("/webhooks/rest/webhook", json=body, timeout=60)
                    if response.status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                refused[0] += 1
                await asyncio.sleep(0.5)
            answered[0] += 1

    async with httpx.AsyncClient(base_url=cluster.url) as client:
        run = asyncio.gather(
            *(converse(client, f"web:k{uuid.uuid4().hex[:8]}") for _ in range(people))
        )
        while answered[0] < total // 3:
            await asyncio.sleep(0.02)
        cluster.kill("node2")
        killed_at = answered[0]
        await run
        lost = duplicated = 0
        for person, ids in sent.items():
            tracker = (
                await client.get(
                    f"/conversations/{person}/tracker",
                    headers={"Authorization": f"Bearer {TOKEN}"},
                    timeout=60,
                )
            ).json()
            stored = [e.get("message_id") for e in tracker["events"] if e["event"] == "user"]
            lost += sum(1 for i in ids if i not in stored)
            duplicated += len(stored) - len(set(stored))
    return {
        "messages": total,
        "killed_after": killed_at,
        "failed_requests_retried": refused[0],
        "lost": lost,
        "duplicated": duplicated,
    }


def kill_mid_load(env: dict[str, str], models: Path, people: int = 40) -> dict[str, Any]:
    texts = questions()[:6]
    with (
        tempfile.TemporaryDirectory(prefix="autonomie-cluster-") as tmp,
        Cluster(env, models, Path(tmp), nodes=2) as cluster,
    ):
        return asyncio.run(_kill_run(cluster, people, texts))


def markdown(report: dict[str, Any]) -> str:
    one, two = report["one_node"], report["two_nodes"]
    kill = report["kill"]
    return "\n".join(
        [
            "| topology | KB answers/s | p95 ms | errors |",
            "|---|---:|---:|---:|",
            f"| 1 node (1 core) behind HAProxy | {one['rps']} | {one['p95_ms']} | "
            f"{one['errors']} |",
            f"| 2 nodes (1 core each) behind HAProxy | {two['rps']} | {two['p95_ms']} | "
            f"{two['errors']} |",
            "",
            f"Scale-out: **{report['scale_out']}×** (aim ≥ 1.8).",
            f"Node killed after {kill['killed_after']} of {kill['messages']} messages: "
            f"**{kill['lost']} lost**, **{kill['duplicated']} handled twice**, "
            f"{kill['failed_requests_retried']} requests retried by the clients.",
        ]
    )


def main() -> None:
    database_url = os.environ.get("AUTONOMIE_TEST_POSTGRES_URL")
    redis_url = os.environ.get("AUTONOMIE_TEST_REDIS_URL")
    if not (database_url and redis_url):
        sys.exit("bench-cluster needs AUTONOMIE_TEST_POSTGRES_URL and AUTONOMIE_TEST_REDIS_URL")
    models = Path(os.environ.get("AUTONOMIE_MODELS_DIR", "models")).resolve()
    seconds = float(os.environ.get("BENCH_SECONDS", "20"))
    env = _env(database_url, redis_url)
    report: dict[str, Any] = {
        "one_node": throughput(env, models, 1, seconds),
        "two_nodes": throughput(env, models, 2, seconds),
        "kill": kill_mid_load(env, models),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }
    report["scale_out"] = round(report["two_nodes"]["rps"] / max(report["one_node"]["rps"], 0.1), 2)
    out = Path("var/bench-cluster.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(markdown(report))


if __name__ == "__main__":
    main()
