"""Whole conversations that cost turns or loop: a question put a third time behind
the person's own questions, a yes to consent that carries a request, one event
proposed then asked about, a question beside "je ne sais pas lequel" (through
REST, replies and tracker slots), and an SMS answer that left no room for the
question after it (through the signed Twilio webhook)."""

from __future__ import annotations

import itertools
from functools import partial
from typing import Any

from fastapi.testclient import TestClient

from tests.conversations.run import PUBLIC_URL, rest_poster, tracker_of
from tests.conversations.sms import sms_poster
from vocab.gsm import sms_segments

_ids = itertools.count(9000)


def _text(replies: list[dict[str, Any]]) -> str:
    return " ".join(r.get("text") or "" for r in replies)


def _payloads(replies: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons") or []]


def _fiche(replies: list[dict[str, Any]]) -> bool:
    return any((r.get("custom") or {}).get("fiche") for r in replies)


def test_the_commune_is_asked_twice_at_most_whatever_the_asides(client: TestClient) -> None:
    """Three questions of the person's own while the commune is asked: each is
    answered, the commune question is put twice in all, then said to wait (no
    question mark); the commune given afterwards is taken."""
    sender = f"turns-{next(_ids)}"
    post = rest_poster(client, sender)
    post("bonjour, je veux devenir auxiliaire de vie")
    said = [post("ok d'accord")]
    for aside in (
        "au fait on gagne combien par mois ?",
        "et la formation elle dure longtemps ?",
        "une immersion ça consiste en quoi ?",
    ):
        replies = post(aside)
        assert _fiche(replies) or "/human_handoff" in _payloads(replies), aside
        said.append(replies)
    asked = [
        turn for turn in said if any("commune" in s and "?" in s for s in _text(turn).split("."))
    ]
    assert len(asked) == 2, [_text(t) for t in said]
    assert "vous attend" in said[-2][-1]["text"] and "?" not in said[-2][-1]["text"]
    assert "commune" not in _text(said[-1])  # nothing more after it was said to wait
    assert any(p.startswith("/book_event") for p in _payloads(post("Bron")))
    assert tracker_of(client, sender)["slots"]["commune"] == "Bron"


def test_consent_is_asked_twice_at_most_and_not_refused_by_asides(client: TestClient) -> None:
    sender = f"turns-{next(_ids)}"
    post = rest_poster(client, sender)
    turns = [post("je cherche un poste d'agent de service hospitalier")]
    turns.append(post("il faut un diplôme pour ça ?"))
    turns.append(post("et ça recrute beaucoup en ce moment ?"))
    turns.append(post("c'est des horaires de nuit ?"))
    consent = [t for t in turns if "24 mois" in _text(t)]
    assert len(consent) == 2
    assert "sans votre accord" not in _text(turns[-1]).lower()
    post("oui ça me va")
    assert tracker_of(client, sender)["slots"]["consent"] is True


def test_a_yes_to_consent_with_a_request_for_events_carries_it(client: TestClient) -> None:
    """ "d'accord, vous avez des ateliers vers chez moi ?" is consent and a request:
    no knowledge-base answer, the place of the events is asked (one turn saved)."""
    sender = f"turns-{next(_ids)}"
    post = rest_poster(client, sender)
    post("je voudrais travailler comme aide-soignante")
    replies = post("d'accord, vous avez des ateliers vers chez moi ?")
    assert not _fiche(replies)
    assert "commune" in replies[-1]["text"]
    assert tracker_of(client, sender)["slots"]["consent"] is True
    assert any(p.startswith("/book_event") for p in _payloads(post("Villeurbanne")))


def test_one_event_asked_about_is_offered_to_book_not_chosen(client: TestClient) -> None:
    """With one event proposed, "c'est où ?" gets where and when, then whether to
    book it (there is nothing to choose): a yes books it."""
    post = rest_poster(client, f"turns-{next(_ids)}")
    post("je veux être AES à Pointe-à-Pitre")
    proposed = [p for p in _payloads(post("oui")) if p.startswith("/book_event")]
    assert len(proposed) == 1
    replies = post("ça se passe où exactement ?")
    assert "lequel" not in _text(replies).lower()
    assert "en ligne" in _text(replies)  # where it is
    assert _payloads(replies)[:2] == ["/affirm", "/deny"]
    assert "inscrit" in _text(post("oui je veux bien"))


def test_a_question_beside_the_advice_asked_for_is_not_dropped(client: TestClient) -> None:
    """ "je sais pas lequel, c'est payé ?": the advice and the booking question, and
    the question declined honestly (the platform does not say it), a counsellor offered."""
    post = rest_poster(client, f"turns-{next(_ids)}")
    post("je veux devenir aide à domicile à Roubaix")
    post("oui")
    replies = post("jsp lequel prendre, c'est payant ?")
    assert "/human_handoff" in _payloads(replies) or _fiche(replies)
    assert "conseille" in _text(replies)
    assert "/affirm" in _payloads(replies)


def test_on_sms_the_immersion_answer_and_the_consent_take_two_segments(
    client: TestClient,
) -> None:
    """The immersion fiche's first sentence alone took most of two segments: with the
    consent question resumed after it, three. Its parentheses (the acronym spelled out)
    go first; the answer keeps its "Plus" option and the question follows."""
    _, post = sms_poster(client, partial(tracker_of, client), PUBLIC_URL, next(_ids))
    post("", "bonjour je voudrais devenir aide a domicile")
    status, replies, bodies = post("", "une immersion c'est quoi exactement ?")
    assert status == 200 and bodies is not None
    assert sum(sms_segments(body) for body in bodies) <= 2, bodies
    assert "immersion" in replies[0]["text"] and _fiche(replies)
    assert any(p.startswith("/question") for p in _payloads(replies))
    assert "D'accord ?" in replies[-1]["text"]


def test_an_immersion_place_corrected_after_no_platform_takes_the_request_up_again(
    client: TestClient,
) -> None:
    """No platform in the Loire for an immersion; "non finalement Pessac" was read as a
    new profile fact and the immersion request was lost (events were proposed)."""
    sender = f"turns-{next(_ids)}"
    post = rest_poster(client, sender)
    post("je voudrais faire une immersion comme aide à domicile")
    told = post("à Saint-Étienne")
    assert "3949" in _text(told)
    replies = post("non pardon finalement c'est Pessac")
    assert "disponible" in _text(replies)  # the immersion's next question: the period
    assert not any(p.startswith("/book_event") for p in _payloads(replies))
    request = tracker_of(client, sender)["slots"]["immersion"]
    assert request["commune"] == "Pessac" and request["job"] == "aide_domicile"


def test_after_no_platform_for_an_immersion_another_subject_drops_the_request(
    client: TestClient,
) -> None:
    sender = f"turns-{next(_ids)}"
    post = rest_poster(client, sender)
    post("je voudrais faire une immersion comme aide à domicile")
    post("à Saint-Étienne")
    # a question of the person's own keeps the request held, answered on its own topic
    replies = post("c'est quoi le DEAES ?")
    fiches = [(r.get("custom") or {}).get("fiche") or "" for r in replies]
    assert any(f and not f.startswith("pmsmp") for f in fiches), fiches
    assert tracker_of(client, sender)["slots"]["immersion_held"]
    post("je préfère voir les ateliers")
    slots = tracker_of(client, sender)["slots"]
    assert slots["immersion"] is None and slots["immersion_held"] is None
