"""Turns spent before a booking (issue 16: median <= 5, max <= 8), each cause found by the
simulator in session 19 as a conversation through the REST webhook in words of its own."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conversations.run import tracker_of
from tests.conversations.talk import event_buttons, new_sender
from tests.conversations.talk import text_of as _text


def _slots(client: TestClient, sender: str) -> dict[str, Any]:
    return dict(tracker_of(client, sender).get("slots") or {})


def test_an_interest_in_the_one_event_proposed_puts_it_up_for_booking(
    client: TestClient,
) -> None:
    """ "ça m'intéresse" when a single event was proposed got "Lequel choisissez-vous ?"
    with that one event: a turn spent on a choice there was not. Now that event is put
    up for booking at once."""
    sender, post = new_sender(client, "turns")
    post("bonsoir, je cherche du travail comme aide à domicile, j'habite Schoelcher")
    replies = post("d'accord")
    assert len(event_buttons(replies)) == 1
    replies = post("ça m'intéresse")
    assert "Je vous inscris" in _text(replies)
    assert _slots(client, sender).get("expecting") == "booking_confirmation"


def test_an_event_picked_by_its_place_in_the_list_is_put_up_for_booking(
    client: TestClient,
) -> None:
    """ "celui du haut" got "Lequel choisissez-vous ?": a turn spent saying "n°1" instead.
    The top of the list is the first event proposed, the bottom the last."""
    for said, rank in (("celui du haut", 0), ("celle tout en bas svp", -1)):
        sender, post = new_sender(client, "turns")
        replies = post("je veux devenir aide-soignante à Landerneau")
        replies = post("oui")
        offered = event_buttons(replies)
        assert len(offered) >= 2
        post(said)
        pending = _slots(client, sender).get("pending") or {}
        assert pending.get("event_id") and pending["event_id"] in offered[rank]
