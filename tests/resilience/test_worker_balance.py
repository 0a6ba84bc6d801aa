"""`autonomie serve --workers 2` shares connections out between its workers: keep-alive
clients connecting together (the bench's, a balancer's) do not all land on one worker
while the other idles (on one shared socket they did in about half the runs: the first
worker awake took every waiting connection)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import psutil
import pytest

from bot.bench_http import BenchClient
from tests.resilience.server import Server

CLIENTS = 16
ROUNDS = 3


def _both_started(server: Server, timeout_s: float = 120) -> None:
    """/health answered by one worker does not say the other one listens yet."""
    deadline = time.monotonic() + timeout_s
    while server.log.read_text(encoding="utf-8").count("Application startup complete") < 2:
        assert time.monotonic() < deadline, "the second worker did not start"
        time.sleep(0.1)


def _connections_per_worker(workers: list[int], port: int) -> list[int]:
    counts = []
    for pid in workers:
        held = psutil.Process(pid).net_connections(kind="tcp")
        counts.append(
            sum(1 for c in held if c.status == psutil.CONN_ESTABLISHED and c.laddr.port == port)
        )
    return counts


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_keep_alive_clients_connecting_together_reach_both_workers(
    database_url: str, redis_url: str, tmp_path: Path
) -> None:
    server = Server(
        {
            "AUTONOMIE_DATABASE_URL": database_url,
            "AUTONOMIE_REDIS_URL": redis_url,
            "AUTONOMIE_LOAD_MODELS": "false",  # the sockets, not the models: fast
        },
        tmp_path,
        workers=2,
    )

    async def connect_together() -> tuple[list[int], list[int]]:
        clients = [BenchClient(server.url, timeout_s=60) for _ in range(CLIENTS)]
        try:
            responses = await asyncio.gather(*(c.get("/health") for c in clients))
            return [r.status_code for r in responses], _connections_per_worker(workers, server.port)
        finally:
            for client in clients:
                await client.aclose()

    rounds = []
    try:
        server.start(timeout_s=180)
        workers = server.pids()[1:]
        assert len(workers) == 2
        _both_started(server)
        for _ in range(ROUNDS):
            statuses, counts = asyncio.run(connect_together())
            assert statuses == [200] * CLIENTS
            rounds.append(counts)
    finally:
        server.stop()
    for counts in rounds:
        assert sum(counts) == CLIENTS, rounds
        # shared out (16 fair coin tosses give fewer than 2 one side once in 2,000 runs)
        assert min(counts) >= 2, rounds
