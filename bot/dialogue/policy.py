"""Chooses the bot's reply from the tracker.

A deliberately small policy for the foundation: greet on the first turn or on
a greeting, otherwise say honestly what the assistant can do.
"""

from __future__ import annotations

from typing import Protocol

from autonomie_bot.content.domain import Domain
from autonomie_bot.dialogue.events import BotUttered, Event
from autonomie_bot.dialogue.tracker import Tracker

__all__ = ["GreetingPolicy", "Policy"]


class Policy(Protocol):
    async def respond(self, tracker: Tracker, channel: str) -> list[Event]: ...


class GreetingPolicy:
    def __init__(self, domain: Domain) -> None:
        self._domain = domain

    async def respond(self, tracker: Tracker, channel: str) -> list[Event]:
        first_turn = not any(isinstance(e, BotUttered) for e in tracker.events)
        message = tracker.latest_message
        intent = message.intent_name if message else None
        if first_turn or intent == "greet":
            names = ["utter_greet", "utter_help"]
        elif intent == "help":
            names = ["utter_help"]
        else:
            names = ["utter_not_understood"]
        return [utter(self._domain, name, channel) for name in names]


def utter(domain: Domain, name: str, channel: str, **values: object) -> BotUttered:
    return BotUttered.from_message(domain.render(name, channel, **values), response=name)
