"""An SMS turn fitted to two segments (conversation-design.md).

A fiche's short answer (up to 230 characters and its source) fills most of
the two segments a turn may take; what follows it in the same turn (the
question resumed, consent, the next step) would make a third. Then the answer
is cut after its first sentences, keeping its source (named without who took
it up, "(repris par ...)", when that is what it takes), and as a last resort its
first sentence goes without its parentheses (an acronym spelled out: "La PMSMP,
ou stage d'immersion, ..."): its "Plus" option (the fiche's long answer) stays
for the rest, and the next step is kept whole.
"""

from __future__ import annotations

import re

from bot.dialogue.events import BotUttered
from bot.dialogue.smsbudget import fits_sms, turn_messages
from bot.dialogue.tracker import Tracker

__all__ = ["fit_sms_turn"]

#: the responses that carry a fiche's short answer, "{answer} Source : {source}."
_ANSWERS = frozenset({"utter_answer"})
_SOURCE = " Source : "
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÀ-Ý0-9«])")
#: a parenthesis: in a source, who took the text up ("(repris par la commune de ...)");
#: in an answer, an acronym spelled out or examples
_TAKEN_UP = re.compile(r" \([^()]{1,120}\)")
MIN_KEPT = 40  # an answer is never cut below its first sentence nor this many characters


def fit_sms_turn(tracker: Tracker) -> None:
    """Cuts the turn's fiche answers, sentence by sentence from the end, until the
    turn fits two SMS segments; leaves the turn as it was when no cut makes it fit."""
    messages = turn_messages(tracker)
    if len(messages) < 2 or fits_sms(messages):
        return
    answers = [m for m in messages if _cuttable(m)]
    if not answers:
        return
    original = {id(m): m.text for m in answers}
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
                    return
        # the first sentence alone is still too long: without its parentheses (an
        # acronym spelled out, examples), which "Plus" gives in full
        plain = _TAKEN_UP.sub("", sentences[0])
        if len(plain) >= MIN_KEPT:
            message.text = plain + short_source
            if fits_sms(messages):
                return
    for message in answers:  # no cut made it fit: the whole answers, in three segments
        message.text = original[id(message)]


def _cuttable(message: BotUttered) -> bool:
    text = message.text or ""
    fiche = (message.data.get("custom") or {}).get("fiche")
    more = any(
        str(b.get("payload", "")).startswith("/question") for b in message.data.get("buttons") or []
    )
    return message.data.get("response") in _ANSWERS and bool(fiche) and more and _SOURCE in text
