"""The bench's flood scenario (`autonomie bench --scenario flood`): `python -m bot.bench_flood`.

For a minute (or `seconds`, if longer), 200 scripted senders try to book at a
steady 1,000 booking attempts a minute (an attempt: `/book_event{...}` then
`/affirm`, spread over the events a candidate near Mérignac is offered), while
honest candidates arrive at a steady HONEST_PER_MINUTE and go through the whole
booking dialogue as a person does: they ask in their own words, answer what is
asked, take a pause to read each reply (THINK_S), pick one of the dates offered,
and when it is full or refused see the other dates and pick another. The attack as
it comes: sender ids are free on the REST channel, addresses are not, so the 200
senders share FLOOD_ADDRESSES addresses; each honest candidate comes from an
address of their own. The bench's client plays the trusted proxy (bot.bench sets
AUTONOMIE_TRUSTED_PROXIES): the addresses travel in X-Forwarded-For.

First the same honest stream runs alone for BASELINE_S (its latency without the
flood: the machine's share), then with the flood. Measured: the honest candidates'
latency per request (p95 aimed under 500 ms), the share of their dialogues that
ended booked (and, for the others, the last thing they were told), and what the
flood got (seats, bookings refused by a limit, messages refused, full).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

import httpx

from bot.bench_process import percentile

__all__ = ["FLOOD_SENDERS", "flood_summary", "honest_next", "run_flood"]

FLOOD_SENDERS = 200
#: the attackers' addresses (TEST-NET-3); honest candidates come from TEST-NET-2
FLOOD_ADDRESSES = 4
FLOOD_PER_MINUTE = 1000
#: honest candidates starting a booking dialogue per minute (1,800 an hour: more than a
#: département's whole audience; each books once, so they stay under the event limits)
HONEST_PER_MINUTE = 30
#: a person reads each reply before answering (shortened: more turns per minute)
THINK_S = 1.0
#: honest candidates stop arriving this long before the flood ends: every dialogue
#: runs under the flood
HONEST_TAIL_S = 12.0
#: the honest stream alone, before the flood
BASELINE_S = 20.0
HONEST_TURNS = 10
#: the aim: honest candidates' p95 latency under the flood
FLOOD_P95_MS = 500
FIRST_MESSAGE = "je cherche un atelier découverte à Mérignac"
BOOKED = "vous êtes inscrit"
#: the three texts of a booking refused by a rate limit (bot/content/responses.yml)
LIMITED = "beaucoup d'inscriptions"
FULL = "complet"
#: a message over a message limit: no reply, or "Vous m'envoyez beaucoup de messages"
MESSAGES_REFUSED = "beaucoup de messages"


def _texts(response: httpx.Response) -> str:
    if response.status_code != 200:
        return ""
    return " ".join(str(r.get("text") or "") for r in response.json())


def _payloads(replies: list[dict[str, Any]]) -> list[str]:
    return [str(b.get("payload", "")) for r in replies for b in r.get("buttons") or []]


def honest_next(replies: list[dict[str, Any]], state: dict[str, Any]) -> str | None:
    """What an honest candidate answers to `replies`, None once booked.

    `state` is theirs: "pick" (which of the dates offered they like, by position),
    "tried" (the events they already asked for), "asked" (a booking awaiting "oui")."""
    said = " ".join(str(r.get("text") or "") for r in replies).lower()
    if BOOKED in said:
        return None
    payloads = _payloads(replies)
    asked = state.pop("asked", None)
    if asked and "/affirm" in payloads:
        return "/affirm"  # "Je vous inscris à ... ?": yes
    tried: list[str] = state.setdefault("tried", [])
    offers = [p for p in payloads if p.startswith("/book_event") and p not in tried]
    if offers:
        choice = offers[int(state.get("pick", 0)) % len(offers)]
        tried.append(choice)
        state["asked"] = choice
        return choice
    if "/list_events" in payloads:
        return "/list_events"  # full, or busy: "Voir les autres dates"
    if LIMITED in said or MESSAGES_REFUSED in said:
        return None  # refused for an hour, or a minute: they leave
    location = next((p for p in payloads if p.startswith('/inform{"location"')), None)
    if location is not None:
        return location  # "Plusieurs communes portent ce nom": theirs
    if "commune" in said or "code postal" in said:
        return "33700"  # asked where, with no button: typed
    return next((p for p in payloads if p.startswith("/inform")), "/affirm")


def _outcome(said: str) -> str:
    said = said.lower()
    for marker, outcome in (
        (BOOKED, "booked"),
        (LIMITED, "limited"),
        (FULL, "full"),
        (MESSAGES_REFUSED, "messages_refused"),
    ):
        if marker in said:
            return outcome
    return "other"


async def _targets(client: httpx.AsyncClient, run: str) -> list[str]:
    """The events a candidate near Mérignac is offered (their /book_event payloads)."""
    sender = f"flood-scout-{run}"
    message: str | None = FIRST_MESSAGE
    seen: list[str] = []
    for _ in range(HONEST_TURNS):
        response = await client.post(
            "/webhooks/rest/webhook", json={"sender": sender, "message": message}
        )
        if response.status_code != 200:
            break
        seen.append(response.text[:300])
        found = [p for p in _payloads(response.json()) if p.startswith("/book_event")]
        if found:
            return found
        message = honest_next(response.json(), {})
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
            asked = await client.post(
                "/webhooks/rest/webhook",
                json={"sender": sender, "message": target},
                headers=address,
            )
            done = await client.post(
                "/webhooks/rest/webhook",
                json={"sender": sender, "message": "/affirm"},
                headers=address,
            )
        except httpx.HTTPError:
            tally["errors"] += 1
            continue
        # no reply at all: refused before any work, past the notice said once a minute;
        # a click refused (by a message limit, a booking limit, a full event) leaves a
        # bare "oui", answered as such: the click's reply says what the attempt got
        question, said = _texts(asked), _texts(done)
        first = _outcome(question) if question else "messages_refused"
        if first == "other":  # "Je vous inscris à ... ?": the "oui" books, or not
            first = _outcome(said) if said else "messages_refused"
        tally[first] += 1


async def _candidate(
    client: httpx.AsyncClient, n: int, run: str, latencies: list[float], tally: dict[str, int]
) -> None:
    """One honest candidate's booking dialogue, from an address of their own."""
    sender = f"honest-{run}-{n}"
    address = {"X-Forwarded-For": f"198.51.{100 + n // 250 % 100}.{1 + n % 250}"}
    state: dict[str, Any] = {"pick": n}
    message: str | None = FIRST_MESSAGE
    said = ""
    for turn in range(HONEST_TURNS):
        if message is None:
            break
        if turn:
            await asyncio.sleep(THINK_S)
        started = time.perf_counter()
        try:
            response = await client.post(
                "/webhooks/rest/webhook",
                json={"sender": sender, "message": message},
                headers=address,
            )
        except httpx.HTTPError:
            tally["errors"] += 1
            break
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            tally["errors"] += 1
            break
        said = _texts(response)
        message = honest_next(response.json(), state)
    tally["dialogues"] += 1
    outcome = _outcome(said)
    key = "booked" if outcome == "booked" else f"unbooked_{outcome}"  # their last reply
    tally[key] = tally.get(key, 0) + 1


