"""Personas that speak session 17's vocabulary (`--vocabulary new`), session 18's
(`--vocabulary third`), session 19's (`--vocabulary fourth`), session 20's
(`--vocabulary fifth`), or one of the first three each, a fifth's now and then
(`mix`): the older draws are
kept, then the persona's own generator draws its new place, the form it says it
in, and the new habits (a late click on an old button, a message sent twice; for
the third, a register of writing, a change of mind on the job, consent refused
then given).
"""

from __future__ import annotations

from tests.conversations import fifth_registers as xr
from tests.conversations.fourth_places import FOURTH_PLACES
from tests.conversations.fourth_places import forms_for as fourth_forms
from tests.conversations.fresh_places import FRESH_PLACES
from tests.conversations.personas import JOBS, REGION_OF, Persona, generate
from tests.conversations.third_places import OVERSEAS, THIRD_PLACES, forms_for

__all__ = ["personas"]

_FORMS = (
    *("name", "name", "name", "name_cp", "name_cp_region", "cp", "near", "name_dep"),
    *("written", "typo", "dep", "dep_num", "more"),
)


def personas(seed: int, count: int, vocabulary: str = "old") -> list[Persona]:
    drawn = generate(seed, count)
    if vocabulary == "old":
        return drawn
    for persona in drawn:
        rng = persona.rng
        kind = vocabulary
        if vocabulary == "mix":
            roll = rng.random()
            kind = "old" if roll < 1 / 3 else "new" if roll < 2 / 3 else "third"
            if rng.random() < 0.2:  # session 20: the fifth's people among the others
                kind = "fifth"
        if kind == "fifth":
            _fifth(persona)
        elif kind == "fourth":
            _fourth(persona)
        elif kind == "third":
            _third(persona)
        elif kind == "new":
            _new(persona)
    return drawn


def _new(persona: Persona) -> None:
    rng = persona.rng
    persona.vocabulary = "new"
    if rng.random() < 0.75:
        persona.place = rng.choice(FRESH_PLACES)
    forms = _FORMS + (("region",) if persona.place.departement in REGION_OF else ())
    persona.place_form = rng.choice(forms)
    persona.late_click = persona.channel != "sms" and rng.random() < 0.15
    persona.double_send = persona.channel != "sms" and rng.random() < 0.1


def _third(persona: Persona) -> None:
    rng = persona.rng
    if rng.random() < 0.8:
        persona.place = rng.choice(THIRD_PLACES)
    dep = persona.place.departement
    forms = forms_for(persona.place) + (("region",) if dep in REGION_OF else ())
    persona.place_form = rng.choice(forms)
    registers = ["plain", "plain", "story", "formal", "terse"]
    if dep in OVERSEAS:
        registers += ["creole_re" if dep in ("974", "976") else "creole_an"] * 2
    register = rng.choice(registers)
    persona.vocabulary = f"third:{register}"
    if register == "formal":  # older people writing a letter: accents, no SMS spelling
        persona.sms, persona.no_accents, persona.typos = False, False, rng.choice([0.0, 0.02])
    elif register == "terse":
        persona.sms, persona.no_accents = True, True
    persona.noise = rng.choice([0.2, 0.4, 0.6])
    persona.word_answers = rng.choice([0.3, 0.6, 0.9])
    persona.extra_facts = rng.choice([0.0, 0.3, 0.5])
    persona.mid_question = rng.choice([0.0, 0.15, 0.3])
    _habits(persona, 0.15, 0.15, 0.15, 0.12)


def _habits(persona: Persona, job: float, consent: float, late: float, double: float) -> None:
    """Session 18's habits, at these rates: a request with a question first, a change of
    mind on the job, consent refused then given, a late click, a message sent twice."""
    rng = persona.rng
    if rng.random() < 0.1:
        persona.opening = "request_question"
    others = [j for j in JOBS if j != persona.job]
    persona.changes_job = rng.choice(others) if persona.job and rng.random() < job else None
    persona.consent_later = rng.random() < consent
    persona.late_click = persona.channel != "sms" and rng.random() < late
    persona.double_send = rng.random() < double


def _fourth(persona: Persona) -> None:
    """Session 19: one register of fourth_registers.REGISTERS, its places said by a
    landmark now and then, and the habits of the third drawn anew."""
    rng = persona.rng
    if rng.random() < 0.8:
        persona.place = rng.choice(FOURTH_PLACES)
    dep = persona.place.departement
    forms = fourth_forms(persona.place) + (("region",) if dep in REGION_OF else ())
    persona.place_form = rng.choice(forms)
    register = rng.choice(["senior", "fle", "dictation", "minimal", "hesitant", "life"])
    persona.vocabulary = f"fourth:{register}"
    if register in ("senior", "life"):  # full sentences, accents, few typos
        persona.sms, persona.no_accents, persona.typos = False, False, rng.choice([0.0, 0.02])
    elif register == "dictation":  # the phone spells the words right
        persona.sms, persona.no_accents, persona.typos = False, False, 0.0
    elif register == "minimal":
        persona.sms = persona.channel == "sms"
    elif register == "fle":
        persona.no_accents = rng.random() < 0.6
        persona.typos = rng.choice([0.0, 0.03, 0.06])
    persona.noise = rng.choice([0.1, 0.3, 0.5])
    persona.word_answers = 0.0 if register == "minimal" else rng.choice([0.2, 0.5, 0.8])
    persona.extra_facts = 0.0 if register == "minimal" else rng.choice([0.0, 0.2, 0.4])
    persona.mid_question = rng.choice([0.0, 0.1, 0.25])
    _habits(persona, 0.1, 0.1, 0.1, 0.1)


def _fifth(persona: Persona) -> None:
    """Session 20: one register of fifth_registers.REGISTERS; places of its own, said
    short; corrections, facts ahead of the question and "c quoi ?" more often."""
    rng = persona.rng
    if rng.random() < 0.8:
        persona.place = rng.choice(xr.FIFTH_PLACES)
    dep = persona.place.departement
    persona.place_form = rng.choice(xr.FORMS + (("region",) if dep in REGION_OF else ()))
    register = rng.choice(xr.REGISTERS)
    persona.vocabulary = f"fifth:{register}"
    persona.sms, persona.no_accents = register in ("phonetic", "ahead"), rng.random() < 0.7
    persona.typos = rng.choice([0.0, 0.03, 0.06])
    persona.noise = rng.choice([0.2, 0.4])
    persona.word_answers = rng.choice([0.2, 0.5])
    persona.extra_facts = rng.choice([0.6, 0.9] if register == "ahead" else [0.0, 0.2])
    if register == "ahead" and persona.job and rng.random() < 0.5:
        persona.opening = "all_in_one"
    persona.correction = rng.random() < (0.5 if register == "ahead" else 0.2)
    persona.hesitate = 0.6 if register == "asker" else rng.choice([0.0, 0.15])
    persona.mid_question = rng.choice([0.0, 0.15, 0.3])
    if register == "changer" and rng.random() < 0.4:
        persona.opening = "wish_vague"
    _habits(persona, 0.1, 0.1, 0.1, 0.1)
