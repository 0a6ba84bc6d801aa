"""The simulator counts an immersion request filed as a reached goal, like a booking."""

from __future__ import annotations

import pytest

from bot.dialogue.content import Content
from tests.conversations.simulator import reached_goal


def _said(response: str, channel: str, **values: str) -> list[dict[str, str]]:
    rendered = Content.load().domain.render(response, channel, **values)
    return [{"text": rendered.text or ""}]


@pytest.mark.parametrize("channel", ["rest", "sms"])
def test_an_immersion_request_filed_is_a_reached_goal(channel: str) -> None:
    filed = _said("utter_immersion_filed", channel, job="Aide-soignant", commune="Pessac")
    assert reached_goal(filed)


@pytest.mark.parametrize("channel", ["rest", "sms"])
def test_no_platform_for_an_immersion_is_no_reached_goal(channel: str) -> None:
    refused = _said("utter_immersion_no_platform", channel, departement="Hérault, 34")
    asked = _said("utter_immersion_ask_counsellor", channel)
    assert not reached_goal(refused) and not reached_goal(asked)