async def _honest_stream(
    client: httpx.AsyncClient,
    run: str,
    seconds: float,
    latencies: list[float],
    tally: dict[str, int],
) -> None:
    """HONEST_PER_MINUTE new candidates a minute for `seconds`; waits for every dialogue."""
    interval = 60.0 / HONEST_PER_MINUTE
    t0 = time.perf_counter()
    dialogues = []
    n = 0
    while (at := t0 + n * interval) < t0 + seconds:
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        dialogues.append(asyncio.create_task(_candidate(client, n, run, latencies, tally)))
        n += 1
    await asyncio.gather(*dialogues)


def _server_cpu(pid: int | None) -> float:
    from bot.bench_process import cpu_s

    return cpu_s(pid) if pid else 0.0


def _tally(*keys: str) -> dict[str, int]:
    return dict.fromkeys(keys, 0)


async def run_flood(job: dict[str, Any]) -> dict[str, Any]:
    seconds = max(float(job.get("seconds", 60)), 60.0)  # a whole minute of flood
    run = str(job.get("run", "x"))
    flood = _tally("attempts", "booked", "limited", "full", "messages_refused", "other", "errors")
    honest = _tally("dialogues", "booked", "errors")
    alone = _tally("dialogues", "booked", "errors")
    latencies: list[float] = []
    alone_latencies: list[float] = []
    limits = httpx.Limits(max_connections=FLOOD_SENDERS)
    timeout = httpx.Timeout(30.0)
    pid = job.get("server_pid")
    cpu: dict[str, float] = {}
    async with (
        httpx.AsyncClient(base_url=job["url"], timeout=timeout, limits=limits) as client,
        httpx.AsyncClient(base_url=job["url"], timeout=timeout) as people,
    ):
        targets = await _targets(client, run)
        before = _server_cpu(pid)
        await _honest_stream(people, f"{run}-alone", BASELINE_S, alone_latencies, alone)
        middle = _server_cpu(pid)
        t0 = time.perf_counter()
        deadline = t0 + seconds
        await asyncio.gather(
            *(_flooder(client, targets, k, run, t0, deadline, flood) for k in range(FLOOD_SENDERS)),
            _honest_stream(people, run, seconds - HONEST_TAIL_S, latencies, honest),
        )
        elapsed = time.perf_counter() - t0
        if pid:  # the serving processes' CPU seconds, alone then under the flood
            cpu = {"alone": middle - before, "flood": _server_cpu(pid) - middle}
    return {
        "latencies_ms": latencies,
        "alone_latencies_ms": alone_latencies,
        "errors": honest["errors"],
        "elapsed_s": elapsed,
        "flood": flood,
        "honest": honest,
        "honest_alone": alone,
        "server_cpu_s": cpu,
    }


