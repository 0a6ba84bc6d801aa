"""What the policy reads of the conversation around a message: whether it gives a
place, what is at hand that a short question may be about, the one option the last
turn ended with, whether the message answers the place question pending."""

from __future__ import annotations

from typing import Any

from bot.dialogue.clauses import names_only_a_place
from bot.dialogue.facts import extract_facts
from bot.dialogue.questions import asks
from bot.dialogue.services import TurnContext
from bot.dialogue.smsbudget import previous_turn_messages
from bot.dialogue.tracker import Tracker

__all__ = ["gives_place", "in_context", "place_asked_as_question", "single_offer"]

#: the offers a yes takes when a turn ended with one option: payload -> intent
_OFFERS = {"/human_handoff": "human_handoff", "/list_events": "list_events"}


def gives_place(parse: dict[str, Any], ctx: TurnContext) -> bool:
    """The message names a place (a commune, a postal code, a département), or one
    that needs a question ("Valence": which one?)."""
    if asks(parse.get("text") or ""):
        return False
    found = extract_facts(parse, {}, None, ctx.services.places)
    clarify = found.clarification.response if found.clarification else ""
    return bool(found.values.get("departement")) or clarify.startswith("utter_location")


def in_context(tracker: Tracker) -> bool:
    """Something is at hand that a short question may be about: a form's question
    pending (not a yes or no to a booking or an erasure), an immersion request held
    for want of a platform, a counsellor awaited, or a fiche just answered."""
    expecting = tracker.get_slot("expecting")
    if expecting in ("booking_confirmation", "delete_confirmation"):
        return False
    if expecting or (tracker.get_slot("form") and not tracker.get_slot("form_paused")):
        return True
    if tracker.get_slot("immersion_held") or tracker.get_slot("handoff") == "open":
        return True  # a request held, or awaiting its counsellor
    return any(m.data.get("response") == "utter_answer" for m in previous_turn_messages(tracker))


def single_offer(tracker: Tracker) -> str | None:
    """The intent of the one option the last turn ended with, when it is an offer
    (a counsellor, the events): a yes takes it. Never an answer's value (the
    children question's "0") nor a question of its own (a yes / no question)."""
    said = previous_turn_messages(tracker)
    buttons = said[-1].data.get("buttons") or [] if said else []
    if tracker.get_slot("expecting") or len(buttons) != 1:
        return None
    return _OFFERS.get(str(buttons[0].get("payload", "")))


def place_asked_as_question(tracker: Tracker) -> bool:
    """The place a held request needs is asked (the events', or the immersion form's),
    and the message gives it as a question that asks nothing else: "vous avez quoi vers
    Lyon ?", "et sur Bordeaux ?". The place is the answer; the request goes on."""
    message = tracker.latest_message
    if message is None or not asks(message.text):
        return False
    expecting = tracker.get_slot("expecting")
    request = tracker.get_slot("immersion")
    place_pending = expecting == "events_location" or (
        expecting == "immersion" and isinstance(request, dict) and request.get("asking") == "place"
    )
    return place_pending and names_only_a_place(
        message.text, message.parse_data.get("entities") or []
    )
