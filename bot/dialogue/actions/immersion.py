"""The PMSMP (immersion) request: job, place and period, filed for a counsellor to validate."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from bot.dialogue.actions.asking import ask, forget_asks
from bot.dialogue.actions.base import Speaks, say, set_slots
from bot.dialogue.actions.handoff import open_handoff
from bot.dialogue.actions.proposals import has_platform, no_platform
from bot.dialogue.answers import yes_or_no
from bot.dialogue.content import Content
from bot.dialogue.events import BotUttered, Event
from bot.dialogue.facts import Clarification, extract_facts
from bot.dialogue.formatting import parse_day
from bot.dialogue.intents import effective_intent, trial_placement
from bot.dialogue.places import MAX_CHOICES, place_button
from bot.dialogue.services import TurnContext
from bot.dialogue.site import SITE_SLOT
from bot.dialogue.subject import immersion_filed
from bot.dialogue.tracker import Tracker
from bot.platform import PlatformError, PlatformRejected
from channels.messages import Button
from vocab.departements import DEPARTEMENTS
from vocab.payloads import is_payload

__all__ = ["ImmersionChangeNoted", "ImmersionForm", "ResumeImmersion"]

log = logging.getLogger(__name__)
ASK = {
    "job": "utter_immersion_ask_job",
    "place": "utter_immersion_ask_place",
    "period": "utter_immersion_ask_period",
}
#: the request's questions, counted apart (the commune asked after its département too)
ASKS = (
    "immersion:job",
    "immersion:place",
    "immersion:choice",
    "immersion:commune",
    "immersion:period",
)


class ImmersionForm(Speaks):
    name = "action_immersion_form"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        message = tracker.latest_message
        assert message is not None
        request: dict[str, Any] = dict(tracker.get_slot("immersion") or {})
        before = dict(request)
        parse = {"text": message.text, **message.parse_data}
        # the person's profile is not the request's; the département already given for
        # it (else the site's) settles a name communes share
        site = {SITE_SLOT: request.get("departement") or tracker.get_slot(SITE_SLOT)}
        facts = extract_facts(
            parse, site, None, ctx.services.places, place_asked=request.get("asking") == "place"
        )
        entities = {e.get("entity"): e for e in message.parse_data.get("entities", [])}
        if facts.values.get("jobs"):
            request["job"] = facts.values["jobs"][0]
        if facts.values.get("departement"):
            # a département alone ("dans le Rhône", a region's button) or a postal code
            # several communes share: its commune is asked next (the platform's first)
            request.update(
                commune=facts.values.get("commune"),
                departement=facts.values["departement"],
                postal_code=facts.values.get("postal_code"),
            )
        if "date" in entities:
            request["period"] = {
                **{
                    k: entities["date"][k]
                    for k in ("date", "date_from", "date_to")
                    if entities["date"].get(k)
                },
                "text": str(entities["date"]["value"]),
            }
        elif (
            request.get("asking") == "period"
            and not any(facts.values.get(k) for k in ("commune", "departement"))  # a place
            and _free_period(
                message.text, effective_intent(message), message.parse_data.get("entities") or []
            )
        ):
            request["period"] = {"text": message.text[:200]}
        jobs = tracker.get_slot("jobs") or []
        request.setdefault("job", jobs[0] if jobs else None)
        if not request.get("departement") and tracker.get_slot("commune"):
            request.update(
                commune=tracker.get_slot("commune"),
                departement=tracker.get_slot("departement"),
                postal_code=tracker.get_slot("postal_code"),
            )
        if facts.clarification is not None and not request.get("commune"):
            clarify = facts.clarification
            # kept with the request: a message that does not choose gets it back, with
            # its buttons (a name several communes share was given: the place was)
            request.update(asking="place", choice=_stored(clarify))
            put = _question(self._content, tracker, ctx, "place", request)
            if put is not None:  # else put twice already: a counsellor, below
                return [*set_slots(tracker, immersion=request, expecting="immersion"), *put]
        if request.get("commune") or request.get("departement"):
            request.pop("choice", None)
        noted = _noted(before, request, self._content)
        if not before and trial_placement(message):
            # "un stage pour voir si ...": what it starts is named first
            noted = [say(self._content, "utter_immersion_named", ctx), *noted]
        if request.get("departement") and not await has_platform(request["departement"], ctx):
            # held one turn without its place: "non finalement Pessac" takes it up again
            held = {"job": request.get("job"), "period": request.get("period")}
            return [
                *set_slots(tracker, immersion=None, immersion_held=held, expecting=None),
                *forget_asks(tracker, *ASKS),
                *noted,
                no_platform(
                    self._content, ctx, request["departement"], "utter_immersion_no_platform"
                ),
            ]
        for field in ("job", "place", "period"):
            if not request.get("commune" if field == "place" else field):
                request["asking"] = field
                # facts it did not ask for move the request on: not a failed answer
                asked = _question(self._content, tracker, ctx, field, request, progress=bool(noted))
                if asked is None:  # twice without an answer: a counsellor takes it from here
                    return [
                        *set_slots(tracker, immersion=None, expecting=None),
                        *noted,
                        say(self._content, "utter_immersion_ask_counsellor", ctx),
                    ]
                return [
                    *set_slots(tracker, immersion=request, expecting="immersion"),
                    *noted,
                    *asked,
                ]
        return await self._file(tracker, ctx, request)

    async def _file(
        self, tracker: Tracker, ctx: TurnContext, request: dict[str, Any]
    ) -> list[Event]:
        client = ctx.services.platform
        events: list[Event] = [
            *set_slots(tracker, immersion=None, expecting=None),
            *forget_asks(tracker, *ASKS),
        ]
        period = request["period"]
        day = period.get("date")
        what = f"{tracker.sender_id}|{request['job']}|{request['commune']}|{sorted(period.items())}"
        key = "imm-" + hashlib.sha256(what.encode()).hexdigest()[:32]
        if client is None:
            return [*events, say(self._content, "utter_platform_down", ctx)]
        try:
            await client.request_immersion(
                tracker.sender_id,
                request["job"],
                request["commune"],
                departement=request.get("departement"),
                postal_code=request.get("postal_code"),
                date_from=parse_day(period.get("date_from") or day),
                date_to=parse_day(period.get("date_to") or day),
                period_text=period.get("text"),
                idempotency_key=key,
            )
        except PlatformError as exc:
            if isinstance(exc, PlatformRejected) and exc.code == "platform_not_found":
                dep = str(request.get("departement") or "")
                return [
                    *events,
                    no_platform(self._content, ctx, dep, "utter_immersion_no_platform"),
                ]
            # the channel, never the sender: a socket.io id has no prefix the logs could mask
            log.warning("immersion request not filed (%s): %s", ctx.channel, exc)
            # kept in the conversation: "réessayer" files it again
            return [
                *set_slots(tracker, immersion={**request, "asking": None}),
                say(self._content, "utter_immersion_not_filed", ctx),
            ]
        label = self._content.label("jobs", request["job"])
        filed = say(
            self._content, "utter_immersion_filed", ctx, job=label, commune=request["commune"]
        )
        # a counsellor validates the request: it goes to their queue
        handoff = await open_handoff(
            self._content, tracker, ctx, "immersion", transmitted="utter_immersion_queued"
        )
        return [*events, filed, *handoff]


class ResumeImmersion(Speaks):
    """After the person's own question, answered inside the immersion form: the
    question pending put again ("Pour reprendre : ..."), never a third time."""

    name = "action_immersion_resume"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        request = tracker.get_slot("immersion") or {}
        field = request.get("asking") if isinstance(request, dict) else None
        if field not in ASK:
            return []
        return _question(self._content, tracker, ctx, field, request, resume=True) or []


class ImmersionChangeNoted(Speaks):
    """While a counsellor checks the immersion request just filed, a period, a place or
    a job given ("euh non plutôt en février") is said to be noted for the counsellor,
    who reads the message with the request; the platform keeps the request as filed."""

    name = "action_immersion_change"

    async def run(self, tracker: Tracker, ctx: TurnContext) -> list[Event]:
        message = tracker.latest_message
        if message is None or not immersion_filed(tracker):
            return []
        said = [
            self._content.label("jobs", str(e["value"]))
            if e.get("entity") == "job"
            else str(e.get("value") or "")
            for e in message.parse_data.get("entities") or []
            if e.get("entity") in _CHANGES
        ]
        if not any(said):
            return []
        change = ", ".join(dict.fromkeys(s for s in said if s))
        return [say(self._content, "utter_immersion_change_noted", ctx, change=change)]


#: what a filed request is made of, and may be changed by a message
_CHANGES = frozenset({"date", "location", "job"})


def _question(
    content: Content,
    tracker: Tracker,
    ctx: TurnContext,
    field: str,
    request: dict[str, Any],
    *,
    resume: bool = False,
    progress: bool = False,
) -> list[Event] | None:
    """The request's question for `field`. Its département known without its commune:
    which commune, in the département or, for a postal code several communes share,
    one button per commune (counted apart from the first place question)."""
    choice = request.get("choice") if field == "place" else None
    if choice and not request.get("departement"):
        buttons = tuple(Button(str(title), str(payload)) for title, payload in choice["buttons"])
        response, values = str(choice["response"]), dict(choice["values"])
        return ask(content, tracker, ctx, "immersion:choice", response, buttons=buttons, **values)
    if field != "place" or not request.get("departement"):
        return ask(
            content,
            tracker,
            ctx,
            f"immersion:{field}",
            ASK[field],
            resume=resume,
            progress=progress,
        )
    code = request.get("postal_code")
    places = ctx.services.places
    served = places.by_postal_code(code) if code and places is not None else []
    key = "immersion:commune"
    if served:
        buttons = tuple(place_button(p) for p in served[:MAX_CHOICES])
        response = "utter_immersion_ask_commune_of_code"
        return ask(
            content,
            tracker,
            ctx,
            key,
            response,
            resume=resume,
            progress=progress,
            buttons=buttons,
            code=code,
        )
    dept = str(request["departement"])
    name = DEPARTEMENTS.get(dept, "")
    where = f"{name}, {dept}" if name else dept
    return ask(
        content,
        tracker,
        ctx,
        key,
        "utter_immersion_ask_commune_in",
        resume=resume,
        progress=progress,
        where=where,
    )


def _stored(clarify: Clarification) -> dict[str, Any]:
    """A place question as the request slot keeps it (JSON)."""
    buttons = [[button.title, button.payload] for button in clarify.buttons]
    return {"response": clarify.response, "values": dict(clarify.values), "buttons": buttons}


def _free_period(text: str, intent: str | None, entities: list[dict[str, Any]]) -> bool:
    """A period in the person's own words ("dès que possible"), not a bare yes or no
    ("non") nor the request said again ("je veux faire une immersion")."""
    if is_payload(text) or intent in ("book_immersion", "list_events", "book_event"):
        return False
    if any(e.get("entity") == "event_type" and e.get("value") != "immersion" for e in entities):
        return False  # "finalement plutôt un atelier": another request, no period
    return len(text.split()) > 2 or yes_or_no(text, None, []) is None


def _noted(before: dict[str, Any], request: dict[str, Any], content: Content) -> list[Event]:
    """Says what this message added besides the answer asked for ("C'est noté : Nantes")."""
    asked = before.get("asking")
    added = []
    if request.get("job") and not before.get("job") and asked != "job":
        added.append(content.label("jobs", request["job"]))
    if request.get("commune") and not before.get("commune") and asked != "place":
        added.append(str(request["commune"]))
    period = request.get("period") or {}
    if period and not before.get("period") and asked != "period":
        added.append(str(period.get("text") or ""))
    if not added or not asked:
        return []
    return [
        BotUttered(
            text=f"C'est noté : {', '.join(a for a in added if a)}.",
            data={"response": "utter_noted"},
        )
    ]
