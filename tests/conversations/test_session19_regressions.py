"""Causes found by the third simulator vocabulary in session 19, each as a conversation
through the REST webhook in words of its own (not the simulator's): a request whose
question is followed by a remark."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conversations.run import tracker_of
from tests.conversations.talk import event_buttons, new_sender
from tests.conversations.talk import text_of as _text


def _start(client: TestClient) -> tuple[str, Any]:
    return new_sender(client, "session19")


def _fiches(replies: list[dict[str, Any]]) -> list[str]:
    return [str((r.get("custom") or {}).get("fiche")) for r in replies if r.get("custom")]


def test_a_question_inside_a_request_followed_by_a_remark_is_answered(
    client: TestClient,
) -> None:
    """ "..., c'est rémunéré ? Pardon si c'est bête." started the request and dropped the
    question: what followed the "?" hid it. Now the question is answered, then the
    request goes on."""
    _, post = _start(client)
    replies = post(
        "je souhaite faire un stage d'immersion, est-ce que c'est rémunéré ? "
        "Pardon si la question est bête."
    )
    assert _fiches(replies) == ["pmsmp-remuneration"]
    assert "métier" in _text(replies)  # the immersion form's first question
    _, post = _start(client)
    replies = post("j'aimerais aller à un forum, c'est gratuit ? voilà tout")
    assert _fiches(replies)
    assert "commune" in _text(replies)


def _slots(client: TestClient, sender: str) -> dict[str, Any]:
    return dict(tracker_of(client, sender).get("slots") or {})


def _to_the_transport_question(client: TestClient) -> tuple[str, Any]:
    sender, post = _start(client)
    post("je cherche à devenir auxiliaire de vie vers Quimper, je n'ai pas le permis")
    post("oui")
    post("pas tout de suite")  # the events declined: the form goes on
    return sender, post


def test_a_station_or_nothing_near_home_answers_the_transport_question(
    client: TestClient,
) -> None:
    """ "il y a une gare à 5 minutes" and "y a rien par chez nous" to the public transport
    question were not read: the question came back, then was skipped, the fact lost."""
    sender, post = _to_the_transport_question(client)
    post("l'arrêt de bus est juste en bas de chez moi")
    assert _slots(client, sender).get("public_transport") is True
    sender, post = _to_the_transport_question(client)
    post("on a une petite gare au village")
    assert _slots(client, sender).get("public_transport") is True
    sender, post = _to_the_transport_question(client)
    post("c'est un hameau, il n'y a rien")
    assert _slots(client, sender).get("public_transport") is False


def _to_the_children_question(client: TestClient) -> tuple[str, Any]:
    sender, post = _start(client)
    post("je cherche à devenir auxiliaire de vie vers Quimper, j'ai une voiture et le permis")
    post("oui")
    post("pas tout de suite")
    return sender, post


def test_children_named_one_by_one_or_as_the_eldest_are_counted(client: TestClient) -> None:
    """ "une fille de 12 ans et un garçon de 9" stored 1 child (their ages split them),
    "mon fils de 10 ans" none, and "mes deux grands sont au collège" 0 (read as grown-up)."""
    for said, count in (
        ("un garçon de 11 ans et une fille de 6 ans", 2),
        ("mon fils qui a 4 ans", 1),
        ("mes trois grands vont à l'école primaire", 3),
    ):
        sender, post = _to_the_children_question(client)
        post(said)
        assert _slots(client, sender).get("children") == count, said
    sender, post = _to_the_children_question(client)
    post("ils sont tous grands, ils travaillent")
    assert _slots(client, sender).get("children") == 0


def test_a_parent_who_looks_after_them_or_wants_a_place_needs_childcare(
    client: TestClient,
) -> None:
    """ "c'est moi qui les garde toute la journée" and "il me faudrait une place en crèche"
    were read as children looked after (the words "garde", "crèche")."""
    for said in ("pour l'instant c'est moi qui les garde", "je cherche une nounou justement"):
        sender, post = _to_the_children_question(client)
        post("deux enfants")
        post(said)
        assert _slots(client, sender).get("childcare_needed") is True, said
    sender, post = _to_the_children_question(client)
    post("deux enfants")
    post("ils vont à la crèche du quartier")
    assert _slots(client, sender).get("childcare_needed") is False


def test_an_answer_framed_by_an_opener_and_a_remark_is_read(client: TestClient) -> None:
    """ "<opener>, parfait <remark about the message>" to the booking question was read
    as a no ("je ne vous inscris pas"), and "<opener>, oui <remark>" asked again: the
    frame hid the answer. The core inside it is what answers."""
    for said in (
        "À vrai dire, parfait. Excusez-moi pour la réponse tardive.",
        "Je m'explique : oui ça me va. Mon éducatrice m'a conseillé de vous contacter.",
    ):
        _, post = _start(client)
        post("je cherche un emploi d'aide à domicile à côté de Roubaix")
        post(event_buttons(post("oui"))[0])
        assert "vous êtes inscrit" in _text(post(said)), said
    sender, post = _start(client)
    post("je cherche un emploi d'aide à domicile à côté de Roubaix")
    post("oui")
    post("non merci")  # the events declined: the form goes on
    post("Pour être franche, non je n'ai jamais passé le permis. J'espère que c'est clair.")
    assert _slots(client, sender).get("driving_licence") is False


def test_an_indirect_or_announced_question_without_its_mark_is_answered(
    client: TestClient,
) -> None:
    """ "j'habite X, et j'aimerais savoir si ..." and "question bête : ..." typed without
    "?" were read as facts only: the question was never answered."""
    _, post = _start(client)
    post("je cherche un poste d'auxiliaire de vie")
    post("oui")
    replies = post("à Angers, et j'aimerais savoir si on est payé pendant la formation")
    assert _fiches(replies)
    _, post = _start(client)
    replies = post("petite question : on peut travailler de nuit comme aide-soignant")
    assert _fiches(replies) or "/human_handoff" in [
        b["payload"] for r in replies for b in r.get("buttons") or []
    ]


def test_when_an_event_starts_and_ends_asked_without_a_mark(client: TestClient) -> None:
    """ "ça démarre à quelle heure et ça se termine quand" after events were proposed got
    no answer (read as a goodbye, or the form's next question)."""
    _, post = _start(client)
    post("je cherche un emploi d'aide à domicile à côté de Roubaix")
    assert event_buttons(post("oui"))
    replies = post("ça démarre à quelle heure et ça se termine quand")
    assert any((r.get("custom") or {}).get("events") for r in replies)


def test_the_aes_title_said_as_accompagnatrice_names_the_job(client: TestClient) -> None:
    """ "accompagnatrice éducative et sociale" named no job: the job question came back
    after the booking."""
    sender, post = _start(client)
    post("je voudrais devenir accompagnatrice éducative et sociale à Niort")
    post("oui")
    assert _slots(client, sender).get("jobs") == ["aes"]
