"""The qualification form: consent, facts from free text, one question at a
time, corrections, barriers, and the orientation at the end."""

from __future__ import annotations

from typing import Any

from bot.dialogue.actions import tracker_reads as reads
from bot.dialogue.actions.asking import answered_aside, ask, said_this_turn, skip_offer
from bot.dialogue.actions.base import Action, Speaks, requested_form_slot, say, set_slots
from bot.dialogue.actions.details import kept_offered
from bot.dialogue.actions.events import ListEvents, searched_place
from bot.dialogue.actions.message_facts import facts_of
from bot.dialogue.actions.orientation import orientation
from bot.dialogue.actions.proposals import propose_events, where
from bot.dialogue.booking_buttons import booking_buttons
from bot.dialogue.choice import proposal_before
from bot.dialogue.conditions import matches
from bot.dialogue.content import Content, FormSlot
from bot.dialogue.ellipsis import job_switch
from bot.dialogue.events import BotUttered, Event, SlotSet
from bot.dialogue.facts import Facts
from bot.dialogue.intents import effective_intent
from bot.dialogue.profile import derive_barriers, describe
from bot.dialogue.questions import asks
from bot.dialogue.services import TurnContext
from bot.dialogue.tracker import Tracker
from channels.messages import Button

__all__ = [
    "AcceptConsent",
    "AcceptConsentLate",
    "AskConsent",
    "ContinueForm",
    "DeferConsent",
    "FillProfile",
    "FormAnswer",
    "RefuseConsent",
    "ask_consent",
]

FORM = "qualification"
_PLACE_SLOTS = frozenset({"commune", "postal_code", "departement"})


class FillProfile:
    """Takes the profile facts of the latest message, after consent."""

    def __init__(self, content: Content, *, mode: str = "ask") -> None:
        """`mode`: "ask" (consent is asked when needed, refusal said), "quiet" (the
        message was answered otherwise: a refusal is not repeated), "keep" (facts
        stored with consent, no question at all)."""
        self._content = content
        self.profile_slots = tuple(content.domain.slots)
        self.mode = mode
        self.name = {
            "ask": "action_fill_profile",
            "quiet": "action_fill_profile_quietly",
            "keep": "action_keep_facts",
        }[mode]

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        message = tracker.latest_message
        if message is None or job_switch(tracker) is not None:
            return []  # "et comme infirmière ?" after an answer names a topic, not a wish
        requested = requested_form_slot(tracker, self._content)
        place_asked = reads.place_clarified(tracker)  # "Bretagne : quel département ?"
        facts = facts_of(message, tracker.slots, requested, ctx, place_asked=place_asked)
        if self.mode == "keep":
            if tracker.get_slot("consent") is not True:
                return []
            facts.clarification = None
            return self._store(tracker, facts, requested, ctx)
        wish = effective_intent(message) in ("want_job", "inform")
        found = bool(facts.values or facts.skipped or facts.clarification)
        events: list[Event] = []
        if (found or wish) and not tracker.get_slot("form") and not tracker.get_slot("oriented"):
            events += set_slots(tracker, form=FORM)
        if tracker.get_slot("form_paused"):
            events += set_slots(tracker, form_paused=False)
        consent = tracker.get_slot("consent")
        if not found and not (wish and consent is None):
            return events
        if consent is None:
            return events + (ask_consent(self._content, tracker, ctx) or [])
        if consent is False:
            if self.mode != "ask":
                return events
            if facts.values.keys() & _PLACE_SLOTS:
                # without consent, a place given serves this search only: the events near it
                return events + await ListEvents(self._content).run(tracker, ctx)
            return [*events, say(self._content, "utter_consent_refused", ctx)]
        return events + self._store(tracker, facts, requested, ctx)

    def _store(
        self, tracker: Tracker, facts: Facts, requested: FormSlot | None, ctx: TurnContext
    ) -> list[Event]:
        changed = {
            k: v
            for k, v in facts.values.items()
            if tracker.get_slot(k) != v and not reads.same_unaccented(k, tracker.get_slot(k), v)
        }
        if _same_commune_again(tracker, facts.values):
            # "non pardon, c'est bien Montpellier": the postal code known stays (the name
            # alone has several); it was cleared, and "C'est corrigé : ." said nothing
            changed.pop("postal_code", None)
        corrected = {
            k: v
            for k, v in changed.items()
            if (
                tracker.get_slot(k) not in (None, [])
                and k not in ("jobs", "diplomas")
                and not reads.same_name(k, tracker.get_slot(k), v)
            )
            or (k in ("jobs", "diplomas") and facts.correction)
        }
        events: list[Event] = set_slots(tracker, **changed)
        if tracker.get_slot("proposed") and set(changed) & {
            "commune",
            "postal_code",
            "departement",
        }:
            events += set_slots(tracker, proposed=False)  # events near the new place next
        if facts.route and tracker.get_slot("route") != facts.route:
            events += set_slots(tracker, route=facts.route)
        if facts.skipped:
            skipped = list(dict.fromkeys([*(tracker.get_slot("skipped") or []), *facts.skipped]))
            events += set_slots(tracker, skipped=skipped)
        if changed:  # barriers derive from the facts: only new facts can change them
            profile = {**tracker.slots, **changed}
            events += set_slots(tracker, barriers=derive_barriers(profile, self._content))
        if facts.clarification is not None:
            clarify = facts.clarification
            asked = ask(
                self._content,
                tracker,
                ctx,
                f"clarify:{clarify.response}",
                clarify.response,
                buttons=clarify.buttons,
                **clarify.values,
            )
            if asked is None and requested is not None:
                skipped = list(
                    dict.fromkeys([*(tracker.get_slot("skipped") or []), requested.slot])
                )
                return [
                    *events,
                    *set_slots(tracker, skipped=skipped),
                    skip_offer(
                        self._content, ctx, requested.slot, f'/inform{{"skip": "{requested.slot}"}}'
                    ),
                ]
            return events + (asked or [])
        unasked = {
            k: v
            for k, v in changed.items()
            if k not in corrected and not (requested and k in requested.fills)
        }
        if corrected and (shown := describe(corrected, self._content)):
            events.append(say(self._content, "utter_corrected", ctx, facts=shown))
        elif len(unasked) >= 2 or (unasked and tracker.get_slot("oriented")):
            events.append(
                say(self._content, "utter_noted", ctx, facts=describe(changed, self._content))
            )
        return events


