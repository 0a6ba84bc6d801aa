"""The bench's flood scenario (`autonomie bench --scenario flood`): `python -m bot.bench_flood`.

For a minute (or `seconds`, if longer), 200 scripted senders try to book at a
steady 1,000 booking attempts a minute (an attempt: `/book_event{...}` then
`/affirm`, spread over the events a candidate near Mérignac is offered), while
a few honest candidates go through the whole booking dialogue (bot.bench_load's
booking scenario). The attack as it comes: sender ids are free on the REST
channel, addresses are not, so the 200 senders share FLOOD_ADDRESSES addresses;
each honest dialogue comes from an address of its own. The bench's client plays
the trusted proxy (bot.bench sets AUTONOMIE_TRUSTED_PROXIES): the addresses
travel in X-Forwarded-For. Measured: the honest candidates' latency per request
(p95 aimed under 500 ms), the share of their dialogues that ended booked, and
what the flood got (booked, refused by a rate limit, full, other).
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
#: the attackers' addresses (TEST-NET-3); honest candidates come from TEST-NET-2
FLOOD_ADDRESSES = 4
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
    seen: list[str] = []
    for _ in range(BOOKING_TURNS):
        response = await _booking_turn(f"flood-scout-{run}")(client, state)
        if response is None or response.status_code != 200:
            break
        seen.append(response.text[:300])
        found = [
            str(b["payload"])
            for r in response.json()
            for b in r.get("buttons") or []
            if str(b.get("payload", "")).startswith("/book_event")
        ]
        if found:
            return found
    raise RuntimeError(f"no bookable event offered: the flood has nothing to aim at: {seen}")


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
    address = {"X-Forwarded-For": f"203.0.113.{1 + k % FLOOD_ADDRESSES}"}
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
                headers=address,
            )
            done = _texts(
                await client.post(
                    "/webhooks/rest/webhook",
                    json={"sender": sender, "message": "/affirm"},
                    headers=address,
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
        # each candidate from an address of their own (the client is this worker's)
        client.headers["X-Forwarded-For"] = f"198.51.100.{1 + (worker * 61 + n) % 250}"
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
    limits = httpx.Limits(max_connections=FLOOD_SENDERS)
    timeout = httpx.Timeout(30.0)
    honest_clients = [
        httpx.AsyncClient(base_url=job["url"], timeout=timeout) for _ in range(HONEST_WORKERS)
    ]
    async with httpx.AsyncClient(base_url=job["url"], timeout=timeout, limits=limits) as client:
        targets = await _targets(client, run)
        t0 = time.perf_counter()
        deadline = t0 + seconds
        try:
            await asyncio.gather(
                *(
                    _flooder(client, targets, k, run, t0, deadline, flood)
                    for k in range(FLOOD_SENDERS)
                ),
                *(
                    _honest(c, w, run, deadline, latencies, honest)
                    for w, c in enumerate(honest_clients)
                ),
            )
        finally:
            for honest_client in honest_clients:
                await honest_client.aclose()
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
