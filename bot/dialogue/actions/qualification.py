"""The qualification form: consent, facts from free text, one question at a
time, corrections, barriers, and the orientation at the end."""

from __future__ import annotations

from typing import Any

from bot.dialogue.actions.base import Action, requested_form_slot, say, set_slots
from bot.dialogue.actions.events import events_near, where
from bot.dialogue.conditions import matches
from bot.dialogue.content import Content, FormSlot
from bot.dialogue.events import BotUttered, Event, SlotSet, UserUttered
from bot.dialogue.facts import Facts, extract_facts
from bot.dialogue.formatting import french_date
from bot.dialogue.intents import effective_intent
from bot.dialogue.profile import derive_barriers, describe, next_steps
from bot.dialogue.services import TurnContext
from bot.dialogue.tracker import Tracker
from bot.platform import PlatformError

__all__ = ["AcceptConsent", "ContinueForm", "FillProfile", "FormAnswer", "RefuseConsent"]

FORM = "qualification"


class FillProfile:
    """Takes the profile facts of the latest message, after consent."""

    name = "action_fill_profile"

    def __init__(self, content: Content) -> None:
        self._content = content
        self.profile_slots = tuple(content.domain.slots)

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        message = tracker.latest_message
        if message is None:
            return []
        requested = requested_form_slot(tracker, self._content)
        facts = extract_facts(_parse(message), tracker.slots, requested, ctx.services.places)
        events: list[Event] = []
        if not tracker.get_slot("form") and not tracker.get_slot("oriented"):
            events += set_slots(tracker, form=FORM)
        if tracker.get_slot("form_paused"):
            events += set_slots(tracker, form_paused=False)
        consent = tracker.get_slot("consent")
        wish = effective_intent(message) == "want_job"
        if not (facts.values or facts.skipped or facts.clarification) and not (
            wish and consent is None
        ):
            return events
        if consent is None:
            return [
                *events,
                *set_slots(tracker, expecting="consent"),
                say(self._content, "utter_ask_consent", ctx),
            ]
        if consent is False:
            return [*events, say(self._content, "utter_consent_refused", ctx)]
        return events + self._store(tracker, facts, requested, ctx)

    def _store(
        self, tracker: Tracker, facts: Facts, requested: FormSlot | None, ctx: TurnContext
    ) -> list[Event]:
        changed = {k: v for k, v in facts.values.items() if tracker.get_slot(k) != v}
        corrected = {
            k: v
            for k, v in changed.items()
            if (tracker.get_slot(k) not in (None, []) and k not in ("jobs", "diplomas"))
            or (k in ("jobs", "diplomas") and facts.correction)
        }
        events: list[Event] = set_slots(tracker, **changed)
        if facts.skipped:
            skipped = list(dict.fromkeys([*(tracker.get_slot("skipped") or []), *facts.skipped]))
            events += set_slots(tracker, skipped=skipped)
        profile = {**tracker.slots, **changed}
        events += set_slots(tracker, barriers=derive_barriers(profile, self._content))
        if facts.clarification is not None:
            clarify = facts.clarification
            events.append(
                say(self._content, clarify.response, ctx, buttons=clarify.buttons, **clarify.values)
            )
            return events
        unasked = {
            k: v
            for k, v in changed.items()
            if k not in corrected and not (requested and k in requested.fills)
        }
        if corrected:
            events.append(
                say(self._content, "utter_corrected", ctx, facts=describe(corrected, self._content))
            )
        elif len(unasked) >= 2 or (unasked and tracker.get_slot("oriented")):
            events.append(
                say(self._content, "utter_noted", ctx, facts=describe(changed, self._content))
            )
        return events


class AcceptConsent:
    """Consent given: remember it, then take the facts given before the question."""

    name = "action_accept_consent"

    def __init__(self, content: Content) -> None:
        self._content = content

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        events: list[Event] = set_slots(tracker, consent=True, expecting=None)
        facts = Facts()
        for message in _messages_before_consent_question(tracker):
            found = extract_facts(
                _parse(message), {**tracker.slots, **facts.values}, None, ctx.services.places
            )
            facts.values.update(found.values)
            facts.skipped += found.skipped
            facts.clarification = found.clarification or facts.clarification
        stored = FillProfile(self._content)._store(tracker, facts, None, ctx)
        if not any(isinstance(e, BotUttered) for e in stored) and facts.values:
            stored.append(
                say(self._content, "utter_noted", ctx, facts=describe(facts.values, self._content))
            )
        return events + stored


class RefuseConsent:
    name = "action_refuse_consent"

    def __init__(self, content: Content) -> None:
        self._content = content

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        return [
            *set_slots(tracker, consent=False, expecting=None, form=None, requested_slot=None),
            say(self._content, "utter_consent_refused", ctx),
        ]


