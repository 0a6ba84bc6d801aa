"""The action interface and helpers shared by actions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from bot.content.domain import Domain
from bot.dialogue.content import Content, FormSlot
from bot.dialogue.events import BotUttered, Event, SlotSet
from bot.dialogue.services import TurnContext
from bot.dialogue.smsbudget import SHORT
from bot.dialogue.tracker import Tracker
from channels.messages import BotMessage, Button

__all__ = ["Action", "Say", "Speaks", "requested_form_slot", "say", "say_plain", "set_slots"]


class Action(Protocol):
    name: str

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]: ...


def say_plain(domain: Domain, response: str, channel: str, **values: Any) -> BotUttered:
    return BotUttered.from_message(domain.render(response, channel, **values), response=response)


def say(
    content: Content,
    response: str,
    ctx: TurnContext,
    *,
    buttons: Iterable[Button] = (),
    custom: dict[str, Any] | None = None,
    **values: Any,
) -> BotUttered:
    message = content.domain.render(response, ctx.channel, **values)
    extra = tuple(buttons)
    if extra or custom is not None:
        message = BotMessage(message.text, message.buttons + extra, custom)
    said = BotUttered.from_message(message, response=response)
    if ctx.channel == "sms":  # its shorter text, for a turn over two segments (smsfit)
        short = content.domain.render_written(response, SHORT, **values)
        if short is not None and short.text:
            said.data[SHORT] = short.text
    return said


def set_slots(tracker: Tracker, **values: Any) -> list[Event]:
    """SlotSet events for the values that change."""
    return [SlotSet(name=k, value=v) for k, v in values.items() if tracker.get_slot(k) != v]


def requested_form_slot(tracker: Tracker, content: Content) -> FormSlot | None:
    form = tracker.get_slot("form")
    requested = tracker.get_slot("requested_slot")
    if not form or not requested or tracker.get_slot("form_paused"):
        return None
    return next((s for s in content.forms.get(form, ()) if s.slot == requested), None)


class Speaks:
    """Base of the actions that speak: the content their texts come from."""

    def __init__(self, content: Content) -> None:
        self._content = content


class Say(Speaks):
    """Says one response: `utter_*` names in rules.yml."""

    def __init__(self, name: str, content: Content) -> None:
        super().__init__(content)
        self.name = name

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        return [say(self._content, self.name, ctx)]
