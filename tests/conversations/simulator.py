"""Runs simulated candidates through the REST webhook (SMS personas through the
signed Twilio webhook) and checks every turn.

Invariants (a conversation that breaks one is counted as broken):
- no 5xx, and every message gets at least one reply, none of them empty;
- an SMS delivered twice by Twilio (same MessageSid) is taken once;
- no question asked a third time (the same question sentence, folded, "Pour
  reprendre :" aside), whatever the reason: a question resumed after the
  person's own one was answered counts;
- never the same replies three turns in a row (a loop);
- a question the person asks is answered (a fiche, or the details of the events
  it is about) or explicitly declined
  (an abstention or a counsellor offered);
- nothing said twice in one turn;
- on SMS, a turn takes two segments at most, unless the person asked for the
  long answer ("en savoir plus");
- no fact lost: every fact the person stated is in the final tracker;
- the booking is reached (or an immersion request filed).
Figures: turns to book (median, max), the share of broken conversations,
slot accuracy over the final trackers, SMS segments per turn (SMS personas,
the bodies the Twilio webhook sent) and the SMS turns over two segments.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.conversations.candidate import Candidate, fold
from tests.conversations.personas import Persona

__all__ = [
    "RETRY_TAKEN_TWICE",
    "Outcome",
    "Report",
    "reached_goal",
    "run_conversation",
    "summarise",
]

#: the status a poster gives when Twilio's redelivery of a message (same
#: MessageSid) was taken as a new message, or answered differently
RETRY_TAKEN_TWICE = 409
MAX_TURNS = 22
AFTER_BOOKING = 10
#: a turn's SMS replies: one segment where they can, two at most (conversation-design.md)
MAX_SMS_SEGMENTS = 2
#: an SMS turn over MAX_SMS_SEGMENTS breaks the conversation (else only counted)
SMS_BUDGET_BREAKS = False
#: (sender, message) -> (HTTP status, replies, the SMS bodies sent on SMS else None)
Post = Callable[[str, str], tuple[int, list[dict[str, Any]], list[str] | None]]
Slots = Callable[[str], dict[str, Any]]
_SENTENCE_END = re.compile(r"(?<=[.!:])\s+")
_QUESTION_PREFIX = re.compile(r"^(pour reprendre|je reformule)\s*[:,.]?\s*")


@dataclass
class Outcome:
    persona: Persona
    transcript: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)
    breaks: list[str] = field(default_factory=list)
    turns_to_book: int | None = None
    slots_right: int = 0
    slots_total: int = 0
    wrong_slots: list[str] = field(default_factory=list)
    sms_segments: list[int] = field(default_factory=list)
    #: the turns whose SMS replies took more than MAX_SMS_SEGMENTS segments
    long_sms: list[int] = field(default_factory=list)
    #: on SMS, the bodies sent each turn
    sms_bodies: list[list[str]] = field(default_factory=list)

    def text(self) -> str:
        lines = [
            f"persona {self.persona.ident} (booked at turn {self.turns_to_book}): {self.persona}"
        ]
        for message, replies in self.transcript:
            lines.append(f"  > {message}")
            for reply in replies:
                buttons = [b["payload"] for b in reply.get("buttons") or []]
                lines.append(f"    < {reply.get('text')} {buttons if buttons else ''}")
        lines += [f"  BREAK {b}" for b in self.breaks]
        lines += [f"  LONG SMS turn {n}: {self.sms_segments[n - 1]} segm." for n in self.long_sms]
        return "\n".join(lines)


def _questions(replies: list[dict[str, Any]]) -> list[str]:
    """The question sentences of a turn, folded, without "Pour reprendre :"."""
    found = []
    for reply in replies:
        for sentence in _SENTENCE_END.split(reply.get("text") or ""):
            if sentence.rstrip().endswith("?"):
                found.append(_QUESTION_PREFIX.sub("", fold(sentence).strip()))
    return found


def _answered(replies: list[dict[str, Any]]) -> bool:
    """A fiche, the details of the events asked about, or a counsellor offered."""
    for reply in replies:
        custom = reply.get("custom") or {}
        if custom.get("fiche") or custom.get("events"):
            return True
        if any(b["payload"] == "/human_handoff" for b in reply.get("buttons") or []):
            return True
    return False


def _empty(reply: dict[str, Any]) -> bool:
    return not (reply.get("text") or "").strip() and not reply.get("buttons")


def _asks_long_answer(message: str) -> bool:
    """The person asked for a fiche's long answer (its button, or in words)."""
    return message.startswith("/question") or "savoir plus" in fold(message)


#: what a reached goal says: a booking, or an immersion request filed (web and SMS)
_REACHED = re.compile(r"vous etes inscrit|demande d'immersion \([^)]{1,80}\)[^.]{0,20} enregistree")


def reached_goal(replies: list[dict[str, Any]]) -> bool:
    """A booking made, or an immersion request filed with a platform: the candidate
    reached what they came for (an immersion is a success like a booking)."""
    return any(_REACHED.search(fold(r.get("text") or "")) for r in replies)


def _sms_cost(bodies: list[str]) -> int:
    from vocab.gsm import sms_segments

    return sum(sms_segments(body) for body in bodies)


