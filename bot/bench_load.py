"""The bench's load generator, run in a process of its own (`python -m bot.bench_load`).

Reads a JSON job on stdin: {"url", "scenario", "requests", "seconds", "concurrency",
"questions", "run"}; prints {"latencies_ms": [...], "errors": n, "elapsed_s": s,
"error_kinds": {"429": n, "TimeoutError": n...}, "cpu_s": its own CPU seconds}.
A scenario step is one HTTP request; multi-turn scenarios use a new sender per
iteration. The load stops at `requests` requests or after `seconds`, whichever first.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from bot.bench_http import BenchClient, BenchResponse, ClientError

__all__ = ["SCENARIOS", "run_load"]

Step = Callable[[BenchClient, dict[str, Any]], Awaitable[BenchResponse | None]]


def _say(sender: str, message: str) -> Step:
    async def step(client: BenchClient, _state: dict[str, Any]) -> BenchResponse:
        return await client.post(
            "/webhooks/rest/webhook", json={"sender": sender, "message": message}
        )

    return step


def _first_booking_payload(replies: list[dict[str, Any]]) -> str | None:
    for reply in replies:
        for button in reply.get("buttons") or []:
            if str(button.get("payload", "")).startswith("/book_event"):
                return str(button["payload"])
    return None


def _iteration(scenario: str, job: dict[str, Any], n: int, worker: int) -> list[Step]:
    sender = f"bench-{job.get('run', 'x')}-{scenario}-{worker}-{n}"
    questions: list[str] = job.get("questions") or ["c'est quoi une aide-soignante ?"]
    question = questions[n % len(questions)]
    if scenario == "health":
        return [lambda c, _s: c.get("/health")]
    if scenario == "parse":
        return [lambda c, _s: c.post("/model/parse", json={"text": question})]
    if scenario == "kb":
        return [_say(sender, question)]
    if scenario == "qualification":
        return [
            _say(sender, "je veux devenir aide-soignante"),
            _say(sender, "/affirm"),
            _say(sender, "j'habite à Mérignac, j'ai le permis et deux enfants"),
        ]
    if scenario == "booking":
        return [_booking_turn(sender) for _ in range(BOOKING_TURNS)]
    raise ValueError(f"unknown scenario {scenario!r}")


SCENARIOS = ("health", "parse", "kb", "qualification", "booking")
#: the booking dialogue: ask for workshops, answer what is asked (consent, which
#: commune), take the first bookable event, confirm. At most this many turns.
BOOKING_TURNS = 7


def _next_booking_message(replies: list[dict[str, Any]], state: dict[str, Any]) -> str | None:
    payloads = [str(b.get("payload", "")) for r in replies for b in r.get("buttons") or []]
    if state.get("confirming"):
        return None  # booked: this iteration is over
    booking = next((p for p in payloads if p.startswith("/book_event")), None)
    if booking is not None:
        return booking
    if "/affirm" in payloads and state.get("asked_booking"):
        state["confirming"] = True
        return "/affirm"
    if state.get("located"):
        if state.get("listed"):  # asked for the commune again: typed, as a person would
            return "33700"
        state["listed"] = True
        return "/list_events"  # leave the profile questions for later
    location = next((p for p in payloads if p.startswith('/inform{"location"')), None)
    if location is not None:
        state["located"] = True
        return location
    return next((p for p in payloads if p.startswith("/inform")), "/affirm")


def _booking_turn(sender: str) -> Step:
    async def step(client: BenchClient, state: dict[str, Any]) -> BenchResponse | None:
        message = state.get("next", "je cherche un atelier découverte à Mérignac")
        if message is None:
            return None
        state["asked_booking"] = str(message).startswith("/book_event")
        response = await client.post(
            "/webhooks/rest/webhook", json={"sender": sender, "message": message}
        )
        replies = response.json() if response.status_code == 200 else []
        state["next"] = _next_booking_message(replies, state)
        return response

    return step


async def run_load(job: dict[str, Any]) -> dict[str, Any]:
    budget = int(job.get("requests", 2000))
    deadline = time.perf_counter() + float(job.get("seconds", 30))
    latencies: list[float] = []
    errors: Counter[str] = Counter()  # by status code or exception name
    issued = [0]
    counter = [0]
    concurrency = int(job.get("concurrency", 8))
    # a connection per simulated client (bot.bench_http: the load generator shares
    # the cores with the server it measures, so it must cost little CPU)
    clients = [BenchClient(job["url"], timeout_s=30.0) for _ in range(concurrency)]
    try:

        async def worker(index: int) -> None:
            client = clients[index]
            while True:
                n = counter[0]
                counter[0] += 1
                # each simulated conversation's address, sent as the trusted proxy would
                # (bot.bench sets AUTONOMIE_TRUSTED_PROXIES): many people, not one
                # address over its limits
                address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
                client.headers["X-Forwarded-For"] = address
                state: dict[str, Any] = {}
                for step in _iteration(job["scenario"], job, n, index):
                    if issued[0] >= budget or time.perf_counter() >= deadline:
                        return
                    if "next" in state and state["next"] is None:
                        break  # a multi-turn iteration ended early
                    issued[0] += 1
                    start = time.perf_counter()
                    try:
                        response = await step(client, state)
                        if response is not None and response.status_code >= 400:
                            errors[str(response.status_code)] += 1
                    except ClientError as exc:
                        errors[str(exc)] += 1
                    latencies.append((time.perf_counter() - start) * 1000)

        started, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        for client in clients:
            await client.aclose()
    return {
        "latencies_ms": latencies,
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "elapsed_s": elapsed,
        "cpu_s": cpu,  # the load generator's: it shares the machine with the server
    }


def main() -> None:
    job = json.loads(sys.stdin.read())
    print(json.dumps(asyncio.run(run_load(job))))


if __name__ == "__main__":
    main()
