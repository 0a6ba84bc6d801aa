"""Bad input through a real channel (issue 16): what the person reads on their
phone (the SMS bodies the signed Twilio webhook sends back) and what is stored
(the tracker). Never a wrong value stored silently, never a fact lost: a clear
question, or a polite answer.

The messages here are written for these tests; none of their wording is in
the NLU data or the dialogue's rules.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from fastapi.testclient import TestClient
from twilio.request_validator import RequestValidator

from tests.conversations.run import PUBLIC_URL, tracker_of
from tests.conversations.sms import TWILIO_TOKEN, WEBHOOK, sms_poster
from vocab.gsm import sms_segments

_ids = itertools.count(7000)


class Phone:
    """One person on SMS: sends through the signed Twilio webhook, reads the bodies."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.sender, self._post = sms_poster(
            client, lambda s: tracker_of(client, s), PUBLIC_URL, next(_ids)
        )

    def send(self, text: str, *, long_answer: bool = False) -> str:
        status, _, bodies = self._post(self.sender, text)
        assert status == 200 and bodies is not None
        assert all(body.strip() for body in bodies), bodies  # never an empty SMS
        # two segments a turn, except the long answer the person asked for
        assert long_answer or sum(sms_segments(b) for b in bodies) <= 2, bodies
        return "\n".join(bodies)

    def slots(self) -> dict[str, Any]:
        return dict(tracker_of(self.client, self.sender).get("slots") or {})

    def start(self, first: str) -> None:
        self.send(first)
        self.send("oui")  # consent


@pytest.fixture
def phone(client: TestClient) -> Phone:
    return Phone(client)


def test_a_fact_corrected_within_the_message_keeps_its_last_word(phone: Phone) -> None:
    phone.start("bonjour je voudrais etre ASH a Lille, j'ai mon permis, enfin j'ai pas le permis B")
    slots = phone.slots()
    assert slots["commune"] == "Lille"
    # "enfin j'ai pas": either the last word, or neither and the question later
    assert slots["driving_licence"] is not True


def test_yes_and_no_for_one_fact_store_nothing_and_the_question_comes(phone: Phone) -> None:
    phone.start("ASH sur Lille. permis oui. permis non")
    assert phone.slots()["driving_licence"] is None
    seen = phone.send("non merci")  # the events declined: the form goes on
    assert "permis" in seen.lower()


def test_a_correction_of_a_correction_keeps_the_last_and_answers_nothing_else(
    phone: Phone,
) -> None:
    phone.start("je cherche un poste d'ASH a Lille")
    seen = phone.send("ah non en fait je suis a Roubaix")
    # the events near the corrected place are proposed (numbered options)
    assert "près de Roubaix" in seen and "Répondez 1" in seen
    seen = phone.send("non pardon, c'est bien Lille")
    assert "près de Lille" in seen
    slots = phone.slots()
    assert (slots["commune"], slots["departement"]) == ("Lille", "59")
    # the "non" corrected the place: it answered no pending question
    assert slots["driving_licence"] is None
    assert "permis" in phone.send("non merci").lower()  # the form goes on


def test_a_postal_code_that_does_not_exist_is_questioned_not_stored(phone: Phone) -> None:
    phone.start("je veux devenir ASH")
    seen = phone.send("mon cp c'est 75099")
    assert "75099" in seen and "?" in seen
    slots = phone.slots()
    assert slots["postal_code"] is None and slots["commune"] is None


def test_a_commune_that_does_not_exist_is_asked_again_with_an_example(phone: Phone) -> None:
    phone.start("je veux devenir ASH")
    seen = phone.send("j'habite a Plouzbourg-les-Bains")
    assert "?" in seen and "noté" not in seen.lower()
    assert phone.slots()["commune"] is None


def test_a_bare_shared_name_is_asked_with_one_option_per_commune(phone: Phone) -> None:
    phone.start("je veux devenir ASH")
    seen = phone.send("valence")
    assert "Valence (26" in seen and "Valence (82" in seen
    assert phone.slots()["commune"] is None
    phone.send("1")
    slots = phone.slots()
    assert (slots["commune"], slots["departement"]) == ("Valence", "26")


def test_a_town_is_not_asked_again_for_a_village_that_starts_like_it(client: TestClient) -> None:
    """Muret (Haute-Garonne) is the town people mean; a bare 'Villefranche' still asks,
    Villefranche-sur-Saône among the options (the most populous first)."""
    phone, other = Phone(client), Phone(client)
    phone.start("je veux devenir ASH")
    seen = phone.send("j'habite Muret")
    assert "Plusieurs" not in seen and "Muret-le-Château" not in seen
    assert (phone.slots()["commune"], phone.slots()["departement"]) == ("Muret", "31")
    other.start("je veux devenir ASH")
    seen = other.send("villefranche")
    assert "Villefranche-sur-Sa" in seen and other.slots()["commune"] is None


def test_a_commune_outside_the_postal_code_given_is_asked(phone: Phone) -> None:
    phone.start("je veux devenir ASH")
    seen = phone.send("Lyon 33000")
    assert "Lyon" in seen and "Bordeaux" in seen and "?" in seen
    assert phone.slots()["commune"] is None


def test_a_commune_and_its_postal_code_agree_no_question(phone: Phone) -> None:
    phone.start("aide soignante")
    seen = phone.send("jsuis sur valence 26000 merci")
    assert "Plusieurs" not in seen
    slots = phone.slots()
    assert (slots["commune"], slots["postal_code"]) == ("Valence", "26000")


