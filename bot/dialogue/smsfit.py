"""An SMS turn fitted to two segments (conversation-design.md).

A turn over two segments keeps its essential part and loses the least first:
1. the suggestions of other questions among a message's options (a decline's
   related fiches, the last of a summary's next steps), never its own "Plus" nor
   its last option;
2. the messages' short texts, where their response has one (responses.yml's
   `channels: [sms_short]`): a booking asked names the event's town, not its
   address (the booking's reply keeps it: interfaces.md);
3. a fiche's short answer (up to 230 characters and its source) cut after its
   first sentences, keeping its source (named without who took it up, "(repris
   par ...)", when that is what it takes), and as a last resort its first sentence
   without its parentheses (an acronym spelled out: "La PMSMP, ou stage
   d'immersion, ..."): its "Plus" option (the fiche's long answer) stays for the
   rest, and the next step is kept whole;
4. the last events proposed, one kept (the others come back with "d'autres
   dates").
When neither 3 nor 4 makes it fit, the answers and events are left whole.
"""

from __future__ import annotations

import json
import re

from bot.dialogue.booking_buttons import books_event
from bot.dialogue.events import BotUttered
from bot.dialogue.smsbudget import SHORT, fits_sms, turn_messages
from bot.dialogue.tracker import Tracker

__all__ = ["fit_sms_turn"]

#: the responses that carry a fiche's short answer, "{answer} Source : {source}."
_ANSWERS = frozenset({"utter_answer"})
_SOURCE = " Source : "
_QUESTION = "/question"
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÀ-Ý0-9«])")
#: a parenthesis: in a source, who took the text up ("(repris par la commune de ...)");
#: in an answer, an acronym spelled out or examples
_TAKEN_UP = re.compile(r" \([^()]{1,120}\)")
MIN_KEPT = 40  # an answer is never cut below its first sentence nor this many characters


def fit_sms_turn(tracker: Tracker) -> None:
    """Makes the turn fit two SMS segments, what loses the least first (see above);
    the short texts are dropped from the messages once the turn is fitted."""
    messages = turn_messages(tracker)
    try:
        if fits_sms(messages) or _fewer_suggestions(messages) or _short_texts(messages):
            return
        before = [(m, m.text, m.data.get("buttons"), m.data.get("offered")) for m in messages]
        if _cut_answers(messages) or _fewer_events(messages):
            return
        for message, text, buttons, offered in before:  # no cut made it fit: left whole
            message.text = text
            for key, value in (("buttons", buttons), ("offered", offered)):
                if value is not None:
                    message.data[key] = value
    finally:
        for message in messages:
            message.data.pop(SHORT, None)


def _fewer_suggestions(messages: list[BotUttered]) -> bool:
    """Drops other questions' options, the last first, until the turn fits."""
    for message in messages:
        buttons = list(message.data.get("buttons") or [])
        own = (message.data.get("custom") or {}).get("fiche")
        while len(buttons) > 1 and _suggestion(buttons[-1], own):
            buttons.pop()
            message.data["buttons"] = buttons
            if fits_sms(messages):
                return True
        # an option that is not the last (a counsellor after the suggestions)
        for button in [b for b in buttons[:-1] if _suggestion(b, own)]:
            buttons.remove(button)
            message.data["buttons"] = buttons
            if fits_sms(messages):
                return True
    return False


def _suggestion(button: dict[str, str], own: object) -> bool:
    """An option that asks another fiche than the message's own."""
    payload = str(button.get("payload", ""))
    if not payload.startswith(_QUESTION):
        return False
    try:
        asked = json.loads(payload[len(_QUESTION) :] or "{}")
    except ValueError:
        return False
    return isinstance(asked, dict) and asked.get("fiche") != own


def _short_texts(messages: list[BotUttered]) -> bool:
    """Puts the messages' short texts, the first first, until the turn fits."""
    for message in messages:
        short = message.data.get(SHORT)
        if short:
            message.text = short
            if fits_sms(messages):
                return True
    return False


def _fewer_events(messages: list[BotUttered]) -> bool:
    """Drops the last events proposed (one is kept), until the turn fits: the
    others come back with "d'autres dates"."""
    for message in reversed(messages):
        buttons = list(message.data.get("buttons") or [])
        while sum(1 for b in buttons if books_event(b)) > 1 and books_event(buttons[-1]):
            dropped = buttons.pop()
            message.data["buttons"] = buttons
            offered = message.data.get("offered") or []
            message.data["offered"] = [o for o in offered if o.get("id") not in dropped["payload"]]
            if fits_sms(messages):
                return True
    return False


def _cut_answers(messages: list[BotUttered]) -> bool:
    """Cuts the fiche answers, sentence by sentence from the end, until the turn fits;
    leaves them at their shortest when no cut makes it fit."""
    if len(messages) < 2:
        return False
    answers = [m for m in messages if _cuttable(m)]
    if not answers:
        return False
    for message in answers:
        text = message.text or ""
        at = text.rfind(_SOURCE)
        body, source = text[:at].rstrip(), text[at:]
        sentences = _SENTENCE_END.split(body)
        # the source named without who took it up ("Service-public.fr (repris par ...)")
        short_source = _TAKEN_UP.sub("", source)
        for kept in range(len(sentences), 0, -1):
            cut = " ".join(sentences[:kept])
            if len(cut) < MIN_KEPT and kept < len(sentences):
                break
            for named in dict.fromkeys((source, short_source)):
                message.text = cut + named
                if fits_sms(messages):
                    return True
        # the first sentence alone is still too long: without its parentheses (an
        # acronym spelled out, examples), which "Plus" gives in full
        plain = _TAKEN_UP.sub("", sentences[0])
        if len(plain) >= MIN_KEPT:
            message.text = plain + short_source
            if fits_sms(messages):
                return True
    return False


def _cuttable(message: BotUttered) -> bool:
    text = message.text or ""
    fiche = (message.data.get("custom") or {}).get("fiche")
    more = any(
        str(b.get("payload", "")).startswith(_QUESTION) for b in message.data.get("buttons") or []
    )
    return message.data.get("response") in _ANSWERS and bool(fiche) and more and _SOURCE in text
