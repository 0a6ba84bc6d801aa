"""Causes found by session 17's new simulator vocabulary (`--vocabulary new`), each as a
conversation through the REST webhook in words of its own (not the simulator's):
a question about the SMS channel taken for a STOP, "my bookings" with none that
proposed nothing, a no after a discourse marker not read, "près de Le Havre"."""

from __future__ import annotations

import itertools
from typing import Any

from fastapi.testclient import TestClient

from tests.conversations.run import rest_poster, tracker_of

_ids = itertools.count(1)


def _start(client: TestClient) -> tuple[str, Any]:
    sender = f"new-vocabulary-{next(_ids)}"
    return sender, rest_poster(client, sender)


def _text(replies: list[dict[str, Any]]) -> str:
    return " ".join(r.get("text") or "" for r in replies)


def _events(replies: list[dict[str, Any]]) -> list[str]:
    return [
        b["payload"]
        for r in replies
        for b in r.get("buttons") or []
        if b["payload"].startswith("/book_event")
    ]


def test_a_question_about_the_sms_channel_unsubscribes_nobody(client: TestClient) -> None:
    """The NLU reads opt_out (0.65-0.75) in a question that names the messages and asks
    nothing to stop: the person was told they would receive no more messages."""
    for question in ("je peux vous écrire par sms ?", "vous envoyez les infos par message ?"):
        sender, post = _start(client)
        replies = post(question)
        assert "ne recevrez plus" not in _text(replies)
        assert not tracker_of(client, sender)["slots"].get("opted_out")
        assert post("je voudrais devenir aide-soignante")  # still answered
    sender, post = _start(client)
    assert "ne recevrez plus" in _text(post("vous pouvez arrêter de m'envoyer des sms ?"))


def test_no_booking_yet_with_a_known_place_proposes_the_events_near_it(
    client: TestClient,
) -> None:
    """A request for events the NLU takes for "my bookings" got "none" and a button,
    the same again at each try (a loop): with the place known, the events come at once."""
    _, post = _start(client)
    post("je cherche un emploi d'auxiliaire de vie vers Tourcoing")
    post("oui")
    replies = post("mes inscriptions ?")
    assert "pas d'inscription" in _text(replies)
    assert _events(replies)


def test_a_no_after_a_discourse_marker_answers_the_question(client: TestClient) -> None:
    """ "voilà non, ..." to a yes/no question was not understood (the NLU's deny counts
    only for four words or fewer): the question came back rephrased, then was skipped."""
    sender, post = _start(client)
    post("ASH à Brest, j'ai 2 enfants, pas de permis, pas de bus, CAP, pas de RQTH")
    post("oui")
    asked = post("non merci")  # the events declined: the form goes on, childcare asked
    assert "gard" in _text(asked)
    post("voilà non, personne ne peut me les garder")
    assert tracker_of(client, sender)["slots"].get("childcare_needed") is True


def test_a_commune_named_with_its_article_is_said_in_good_french(client: TestClient) -> None:
    """ "près de Le Havre": the article of the commune's name contracts ("près du Havre")."""
    _, post = _start(client)
    post("je voudrais être aide à domicile au Havre")
    text = _text(post("oui"))
    assert "du Havre" in text
    assert "de Le Havre" not in text


def test_a_commune_starting_with_a_vowel_is_said_in_good_french(client: TestClient) -> None:
    """ "près de Angers": "de" elides before a vowel ("près d'Angers")."""
    _, post = _start(client)
    post("je voudrais être aide à domicile à Angers")
    text = _text(post("oui"))
    assert "d'Angers" in text
    assert "de Angers" not in text


def test_plain_answers_to_the_vehicle_children_and_childcare_questions(
    client: TestClient,
) -> None:
    """A leading "rien" to the vehicle question beside another fact, grown-up children
    (by their age or their work), "pas de solution" to the childcare question: each was
    not understood, asked again, then skipped (a fact lost)."""
    sender, post = _start(client)
    post("je voudrais être aide-soignant à Quimper")
    post("oui")
    post("non merci")  # the events declined: the form goes on
    post("/affirm")  # the licence
    post("rien du tout, et j'ai le bac")
    slots = tracker_of(client, sender)["slots"]
    assert slots.get("vehicle") == "none"
    assert slots.get("diplomas") == ["bac"]
    post("oui le bus")
    post("ils ont plus de 18 ans tous les deux")
    assert tracker_of(client, sender)["slots"].get("children") == 0
    sender, post = _start(client)
    post("je voudrais être aide-soignant à Quimper, j'ai 3 enfants, pas de permis")
    post("oui")
    post("non merci")
    post("/deny")  # no public transport: the childcare question next
    post("pas encore de solution de ce côté")
    assert tracker_of(client, sender)["slots"].get("childcare_needed") is True


def test_an_unsure_handoff_naming_no_person_is_a_plea_for_help(client: TestClient) -> None:
    """ "bonjour, c'est pour un renseignement" opened a handoff on a 0.21 guess: the
    counsellor was called and every later message went to them, the same words three
    times. With no word for a person or a call, an unsure handoff gets the help text."""
    _, post = _start(client)
    replies = post("besoin d'un renseignement")
    assert "/human_handoff" in [b["payload"] for r in replies for b in r.get("buttons") or []]
    assert "transmets" not in _text(replies)
    _, post = _start(client)
    assert "transmets" in _text(post("je voudrais parler à un conseiller svp"))


def test_no_booking_yet_without_consent_proposes_the_events_of_the_place_said(
    client: TestClient,
) -> None:
    """Consent refused: the place said is kept for the search only, and "my bookings"
    with none still proposes the events near it."""
    _, post = _start(client)
    post("je cherche un emploi d'auxiliaire de vie vers Tourcoing")
    post("non")
    replies = post("mes inscriptions ?")
    assert "pas d'inscription" in _text(replies)
    assert _events(replies)