def flood_summary(result: dict[str, Any]) -> dict[str, Any]:
    """The flood (bot/bench_flood.py): the honest candidates' latency and bookings, alone
    then under the flood, what the 200 scripted senders got, the server's CPU; the aim:
    every honest dialogue booked, their p95 under FLOOD_P95_MS."""
    honest, latencies = result["honest"], result["latencies_ms"]
    alone = result["alone_latencies_ms"]
    p95 = round(percentile(latencies, 95), 1)
    cpu = result.get("server_cpu_s") or {}
    # the server's CPU per honest request alone; the flood's per message is the rest
    per_honest = cpu.get("alone", 0.0) / max(1, len(alone))
    flood_cpu = cpu.get("flood", 0.0) - per_honest * len(latencies)
    return {
        "seconds": round(result["elapsed_s"], 1),
        "honest_requests": len(latencies),
        "honest_p50_ms": round(percentile(latencies, 50), 1),
        "honest_p95_ms": p95,
        "honest_alone_p50_ms": round(percentile(alone, 50), 1),
        "honest_alone_p95_ms": round(percentile(alone, 95), 1),
        "honest_dialogues": honest["dialogues"],
        "honest_booked": honest["booked"],
        "honest_booked_share": round(honest["booked"] / max(1, honest["dialogues"]), 3),
        "honest_unbooked": {k[9:]: v for k, v in honest.items() if k.startswith("unbooked_")},
        "honest_errors": honest["errors"],
        "flood": result["flood"],
        "server_cpu_s": {k: round(v, 1) for k, v in cpu.items()},
        "server_cpu_ms_per_honest_request": round(1000 * per_honest, 1),
        "server_cpu_ms_per_flood_message": round(
            1000 * flood_cpu / max(1, 2 * result["flood"]["attempts"]), 2
        ),
        "p95_met": p95 <= FLOOD_P95_MS and honest["booked"] == honest["dialogues"] > 0,
    }


def main() -> None:
    """Reads bot.bench_load's JSON job on stdin, prints the result as JSON."""
    print(json.dumps(flood_summary(asyncio.run(run_flood(json.loads(sys.stdin.read()))))))


if __name__ == "__main__":
    main()
