"""Causes found by session 19's fourth simulator vocabulary (`--vocabulary fourth`), each
as a conversation through the REST webhook in words of its own (not the simulator's):
consent given as an order after a no, "not concerned" as a no, a job said by a dotted
acronym or without its last words, a question about what the proposed events hold."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conversations.run import tracker_of
from tests.conversations.talk import event_buttons, new_sender
from tests.conversations.talk import text_of as _text


def _start(client: TestClient) -> tuple[str, Any]:
    return new_sender(client, "fourth-vocabulary")


def _slots(client: TestClient, sender: str) -> dict[str, Any]:
    return dict(tracker_of(client, sender).get("slots") or {})


def test_consent_given_as_an_order_after_a_no_is_consent(client: TestClient) -> None:
    """ "non" to the consent, then "finalement conservez mes données": read as a request
    to erase everything (and a "oui ..." to that erased it). Now the consent is taken and
    the facts said kept; an order not to keep them is no consent."""
    sender, post = _start(client)
    post("bonjour je cherche un emploi d'auxiliaire de vie à Eysines")
    post("non")
    replies = post("finalement conservez mes données")
    assert "efface" not in _text(replies)
    slots = _slots(client, sender)
    assert slots.get("consent") is True
    assert slots.get("commune") == "Eysines"
    assert slots.get("jobs") == ["advf"]
    sender, post = _start(client)
    post("bonjour je cherche un emploi d'auxiliaire de vie à Eysines")
    post("non")
    post("surtout ne conservez pas mes données")
    assert _slots(client, sender).get("consent") is False


def test_not_concerned_is_a_no(client: TestClient) -> None:
    """ "ça ne me concerne pas" to the RQTH question was not understood, asked again,
    then skipped: the fact was lost."""
    sender, post = _start(client)
    post("aide à domicile à Cugnaux, permis oui, une voiture, pas d'enfants, j'ai un CAP")
    events = event_buttons(post("oui"))
    post(events[0])
    replies = post("oui")  # booked: the last question of the form
    assert "RQTH" in _text(replies)
    replies = post("ça ne me concerne pas")
    assert "reformule" not in _text(replies)
    assert _slots(client, sender).get("rqth") is False


def test_a_job_said_by_a_dotted_acronym_or_without_its_last_words(client: TestClient) -> None:
    """ "A.S." (aide-soignant with its dots) and "accompagnante éducative" (without "et
    sociale") named no job: the job question came back, then was skipped."""
    sender, post = _start(client)
    post("je travaille comme A.S. en clinique depuis 8 ans, j'habite Lambersart")
    post("oui")
    assert _slots(client, sender).get("jobs") == ["aide_soignant"]
    sender, post = _start(client)
    post("je voudrais être accompagnante éducative, j'habite Meyzieu")
    post("oui")
    assert _slots(client, sender).get("jobs") == ["aes"]


def test_what_the_proposed_events_hold_is_answered(client: TestClient) -> None:
    """ "y aura-t-il des recruteurs sur place ?" after events were proposed listed the
    same events again, the question unanswered. Now each one's where, when and what it
    holds (the platform's description), with the same options."""
    _, post = _start(client)
    post("aide à domicile, j'habite Cugnaux, permis oui, une voiture, pas d'enfants, un CAP")
    replies = post("oui")
    proposed = [b["payload"] for r in replies for b in r.get("buttons") or []]
    assert any(p.startswith("/book_event") for p in proposed)
    replies = post("y aura-t-il des recruteurs sur place ?")
    assert any((r.get("custom") or {}).get("events") for r in replies)
    assert "recrutent" in _text(replies)
    assert [b["payload"] for r in replies for b in r.get("buttons") or []] == proposed


def test_consent_said_again_while_kept_erases_nothing(client: TestClient) -> None:
    """Consent given, then "gardez bien mes informations hein" again: read as a request
    to erase (the erasure question), and "oui, Guipavas" to it erased everything. Now the
    consent is said again; and a yes followed by facts to the erasure question is no
    yes to erase."""
    sender, post = _start(client)
    post("bonjour, je veux devenir ASH")
    post("oui")
    replies = post("vous pouvez conserver mes informations sans souci")
    assert "efface" not in _text(replies)
    assert _slots(client, sender).get("jobs") == ["ash"]
    post("supprimez mes données")
    replies = post("oui, j'habite Guipavas")
    assert "effacé" not in _text(replies)
    slots = _slots(client, sender)
    assert slots.get("jobs") == ["ash"]
    assert slots.get("commune") == "Guipavas"


def test_which_one_would_suit_me_is_advice(client: TestClient) -> None:
    """ "laquelle serait la plus adaptée pour moi, merci ?" after events were proposed
    was read as a thanks ("Avec plaisir !") and the question left unanswered."""
    _, post = _start(client)
    post("je voudrais devenir aide-soignante, j'habite Bègles")
    post("oui")
    replies = post("laquelle serait la plus adaptée pour moi, merci ?")
    assert "conseille" in _text(replies)


def test_diplomas_wished_taken_back_or_named_by_the_bac_s_kind(client: TestClient) -> None:
    """ "devenir aide-soignante diplômée" stored the DEAS (wished, not held); "le bac,
    ah non pardon, le brevet" stored both; "bac littéraire" was not read."""
    sender, post = _start(client)
    post("je voudrais devenir aide-soignante diplômée, j'habite Draveil")
    post("oui")
    assert not _slots(client, sender).get("diplomas")
    sender, post = _start(client)
    post("aide à domicile à Athis-Mons, j'ai le bac, ah non pardon, le brevet")
    post("oui")
    assert _slots(client, sender).get("diplomas") == ["brevet"]
    sender, post = _start(client)
    post("ASH à Draveil, j'ai un bac littéraire")
    post("oui")
    assert _slots(client, sender).get("diplomas") == ["bac"]


def test_childcare_still_looked_for_is_needed(client: TestClient) -> None:
    """ "je cherche encore une assistante maternelle" stored that the children were
    looked after (the childminder's name read as the solution found); "personne ne peut
    les garder" was not read."""
    sender, post = _start(client)
    post("ASH à Draveil, j'ai une fille de deux ans, je cherche toujours une nounou")
    post("oui")
    assert _slots(client, sender).get("childcare_needed") is True
    sender, post = _start(client)
    post("aide à domicile à Cugnaux, j'ai deux enfants et personne ne pourra les garder")
    post("oui")
    assert _slots(client, sender).get("childcare_needed") is True


def test_school_left_before_the_brevet_is_no_diploma(client: TestClient) -> None:
    """ "j'ai quitté l'école en cinquième" to the diploma question was asked again, then
    skipped."""
    sender, post = _start(client)
    post("aide à domicile à Cugnaux, permis oui, une voiture, pas d'enfants")
    post(event_buttons(post("oui"))[0])
    assert "diplôme" in _text(post("oui"))
    post("j'ai quitté l'école en cinquième")
    assert _slots(client, sender).get("diplomas") == ["none"]


def test_the_licence_by_its_pronoun_still_to_come_is_none(client: TestClient) -> None:
    """To "Avez-vous le permis ?", "je suis en train de le passer" was not understood,
    asked again, then skipped: the fact was lost."""
    sender, post = _start(client)
    post("je voudrais devenir aide-soignante, j'habite Arcachon, pas d'enfants")
    post(event_buttons(post("oui"))[0])
    assert "permis" in _text(post("oui"))
    post("je suis en train de le passer")
    assert _slots(client, sender).get("driving_licence") is False
