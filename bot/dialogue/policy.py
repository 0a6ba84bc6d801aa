"""Chooses and runs the actions of a turn, following rules.yml.

The policy changes the tracker only through events (`tracker.update`); the
processor stores whatever this turn appended.
"""

from __future__ import annotations

from typing import Protocol

from bot.dialogue.actions.base import Action, Say, say, set_slots
from bot.dialogue.actions.details import unread_choice
from bot.dialogue.answers import takes_leave, yes_or_no
from bot.dialogue.clauses import (
    REQUESTS,
    answers_period,
    asks_about_topic,
    asks_to_be_told,
    embedded_question,
    pleads,
    request_in_question,
    states_facts,
)
from bot.dialogue.commands import BACK_TO_ASSISTANT, COMMANDS, LEAVE_FORM, Commands
from bot.dialogue.consent_words import CONSENT_LATER, CONSENT_QUESTION, consent_rule, defers
from bot.dialogue.content import Content, Rule
from bot.dialogue.ellipsis import job_switch
from bot.dialogue.event_questions import (
    advised,
    asked_about_proposal,
    asks_where_or_when,
    question_beside_advice,
    undecided,
)
from bot.dialogue.events import ActionExecuted, BotUttered, SessionStarted
from bot.dialogue.facts import corrects_place
from bot.dialogue.intents import effective_intent
from bot.dialogue.places import PLACE_SLOTS
from bot.dialogue.profile import describe
from bot.dialogue.questions import asks, question_start
from bot.dialogue.route_reads import gives_place, in_context, place_asked_as_question, single_offer
from bot.dialogue.scheme_questions import asks_about_scheme
from bot.dialogue.sensitive import SensitiveTopics
from bot.dialogue.services import Knowledge, TurnContext
from bot.dialogue.site import platform_named
from bot.dialogue.smsfit import fit_sms_turn
from bot.dialogue.tracker import Tracker
from bot.dialogue.waiting import asks_about_the_wait
from bot.errors import AutonomieError
from vocab.keywords import OPT_IN_PAYLOAD, keyword_payload
from vocab.language import foreign_language

__all__ = ["Policy", "RulePolicy"]

ROUTE_AGAIN = "action_route_again"
MAX_ACTIONS = 12
#: the intents a "merci c'est tout" is read as (a hello before it: "greet")
_LEAVING = frozenset({"thank", "greet"})
#: the pending questions a yes or a no answers, read from the message's first words
YES_NO_QUESTIONS = frozenset({"consent", "booking_confirmation", "delete_confirmation"})
#: actions that take the message's facts themselves
TAKES_FACTS = frozenset(
    {
        "action_fill_profile",
        "action_fill_profile_quietly",
        "action_accept_consent",
        "action_accept_consent_late",
        "action_refuse_consent",
        "action_form_answer",
        "action_form_answer_or_help",
        "action_delete_data",
        "action_opt_out",
    }
)


class Policy(Protocol):
    async def respond(self, tracker: Tracker, ctx: TurnContext) -> None: ...


