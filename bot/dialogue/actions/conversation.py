"""Housekeeping: greetings, help, misunderstandings, pausing and resuming."""

from __future__ import annotations

from bot.dialogue.actions.base import Speaks, requested_form_slot, say, set_slots
from bot.dialogue.actions.qualification import ContinueForm
from bot.dialogue.choice import proposal_before
from bot.dialogue.content import Content
from bot.dialogue.events import BotUttered, Event
from bot.dialogue.services import TurnContext
from bot.dialogue.site import platform_named
from bot.dialogue.smsbudget import previous_turn_messages
from bot.dialogue.tracker import Tracker

__all__ = [
    "BareAnswer",
    "Greet",
    "Misunderstood",
    "OtherLanguage",
    "PauseForm",
    "UnpauseForm",
]

FALLBACKS_BEFORE_COUNSELLOR = 2


class Greet(Speaks):
    name = "action_greet"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        """The introduction once; later a hello back, without a question of its own
        while one of the form's waits (it is put again next)."""
        if not any(isinstance(e, BotUttered) for e in tracker.events):
            return [say(self._content, "utter_greet", ctx, platform=platform_named(tracker))]
        if requested_form_slot(tracker, self._content) is not None:
            return [say(self._content, "utter_greet_back", ctx)]
        return [say(self._content, "utter_greet_again", ctx)]


class Misunderstood:
    """Says so; after two misunderstandings in a row, offers a counsellor."""

    def __init__(self, name: str, response: str, content: Content) -> None:
        self.name = name
        self._response = response
        self._content = content

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        count = (tracker.get_slot("fallbacks") or 0) + 1
        if count >= FALLBACKS_BEFORE_COUNSELLOR:
            return [
                *set_slots(tracker, fallbacks=0),
                say(self._content, "utter_fallback_handoff", ctx),
            ]
        events: list[Event] = set_slots(tracker, fallbacks=count)
        if requested_form_slot(tracker, self._content) is not None:
            # the form's question, in other words, says it well enough
            after = Tracker.from_events(
                tracker.sender_id, [*tracker.events, *events], tracker.slot_names
            )
            asked = await ContinueForm(self._content).run(after, ctx)
            if any(isinstance(e, BotUttered) for e in asked):
                return events + asked
        return [*events, say(self._content, self._response, ctx)]


class OtherLanguage(Speaks):
    """A message in another language: the assistant answers only in French and says
    so, offering to go on in French or a counsellor; in other words when the
    person's previous message was foreign too (never the same reply in a loop)."""

    name = "action_other_language"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        told = any(
            said.startswith("utter_other_language") for said in _previous_turn_responses(tracker)
        )
        response = "utter_other_language_again" if told else "utter_other_language"
        return [say(self._content, response, ctx)]


def _previous_turn_responses(tracker: Tracker) -> set[str]:
    """The responses of the assistant's turn before the person's latest message."""
    return {str(m.data.get("response")) for m in previous_turn_messages(tracker)}


class BareAnswer(Speaks):
    """A yes or a no that answers nothing pending: a no to the events just proposed
    is taken ("D'accord", other dates or a question next); otherwise what the
    assistant can do, and a counsellor rather than the same list again."""

    name = "action_bare_answer"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        message = tracker.latest_message
        if (
            message is not None
            and message.intent_name == "deny"
            and proposal_before(tracker) is not None
        ):
            return [say(self._content, "utter_events_declined", ctx)]
        if "utter_help" in _previous_turn_responses(tracker):
            return [say(self._content, "utter_fallback_handoff", ctx)]
        return [say(self._content, "utter_help", ctx)]


class PauseForm(Speaks):
    name = "action_pause_form"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        if not tracker.get_slot("form"):
            return [say(self._content, "utter_goodbye", ctx)]
        return [*set_slots(tracker, form_paused=True), say(self._content, "utter_form_paused", ctx)]


class UnpauseForm:
    name = "action_unpause_form"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        return set_slots(tracker, form_paused=False)
