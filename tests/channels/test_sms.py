"""SMS text: GSM-7, numbered options, splitting, operator keywords; the conversation view."""

from __future__ import annotations

import pytest

from channels.hooks import ConversationView, payload_token, view_from_events
from channels.messages import BotMessage, Button
from channels.sms import parse_choice, render_sms, sms_text
from channels.text import source_line, split_text
from vocab.gsm import is_gsm7, sms_segments

CONSENT = (
    "Bonjour ! Je suis l’assistant automatique de la plateforme des métiers de l’autonomie. "
    "Pour vous orienter je garde votre commune, vos contraintes et vos diplômes pendant "
    "24 mois, rien d’autre. D’accord ?"
)


@pytest.mark.parametrize(
    ("text", "number"),
    [("2", 2), (" 2 ", 2), ("2.", 2), ("2)", 2), ("n°3", 3), ("12", 12), ("x", None),
     ("2 enfants", None), ("1,5", None), ("", None), ("123", None)],
)  # fmt: skip
def test_parse_choice(text: str, number: int | None) -> None:
    assert parse_choice(text) == number


def test_gsm7_transliteration_keeps_gsm_accents_and_drops_emoji() -> None:
    text = sms_text("Être aidé·e à domicile ? Ça coûte… « rien » – ou presque 🙂 œuvre")
    assert text.startswith('Etre aidé-e à domicile ? Ça coute... "')
    assert text.endswith("- ou presque oeuvre") and "rien" in text
    assert is_gsm7(text)
    assert sms_text("Привет") == "Привет"  # no GSM-7 form: kept, sent in UCS-2


def test_short_options_are_inline_and_long_ones_listed() -> None:
    [body] = render_sms(
        [BotMessage(text=CONSENT, buttons=(Button("Oui", "/affirm"), Button("Non", "/deny")))]
    )
    assert body.endswith("D'accord ?\n1 Oui  2 Non") and "’" not in body
    assert sms_segments(body) == 2
    events = BotMessage(
        text="Voici les prochains rendez-vous :",
        buttons=(
            Button("Atelier découverte aide-soignant, mar. 12 janv., Mérignac", "/book_event{}"),
            Button("Job dating EHPAD, jeu. 14 janv., Pessac", "/book_event{}"),
            Button("Information collective, ven. 15 janv., Bordeaux", "/book_event{}"),
            Button("Site", "https://example.org/agenda"),
        ),
    )
    [body] = render_sms([events])
    assert body.splitlines()[-4:] == [
        "1. Atelier découverte aide-soignant, mar. 12 janv., Mérignac",
        "2. Job dating EHPAD, jeu. 14 janv., Pessac",
        "3. Information collective, ven. 15 janv., Bordeaux",
        "Répondez 1, 2 ou 3.",
    ]
    assert "Site : https://example.org/agenda" in body


def test_options_are_numbered_across_the_turn_as_the_view_keeps_them() -> None:
    turn = [
        BotMessage(text="Premier", buttons=(Button("A", "/a"), Button("B", "/b"))),
        BotMessage(text="Second", buttons=(Button("C", "/c"),)),
    ]
    [body] = render_sms(turn)
    assert body == "Premier\n1 A  2 B\nSecond\n3 C"
    events = [
        {"event": "user", "text": "bonjour"},
        *({"event": "bot", "text": m.text, "data": m.as_dict()} for m in turn),
    ]
    assert view_from_events(events).options == ("/a", "/b", "/c")


def test_long_text_is_split_at_sentences_within_two_segments() -> None:
    sentence = "La formation d'aide-soignant dure environ dix mois en institut. "
    bodies = render_sms(
        [
            BotMessage(
                text=sentence * 30, custom={"sources": [{"title": "CNSA", "date": "2025-03-01"}]}
            )
        ]
    )
    total = len(bodies)
    assert total > 5 and all(sms_segments(b) <= 2 for b in bodies)
    assert all(b.endswith(f"({i}/{total})") for i, b in enumerate(bodies, start=1))
    assert all(b.split(" (")[0].endswith((".", "2025")) for b in bodies)  # whole sentences
    assert bodies[-1].startswith("La formation") and "Source : CNSA, 2025" in bodies[-1]


def test_a_word_longer_than_an_sms_is_cut() -> None:
    chunks = split_text("x" * 500, lambda t: len(t) <= 200)
    assert [len(c) for c in chunks] == [200, 200, 100]
    assert split_text("", lambda t: True) == []
    assert render_sms([]) == [] and render_sms([BotMessage()]) == []


def test_ucs2_text_is_counted_and_split_as_ucs2() -> None:
    bodies = render_sms([BotMessage(text="Здравствуйте. " * 30)])
    assert all(sms_segments(b) <= 2 for b in bodies) and len(bodies) > 1


def test_source_lines() -> None:
    custom = {
        "sources": [
            {"title": "CNSA", "date": "2025-03-01", "url": "https://x"},
            {"title": "DREETS"},
        ]
    }
    assert source_line(custom) == "Sources : CNSA, 01/03/2025 ; DREETS"
    assert source_line(custom, short=True) == "Source : CNSA, 2025"
    assert source_line({"sources": "nope"}) is None and source_line(None) is None
    page = {"title": "Financer son permis", "date": "2026-04-01", "publisher": "Service-public.fr"}
    assert source_line({"sources": [page]}, short=True) == "Source : Service-public.fr, 2026"
    assert source_line({"sources": [page]}) == (
        "Source : Service-public.fr, Financer son permis, 01/04/2026"
    )
    assert source_line({"sources": [{"date": "2025"}, 3]}) is None


def test_the_view_folds_opt_out_and_offered_payloads() -> None:
    long = '/cancel_booking{"booking_id": "' + "9" * 60 + '"}'
    events = [
        {"event": "bot", "text": "x", "data": {"buttons": [{"title": "A", "payload": long}]}},
        {"event": "user", "text": "STOP", "parse_data": {"intent": {"name": "opt_out"}}},
        {
            "event": "bot",
            "text": "ok",
            "data": {"buttons": [{"title": "L", "payload": "https://x"}]},
        },
    ]
    view = view_from_events(events)
    assert view.opted_out and view.options == ()
    assert view.find_payload(payload_token(long)) == long and view.find_payload("#no") is None
    assert not view_from_events([*events, {"event": "user", "text": "/opt_in"}]).opted_out
    assert not view_from_events(events, {"opted_out": False}).opted_out  # the bot's slot wins
    assert view_from_events([], {"opted_out": True}).opted_out
    assert ConversationView().options == ()
