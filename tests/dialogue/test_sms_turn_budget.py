"""An SMS turn that would take more than two segments keeps its essential part
(conversation-design.md): what a phone receives, rendered by the SMS channel from
the messages the actions say, takes two segments at most. Each turn here took
three or four before: a decline with other questions suggested and a question; a
booking done and the next events; a booking asked after the advice asked for; a
fiche's answer and the events near the person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.dialogue.actions.base import say
from bot.dialogue.actions.details import booking_details
from bot.dialogue.actions.proposals import event_button, offering
from bot.dialogue.content import Content
from bot.dialogue.events import BotUttered, UserUttered
from bot.dialogue.services import Services, TurnContext
from bot.dialogue.smsbudget import SHORT, turn_messages
from bot.dialogue.smsfit import fit_sms_turn
from bot.dialogue.tracker import Tracker
from channels.messages import Button
from channels.sms import render_sms
from platform_api.models import Event
from vocab.gsm import sms_segments

CONTENT = Content.load()
CTX = TurnContext(channel="sms", now=datetime(2026, 12, 7, tzinfo=UTC), services=Services())
START = datetime(2027, 1, 18, 9, 30, tzinfo=UTC)


def _event(
    ident: str,
    title: str,
    commune: str,
    days: int = 0,
    address: str = "Espace emploi, 26 rue de la République",
) -> Event:
    return Event(
        id=ident,
        type="atelier_decouverte",
        title=title,
        description="",
        starts_at=START + timedelta(days=days),
        ends_at=START + timedelta(days=days, hours=2),
        departement="59",
        address=address,
        commune=commune,
        postal_code="59600",
        lat=None,
        lon=None,
        online=False,
        capacity=12,
        seats_left=5,
        full=False,
    )


WORKSHOP = _event("evt_a", "Atelier découverte : le métier d'aide-soignant", "Maubeuge")
SIMULATOR = _event(
    "evt_d",
    "Simulateur de vieillissement : se mettre à la place d'une personne âgée",
    "Bègles",
    address="EHPAD ou service partenaire (adresse précise à l'inscription), 40 rue Pasteur",
)
OTHERS = [
    _event("evt_b", "Job dating EHPAD : aides-soignants et agents de service", "Roubaix", 5),
    _event("evt_c", "Information collective : devenir accompagnant", "Valenciennes", 9),
]


def _fitted(*messages: BotUttered) -> tuple[list[BotUttered], list[str]]:
    tracker = Tracker("sms-budget", [])
    tracker.update(UserUttered(text="un message", channel="sms"))
    for message in messages:
        tracker.update(message)
    fit_sms_turn(tracker)
    said = turn_messages(tracker)
    return said, render_sms([m.message() for m in said])


def _segments(bodies: list[str]) -> int:
    return sum(sms_segments(body) for body in bodies)


def _proposal() -> BotUttered:
    buttons = [event_button(e, short=30) for e in OTHERS]
    said = say(CONTENT, "utter_events_proposed", CTX, buttons=buttons, commune="Maubeuge")
    return offering(said, OTHERS)


def test_a_decline_keeps_its_counsellor_and_the_question_drops_the_suggestions() -> None:
    suggestions = [
        Button("La participation forfaitaire CPF en 2026", '/question{"fiche": "cpf"}'),
        Button(
            "Salaire d'aide à domicile, d'auxiliaire de vie ou d'AES : ce qui le fait varier",
            '/question{"fiche": "paie"}',
        ),
    ]
    decline = say(CONTENT, "utter_kb_abstain", CTX, buttons=suggestions)
    question = say(CONTENT, "utter_ask_children", CTX)
    said, bodies = _fitted(decline, question)
    assert _segments(bodies) <= 2, bodies
    text = "\n".join(bodies)
    assert "Un conseiller" in text and "enfants" in text
    kept = [b["payload"] for b in said[0].data["buttons"]]
    assert kept[0] == "/human_handoff" and len(kept) < 3


def test_a_booking_done_keeps_its_address_and_one_of_the_next_events() -> None:
    # interfaces.md: the booking's reply states the event's title, date and address
    booked = say(CONTENT, "utter_booked", CTX, **booking_details(WORKSHOP))
    said, bodies = _fitted(booked, _proposal())
    assert _segments(bodies) <= 2, bodies
    text = "\n".join(bodies)
    assert "vous etes inscrit" in text.lower() and "26 rue de la République, Maubeuge" in text
    assert len(said[1].data["buttons"]) == 1 and "Pour vous inscrire" in (said[1].text or "")
    assert all(SHORT not in m.data for m in said), "the short texts are never stored"


def test_a_booking_asked_after_the_advice_fits_with_the_decline_before_it() -> None:
    decline = say(CONTENT, "utter_kb_abstain", CTX)
    advice = say(CONTENT, "utter_event_advised", CTX)
    confirm = say(CONTENT, "utter_confirm_booking", CTX, **booking_details(SIMULATOR))
    said, bodies = _fitted(decline, advice, confirm)
    assert _segments(bodies) <= 2, bodies
    assert "Bègles ?" in (said[-1].text or "")
    assert [b["payload"] for b in said[-1].data["buttons"]] == ["/affirm", "/deny"]


def test_a_long_answer_and_the_events_keep_the_answer_sourced_and_one_event() -> None:
    answer = say(
        CONTENT,
        "utter_answer",
        CTX,
        custom={"fiche": "salaire"},
        fiche="salaire",
        answer=(
            "Le salaire d'une aide à domicile, d'une ADVF ou d'une AES dépend de l'employeur,"
            " de sa convention, du diplôme et du temps de travail. Le taux horaire ne peut pas"
            " être sous le SMIC. Beaucoup de postes sont à temps partiel."
        ),
        source="PayFit, 2026",
    )
    said, bodies = _fitted(answer, _proposal())
    assert _segments(bodies) <= 2, bodies
    assert "Source : PayFit" in (said[0].text or "")
    assert [b["title"] for b in said[0].data["buttons"]] == ["Plus"]
    kept = said[1].data["buttons"]
    assert len(kept) == 1 and [o["id"] for o in said[1].data["offered"]] == ["evt_b"]


def test_a_turn_that_fits_is_left_as_it_is() -> None:
    confirm = say(CONTENT, "utter_confirm_booking", CTX, **booking_details(WORKSHOP))
    said, bodies = _fitted(confirm)
    assert "rue de la République" in (said[0].text or "")
    assert len(bodies) == 1