class AcceptConsent(Speaks):
    """Consent given: remember it, then take the facts given before the question."""

    name = "action_accept_consent"
    #: given outright after a no, or once the question was dropped ("finalement vous
    #: pouvez garder mes infos"): said so, the facts of the whole conversation, the form
    #: resumed
    late = False

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        late = self.late
        events: list[Event] = set_slots(tracker, consent=True, expecting=None)
        if late:
            if not tracker.get_slot("form") and not tracker.get_slot("oriented"):
                events += set_slots(tracker, form=FORM)
            events.append(say(self._content, "utter_consent_given_late", ctx))
        facts = Facts()
        for message in reads.messages_before_consent(tracker, since_refusal=not late):
            found = facts_of(message, {**tracker.slots, **facts.values}, None, ctx)
            facts.values.update(found.values)
            facts.route = found.route or facts.route
            facts.skipped += found.skipped
            if facts.clarification is not None and facts.clarification.settled_by(found.values):
                facts.clarification = None  # "99999", then "pardon, 13013": nothing to ask
            facts.clarification = found.clarification or facts.clarification
        stored = FillProfile(self._content)._store(tracker, facts, None, ctx)
        if not any(isinstance(e, BotUttered) for e in stored) and facts.values:
            stored.append(
                say(self._content, "utter_noted", ctx, facts=describe(facts.values, self._content))
            )
        return events + stored


class AcceptConsentLate(AcceptConsent):
    name = "action_accept_consent_late"
    late = True


class RefuseConsent(Speaks):
    name = "action_refuse_consent"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        return [
            *set_slots(tracker, consent=False, expecting=None, form=None, requested_slot=None),
            say(self._content, "utter_consent_refused", ctx),
        ]


class DeferConsent(Speaks):
    """ "je verrai plus tard" to the consent question: nothing kept and nothing asked
    now (the consent may be given later); the events near the place already said, for
    this search only, or how to see them."""

    name = "action_defer_consent"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        events = set_slots(tracker, expecting=None, form=None, requested_slot=None)
        if where(searched_place(tracker, ctx), ctx) is None:
            return [*events, say(self._content, "utter_consent_later_no_place", ctx)]
        listed = await ListEvents(self._content).run(tracker, ctx)
        return [*events, say(self._content, "utter_consent_later", ctx), *listed]