class RulePolicy:
    def __init__(self, content: Content, actions: dict[str, Action]) -> None:
        self._content = content
        self._actions = dict(actions)
        rules = [*content.rules, *(command.rule for command in COMMANDS), LEAVE_FORM]
        for rule in [*rules, CONSENT_QUESTION]:
            for name in rule.do:
                if name != ROUTE_AGAIN and name not in self._actions:
                    if not name.startswith("utter_") or not content.domain.has_response(name):
                        raise AutonomieError(f"rules.yml names an unknown action {name!r}")
                    self._actions[name] = Say(name, content)
        self._commands = Commands(content.commands)
        self._sensitive = SensitiveTopics.load(content.domain)

    async def respond(self, tracker: Tracker, ctx: TurnContext) -> None:
        message = tracker.latest_message
        if message is None:
            return
        if tracker.get_slot("opted_out"):
            if message.intent_name == "opt_in" or keyword_payload(message.text) == OPT_IN_PAYLOAD:
                await self._run(tracker, ctx, ("action_opt_in",))
            elif effective_intent(message) == "delete_data":
                # no question reaches a person after STOP (the operator blocks it): the
                # request is its own confirmation, or it would be dropped unanswered
                await self._run(tracker, ctx, ("action_delete_data",))
            return  # after STOP, nothing is sent
        if tracker.get_slot("handoff") == "taken":
            await self._while_held(tracker, ctx)
            return  # a counsellor holds the conversation
        started = len(tracker.events)
        self._welcome_back(tracker, ctx)
        if not any(isinstance(e, BotUttered) for e in tracker.events) and effective_intent(
            message
        ) not in ("greet", "opt_out", "delete_data"):
            tracker.update(say(self._content, "utter_intro", ctx, platform=platform_named(tracker)))
        topic = self._sensitive.match(message.text)
        if topic is not None:
            await self._run(tracker, ctx, ("action_handoff_sensitive",))
            if topic.stop:
                return
        if self._commands.matches(BACK_TO_ASSISTANT, message.text.strip().lower()):
            await self._run(tracker, ctx, ("action_handoff_release",))
            return
        if tracker.get_slot("handoff") == "open" and asks_about_the_wait(message.text):
            await self._run(tracker, ctx, ("action_handoff",))  # "déjà transmise ... {when}"
        elif tracker.get_slot("handoff") == "open" and self._while_waiting(
            tracker, ctx.services.knowledge
        ):
            await self._waiting(tracker, ctx)
        elif foreign_language(message.text):
            await self._run(tracker, ctx, ("action_other_language",))
        elif asked_about_proposal(tracker):
            # "c'est où ?" after events were proposed: their details, the same options
            if tracker.get_slot("consent") is True:
                await self._run(tracker, ctx, ("action_keep_facts",))
            await self._run(tracker, ctx, ("action_event_details",))
        elif undecided(tracker) or (  # "je ne sais pas lequel", "hmm": how, the same options
            unread_choice(tracker) and self._commands.command(message.text, True) is None
        ):
            await self._run(tracker, ctx, ("action_event_advice",))
        else:
            await self._route(tracker, ctx, use_expecting=True)
        self._forget_unconsented_place(tracker)
        if not any(isinstance(e, BotUttered) for e in tracker.events[started:]):
            # never leave one unanswered, never say "noté" of what was not kept
            kept = tracker.get_slot("consent") is True
            tracker.update(
                say(self._content, "utter_noted_short" if kept else "utter_not_kept", ctx)
            )
        if ctx.channel == "sms":
            fit_sms_turn(tracker)

    def _forget_unconsented_place(self, tracker: Tracker) -> None:
        """Without consent, a place is used for the request at hand only (as for an
        event search): the immersion request being collected keeps it while its
        questions are asked, not once the conversation has moved on (its place fields are
        personal: kept with consent only)."""
        request = tracker.get_slot("immersion")
        if (
            not isinstance(request, dict)
            or tracker.get_slot("consent") is True
            or tracker.get_slot("expecting") == "immersion"
            or not any(request.get(k) for k in PLACE_SLOTS)
        ):
            return
        kept = {k: v for k, v in request.items() if k not in PLACE_SLOTS}
        for event in set_slots(tracker, immersion=kept):
            tracker.update(event)

    def _take_up_held_immersion(
        self, tracker: Tracker, ctx: TurnContext, intent: str | None
    ) -> bool:
        """An immersion request whose place had no platform is held: a place corrected
        or given now ("non finalement Pessac", "Bordeaux") takes it up again (True, the
        request back as it was being filled); a question of the person's own keeps it
        held (answered about the immersion); anything else drops it."""
        held = tracker.get_slot("immersion_held")
        message = tracker.latest_message
        if not isinstance(held, dict) or message is None:
            return False
        parse = {"text": message.text, **message.parse_data}
        corrected = corrects_place(parse, {}, ctx.services.places) or (
            intent == "inform" and gives_place(parse, ctx)
        )
        if not corrected and (intent == "question" or asks(message.text)):
            return False  # "c'est payé ?": answered, the request still held
        changes: dict[str, object] = {"immersion_held": None}
        if corrected:
            changes.update(immersion=held, expecting="immersion")
        for event in set_slots(tracker, **changes):
            tracker.update(event)
        return corrected

    def _while_waiting(self, tracker: Tracker, knowledge: Knowledge | None) -> bool:
        """While a counsellor is awaited, what is not a request of its own (a
        question, STOP, erasure, events, bookings) goes to the counsellor."""
        message = tracker.latest_message
        assert message is not None
        own = {
            "question",
            "opt_out",
            "opt_in",
            "delete_data",
            "list_events",
            "book_event",
            "my_bookings",
            "cancel_booking",
            "book_immersion",
            "bot_challenge",
        }
        if asked_about_proposal(tracker) or undecided(tracker):
            return False  # "il reste des places ?" about the events just proposed: answered
        intent = effective_intent(message)
        if intent == "help" and asks_about_topic(message.text) and knowledge is not None:
            # "je dois payer quelque chose ?" (read as help): answered when a fiche can
            return knowledge.answer(message.text[:300], jobs=[]).answer is None
        return intent not in own and not tracker.get_slot("expecting")

    async def _waiting(self, tracker: Tracker, ctx: TurnContext) -> None:
        """Told once when a counsellor will answer; afterwards, a short receipt (or
        what was noted for the immersion request filed: "plutôt en février")."""
        said = len(tracker.events)
        await self._run(tracker, ctx, ("action_keep_facts", "action_immersion_change"))
        if any(isinstance(e, BotUttered) for e in tracker.events[said:]):
            return  # "C'est noté : en février" for the counsellor, who reads it
        if tracker.get_slot("waiting_told"):
            tracker.update(say(self._content, "utter_handoff_waiting_short", ctx))
            return
        for event in set_slots(tracker, waiting_told=True):
            tracker.update(event)
        await self._run(tracker, ctx, ("action_handoff",))

    async def _while_held(self, tracker: Tracker, ctx: TurnContext) -> None:
        """While a counsellor holds the conversation the assistant is silent, except
        for STOP, erasure, going back to the assistant ("/bot"), and the safety
        numbers when a person in distress or in danger writes."""
        message = tracker.latest_message
        assert message is not None
        intent = effective_intent(message)
        if self._commands.matches(BACK_TO_ASSISTANT, message.text.strip().lower()):
            await self._run(tracker, ctx, ("action_handoff_release",))
        elif (
            intent in ("opt_out", "opt_in", "delete_data")
            or tracker.get_slot("expecting") == "delete_confirmation"
        ):
            await self._route(tracker, ctx, use_expecting=True)
        else:
            topic = self._sensitive.match(message.text)
            if topic is not None and topic.while_held:
                await self._run(tracker, ctx, ("action_handoff_sensitive",))

    async def _route(self, tracker: Tracker, ctx: TurnContext, *, use_expecting: bool) -> None:
        message = tracker.latest_message
        assert message is not None
        intent = effective_intent(message)
        expecting = tracker.get_slot("expecting") if use_expecting else None
        # a question pending is answered first ("d'accord, vous avez des ateliers ?": a yes)
        asked = (
            expecting not in (None, "consent")
            or tracker.get_slot("requested_slot")
            or yes_or_no(message.text, intent, message.parse_data.get("entities", [])) is not None
        )
        if not asked and asks_about_scheme(
            message, intent, ctx.services.knowledge, lambda: ctx.embedding
        ):
            intent = "question"  # "pmsmp duree max", "j'habite à Marseille, où aller ?"
        if expecting in YES_NO_QUESTIONS:
            said = yes_or_no(message.text, intent, message.parse_data.get("entities", []))
            if said is not None:
                intent = "affirm" if said else "deny"
            elif intent in ("affirm", "deny"):
                intent = "inform"
            if (
                expecting == "delete_confirmation"
                and intent == "affirm"
                and states_facts(message.parse_data.get("entities") or [])
            ):
                intent = "inform"  # "oui Quimperlé 29": facts given, no yes to erase all
        elif (offer := single_offer(tracker)) and yes_or_no(
            message.text, intent, message.parse_data.get("entities", [])
        ):
            intent = offer  # "oui" to "Un conseiller peut vous répondre ici" [one button]
        if intent not in ("inform", "want_job") and corrects_place(
            {"text": message.text, **message.parse_data}, tracker.slots, ctx.services.places
        ):
            intent = "inform"  # "non finalement Muret": the place corrected, not a cancellation
        elif use_expecting and place_asked_as_question(tracker):
            intent = "inform"  # "vous avez quoi vers Lyon ?" to "dans quelle commune ?"
        if self._take_up_held_immersion(tracker, ctx, intent):
            # "non finalement Pessac" after "no platform there": the immersion request
            expecting, intent = "immersion", "inform"
        if expecting == "immersion" and answers_period(tracker, intent):
            intent = "inform"  # "dès que possible" is a period, not a request for help
        form_active = bool(tracker.get_slot("form")) and not tracker.get_slot("form_paused")
        if (
            intent in ("out_of_scope", "goodbye")  # "y a un bus pour y aller ?": no goodbye
            and (asks(message.text) or asks_to_be_told(message.text))
            and not states_facts(message.parse_data.get("entities") or [])
        ):
            # "combien on gagne ?", "expliquez-moi la VAE", first or while a question
            # waits: a question of the person's own, never an answer that failed; the
            # knowledge base answers or declines (with a counsellor offered)
            intent = "question"
        elif intent == "help" and (
            (asks_about_topic(message.text) and in_context(tracker))
            or asks_to_be_told(message.text)
        ):
            # "je dois payer quelque chose ?" inside a form or after a fiche, or
            # "expliquez-moi la VAE": a question, answered (then the question pending
            # put again);
            # "je sais pas quoi faire", "vous pouvez m'aider ?" keep the help answer
            intent = "question"
        if intent != "question" and job_switch(tracker) is not None:
            intent = "question"  # "et comme infirmière ?" after an answer: asked again of it
        command = self._commands.command(message.text, form_active)
        if command is None and form_active and intent in _LEAVING and takes_leave(message.text):
            command = LEAVE_FORM  # "merci c'est tout", "bonjour merci c'est tout"
        rule = command or next(
            (r for r in self._content.rules if r.matches(intent, expecting, form_active)),
            Rule(("action_not_understood",)),
        )
        if about_consent := consent_rule(expecting, tracker.get_slot("consent"), message.text):
            rule = about_consent  # "et si je dis non ?", "finalement gardez mes infos"
        elif expecting == "consent" and intent != "affirm" and defers(message.text):
            rule = CONSENT_LATER  # "je verrai plus tard": nothing kept, nothing asked now
        elif (
            expecting == "consent" and intent == "affirm" and effective_intent(message) in REQUESTS
        ):
            # "oui, vous avez des ateliers près de chez moi ?": consent, then the request
            intent = effective_intent(message)
            rule = Rule(("action_accept_consent", ROUTE_AGAIN))
        if rule.expecting is None and tracker.get_slot("expecting") and use_expecting:
            for event in set_slots(tracker, expecting=None):
                tracker.update(event)
        if "action_not_understood" not in rule.do and "action_out_of_scope" not in rule.do:
            for event in set_slots(tracker, fallbacks=0):
                tracker.update(event)
        if use_expecting:
            await self._before(tracker, ctx, intent, rule)
        await self._run(tracker, ctx, rule.do)

    async def _before(
        self, tracker: Tracker, ctx: TurnContext, intent: str | None, rule: Rule
    ) -> None:
        """A question inside a request is answered first (not a plea: "je suis perdue,
        vous pouvez m'aider ?" asks nothing of the knowledge base); the facts of the
        message are kept (with consent) whatever the rule does next."""
        message = tracker.latest_message
        assert message is not None
        if (
            intent not in ("question", "bot_challenge", None)  # their rules answer them
            and "action_answer_question" not in rule.do
            # "pourquoi vous demandez ça ?", "et si je dis non ?": their rule answers them
            and rule not in (*(c.rule for c in COMMANDS), CONSENT_QUESTION)
            and embedded_question(message.text)
            and not request_in_question(message.text, intent)
            and not pleads(message.text[question_start(message.text) or 0 :])
            # "je veux bien aller à un forum, c'est où ?": the events proposed answer it
            and not (intent in ("list_events", "book_event") and asks_where_or_when(message.text))
            and not (intent == "inform" and place_asked_as_question(tracker))
        ):
            # "je sais pas lequel, c'est payé ?": a question beside the advice asked for;
            # about the events themselves, what the platform does not say is declined
            entities = message.parse_data.get("entities") or []
            beside = question_beside_advice(message.text) if advised(entities) else "own"
            if beside == "events":
                tracker.update(say(self._content, "utter_kb_abstain", ctx))
            elif beside is not None:
                await self._run(tracker, ctx, ("action_answer_question",))
        if tracker.get_slot("consent") is True and not set(rule.do) & TAKES_FACTS:
            await self._run(tracker, ctx, ("action_keep_facts",))

    async def _run(self, tracker: Tracker, ctx: TurnContext, names: tuple[str, ...]) -> None:
        for name in names[:MAX_ACTIONS]:
            if name == ROUTE_AGAIN:
                await self._route(tracker, ctx, use_expecting=False)
                continue
            tracker.update(ActionExecuted(name=name))
            for event in await self._actions[name].run(tracker, ctx):
                tracker.update(event)

    def _welcome_back(self, tracker: Tracker, ctx: TurnContext) -> None:
        """A person back after a while (a new session) is greeted with what is known."""
        events = tracker.events
        returning = len(events) > 2 and isinstance(events[-2], SessionStarted)
        if returning and tracker.get_slot("consent"):
            summary = describe(tracker.slots, self._content)
            if summary:
                tracker.update(say(self._content, "utter_welcome_back", ctx, summary=summary))