def test_twilio_redelivering_a_message_changes_nothing(client: TestClient) -> None:
    """A retried webhook (same MessageSid, as after a timeout) is taken once."""
    phone = f"+3369{next(_ids):07d}"
    validator = RequestValidator(TWILIO_TOKEN)

    def deliver(sid: str, body: str) -> str:
        params = {"MessageSid": sid, "From": phone, "To": "+33700000000", "Body": body}
        signature = validator.compute_signature(f"{PUBLIC_URL}{WEBHOOK}", params)
        response = client.post(WEBHOOK, data=params, headers={"X-Twilio-Signature": signature})
        assert response.status_code == 200
        return response.text

    deliver("SMretry0000000000000000000000001", "je veux etre ASH a Lille")
    deliver("SMretry0000000000000000000000002", "oui")
    deliver("SMretry0000000000000000000000003", "non merci")
    first = deliver("SMretry0000000000000000000000004", "oui")  # yes, a licence
    again = deliver("SMretry0000000000000000000000004", "oui")
    assert "véhicule" in first
    assert "<Message>" not in again or again == first
    events = tracker_of(client, f"sms:{phone}")["events"]
    assert sum(1 for e in events if e.get("event") == "user") == 4
    # the yes answered the licence only, never the vehicle question after it
    slots = tracker_of(client, f"sms:{phone}")["slots"]
    assert slots["driving_licence"] is True and slots["vehicle"] is None


def test_the_same_fact_sent_twice_is_no_correction_and_nothing_is_lost(phone: Phone) -> None:
    phone.start("je veux devenir ASH")
    phone.send("j'habite a Lille")
    seen = phone.send("j'habite a Lille")
    assert "corrigé" not in seen.lower()
    assert phone.slots()["commune"] == "Lille"


def test_a_message_in_another_language_gets_a_polite_french_answer(phone: Phone) -> None:
    seen = phone.send("Hello, I'm looking for work as a carer in London")
    assert "Bonjour" in seen and "London" not in seen
    slots = phone.slots()
    assert slots.get("commune") is None and not slots.get("jobs")


def test_a_greeting_and_thanks_around_an_answer_do_not_hide_it(phone: Phone) -> None:
    phone.start("je cherche un poste d'ASH a Lille")
    assert "permis" in phone.send("non merci").lower()
    phone.send("Bonjour, oui merci 🙂")
    assert phone.slots()["driving_licence"] is True


def test_a_late_click_on_an_old_question_is_kept_and_the_open_question_stays(
    client: TestClient,
) -> None:
    """A button of a question already passed, clicked late (REST, where buttons keep
    their payloads): its fact is stored, and the form goes on."""
    sender = f"late-{next(_ids)}"

    def post(text: str) -> list[dict[str, Any]]:
        response = client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text})
        assert response.status_code == 200
        return list(response.json())

    post("ASH a Lille, j'ai le permis")
    post("oui")
    asked = post("non merci")
    assert "véhicule" in asked[-1]["text"]
    now = post('/inform{"vehicle": "car"}')[-1]["text"]
    assert "véhicule" not in now and now.endswith("?")
    replies = post('/inform{"vehicle": "none"}')  # the vehicle buttons again, late
    slots = tracker_of(client, sender)["slots"]
    assert slots["vehicle"] == "none"
    # the form goes on from the facts now known (without a vehicle, public transport
    # matters): a question, never the vehicle's again
    assert replies[-1]["text"].endswith("?") and "véhicule" not in replies[-1]["text"]


def test_a_long_cited_answer_and_the_question_resumed_fit_two_sms(phone: Phone) -> None:
    """The answer is cut after its first sentences, its source kept, "Plus" for the rest."""
    phone.start("je cherche un poste d'ASH a Lille")
    assert "permis" in phone.send("non merci").lower()
    seen = phone.send("est-ce qu'il existe une aide pour financer le permis de conduire ?")
    assert "Source" in seen and "Plus" in seen  # cited, the rest one reply away
    assert seen.rstrip().split("\n")[-2].endswith("?")  # the licence question, resumed
    more = phone.send("1", long_answer=True)
    assert "Source" in more


def test_a_location_shared_on_whatsapp_offers_the_communes_near_it(client: TestClient) -> None:
    """No text, only coordinates (WhatsApp's location message): the person is offered the
    communes near it as numbered options and picks theirs; nothing is stored before."""
    address = f"whatsapp:+3368{next(_ids):07d}"
    validator = RequestValidator(TWILIO_TOKEN)

    def deliver(body: str, **extra: str) -> str:
        params = {"MessageSid": f"SMwa{next(_ids):028d}", "From": address, "Body": body, **extra}
        params["To"] = "whatsapp:+33700000000"
        signature = validator.compute_signature(f"{PUBLIC_URL}{WEBHOOK}", params)
        response = client.post(WEBHOOK, data=params, headers={"X-Twilio-Signature": signature})
        assert response.status_code == 200
        return response.text

    deliver("je veux devenir ASH")
    deliver("oui")
    seen = deliver("", Latitude="44.9334", Longitude="4.8924", Address="Place de la Liberté")
    assert "Valence (26 Drôme)" in seen and "Guilherand-Granges (07" in seen
    assert tracker_of(client, address)["slots"]["commune"] is None
    options = seen.split("Valence (26 Drôme)")[0]
    number = options.rstrip().rsplit(None, 1)[-1]  # "… 2 Valence (26 Drôme)": its number
    deliver(number)
    slots = tracker_of(client, address)["slots"]
    assert (slots["commune"], slots["departement"]) == ("Valence", "26")
