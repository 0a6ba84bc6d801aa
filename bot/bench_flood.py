"""The bench's flood scenario (`autonomie bench --scenario flood`): `python -m bot.bench_flood`.

For a minute (or `seconds`, if longer), 200 scripted senders try to book at a
steady 1,000 booking attempts a minute (an attempt: `/book_event{...}` then
`/affirm`, spread over the events a candidate near Mérignac is offered), while
a few honest candidates go through the whole booking dialogue (bot.bench_load's
booking scenario). Measured: the honest candidates' latency per request (p95
aimed under 500 ms), how many of their dialogues ended booked, and what the
flood got (booked, refused by a rate limit, full, other).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

import httpx

__all__ = ["FLOOD_SENDERS", "run_flood"]

FLOOD_SENDERS = 200
FLOOD_PER_MINUTE = 1000
HONEST_WORKERS = 4
BOOKED = "vous êtes inscrit"
LIMITED = "beaucoup d'inscriptions"
FULL = "complet"


def _texts(response: httpx.Response) -> str:
    if response.status_code != 200:
        return ""
    return " ".join(str(r.get("text") or "") for r in response.json())


async def _targets(client: httpx.AsyncClient, run: str) -> list[str]:
    """The events a candidate near Mérignac is offered (their /book_event payloads)."""
    from bot.bench_load import BOOKING_TURNS, _booking_turn

    state: dict[str, Any] = {}
    for _ in range(BOOKING_TURNS):
        response = await _booking_turn(f"flood-scout-{run}")(client, state)
        if response is None or response.status_code != 200:
            break
        found = [
            str(b["payload"])
            for r in response.json()
            for b in r.get("buttons") or []
            if str(b.get("payload", "")).startswith("/book_event")
        ]
        if found:
            return found
    raise RuntimeError("no bookable event offered: the flood has nothing to aim at")


async def _flooder(
    client: httpx.AsyncClient,
    targets: list[str],
    k: int,
    run: str,
    t0: float,
    deadline: float,
    tally: dict[str, int],
) -> None:
    """Sender k's attempts, at its share of the rate (every 12 s for 200 senders)."""
    interval = 60.0 * FLOOD_SENDERS / FLOOD_PER_MINUTE
    sender = f"flood-{run}-{k}"
    start = t0 + interval * k / FLOOD_SENDERS
    j = 0
    while (at := start + j * interval) < deadline:
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        target = targets[(k + j) % len(targets)]
        j += 1
        tally["attempts"] += 1
        try:
            await client.post(
                "/webhooks/rest/webhook",
                json={"sender": sender, "message": target},
            )
            done = _texts(
                await client.post(
                    "/webhooks/rest/webhook", json={"sender": sender, "message": "/affirm"}
                )
            )
        except httpx.HTTPError:
            tally["errors"] += 1
            continue
        outcomes = ((BOOKED, "booked"), (LIMITED, "limited"), (FULL, "full"))
        tally[next((k for marker, k in outcomes if marker in done), "refused")] += 1


async def _honest(
    client: httpx.AsyncClient,
    worker: int,
    run: str,
    deadline: float,
    latencies: list[float],
    tally: dict[str, int],
) -> None:
    from bot.bench_load import BOOKING_TURNS, _booking_turn

    n = 0
    while time.perf_counter() < deadline:
        sender = f"honest-{run}-{worker}-{n}"
        n += 1
        state: dict[str, Any] = {}
        booked = False
        for _ in range(BOOKING_TURNS):
            if time.perf_counter() >= deadline or ("next" in state and state["next"] is None):
                break
            step = _booking_turn(sender)
            started = time.perf_counter()
            try:
                response = await step(client, state)
            except httpx.HTTPError:
                tally["errors"] += 1
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            if response is not None:
                booked = booked or BOOKED in _texts(response)
        tally["dialogues"] += 1
        tally["booked"] += booked


async def run_flood(job: dict[str, Any]) -> dict[str, Any]:
    seconds = max(float(job.get("seconds", 60)), 60.0)  # a whole minute of flood
    run = str(job.get("run", "x"))
    flood = {"attempts": 0, "booked": 0, "limited": 0, "full": 0, "refused": 0, "errors": 0}
    honest = {"dialogues": 0, "booked": 0, "errors": 0}
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=FLOOD_SENDERS + 2 * HONEST_WORKERS)
    async with httpx.AsyncClient(
        base_url=job["url"], timeout=httpx.Timeout(30.0), limits=limits
    ) as client:
        targets = await _targets(client, run)
        t0 = time.perf_counter()
        deadline = t0 + seconds
        await asyncio.gather(
            *(_flooder(client, targets, k, run, t0, deadline, flood) for k in range(FLOOD_SENDERS)),
            *(_honest(client, w, run, deadline, latencies, honest) for w in range(HONEST_WORKERS)),
        )
        elapsed = time.perf_counter() - t0
    return {
        "latencies_ms": latencies,
        "errors": honest["errors"],
        "elapsed_s": elapsed,
        "flood": flood,
        "honest": honest,
    }


def main() -> None:
    """Reads bot.bench_load's JSON job on stdin, prints the result as JSON."""
    print(json.dumps(asyncio.run(run_flood(json.loads(sys.stdin.read())))))


if __name__ == "__main__":
    main()