class ContinueForm(Speaks):
    """Asks the next missing fact, or gives the orientation when all are known."""

    name = "action_continue_form"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        form = tracker.get_slot("form")
        if (
            not form
            or tracker.get_slot("form_paused")
            or tracker.get_slot("expecting")
            or tracker.get_slot("consent") is not True
            or reads.asked_clarification(tracker)
        ):
            return []
        if (again := self._proposal_again(tracker, ctx)) is not None:
            return [again]
        events: list[Event] = []
        for slot in self._content.forms.get(form, ()):
            if slot.propose:
                if not tracker.get_slot("proposed") and not events and reads.place_known(tracker):
                    events = set_slots(tracker, proposed=True)
                    proposal = await propose_events(self._content, tracker, ctx)
                    if proposal:
                        return events + proposal
                continue
            if self._missing(slot, tracker):
                return events + self._ask(slot, tracker, ctx)
        events += set_slots(tracker, form=None, requested_slot=None, oriented=True)
        return events + await orientation(self._content, tracker, ctx)

    def _proposal_again(self, tracker: Tracker, ctx: TurnContext) -> Event | None:
        """Events were proposed just before and the person asked a question of their
        own, answered this turn: the same options again, not the next question (the
        proposals would be lost behind it)."""
        message = tracker.latest_message
        proposal = proposal_before(tracker)
        if message is None or proposal is None or not said_this_turn(tracker):
            return None
        if effective_intent(message) != "question" and not asks(message.text):
            return None
        buttons = [Button(b["title"], b["payload"]) for b in booking_buttons(proposal)]
        if not buttons:
            return None  # where and when each is stays known: "le plus proche" picks one
        return kept_offered(
            say(self._content, "utter_events_again", ctx, buttons=buttons), proposal
        )

    def _ask(self, slot: FormSlot, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        """The slot's question; in other words the second time; then an offer to skip it."""
        resume = said_this_turn(tracker) and tracker.get_slot("requested_slot") == slot.slot
        asked = ask(self._content, tracker, ctx, f"form:{slot.slot}", slot.ask, resume=resume)
        if asked is not None:
            return [*set_slots(tracker, requested_slot=slot.slot), *asked]
        skipped = list(dict.fromkeys([*(tracker.get_slot("skipped") or []), slot.slot]))
        return [
            *set_slots(tracker, requested_slot=slot.slot, skipped=skipped),
            skip_offer(self._content, ctx, slot.slot, f'/inform{{"skip": "{slot.slot}"}}'),
        ]

    def _missing(self, slot: FormSlot, tracker: Tracker) -> bool:
        if slot.slot in (tracker.get_slot("skipped") or []):
            return False
        if not matches(slot.ask_if, tracker.slots):
            return False
        if slot.slot == "location":
            return not reads.place_known(tracker)
        value = tracker.get_slot(slot.slot)
        return value is None or (slot.slot == "jobs" and value == [])


class AskConsent(Speaks):
    """The consent question again (in other words); after that, nothing more is asked
    and nothing is kept."""

    name = "action_ask_consent"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        if tracker.get_slot("consent") is not None:
            return []
        asked = ask_consent(self._content, tracker, ctx)
        if asked is not None:
            return asked
        return [
            *set_slots(tracker, expecting=None, form=None, requested_slot=None),
            say(self._content, "utter_consent_not_given", ctx),
        ]


def ask_consent(content: Content, tracker: Tracker, ctx: TurnContext) -> list[Event] | None:
    """The consent question (twice at most; then nothing is kept and nothing asked);
    after the person's own question, put again as it was put."""
    asked = ask(
        content, tracker, ctx, "consent", "utter_ask_consent", resume=answered_aside(tracker)
    )
    if asked is None:
        return None
    return [*set_slots(tracker, expecting="consent"), *asked]


class FormAnswer:
    """During the form, a message the NLU did not place may still answer the
    question asked ("ma mère les garde"): take it if it does, else say so."""

    def __init__(
        self, content: Content, fallback: Action, name: str = "action_form_answer"
    ) -> None:
        self.name = name
        self._fill = FillProfile(content)
        self._continue = ContinueForm(content)
        self._fallback = fallback

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        filled = await self._fill.run(tracker, ctx)
        profile = set(self._fill.profile_slots)
        if not any(
            isinstance(e, SlotSet) and e.name in (*profile, "skipped") for e in filled
        ) and not reads.clarifies(filled):
            return await self._fallback.run(tracker, ctx)
        after = Tracker.from_events(
            tracker.sender_id, [*tracker.events, *filled], tracker.slot_names
        )
        return filled + await self._continue.run(after, ctx)


def _same_commune_again(tracker: Tracker, values: dict[str, Any]) -> bool:
    """The commune known, named again without a postal code, in the same département."""
    commune = values.get("commune")
    return (
        commune is not None
        and values.get("postal_code") is None
        and reads.same_name("commune", tracker.get_slot("commune"), commune)
        and values.get("departement") in (None, tracker.get_slot("departement"))
    )
