"""The flood bench's honest candidate answers as a person does (bot/bench_flood.py).

A script that gave up at "complet", or took the first date as everybody else did,
counted as a candidate the flood kept from booking: the bench measured its own
client (66 of 432 "honest" dialogues booked, all of them on one event, at 430
dialogues a minute: a flood of their own).
"""

from __future__ import annotations

from typing import Any

from bot.bench_flood import flood_summary, honest_next


def _reply(text: str, *payloads: str) -> list[dict[str, Any]]:
    return [{"text": text, "buttons": [{"title": p, "payload": p} for p in payloads]}]


def _offer(*events: str) -> list[dict[str, Any]]:
    return _reply(
        "Voici les prochains rendez-vous près de Mérignac :",
        *(f'/book_event{{"event_id": "{e}"}}' for e in events),
    )


def test_the_candidate_picks_a_date_of_their_own_and_another_when_it_is_full() -> None:
    state: dict[str, Any] = {"pick": 4}
    which = '/inform{"location": "33700 Mérignac"}'
    assert honest_next(_reply("Plusieurs communes portent ce nom.", which), state) == which
    first = honest_next(_offer("a", "b", "c"), state)
    assert first == '/book_event{"event_id": "b"}'  # the 5th candidate: not everybody's first
    assert honest_next(_reply("Je vous inscris à : B ?", "/affirm", "/deny"), state) == "/affirm"
    full = _reply("Cet événement est complet, désolé. Voulez-vous voir les autres dates ?")
    full[0]["buttons"] = [{"title": "Voir les autres dates", "payload": "/list_events"}]
    assert honest_next(full, state) == "/list_events"
    assert honest_next(_offer("a", "b", "c"), state) in (
        '/book_event{"event_id": "a"}',
        '/book_event{"event_id": "c"}',
    )
    assert honest_next(_reply("Je vous inscris à : A ?", "/affirm", "/deny"), state) == "/affirm"
    assert honest_next(_reply("C'est fait, vous êtes inscrit(e) : A"), state) is None


def test_a_busy_event_sends_them_to_other_dates_and_their_own_limit_ends_the_dialogue() -> None:
    busy = _reply(
        "Cet événement reçoit beaucoup d'inscriptions en ligne en ce moment.",
        "/list_events",
        "/human_handoff",
    )
    assert honest_next(busy, {"asked": "x"}) == "/list_events"
    mine = _reply("Vous avez demandé beaucoup d'inscriptions en peu de temps.", "/human_handoff")
    assert honest_next(mine, {}) is None


def test_the_summary_counts_the_dialogues_left_unbooked_against_the_aim() -> None:
    result = {
        "latencies_ms": [100.0] * 19 + [900.0],
        "alone_latencies_ms": [80.0] * 20,
        "elapsed_s": 60.2,
        "flood": {"attempts": 1000, "booked": 20},
        "honest": {"dialogues": 10, "booked": 9, "errors": 0, "unbooked_full": 1},
        "server_cpu_s": {"alone": 2.0, "flood": 20.0},
    }
    summary = flood_summary(result)
    assert summary["honest_unbooked"] == {"full": 1}
    assert summary["honest_booked_share"] == 0.9
    assert summary["honest_p95_ms"] == 100.0 and summary["honest_alone_p95_ms"] == 80.0
    assert not summary["p95_met"]  # one candidate did not book
    assert summary["server_cpu_ms_per_honest_request"] == 100.0
    assert summary["server_cpu_ms_per_flood_message"] == 9.0  # (20 - 20 x 0.1) s / 2,000
    result["honest"] = {"dialogues": 10, "booked": 10, "errors": 0}
    assert flood_summary(result)["p95_met"]
