"""A yes to a turn that ended with one offer takes it: "Un conseiller peut aussi vous
répondre ici" with its one button, then "oui", is a request for the counsellor (it
read as nothing and drew the help text)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conversations.run import rest_poster, tracker_of


@pytest.mark.parametrize("yes", ["oui", "ok d'accord", "oui svp"])
def test_a_yes_after_a_counsellor_offered_alone_asks_for_the_counsellor(
    client: TestClient, yes: str
) -> None:
    sender = f"offer-{yes}"
    post = rest_poster(client, sender)
    offered = post("je voudrais faire une immersion d'aide-soignante vers Ajaccio")
    assert [b["payload"] for b in offered[-1].get("buttons") or []] == ["/human_handoff"]
    post(yes)
    assert tracker_of(client, sender)["slots"].get("handoff") == "open"


def test_a_yes_to_a_question_with_one_answer_button_is_not_that_answer(
    client: TestClient,
) -> None:
    post = rest_poster(client, "offer-children")
    post("je veux devenir aide-soignant à Roubaix")
    post("oui")
    post("non merci")  # the events declined
    post("oui")  # the licence
    post("non")  # no vehicle... or transport: either way the children come later
    for _ in range(3):
        slots = tracker_of(client, "offer-children")["slots"]
        if slots.get("requested_slot") == "children":
            break
        post("non")
    post("oui")
    slots = tracker_of(client, "offer-children")["slots"]
    assert slots.get("children") != 0 and slots.get("handoff") != "open"