class ContinueForm:
    """Asks the next missing fact, or gives the orientation when all are known."""

    name = "action_continue_form"

    def __init__(self, content: Content) -> None:
        self._content = content

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        form = tracker.get_slot("form")
        if (
            not form
            or tracker.get_slot("form_paused")
            or tracker.get_slot("expecting")
            or tracker.get_slot("consent") is not True
            or _asked_clarification(tracker)
        ):
            return []
        for slot in self._content.forms.get(form, ()):
            if self._missing(slot, tracker):
                return [
                    *set_slots(tracker, requested_slot=slot.slot),
                    say(self._content, slot.ask, ctx),
                ]
        events: list[Event] = set_slots(tracker, form=None, requested_slot=None, oriented=True)
        return events + await self._orientation(tracker, ctx)

    def _missing(self, slot: FormSlot, tracker: Tracker) -> bool:
        if slot.slot in (tracker.get_slot("skipped") or []):
            return False
        if not matches(slot.ask_if, tracker.slots):
            return False
        if slot.slot == "location":
            return not (tracker.get_slot("commune") or tracker.get_slot("postal_code"))
        value = tracker.get_slot(slot.slot)
        return value is None or (slot.slot == "jobs" and value == [])

    async def _orientation(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        events: list[Event] = [
            say(
                self._content,
                "utter_orientation",
                ctx,
                summary=describe(tracker.slots, self._content),
            )
        ]
        knowledge = ctx.services.knowledge
        for step in next_steps(tracker.slots, self._content):
            if step["step"] == "immersion":
                events.append(say(self._content, "utter_step_immersion", ctx))
            elif step["step"] == "fiche" and knowledge is not None:
                fiche = knowledge.fiche(step["fiche"])
                if fiche is not None:
                    events.append(
                        say(
                            self._content,
                            "utter_step_fiche",
                            ctx,
                            title=fiche.title,
                            fiche=fiche.fiche_id,
                        )
                    )
            elif step["step"] == "next_event":
                events += await self._next_event(tracker, ctx)
        return events

    async def _next_event(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        """The nearest bookable event for the person's job, if the platform answers."""
        place = where(tracker.slots, ctx) if ctx.services.platform is not None else None
        if place is None:
            return []
        try:
            found = await events_near(place, tracker.slots, ctx, jobs=tracker.get_slot("jobs"))
        except PlatformError:
            return []
        if not found:
            return []
        event = found[0]
        where_ = "en ligne" if event.online else event.commune
        return [
            say(
                self._content,
                "utter_step_event",
                ctx,
                title=event.title,
                date=french_date(event.starts_at),
                commune=where_,
                event_id=event.id,
            )
        ]


def _parse(message: UserUttered) -> dict[str, Any]:
    return {"text": message.text, **message.parse_data}


def _asked_clarification(tracker: Tracker) -> bool:
    """The latest bot message of this turn is a clarifying question."""
    last = next(
        (e for e in reversed(tracker.events) if isinstance(e, BotUttered | UserUttered)), None
    )
    return isinstance(last, BotUttered) and str(last.data.get("response", "")).startswith(
        ("utter_location_", "utter_postal_code_", "utter_children_")
    )


def _messages_before_consent_question(tracker: Tracker) -> list[UserUttered]:
    """The person's messages just before the consent question was asked."""
    events = tracker.events
    asked = max(
        (
            i
            for i, e in enumerate(events)
            if isinstance(e, BotUttered) and e.data.get("response") == "utter_ask_consent"
        ),
        default=None,
    )
    if asked is None:
        return []
    found: list[UserUttered] = []
    for event in reversed(events[:asked]):
        if isinstance(event, BotUttered) and found:
            break
        if isinstance(event, UserUttered):
            found.append(event)
    return list(reversed(found))


class FormAnswer:
    """During the form, a message the NLU did not place may still answer the
    question asked ("ma mère les garde"): take it if it does, else say so."""

    name = "action_form_answer"

    def __init__(self, content: Content, fallback: Action) -> None:
        self._fill = FillProfile(content)
        self._continue = ContinueForm(content)
        self._fallback = fallback

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        filled = await self._fill.run(tracker, ctx)
        profile = set(self._fill.profile_slots)
        if not any(isinstance(e, SlotSet) and e.name in (*profile, "skipped") for e in filled):
            return await self._fallback.run(tracker, ctx)
        after = Tracker.from_events(
            tracker.sender_id, [*tracker.events, *filled], tracker.slot_names
        )
        return filled + await self._continue.run(after, ctx)
