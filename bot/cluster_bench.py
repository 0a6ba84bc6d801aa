"""`make bench-cluster`: one node against two behind HAProxy, then a node killed mid-load.

Prints a Markdown report and writes it as JSON (var/bench-cluster.json). Needs
PostgreSQL and Redis (AUTONOMIE_TEST_POSTGRES_URL, AUTONOMIE_TEST_REDIS_URL, the
make defaults) and HAProxy (make cluster-deps). Never part of `make test`.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
import uuid
from pathlib import Path
from typing import Any

from bot.bench import free_port, percentile, questions
from bot.bench_load import run_load
from bot.bench_process import cpu_s
from bot.cluster import Cluster, cluster_env
from bot.cluster_live import handoff_across_nodes, spread_conversation
from bot.cluster_sms import ACCOUNT, AUTH_TOKEN, FROM_NUMBER, FakeTwilioApi, sms_kill_run

TOKEN = "bench-cluster"


def _env() -> tuple[dict[str, str], Path]:
    env, models = cluster_env("bench-cluster")
    env.update(
        {
            "AUTONOMIE_API_TOKEN": TOKEN,
            "AUTONOMIE_WORKER_INTERVAL_S": "1",
            "AUTONOMIE_INBOX_GRACE_S": "2",
            "AUTONOMIE_LOCK_LIFETIME_S": "5",
        }
    )
    return env, models


def throughput(env: dict[str, str], models: Path, nodes: int, seconds: float) -> dict[str, Any]:
    """KB answers a second through HAProxy, each node pinned to a core of its own; the
    nodes' CPU per answer (the machine is shared: CPU is what compares across runs)."""
    with (
        tempfile.TemporaryDirectory(prefix="autonomie-cluster-") as tmp,
        Cluster(env, models, Path(tmp), nodes=nodes, pin_cpus=True) as cluster,
    ):
        pids = [node.process.pid for node in cluster.members if node.process is not None]
        job = {
            "url": cluster.url,
            "scenario": "kb",
            "requests": 100_000,
            "seconds": seconds,
            "concurrency": 8 * nodes,
            "questions": questions(),
            "run": uuid.uuid4().hex[:6],
        }
        # a node's first turns pay for lazy set-ups (pools, caches): not measured
        asyncio.run(run_load({**job, "requests": 20 * nodes, "seconds": 10}))
        cpu_before = sum(cpu_s(pid) for pid in pids)
        result = asyncio.run(run_load(job))
        cpu = sum(cpu_s(pid) for pid in pids) - cpu_before
    latencies = result["latencies_ms"]
    return {
        "nodes": nodes,
        "requests": len(latencies),
        "errors": result["errors"],
        "error_kinds": result["error_kinds"],
        "rps": round(len(latencies) / result["elapsed_s"], 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "cpu_ms_per_answer": round(1000 * cpu / max(1, len(latencies)), 1),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def kill_mid_load(env: dict[str, str], models: Path, people: int = 40) -> dict[str, Any]:
    """First what the nodes share (a handoff raised on node2 seen live on node1, a
    conversation alternating between them); then SMS conversations through HAProxy,
    node2 SIGKILLed a third of the way."""
    texts = questions()[:6]
    with FakeTwilioApi() as twilio, tempfile.TemporaryDirectory(prefix="autonomie-cluster-") as tmp:
        lb_port = free_port()
        sms_env = {
            **env,
            "AUTONOMIE_TWILIO_ACCOUNT_SID": ACCOUNT,
            "AUTONOMIE_TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "AUTONOMIE_TWILIO_FROM_NUMBER": FROM_NUMBER,
            "AUTONOMIE_TWILIO_API_URL": twilio.url,
            # the URL Twilio signs: the balancer's
            "AUTONOMIE_PUBLIC_URL": f"http://127.0.0.1:{lb_port}",
        }
        with Cluster(sms_env, models, Path(tmp), nodes=2, lb_port=lb_port) as cluster:
            node1, node2 = (node.url for node in cluster.members)
            shared = {
                "handoff": asyncio.run(
                    handoff_across_nodes(node1, node2, env["AUTONOMIE_DATABASE_URL"])
                ),
                "spread": asyncio.run(spread_conversation([node1, node2], TOKEN)),
            }
            kill = asyncio.run(
                sms_kill_run(
                    cluster.url,
                    lambda: cluster.kill("node2"),
                    twilio.sent,
                    people=people,
                    texts=texts,
                    api_token=TOKEN,
                )
            )
            return {**kill, **shared}


def markdown(report: dict[str, Any]) -> str:
    one, two = report["one_node"], report["two_nodes"]
    kill = report["kill"]
    handoff, spread = kill["handoff"], kill["spread"]
    rows = [
        f"| {label} behind HAProxy | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | "
        f"{r['cpu_ms_per_answer']} | {r['errors']} | {r['load_avg_1m']} |"
        for label, r in (("1 node (1 core)", one), ("2 nodes (1 core each)", two))
    ]
    return "\n".join(
        [
            "| topology | KB answers/s | p50 ms | p95 ms | node CPU ms/answer | errors | load |",
            "|---|---:|---:|---:|---:|---:|---:|",
            *rows,
            "",
            f"Scale-out: **{report['scale_out']}×** in answers a second (aim ≥ 1.8; "
            f"the load generator and HAProxy share the 2 cores with the nodes), "
            f"**{report['cpu_scale_out']}×** from the CPU an answer costs (2 × one node's "
            f"CPU per answer / two nodes').",
            f"Node killed after {kill['killed_after']} of {kill['messages']} SMS: "
            f"**{kill['lost']} lost**, **{kill['duplicated']} handled twice**, "
            f"**{kill['sms_twice']} SMS sent twice** ({kill['sms_pushed']} pushed by the "
            f"worker), {kill['failed_requests_retried']} requests retried by the clients, "
            f"{kill['conversations_out_of_order']} conversations out of order.",
            f"Handoff raised on node2, seen live by a counsellor on node1: "
            f"**{'yes' if handoff['seen_live'] else 'NO'}** ({handoff['latency_ms']} ms).",
            f"A conversation alternating between the nodes ({spread['messages']} messages): "
            f"order {'kept' if spread['in_order'] else 'BROKEN'}, slots "
            + (
                "the same as on one node"
                if not spread["slots_differing"]
                else "DIFFERENT: " + ", ".join(spread["slots_differing"])
            )
            + f" ({', '.join(spread['slots_filled'])}).",
        ]
    )


def main() -> None:
    env, models = _env()
    seconds = float(os.environ.get("BENCH_SECONDS", "20"))
    report: dict[str, Any] = {
        "one_node": throughput(env, models, 1, seconds),
        "two_nodes": throughput(env, models, 2, seconds),
        "kill": kill_mid_load(env, models),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }
    one, two = report["one_node"], report["two_nodes"]
    report["scale_out"] = round(two["rps"] / max(one["rps"], 0.1), 2)
    # what two idle cores would give against one, if each node keeps its core busy:
    # the CPU an answer costs on one node against two (the machine's load cancels out)
    report["cpu_scale_out"] = round(
        2 * one["cpu_ms_per_answer"] / max(two["cpu_ms_per_answer"], 0.1), 2
    )
    out = Path("var/bench-cluster.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(markdown(report))


if __name__ == "__main__":
    main()
