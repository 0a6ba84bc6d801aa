"""Causes found by session 18's third simulator vocabulary (`--vocabulary third`), each
as a conversation through the REST webhook in words of its own (not the simulator's):
consent given after a no, a question the NLU reads as a goodbye, the driving code
alone, a postal code typed with a space."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conversations.run import tracker_of
from tests.conversations.talk import new_sender
from tests.conversations.talk import text_of as _text


def _start(client: TestClient) -> tuple[str, Any]:
    return new_sender(client, "third-vocabulary")


def _slots(client: TestClient, sender: str) -> dict[str, Any]:
    return dict(tracker_of(client, sender).get("slots") or {})


def test_consent_given_after_a_no_keeps_what_was_said(client: TestClient) -> None:
    """ "non" to the consent, then "je change d'avis, vous pouvez stocker mes données":
    read as a request to erase everything (delete_data), and the facts said never kept.
    Now the consent is taken, the facts of the conversation kept, the form resumed."""
    sender, post = _start(client)
    post("je cherche un poste d'auxiliaire de vie sur Gradignan")
    post("non")
    replies = post("je change d'avis, vous pouvez stocker mes données")
    assert "efface" not in _text(replies)
    assert "je garde" in _text(replies)
    slots = _slots(client, sender)
    assert slots.get("consent") is True
    assert slots.get("commune") == "Gradignan"
    assert slots.get("jobs") == ["advf"]
    # a refusal in the same words is no consent
    sender, post = _start(client)
    post("je cherche un poste d'auxiliaire de vie sur Gradignan")
    post("non")
    post("surtout ne stockez pas mes données")
    assert _slots(client, sender).get("consent") is False


def test_a_question_the_nlu_reads_as_a_goodbye_is_answered(client: TestClient) -> None:
    """ "bon ben on se voit là-bas ?" (goodbye 0.48) got "Au revoir": a message
    that asks is a question, answered or declined with a counsellor offered."""
    _, post = _start(client)
    post("je voudrais devenir aide à domicile")
    replies = post("bon ben on se voit là-bas ?")
    assert "Au revoir" not in _text(replies)
    buttons = [b["payload"] for r in replies for b in r.get("buttons") or []]
    assert any(r.get("custom", {}).get("fiche") for r in replies) or "/human_handoff" in buttons


def test_the_driving_code_alone_is_no_licence(client: TestClient) -> None:
    """ "j'ai seulement le code" to the licence question was not understood, asked again,
    then skipped: the fact was lost. "le code postal" is still no answer about it."""
    sender, post = _start(client)
    post("ASH à Brest, j'ai 1 enfant")
    post("oui")
    post("non merci")  # the events declined: the form goes on, the licence asked
    post("pour l'instant j'ai seulement le code")
    assert _slots(client, sender).get("driving_licence") is False
    sender, post = _start(client)
    post("ASH à Brest, j'ai 1 enfant")
    post("oui")
    post("non merci")
    post("moi je sais pas conduire")
    assert _slots(client, sender).get("driving_licence") is False


def test_a_postal_code_typed_with_a_space(client: TestClient) -> None:
    """ "Grigny 91 350": the code was dropped (only "91350" was read), and the name is
    shared by three communes: asked which one, though the code settles it. A sum is
    no code."""
    sender, post = _start(client)
    post("je voudrais devenir aide-soignante, j'habite Grigny 91 350")
    replies = post("oui")
    assert "Plusieurs communes" not in _text(replies)
    slots = _slots(client, sender)
    assert slots.get("postal_code") == "91350"
    assert (slots.get("commune"), slots.get("departement")) == ("Grigny", "91")
    sender, post = _start(client)
    post("je voudrais devenir aide-soignante et gagner 20 000 euros par an")
    post("oui")
    assert not _slots(client, sender).get("postal_code")


def _first_event(replies: list[dict[str, Any]]) -> str:
    return next(
        b["payload"]
        for r in replies
        for b in r.get("buttons") or []
        if b["payload"].startswith("/book_event")
    )


def test_a_booking_confirmed_in_a_letter_or_thanked_is_not_dropped(client: TestClient) -> None:
    """ "Monsieur,\\nTrès bien, merci à vous." to "Je vous inscris à ... ?" was read as a
    thanks: "Avec plaisir !", and the booking silently dropped. The salutation is
    skipped before the yes; a bare "merci" asks the booking question again."""
    sender, post = _start(client)
    post("je cherche un emploi d'auxiliaire de vie vers Tourcoing")
    post(_first_event(post("oui")))
    assert "vous êtes inscrit" in _text(post("Monsieur,\nTrès bien, merci à vous."))
    sender, post = _start(client)
    post("je cherche un emploi d'auxiliaire de vie vers Tourcoing")
    post(_first_event(post("oui")))
    post("merci")
    assert _slots(client, sender).get("expecting") == "booking_confirmation"


def test_no_vehicle_said_by_walking_and_a_two_wheeler_by_its_size(client: TestClient) -> None:
    """ "je me déplace à pied" and "j'ai un 125" to the vehicle question were not read:
    asked again, then skipped (the fact lost)."""
    for answer, value in (
        ("je me déplace à pied", "none"),
        ("j'ai un 125 pour l'instant", "two_wheeler"),
    ):
        sender, post = _start(client)
        post("je voudrais devenir aide-soignant à Quimper, j'ai 2 enfants")
        post("oui")
        post("non merci")  # the events declined: the form goes on
        post("/affirm")  # the licence: the vehicle asked next
        post(answer)
        assert _slots(client, sender).get("vehicle") == value


def test_bringing_someone_along_is_a_question_not_a_handoff(client: TestClient) -> None:
    """ "je pourrai venir avec une personne ?" after the events proposed (human_handoff
    0.98): the conversation was handed to a counsellor. Now a question, declined with a
    counsellor offered and the events put again; asking for a person still hands off."""
    sender, post = _start(client)
    post("je cherche un emploi d'auxiliaire de vie vers Tourcoing")
    post("oui")
    replies = post("je pourrai venir avec une personne ?")
    assert "transmets" not in _text(replies)
    assert "/human_handoff" in [b["payload"] for r in replies for b in r.get("buttons") or []]
    assert _slots(client, sender).get("handoff") is None
    assert "transmets" in _text(post("je voudrais parler à une personne"))
