"""Causes found by the new simulator vocabulary in session 18, each as a conversation
through the REST webhook in words of its own (not the simulator's): a question of
whether something is possible read as "my bookings", a wish for information read as a
call for a counsellor, the place of a held request given as a question, the consent
put off, texting spelling in answers, "lequel ?" after events, "y a un parking ?"."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conversations.run import tracker_of
from tests.conversations.talk import event_buttons as _events
from tests.conversations.talk import new_sender
from tests.conversations.talk import text_of as _text


def _start(client: TestClient) -> tuple[str, Any]:
    return new_sender(client, "session18")


def _payloads(replies: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons") or []]


def _fiches(replies: list[dict[str, Any]]) -> list[str]:
    return [str((r.get("custom") or {}).get("fiche")) for r in replies if r.get("custom")]


def test_a_question_of_whether_something_is_possible_is_answered(client: TestClient) -> None:
    """ "je peux faire valider mon expérience ?" was read as "my bookings" (0.73): the
    person got their bookings, or "none", and no answer."""
    _, post = _start(client)
    replies = post("est-ce que je pourrais faire compter mon expérience auprès des anciens ?")
    assert "inscription" not in _text(replies)
    assert _fiches(replies)
    _, post = _start(client)
    post("je cherche un emploi d'aide à domicile à Angers")
    post("oui")
    asked = post("vous avez autre chose à me proposer près de chez moi ?")
    assert _events(asked)  # a request for events stays one


def test_wanting_information_is_no_call_for_a_counsellor(client: TestClient) -> None:
    """A person who writes to ask for information (human_handoff 0.64) had a counsellor
    called and every later message sent to them."""
    sender, post = _start(client)
    replies = post("je vous contacte pour un renseignement")
    assert "transmets" not in _text(replies)
    assert "/human_handoff" in _payloads(replies)
    assert tracker_of(client, sender)["slots"].get("handoff") is None


def test_the_place_of_a_request_given_as_a_question(client: TestClient) -> None:
    """ "vous avez quoi vers Lyon ?" to "dans quelle commune ?": the events, not a fiche
    about the platforms of the place first (or the help text, the request dropped)."""
    for question in ("et du côté de Toulouse, vous avez quoi ?", "vous proposez quoi à Lille ?"):
        _, post = _start(client)
        post("je voudrais aller à un forum")
        replies = post(question)
        assert _events(replies)
        assert not _fiches(replies)
    _, post = _start(client)
    post("je voudrais aller à un forum")
    replies = post("il y a une plateforme à Lyon ?")  # a subject of its own: answered too
    assert _fiches(replies) and _events(replies)


def test_the_consent_put_off(client: TestClient) -> None:
    """ "je verrai plus tard" to the consent question got the question again, then a
    pause of the form, then a goodbye; the place said was never used."""
    sender, post = _start(client)
    post("je cherche un poste d'aide-soignante à Brest")
    replies = post("je vous dirai ça plus tard")
    assert "rien ne presse" in _text(replies)
    assert _events(replies)  # the place said, used for this search only
    slots = tracker_of(client, sender)["slots"]
    assert slots.get("consent") is None and not slots.get("commune")
    _, post = _start(client)
    post("je voudrais devenir aide-soignante")
    replies = post("laissez-moi y réfléchir")
    assert "rien ne presse" in _text(replies) and "/list_events" in _payloads(replies)


def test_texting_spelling_in_answers(client: TestClient) -> None:
    """ "pa de ..." (texting French for "pas") was not read in the childcare answer and
    was read as a yes to the RQTH; "une auto" was no car; "maman d'une petite fille" had
    no child."""
    sender, post = _start(client)
    post("je voudrais être aide-soignante à Quimper, maman d'une petite fille, pas de permis")
    post("oui")
    post("non merci")  # the events declined: the form goes on
    post("/deny")  # no public transport: the childcare question next
    post("pa de solution de garde encore")
    slots = tracker_of(client, sender)["slots"]
    assert slots.get("children") == 1 and slots.get("childcare_needed") is True
    post("aucun")
    post("pa de rqth")
    assert tracker_of(client, sender)["slots"].get("rqth") is False
    sender, post = _start(client)
    post("je voudrais être aide à domicile à Quimper, j'ai le permis et une auto")
    post("oui")
    assert tracker_of(client, sender)["slots"].get("vehicle") == "car"


def test_after_events_lequel_and_a_parking(client: TestClient) -> None:
    """After events: "je suis perdue, lequel ?" got "no reliable information" and the
    help text; "y a un parking ?" got "I am an automatic assistant"."""
    _, post = _start(client)
    post("je cherche un emploi d'auxiliaire de vie à Tourcoing")
    post("oui")
    replies = post("bon je sais plus, lequel ?")
    assert "conseille le premier" in _text(replies)
    _, post = _start(client)
    post("je cherche un emploi d'auxiliaire de vie à Tourcoing")
    post("oui")
    replies = post("y a un parking sur place ?")
    assert "assistant automatique" not in _text(replies)
    assert _events(replies)  # the events put again


def test_signing_up_elsewhere_is_a_question_beside_the_request(client: TestClient) -> None:
    """ "je veux m'inscrire à une réunion, faut s'inscrire à France Travail avant ?": the
    second clause's "inscri" made it the request itself, and it was never answered."""
    _, post = _start(client)
    replies = post("j'aimerais m'inscrire à un atelier, il faut être inscrite chez Pôle emploi ?")
    assert len(replies) >= 3  # hello, an answer (or a decline), then the place asked
    assert "commune" in (replies[-1].get("text") or "")
