"""The words a simulated candidate speaks, as one object: the older banks (sessions
10-15: vocabulary.py, variation.py, families.py, asides.py, requests.py) or
session 17's new layer (fresh_words.py, fresh_places.py), session 18's third
(third_words.py, third_places.py: one lexicon per register of writing), or session
19's fourth (fourth_words.py, fourth_registers.py, fourth_places.py), or session
20's fifth (fifth_words.py, fifth_registers.py). A persona's
`vocabulary` picks one (`python -m tests.conversations.run --vocabulary new|old|mix`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.conversations import asides as a
from tests.conversations import families as f
from tests.conversations import fifth_registers as xr
from tests.conversations import fourth_places as qp
from tests.conversations import fourth_registers as qr
from tests.conversations import fresh_places as fp
from tests.conversations import fresh_words as fw
from tests.conversations import requests as rq
from tests.conversations import third_places as tp
from tests.conversations import third_words as tw
from tests.conversations import variation as w
from tests.conversations import vocabulary as v

__all__ = ["VOCABULARIES", "Lexicon", "lexicon"]


@dataclass(frozen=True)
class Lexicon:
    banks: dict[str, Any]
    place: dict[str, list[str]]
    dep_in: dict[str, list[str]]
    mid_question: Callable[[random.Random, str | None], str]
    noisy: Callable[[str, random.Random], str]
    shorthand: Callable[[str, random.Random, float], str]
    #: placeholders of the vocabulary's own in place phrases (template, place, name, rng)
    place_fields: Callable[[str, Any, str, random.Random], dict[str, str]] = lambda *_: {}

    def __getitem__(self, name: str) -> Any:
        return self.banks[name]

    def pick(self, rng: random.Random, name: str) -> Any:
        return rng.choice(self.banks[name])


_OLD = Lexicon(
    banks={
        "greetings": v.GREETINGS,
        "noise_first": ["bonjour 🙂", "allo ?", "?", "bonjour, vous êtes là ?", "👋"],
        "job_words": v.JOB_WORDS,
        "openings": v.OPENINGS,
        "place_more": f.PLACE_MORE,
        "licence": v.LICENCE,
        "vehicle": v.VEHICLE,
        "public_transport": v.PUBLIC_TRANSPORT,
        "children": v.CHILDREN,
        "childcare": v.CHILDCARE,
        "diploma": v.DIPLOMA,
        "rqth": v.RQTH,
        "explicit_licence": v.EXPLICIT_LICENCE,
        "explicit_vehicle": w.EXPLICIT_VEHICLE,
        "explicit_children": v.EXPLICIT_CHILDREN,
        "explicit_diploma": v.EXPLICIT_DIPLOMA,
        "confirm": v.CONFIRM,
        "consent_yes": ["oui", "d'accord", "ok", "oui d'accord", "ok pas de souci"],
        "consent_with_request": a.CONSENT_WITH_REQUEST,
        "choose_event": v.CHOOSE_EVENT,
        "undecided": v.UNDECIDED + a.UNDECIDED_ASKING,
        "by_criterion": v.BY_CRITERION,
        "only_event": v.ONLY_EVENT,
        "answer_job": v.ANSWER_JOB,
        "job_unknown": ["je sais pas encore"],
        "want_event": v.WANT_EVENT,
        "period": ["en janvier", "le mois prochain", "dès que possible", "en mars"],
        "skip": ["on passe"],
        "closings": v.CLOSINGS,
        "event_questions": v.EVENT_QUESTIONS + a.EVENT_QUESTIONS,
        "hesitations": w.HESITATIONS,
        "refusals": w.REFUSALS,
        "foreign": w.FOREIGN,
        "request_question": f.REQUEST_QUESTION,
        "events_first": rq.EVENTS_FIRST,
        "with_place": rq.WITH_PLACE,
        "corrections": [
            "en fait c'est {cp}",
            "non pardon, j'habite à {commune}",
            "je me suis trompée, c'est {commune} {cp}",
        ],
        "double_wrong": ["en fait c'est {commune}", "je me suis trompée, c'est {commune}"],
        "double_back": [
            "non pardon, c'est bien {commune}",
            "non finalement {commune}",
            "oups non, {commune}",
        ],
        "inline_corrections": [
            "j'habite à {wrong}, enfin non, à {right}",
            "{wrong}... non pardon, {right}",
            "à {wrong} euh non {right}",
            "je suis à {wrong}, non je me trompe, {right}",
        ],
        "all_in_one_job": ["je cherche du travail comme {job}", "{job}", "je veux être {job}"],
        "joins": [", ", " ", ". ", " et ", ", "],
        "fact_words": v.FACT_WORDS,
        "mid_questions": v.MID_QUESTIONS + a.MID_QUESTIONS,
        "opening_questions": v.MID_QUESTIONS,
        "word_answers": f.WORD_ANSWERS,
    },
    place=v.PLACE,
    dep_in=v.DEP_IN,
    mid_question=w.mid_question,
    noisy=w.noisy,
    shorthand=w.sms_shorthand,
)

_NEW = Lexicon(
    banks=fw.BANKS,
    place=fp.FRESH_PLACE,
    dep_in=fp.FRESH_DEP_IN,
    mid_question=fw.fresh_mid_question,
    noisy=fw.fresh_noisy,
    shorthand=fw.fresh_shorthand,
)


def _per_register(
    registers: tuple[str, ...],
    banks: Callable[[str], dict[str, Any]],
    noisy: Callable[[str], Callable[[str, random.Random], str]],
    **common: Any,
) -> dict[str, Lexicon]:
    """One lexicon a register of writing: the register's banks and noise, the rest shared."""
    return {r: Lexicon(banks=banks(r), noisy=noisy(r), **common) for r in registers}


#: session 18's vocabulary, one lexicon a register ("third:formal", "third:terse"...)
_THIRD = _per_register(
    tw.REGISTERS,
    tw.banks,
    tw.third_noisy,
    place=tp.THIRD_PLACE,
    dep_in=tp.THIRD_DEP_IN,
    mid_question=tw.third_mid_question,
    shorthand=tw.third_shorthand,
    place_fields=tp.place_fields,
)
#: session 19's vocabulary, one lexicon a register ("fourth:senior", "fourth:fle"...)
_FOURTH = _per_register(
    qr.REGISTERS,
    qr.banks,
    qr.fourth_noisy,
    place=qp.FOURTH_PLACE,
    dep_in=qp.FOURTH_DEP_IN,
    mid_question=qr.fourth_mid_question,
    shorthand=qr.fourth_shorthand,
    place_fields=qp.place_fields,
)

#: session 20's vocabulary, one lexicon a register ("fifth:phonetic", "fifth:parent"...)
_FIFTH = _per_register(
    xr.REGISTERS,
    xr.banks,
    xr.fifth_noisy,
    place=xr.FIFTH_PLACE,
    dep_in=xr.FIFTH_DEP_IN,
    mid_question=xr.fifth_mid_question,
    shorthand=xr.fifth_shorthand,
)

VOCABULARIES = ("old", "new", "third", "fourth", "fifth", "mix")


def lexicon(name: str) -> Lexicon:
    """A persona's words: "old", "new", "third:<register>" or "fourth:<register>" (a
    "mix" run draws one of the first three per persona)."""
    if name.startswith("third:"):
        return _THIRD[name.partition(":")[2]]
    if name.startswith("fourth:"):
        return _FOURTH[name.partition(":")[2]]
    if name.startswith("fifth:"):
        return _FIFTH[name.partition(":")[2]]
    return _NEW if name == "new" else _OLD
