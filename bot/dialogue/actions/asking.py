"""Putting a question to the person, never a third time.

Every question the assistant waits an answer to goes through `ask`, which
counts how often each one was put (the `asks` slot). The first time it is
asked as written; the second time, after an answer it could not use, in other
words with buttons and an example (the response `<name>_again` when it
exists); a question resumed after an aside (the person asked something else
and got an answer) is repeated as it was last put, same words and buttons,
after "Pour reprendre :" (on SMS, compactly: see `_resume`). Every put counts,
a resumed one too: a third time is never asked, whatever the reason. After an
unusable answer the caller gets `None` and moves on (`skip_offer` offers to skip
it or to talk to a counsellor); after the person's own question, the answer
says once that the question waits (`_waiting`, no question mark), then nothing.
"""

from __future__ import annotations

from typing import Any

from bot.dialogue.actions.base import say, set_slots
from bot.dialogue.content import Content
from bot.dialogue.events import BotUttered, Event, UserUttered
from bot.dialogue.services import TurnContext
from bot.dialogue.smsbudget import fits_sms, turn_messages
from bot.dialogue.tracker import Tracker
from channels.messages import Button

__all__ = [
    "ANSWERS",
    "answered_aside",
    "ask",
    "asked_count",
    "forget_asks",
    "said_this_turn",
    "skip_offer",
]

MAX_ASKS = 2


def asked_count(tracker: Tracker, key: str) -> int:
    return int((tracker.get_slot("asks") or {}).get(key, 0))


#: what answers the person's own question (a fiche, an abstention, two fiches)
ANSWERS = frozenset(
    {
        "utter_answer",
        "utter_answer_again",
        "utter_kb_abstain",
        "utter_kb_second_next",
        "utter_answer_long",
        "utter_answer_long_unverified",
        "utter_answer_long_to_review",
        "utter_help_consent",  # a plea, or a question about it, while consent waits
        "utter_consent_why",
    }
)


def answered_aside(tracker: Tracker) -> bool:
    """This turn answered a question of the person's own."""
    return any(m.data.get("response") in ANSWERS for m in turn_messages(tracker))


def said_this_turn(tracker: Tracker, extra: list[Event] | None = None) -> bool:
    """The assistant already said something since the person's latest message."""
    for event in reversed([*tracker.events, *(extra or [])]):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, BotUttered):
            return True
    return False


def ask(
    content: Content,
    tracker: Tracker,
    ctx: TurnContext,
    key: str,
    response: str,
    *,
    resume: bool = False,
    progress: bool = False,
    buttons: tuple[Button, ...] = (),
    **values: Any,
) -> list[Event] | None:
    """The events that put question `key`, or None when it was asked twice already.
    `progress`: the message gave something else the form needed ("on est à Talence"
    while the job is asked): the question was not failed, it is resumed."""
    count = asked_count(tracker, key)
    resume = (resume or progress) and count > 0  # never put yet: asked as written
    # resumed after the person's own question was answered, or after facts it did not
    # ask for: the question was not failed (no skip offer, "je n'arrive pas à noter"),
    # but it was put: it counts
    aside = resume and (progress or answered_aside(tracker))
    if count >= MAX_ASKS:
        if not aside:
            return None
        if count > MAX_ASKS:
            return []  # put twice, and said once that it waits: the answer alone
        # never a third time, whatever the reason: said once that it waits, unasked
        counts = {**(tracker.get_slot("asks") or {}), key: count + 1}
        return [*set_slots(tracker, asks=counts), _waiting(content, ctx, key)]
    counts = {**(tracker.get_slot("asks") or {}), key: count + 1}
    name = response
    # reworded after an unusable answer; a resumed question is put as it was put
    if count >= 1 and not resume and content.domain.has_response(f"{response}_again"):
        name = f"{response}_again"
    events: list[Event] = set_slots(tracker, asks=counts)
    if resume:
        events.append(_resume(content, tracker, ctx, name, buttons, values))
    else:
        said = say(content, name, ctx, buttons=buttons, **values)
        if (
            ctx.channel == "sms"
            and not buttons  # choices given by the caller (communes...) are always kept
            and not fits_sms([*turn_messages(tracker), said])
        ):
            # after a long answer, the options would take one more segment: typed answers
            said = BotUttered(text=said.text, data={"response": name})
        events.append(said)
    return events


def _resume(
    content: Content,
    tracker: Tracker,
    ctx: TurnContext,
    name: str,
    buttons: tuple[Button, ...],
    values: dict[str, Any],
) -> BotUttered:
    """The question again after an aside, as it was put. On SMS, where the aside's
    answer already fills most of the two segments a turn may take, the question
    goes without "Pour reprendre :" when it would not fit, then without its
    options (the answer can still be typed in words)."""
    question = content.domain.render(name, ctx.channel, **values)
    options = question.buttons + buttons
    if ctx.channel != "sms":
        return say(content, "utter_resume", ctx, buttons=options, question=question.text)
    before = turn_messages(tracker)
    forms = (("utter_resume", options), ("utter_resume_short", options), ("utter_resume_short", ()))
    for response, kept in forms:
        said = say(content, response, ctx, buttons=kept, question=question.text)
        if fits_sms([*before, said]):
            break
    return said


def _waiting(content: Content, ctx: TurnContext, key: str) -> BotUttered:
    """A question put twice, waiting behind the person's own questions: that it waits
    (no question mark, no third time), and how to leave it aside for a form's."""
    kind, _, topic = key.partition(":")
    if kind == "clarify":  # "utter_location_ambiguous", "utter_children_words"...
        topic = "children" if "children" in topic else "location"
    about = content.labels.get("questions", {}).get(topic or kind)
    if about is None:
        return say(content, "utter_question_waits_any", ctx)
    form = kind in ("form", "clarify")  # "passer" skips a form's question
    response = "utter_question_waits" if form else "utter_question_waits_plain"
    return say(content, response, ctx, topic=about)


def forget_asks(tracker: Tracker, *keys: str) -> list[Event]:
    """A question answered may be asked afresh later (a correction, a new request)."""
    asks = dict(tracker.get_slot("asks") or {})
    if not any(k in asks for k in keys):
        return []
    for key in keys:
        asks.pop(key, None)
    return set_slots(tracker, asks=asks)


def skip_offer(content: Content, ctx: TurnContext, topic: str, skip_payload: str) -> BotUttered:
    """After two unusable answers: skip the question, or talk to a counsellor."""
    return say(
        content, "utter_ask_skip", ctx, topic=content.label("questions", topic), skip=skip_payload
    )
