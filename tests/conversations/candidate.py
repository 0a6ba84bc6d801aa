"""The candidate model: reads the assistant's last replies, recognises what is
asked, and answers as its persona would, in its own words.

It records every fact it says (`said`), every question it asks (`asked`),
and whether a booking was confirmed; the simulator checks the assistant
against these.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from tests.conversations import vocabulary as v
from tests.conversations.lexicon import Lexicon, lexicon
from tests.conversations.personas import Persona
from tests.conversations.place_speech import PlaceSpeech, place_buttons
from tests.conversations.topics import Turn, fold, topic_of
from vocab.payloads import is_payload

__all__ = ["Candidate", "Turn", "fold", "topic_of"]

JOB_LABELS = {
    "aide_soignant": "soignant",
    "aide_domicile": "domicile",
    "advf": "vie",
    "aes": "educatif",
    "ash": "hospitalier",
}
_WORDS = {2: "deux", 3: "trois", 4: "quatre"}


@dataclass
class Candidate(PlaceSpeech):
    persona: Persona
    said: dict[str, Any] = field(default_factory=dict)
    booked: bool = False
    questions: int = 0
    wrong_place_given: bool = False
    corrected: bool = False
    opened: bool = False
    #: a double correction in progress: 1 the wrong place is next, 2 the right one back
    double_step: int = 0
    hesitated: set[str] = field(default_factory=set)
    foreign_sent: bool = False
    #: how many times the place was given (asked again: with its postal code)
    place_tries: int = 0
    event_questions: int = 0
    closed: bool = False
    undecided_said: bool = False
    #: the messages sent so far, and the habits already shown (persona.late_click...)
    sent: list[Turn] = field(default_factory=list)
    habits: set[str] = field(default_factory=set)
    #: consent refused (persona.consent_later): 1 refused, 2 given a turn later
    consent_step: int = 0

    @property
    def lex(self) -> Lexicon:
        return lexicon(self.persona.vocabulary)

    # --- one message -------------------------------------------------------

    def next(self, replies: list[dict[str, Any]]) -> Turn | None:
        turn = self._habit() or self._next(replies)
        p = self.persona
        if turn is None:
            return turn
        if not (is_payload(turn.text) or turn.text.isdigit()) and p.rng.random() < p.noise:
            turn.text = self.lex.noisy(turn.text, p.rng)
        self.sent.append(turn)
        return turn

    def _habit(self) -> Turn | None:
        """Now and then the last message again (a double tap), or a button clicked some
        turns ago tapped again (a late click on an old message): the facts are the same."""
        p = self.persona
        if self.booked or not self.sent:
            return None
        last = self.sent[-1]
        typed = not is_payload(last.text)
        if p.double_send and "double" not in self.habits and typed and p.rng.random() < 0.3:
            self.habits.add("double")
            return Turn(last.text, dict(last.facts))
        old = [t for t in self.sent[:-2] if t.text.startswith(("/inform", "/affirm", "/deny"))]
        if p.late_click and old and "late" not in self.habits and p.rng.random() < 0.4:
            self.habits.add("late")
            clicked = p.rng.choice(old)
            return Turn(clicked.text, dict(clicked.facts))
        return None

    def _next(self, replies: list[dict[str, Any]]) -> Turn | None:
        p = self.persona
        rng = p.rng
        if p.foreign and not self.foreign_sent:
            self.foreign_sent = True
            return Turn(self.lex.pick(rng, "foreign"))
        if not self.opened:
            self.opened = True
            return self._opening()
        topic = topic_of(replies)
        payloads = [b for r in replies for b in r.get("buttons") or []]
        if self.booked and p.closes:
            if self.closed:
                return None
            self.closed = True  # "c'est bon merci": nothing more to say
            return Turn(self.lex.pick(rng, "closings"))
        changed = self._change_of_mind(topic)
        if changed is not None:
            return changed
        if topic == "events":
            return self._choose_event(payloads)
        if topic == "confirm_booking":
            return Turn(self.lex.pick(rng, "confirm"))
        if self.wrong_place_given and not self.corrected and topic not in ("consent",):
            self.corrected = True
            return self._correction()
        if self.double_step and topic not in ("consent", "place_choice"):
            return self._double_correction()
        if topic in ("place_choice",) or (topic == "place" and place_buttons(payloads)):
            return self._choose_place(payloads)
        if topic == "consent":
            if p.consent_later and not self.consent_step:
                self.consent_step = 1  # "non je préfère pas", given a turn later
                return Turn(self._style(self.lex.pick(rng, "consent_no")))
            if self.consent_step:
                self.consent_step = 2
                self.said["consent"] = True
            if self._unsaid(("place",)) and rng.random() < 0.1:
                # a yes that asks for events too: the place of the search comes next
                return Turn(self._style(self.lex.pick(rng, "consent_with_request")))
            turn = Turn(self.lex.pick(rng, "consent_yes"))
            return self._maybe_more(turn)
        if topic == "skip_offer":
            skip = next((b["payload"] for b in payloads if "skip" in b["payload"]), None)
            return Turn(skip or self.lex.pick(rng, "skip"))
        answer = self._answer(topic, payloads) if topic else None
        if answer is not None:
            if topic not in ("period",) and rng.random() < p.mid_question:
                return self._question(answer)
            return self._maybe_more(answer)
        if self.booked:
            return None
        missing = self._unsaid(("jobs", "place"))
        if missing:
            return self._fact(missing[0])
        return Turn(self._style(self.lex.pick(rng, "want_event")))

    def _change_of_mind(self, topic: str | None) -> Turn | None:
        """Session 18's habits: consent given a turn after it was refused ("bon
        finalement c'est d'accord"), and another job wanted once the first was said
        and the place too, on the events proposed or a question of the form."""
        p = self.persona
        rng = p.rng
        if self.consent_step == 1 and topic != "consent":
            self.consent_step = 2
            self.said["consent"] = True
            return Turn(self._style(self.lex.pick(rng, "consent_late")))
        forms = ("events", "licence", "vehicle", "transport", "children", "diploma", "rqth")
        if p.changes_job is None or topic not in forms or self._unsaid(("jobs", "place")):
            return None
        p.job, p.changes_job = p.changes_job, None
        self.said["jobs"] = [p.job]
        word = rng.choice(self.lex["job_words"][p.job])
        text = self.lex.pick(rng, "job_change").format(job=word)
        return Turn(self._style(text), {"jobs": [p.job]})

    # --- openings ----------------------------------------------------------

    def _opening(self) -> Turn:
        p = self.persona
        rng = p.rng
        kind = p.opening
        if kind == "greet":
            return Turn(self._style(self.lex.pick(rng, "greetings")))
        if kind == "noise_first":
            return Turn(self.lex.pick(rng, "noise_first"))
        if kind == "all_in_one" and p.job is not None:
            return self._all_in_one()
        if kind == "events_first":  # "je voudrais m'inscrire à un atelier", maybe where
            request = self._style(self.lex.pick(rng, "events_first"))
            if rng.random() < 0.5:
                return Turn(request)
            place, facts = self._place_phrase()
            self.said.update(facts)
            joined = self.lex.pick(rng, "with_place")
            return Turn(joined.format(request=request.rstrip(" ?"), place=place), facts)
        if kind == "request_question":
            self.questions += 1
            return Turn(self._style(self.lex.pick(rng, "request_question")), asks=True)
        if kind == "question":
            self.questions += 1
            if rng.random() < 0.5:
                return Turn(self._style(self.lex.mid_question(rng, p.job)), asks=True)
            return Turn(self._style(self.lex.pick(rng, "opening_questions")), asks=True)
        if kind == "wish_vague" or p.job is None:
            return Turn(self._style(rng.choice(self.lex["openings"]["wish_vague"])))
        job_word = rng.choice(self.lex["job_words"][p.job])
        facts: dict[str, Any] = {"jobs": [p.job]}
        if kind == "experienced":
            place, place_facts = self._place_phrase()
            facts.update(place_facts)
            text = rng.choice(self.lex["openings"]["experienced"]).format(
                job=job_word, place=place, n=rng.choice([5, 8, 12, 15, 20])
            )
        elif kind == "wish_job_place":
            place, place_facts = self._place_phrase()
            facts.update(place_facts)
            openings = self.lex["openings"]["wish_job_place"]
            text = rng.choice(openings).format(job=job_word, place=place)
        else:
            text = rng.choice(self.lex["openings"]["wish_job"]).format(job=job_word)
        self.said.update(facts)
        return self._maybe_more(Turn(self._style(text), facts))

    # --- answers -----------------------------------------------------------

    def _answer(self, topic: str, buttons: list[dict[str, Any]]) -> Turn | None:
        p = self.persona
        rng = p.rng
        optional = ("licence", "vehicle", "transport", "children", "childcare", "diploma", "rqth")
        if topic in optional and topic not in self.hesitated and rng.random() < p.hesitate:
            self.hesitated.add(topic)
            what = self.lex.banks.get("what_is", {}).get(topic)
            if what:  # "c quoi la rqth ?": a word of the question asked back
                self.questions += 1
                return Turn(self._style(rng.choice(what)), asks=True)
            return Turn(self._style(self.lex.pick(rng, "hesitations")))
        if topic == "children" and p.refuses:
            return Turn(self._style(self.lex.pick(rng, "refusals")))
        if topic in optional and rng.random() < p.wrong_answer:
            others = [s for s in self._unsaid(("driving_licence", "children", "diplomas"))]
            slot = {"licence": "driving_licence", "children": "children", "diploma": "diplomas"}
            others = [
                s for s in others if s != slot.get(topic) and not (s == "children" and p.refuses)
            ]
            if others:
                return self._explicit(others[0])
        if topic == "job":
            if p.job is None:
                deny = next((b["payload"] for b in buttons if b["payload"] == "/deny"), None)
                self.said["jobs"] = None
                if deny and rng.random() < p.clicks:
                    return Turn(deny)
                unknown = self.lex["job_unknown"]  # one phrase: no draw (older runs kept)
                return Turn(unknown[0] if len(unknown) == 1 else rng.choice(unknown))
            for button in buttons:
                if f'"{p.job}"' in button["payload"] and rng.random() < p.clicks:
                    self.said["jobs"] = [p.job]
                    return Turn(button["payload"], {"jobs": [p.job]})
            return self._fact("jobs")
        if topic == "place":
            if p.correction and not self.wrong_place_given and not self.corrected:
                other = self._other_place()
                if p.correction_kind == "inline":
                    self.corrected = True
                    template = self.lex.pick(rng, "inline_corrections")
                    text = template.format(wrong=other.commune, right=p.place.commune)
                    facts = {"commune": p.place.commune, "departement": p.place.departement}
                    self.said.update(facts)
                    return Turn(self._style(text, keep=(other.commune, p.place.commune)), facts)
                if p.correction_kind == "double":
                    self.corrected = True
                    self.double_step = 1
                    return self._fact("place")
                self.wrong_place_given = True
                return Turn(self._style(f"j'habite à {other.commune}", keep=(other.commune,)))
            return self._fact("place")
        if topic == "period":
            return Turn(self.lex.pick(rng, "period"))
        if topic == "other":
            return None
        slot = {
            "licence": "driving_licence",
            "vehicle": "vehicle",
            "transport": "public_transport",
            "children": "children",
            "childcare": "childcare_needed",
            "diploma": "diplomas",
            "rqth": "rqth",
        }.get(topic)
        return self._fact(slot, buttons) if slot else None

    def _fact(self, slot: str, buttons: list[dict[str, Any]] | None = None) -> Turn:
        """A message stating one fact (clicking its button sometimes)."""
        p = self.persona
        rng = p.rng
        if slot in ("place", "commune"):
            text, facts = self._place_phrase()
            self.said.update(facts)
            return Turn(text, facts)
        value = self._value(slot)
        facts = {slot: value}
        for button in buttons or []:
            if _button_means(button["payload"], slot, value) and rng.random() < p.clicks:
                self.said.update(facts)
                return Turn(button["payload"], facts)
        worded = None
        if p.word_answers and rng.random() < p.word_answers:
            worded = self._word_answer(slot, value)
        if worded is not None:
            text = worded
            if slot == "vehicle":
                facts = {slot: value or "none"}
        elif slot == "jobs":
            assert p.job is not None
            answer = self.lex.pick(rng, "answer_job")
            text = answer.format(job=rng.choice(self.lex["job_words"][p.job]))
        elif slot == "driving_licence":
            text = rng.choice(self.lex["licence"][value])
        elif slot == "vehicle":
            text = rng.choice(self.lex["vehicle"][value or "none"])
            facts = {slot: value or "none"}
        elif slot == "public_transport":
            text = rng.choice(self.lex["public_transport"][value])
        elif slot == "children":
            if value == 0:
                text = rng.choice(self.lex["children"]["adult" if p.adult_children else "zero"])
            elif value == 1:
                text = rng.choice(self.lex["children"]["one"])
            else:
                some = self.lex["children"]["some"]
                text = rng.choice(some).format(n=value, w=_WORDS.get(value, value))
        elif slot == "childcare_needed":
            text = rng.choice(self.lex["childcare"][value])
        elif slot == "diplomas":
            text = rng.choice(self.lex["diploma"][p.diploma])
        elif slot == "rqth":
            text = rng.choice(self.lex["rqth"][value])
            if value is None:
                facts = {}
        else:
            raise AssertionError(slot)
        self.said.update(facts)
        return Turn(self._style(text), facts)

    def _word_answer(self, slot: str, value: Any) -> str | None:
        """An answer in words from the lexicon's bank for button questions, if any."""
        key = value[0] if isinstance(value, list) else value
        if slot == "vehicle":
            key = key or "none"
        options = self.lex["word_answers"].get(slot, {}).get(key)
        return self.persona.rng.choice(options) if options else None

    def _value(self, slot: str) -> Any:
        p = self.persona
        if slot == "jobs":
            return [p.job]
        if slot == "diplomas":
            return [p.diploma]
        return getattr(p, slot)

    def _all_in_one(self) -> Turn:
        """Everything in the first message: job, place, licence, vehicle, children, diploma."""
        p = self.persona
        rng = p.rng
        assert p.job is not None
        job = self.lex.pick(rng, "all_in_one_job")
        parts = [self._style(job.format(job=rng.choice(self.lex["job_words"][p.job])))]
        facts: dict[str, Any] = {"jobs": [p.job]}
        place, place_facts = self._place_phrase()
        parts.append(place)
        facts.update(place_facts)
        self.said.update(facts)
        slots = ["driving_licence", "children", "diplomas"]
        if p.driving_licence:
            slots.append("vehicle")
        for slot in slots:
            if slot == "children" and p.refuses:
                continue
            extra = self._explicit(slot)
            parts.append(extra.text)
            facts.update(extra.facts)
        rng.shuffle(parts)
        text = parts[0]
        for part in parts[1:]:
            text += self.lex.pick(rng, "joins") + part
        return Turn(text, facts)

    def _choose_event(self, buttons: list[dict[str, Any]]) -> Turn:
        """The event for the persona's job, else the first: mostly clicked, now and then
        named by its rank in words ("le deuxième"), or a plain yes to a single one (a
        yes to several is answered by the same options, then clicked)."""
        rng = self.persona.rng
        events = [b for b in buttons if b["payload"].startswith("/book_event")]
        if not self.event_questions and rng.random() < self.persona.event_question:
            self.event_questions += 1  # "c'est où ?": the details first, then a choice
            return Turn(self._style(self.lex.pick(rng, "event_questions")), asks=True)
        if self.persona.undecided and len(events) > 1:
            if not self.undecided_said:  # "j'hésite, lequel ?": how to choose, the same options
                self.undecided_said = True
                return Turn(self._style(self.lex.pick(rng, "undecided")), asks=True)
            return Turn(self._style(self.lex.pick(rng, "by_criterion")))  # "le plus proche"
        job = JOB_LABELS.get(self.persona.job or "", "\x00")
        chosen = next((b for b in events if job in fold(b["title"])), events[0])
        if self.persona.types_rank and rng.random() < 0.5:
            return Turn(str(events.index(chosen) + 1))  # the rank typed, not clicked
        if self.persona.channel == "sms" or rng.random() >= 0.3:
            return Turn(chosen["payload"])
        if len(events) == 1:
            return Turn(self.lex.pick(rng, "only_event"))
        rank = events.index(chosen) + 1
        words = list(self.lex["choose_event"].get(rank, []))
        if rank == len(events):
            words += self.lex["choose_event"][0]
        return Turn(rng.choice(words)) if words else Turn(chosen["payload"])

    # --- modifiers ---------------------------------------------------------

    def _maybe_more(self, turn: Turn) -> Turn:
        """Now and then, one more fact nobody asked for, in the same message."""
        p = self.persona
        if is_payload(turn.text) or p.rng.random() >= p.extra_facts:
            return turn
        unsaid = self._unsaid(("place", "driving_licence", "children", "diplomas"))
        if not unsaid:
            return turn
        extra = self._explicit(unsaid[0])
        joiner = p.rng.choice([", ", " et ", ". ", " "])
        return Turn(turn.text + joiner + extra.text, {**turn.facts, **extra.facts}, turn.asks)

    def _explicit(self, slot: str) -> Turn:
        """A fact that reads alone, without the question ("j'ai 2 enfants", not "2")."""
        p = self.persona
        rng = p.rng
        if slot == "place":
            return self._fact("place")
        value = self._value(slot)
        if slot == "vehicle":
            text = rng.choice(self.lex["explicit_vehicle"][value or "none"])
            value = value or "none"
        elif slot == "driving_licence":
            text = rng.choice(self.lex["explicit_licence"][value])
        elif slot == "children":
            key = "zero" if value == 0 else "one" if value == 1 else "some"
            some = self.lex["explicit_children"][key]
            text = rng.choice(some).format(n=value, w=_WORDS.get(value, value))
        else:
            text = rng.choice(self.lex["explicit_diploma"][p.diploma])
        self.said[slot] = value
        return Turn(self._style(text), {slot: value})

    def _question(self, answer: Turn) -> Turn:
        """A question in the middle of the form: alone, or after the answer."""
        self.questions += 1
        rng = self.persona.rng
        if rng.random() < 0.5:
            question = self._style(self.lex.pick(rng, "mid_questions"))
        else:
            question = self._style(self.lex.mid_question(rng, self.persona.job))
        if is_payload(answer.text) or self.persona.rng.random() < 0.5:
            # the answer waits for the next turn: forget it was said
            for slot in answer.facts:
                self.said.pop(slot, None)
            return Turn(question, asks=True)
        return Turn(f"{answer.text}, et {question}", answer.facts, asks=True)

    def _unsaid(self, slots: tuple[str, ...]) -> list[str]:
        p = self.persona
        out = []
        for slot in slots:
            if slot == "place":
                if "commune" not in self.said and "postal_code" not in self.said:
                    out.append(slot)
            elif slot == "jobs":
                if "jobs" not in self.said and p.job:
                    out.append(slot)
            elif slot not in self.said:
                out.append(slot)
        return out

    def _style(self, text: str, keep: tuple[str, ...] = ()) -> str:
        p = self.persona
        if p.sms or (p.typos and p.rng.random() < 0.3):
            text = self.lex.shorthand(text, p.rng, 0.5 if p.sms else 0.2)
        return v.restyle(
            text,
            p.rng,
            sms=p.sms,
            no_accents=p.no_accents,
            typos=p.typos,
            keep=(*keep, *self.lex["fact_words"]),
        )


def _button_means(payload: str, slot: str, value: Any) -> bool:
    """The button states this value for this slot."""
    if payload in ("/affirm", "/deny"):
        return slot in ("driving_licence", "public_transport") and (value is (payload == "/affirm"))
    match = re.match(r"^/inform(\{.*\})$", payload)
    if not match:
        return False
    try:
        data = json.loads(match[1])
    except json.JSONDecodeError:
        return False
    entity = {"jobs": "job", "diplomas": "diploma"}.get(slot, slot)
    wanted = value[0] if isinstance(value, list) else value
    return str(data.get(entity)) == str(wanted)
