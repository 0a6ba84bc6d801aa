"""No platform in the platform API for a département: the assistant never says it knows
of none when its sourced directory (knowledge/platforms.yml) names one there."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.dialogue.actions.proposals import no_platform
from bot.dialogue.content import Content
from bot.dialogue.events import BotUttered
from bot.dialogue.services import Services, TurnContext
from knowledge.platforms import load_directory
from vocab.gsm import sms_segments

RESPONSES = ("utter_events_no_platform", "utter_immersion_no_platform")


def _told(departement: str, response: str, channel: str = "rest") -> BotUttered:
    ctx = TurnContext(
        channel=channel,
        now=datetime(2026, 12, 7, tzinfo=UTC),
        services=Services(directory=load_directory()),
    )
    event = no_platform(Content.load(), ctx, departement, response)
    assert isinstance(event, BotUttered)
    return event


@pytest.mark.parametrize("response", RESPONSES)
@pytest.mark.parametrize("channel", ["rest", "sms"])
def test_a_platform_the_directory_knows_is_named_with_its_source(
    response: str, channel: str
) -> None:
    event = _told("33", response, channel)
    text = event.text or ""
    assert "BAAM" in text and "Département de la Gironde" in text, text
    assert "Je ne connais pas encore" not in text and "3949" in text
    assert event.data["custom"]["sources"][0]["url"].startswith("https://")
    assert "/human_handoff" in [b["payload"] for b in event.data["buttons"]]
    if channel == "sms":
        assert sms_segments(text) <= 2, text


@pytest.mark.parametrize("response", RESPONSES)
def test_a_departement_the_directory_does_not_know_is_told_plainly(response: str) -> None:
    text = _told("44", response).text or ""
    assert "Je ne connais pas encore de plateforme" in text and "Loire-Atlantique" in text
    assert "3949" in text


@pytest.mark.parametrize("response", RESPONSES)
@pytest.mark.parametrize(
    "departement", sorted({code for p in load_directory().platforms for code in p.departements})
)
def test_every_platform_of_the_directory_is_named_within_two_sms(
    departement: str, response: str
) -> None:
    text = _told(departement, response, "sms").text or ""
    assert "Je ne connais pas encore" not in text and sms_segments(text) <= 2, text