def run_conversation(persona: Persona, post: Post, slots: Slots, sender: str) -> Outcome:
    outcome = Outcome(persona)
    candidate = Candidate(persona)
    asked: Counter[str] = Counter()
    stated: dict[str, Any] = {}
    replies: list[dict[str, Any]] = []
    said: list[str] = []  # each turn's replies, folded
    for number in range(1, MAX_TURNS + 1):
        turn = candidate.next(replies)
        if turn is None:
            break
        status, replies, bodies = post(sender, turn.text)
        outcome.transcript.append((turn.text, replies))
        where = f"turn {number} ({turn.text!r})"
        if status == RETRY_TAKEN_TWICE:
            outcome.breaks.append(f"{where}: an SMS delivered twice was taken twice")
            replies = []
            continue
        if status >= 500 or status != 200:
            outcome.breaks.append(f"{where}: HTTP {status}")
            replies = []
            continue
        if not replies:
            outcome.breaks.append(f"{where}: no reply")
        if any(_empty(reply) for reply in replies):
            outcome.breaks.append(f"{where}: an empty reply")
        stated.update(turn.facts)
        if turn.asks and not _answered(replies):
            outcome.breaks.append(f"{where}: the question got no answer nor a counsellor")
        texts = [fold(r.get("text") or "") for r in replies if r.get("text")]
        said.append(" ".join(texts))
        if len(said) >= 3 and said[-1] and said[-1] == said[-2] == said[-3]:
            outcome.breaks.append(f"{where}: the same reply three turns in a row")
        if len(set(texts)) < len(texts):
            outcome.breaks.append(f"{where}: the same message twice in one turn")
        # every put counts, a question resumed after the person's own one too
        for question in _questions(replies):
            asked[question] += 1
            if asked[question] == 3:
                outcome.breaks.append(f"{where}: asked a third time: {question!r}")
        if bodies is not None:  # an SMS persona: what the Twilio webhook sent
            outcome.sms_bodies.append(bodies)
            outcome.sms_segments.append(_sms_cost(bodies))
            if _sms_cost(bodies) > MAX_SMS_SEGMENTS:
                outcome.long_sms.append(number)
                if SMS_BUDGET_BREAKS and not _asks_long_answer(turn.text):
                    outcome.breaks.append(f"{where}: an SMS turn over two segments")
        if reached_goal(replies) and outcome.turns_to_book is None:
            outcome.turns_to_book = number
            candidate.booked = True
        if outcome.turns_to_book is not None and number >= outcome.turns_to_book + AFTER_BOOKING:
            break
    if outcome.turns_to_book is None:
        outcome.breaks.append("no booking reached")
    _check_slots(outcome, candidate, slots(sender))
    return outcome


def _same(slot: str, actual: Any, expected: Any) -> bool:
    if slot == "commune":

        def norm(x: Any) -> str:
            return re.sub(r"[^a-z0-9]+", " ", fold(str(x))).replace("saint", "st").strip()

        return actual is not None and norm(actual) == norm(expected)
    if isinstance(expected, list):
        return sorted(map(str, actual or [])) == sorted(map(str, expected))
    return bool(actual == expected)


def _check_slots(outcome: Outcome, candidate: Candidate, slots: dict[str, Any]) -> None:
    truth = outcome.persona.truth()
    # without consent (an event asked for first, booked, and nothing more), the facts
    # said served the search only and are kept by design nowhere: none to count
    said = candidate.said if slots.get("consent") is True else {}
    if candidate.said.get("consent") and slots.get("consent") is not True:
        outcome.breaks.append("fact lost: consent = True (given after a refusal)")
    for slot, value in said.items():
        if value is None:
            continue
        outcome.slots_total += 1
        if _same(slot, slots.get(slot), value):
            outcome.slots_right += 1
            continue
        outcome.wrong_slots.append(slot)
        if slots.get(slot) in (None, []) and slots.get("consent") is True:
            outcome.breaks.append(f"fact lost: {slot} = {value!r}")
    # a value stored that the person never gave must at least be true
    for slot in ("driving_licence", "vehicle", "children", "diplomas", "rqth", "jobs"):
        if slot in candidate.said or slots.get(slot) in (None, []):
            continue
        outcome.slots_total += 1
        if _same(slot, slots.get(slot), truth.get(slot)):
            outcome.slots_right += 1
        else:
            outcome.wrong_slots.append(slot)


@dataclass
class Report:
    conversations: int
    broken: int
    turns_to_book_median: float | None
    turns_to_book_max: int | None
    slot_accuracy: float
    sms_segments_per_turn: float
    sms_turns_over_two: int
    breaks: Counter[str]
    wrong_slots: Counter[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "conversations": self.conversations,
            "broken": self.broken,
            "broken_share": round(self.broken / max(self.conversations, 1), 3),
            "turns_to_book_median": self.turns_to_book_median,
            "turns_to_book_max": self.turns_to_book_max,
            "slot_accuracy": round(self.slot_accuracy, 3),
            "sms_segments_per_turn": round(self.sms_segments_per_turn, 2),
            "sms_turns_over_two_segments": self.sms_turns_over_two,
            "breaks": dict(self.breaks.most_common()),
            "wrong_slots": dict(self.wrong_slots.most_common()),
        }


def summarise(outcomes: list[Outcome]) -> Report:
    turns = [o.turns_to_book for o in outcomes if o.turns_to_book is not None]
    kinds: Counter[str] = Counter()
    for outcome in outcomes:
        for b in outcome.breaks:
            kinds[re.sub(r"^turn \d+ \(.*?\): |: .*$| = .*$", "", b)] += 1
    right = sum(o.slots_right for o in outcomes)
    total = sum(o.slots_total for o in outcomes)
    segments = [s for o in outcomes for s in o.sms_segments]
    return Report(
        conversations=len(outcomes),
        broken=sum(1 for o in outcomes if o.breaks),
        turns_to_book_median=statistics.median(turns) if turns else None,
        turns_to_book_max=max(turns) if turns else None,
        slot_accuracy=right / total if total else 1.0,
        sms_segments_per_turn=sum(segments) / len(segments) if segments else 0.0,
        sms_turns_over_two=sum(len(o.long_sms) for o in outcomes),
        breaks=kinds,
        wrong_slots=Counter(s for o in outcomes for s in o.wrong_slots),
    )
