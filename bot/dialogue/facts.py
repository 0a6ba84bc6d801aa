"""Profile facts from one message: entities, answers to the question asked,
and what needs a clarifying question instead of a silent guess."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.dialogue.answers import GOODBYES, THANKS, closes, declines, yes_or_no
from bot.dialogue.areas import area_city
from bot.dialogue.children import count_children
from bot.dialogue.content import FormSlot
from bot.dialogue.denials import (
    after_self_correction,
    beside_denial,
    job_diploma,
    split_denied,
    withdrawn,
)
from bot.dialogue.place_words import FILLER as _FILLER
from bot.dialogue.place_words import bare_commune, departement_answer
from bot.dialogue.places import PLACE_SLOTS, PlaceQuestion, resolve_places
from bot.dialogue.questions import asks, question_start
from bot.dialogue.regions import region_named, region_question, within_region
from bot.dialogue.services import Places
from bot.dialogue.site import SITE_SLOT
from bot.dialogue.slot_values import canonical, merged_lists, to_bool, to_vehicle
from channels.messages import Button
from nlu import expand_sms
from vocab.payloads import is_payload
from vocab.text import fold

__all__ = ["Clarification", "Facts", "corrects_place", "extract_facts"]

MAX_CHILDREN = 12
_CORRECTION = re.compile(
    r"\b(en fait|plutot|plutôt|finalement|je me suis trompe|je me suis trompée?|"
    r"non c'?est|pas .{1,20} mais|correction|enfin non|enfin si|pardon)\b",
    re.IGNORECASE,
)
# a no that introduces a correction rather than answering ("non pardon, c'est Lille")
_NO_CORRECTS = re.compile(
    r"^(?:non|nan|ah non|oh non)[ ,.!]{0,4}"
    r"(?:pardon|en fait|finalement|plutot|c'?est|je me|enfin)\b"
)
_RQTH = re.compile(
    r"\b(rqth|travailleur(?:se)? handicap|reconnaissance (?:de )?travailleur)", re.IGNORECASE
)
# a recognition of one's own named inside a question: "est-ce que ma RQTH compte ?"
_OWN_RQTH = re.compile(
    r"\b(?:j'?ai|ma|mon|je suis)\s+(?:[^\s?]{1,20}\s+){0,2}(?:rqth|reconnue? travailleu)",
    re.IGNORECASE,
)
# "pa" is texting French for "pas" ("pa de rqth")
_NEGATION = re.compile(r"\b(pas|pa|aucune?|jamais|sans|n'|non)\b", re.IGNORECASE)
_CHILDCARE_OK = re.compile(
    r"\b(les garde|la garde|le garde|garde(?:nt)? (?:les|mes)|gard[ée]s? par|nounou|"
    r"assistante? maternelle|creche|crèche|cantine|garderie|"
    r"(?:ma|mon|leur) (?:mere|mère|pere|père|soeur|sœur|grand-?mere|grand-?mère|mari|conjoint|"
    r"copain|famille)|grands?-?parents|a l'?ecole|à l'?école|sont grands)\b",
    re.IGNORECASE,
)
_CHILDCARE_NEEDED = re.compile(
    r"\b(personne (?:pour|ne) (?:les )?garde|pas de (?:solution|mode) de garde|"
    r"il me faut une solution|besoin d'?une (?:solution|garde)|pas de garde|"
    r"personne pour les garder|seule? avec|"
    # the person looks after them now ("c'est moi qui les garde"), or a place is wanted
    # ("il me faudrait une place en crèche", "je cherche une nounou"): care to find
    r"moi qui (?:les |le |la )?gard\w{0,4}|il (?:me |nous )?faudrait|"
    r"(?:besoin d'?|cherche |trouver )(?:une |un )?(?:place|nounou|garde|cr[eè]che|assistante?)|"
    # "personne ne pourra les garder", "je cherche toujours une nounou", "trouve pas de nounou"
    r"personne ne (?:peut|pourra|pourrait) (?:les |le |la )?garder|"
    r"(?:cherche|trouver|trouve pas) (?:encore |toujours )?(?:une |un |de |d')?"
    r"(?:nounou|assistante? maternelle|place en cr[eè]che|cr[eè]che|solution|mode de garde))",
    re.IGNORECASE,
)
# to the licence question, the licence named by its pronoun, still to come or failed:
# "je suis en train de le passer", "je l'ai raté deux fois" (folded; bounded)
_LICENCE_TO_COME = re.compile(
    r"\b(?:en train de le|je vais le|je dois le|je le|va le|vais le) (?:passer|repasser|passe)\b|"
    r"\bje l'?ai (?:rate|loupe|echoue|pas eu|jamais eu|pas encore eu)\b"
)
# school left before the year of the brevet: "j'ai quitté l'école en quatrième", "à 15
# ans" (folded text; bounded alternatives)
_LEFT_EARLY = re.compile(
    r"\b(?:quitte|arrete|sortie?) (?:l'?ecole|le college|les etudes) (?:en|a|avant|apres) (?:la )?"
    r"(?:sixieme|cinquieme|quatrieme|6e|5e|4e|6eme|5eme|4eme|primaire|1[0-5] ans)\b"
)
# A bare negative ("aucun", "rien") answers the question asked and nothing else: the
# NLU reads "aucun" as "no diploma" wherever it comes.
_BARE_NEGATIVE = re.compile(
    r"(?:non,? )?(?:aucun|aucune|aucun\(e\)|rien|personne|pas du tout|zero)"
    r"(?: du tout)?[ .!]*"
)
# "zero bonne journée", "aucun merci au revoir": the answer, then a leave-taking
_LEAVE = rf"(?:{THANKS}|{GOODBYES})"
_LEAVE_TAIL = re.compile(rf"[ ,.!]{{1,4}}{_LEAVE}(?:[ ,.!]{{1,4}}{_LEAVE}){{0,2}}[ .!]{{0,4}}$")
#: what the proposals need: asked again (then a skip offered) when declined
_NEEDED = frozenset({"location", "jobs"})
_NO_ANSWER = re.compile(
    r"\b(pr[ée]f[èe]re (?:ne )?pas|pas r[ée]pondre|passer|je passe|sans r[ée]ponse|secret)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Clarification:
    """A question to ask before storing anything about the slots it is `about`."""

    response: str
    values: dict[str, Any] = field(default_factory=dict)
    buttons: tuple[Button, ...] = ()
    about: tuple[str, ...] = PLACE_SLOTS

    def settled_by(self, values: dict[str, Any]) -> bool:
        """True when `values` (a later message's facts) answer what it would ask."""
        return any(values.get(slot) is not None for slot in self.about)


@dataclass
class Facts:
    values: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    clarification: Clarification | None = None
    correction: bool = False
    #: "experienced": a professional looking for an employer (job datings, forums)
    route: str | None = None
    #: slots the message says both ways ("j'ai le permis, enfin non"): not answered
    unsure: set[str] = field(default_factory=set)


def extract_facts(
    parse: dict[str, Any],
    slots: dict[str, Any],
    requested: FormSlot | None,
    places: Places | None,
    *,
    place_asked: bool = False,
) -> Facts:
    """The facts a message states. `place_asked`: a place is the question pending
    (besides the form's own location question), a bare name is looked up. The
    site's département (SITE_SLOT) settles a name communes share (places.py)."""
    text: str = parse.get("text") or ""
    intent = (parse.get("intent") or {}).get("name")
    entities: list[dict[str, Any]] = parse.get("entities") or []
    answer = _LEAVE_TAIL.sub("", fold(text[:200]).strip())
    if requested is not None and _BARE_NEGATIVE.fullmatch(_FILLER.sub("", answer).strip()):
        entities, intent = [], "deny"  # the pending question's slot only
    facts = Facts(correction=bool(_CORRECTION.search(text)))
    by_type: dict[str, list[dict[str, Any]]] = {}
    for entity in entities:
        by_type.setdefault(str(entity.get("entity")), []).append(entity)

    if "diploma" in by_type and not (requested and requested.slot == "diplomas"):
        # "aucun" names no diploma unless the diploma is asked ("bah aucun, et ... ?"
        # answers the children question)
        by_type["diploma"] = [e for e in by_type["diploma"] if not _bare_none(text, e)]
    if requested and requested.slot == "driving_licence" and _LICENCE_TO_COME.search(answer):
        facts.values["driving_licence"] = False  # "je suis en train de le passer"
    if requested and requested.slot == "diplomas" and _LEFT_EARLY.search(fold(text[:200])):
        # to the diploma question, school left before the brevet's year: none
        by_type.setdefault("diploma", [{"entity": "diploma", "value": "none"}])
    said = by_type.get("diploma", [])
    if len(said) > 1:  # "le bac, ah non pardon, le brevet": the one taken back is not held
        ends = [int(e.get("end") or 0) for e in said]
        by_type["diploma"] = [
            e
            for e, end in zip(said, ends, strict=True)
            if not (end < max(ends) and withdrawn(text, end))
        ]
    if not by_type.get("diploma") and not is_payload(text):
        jobs = {canonical("job", str(e.get("value"))) for e in by_type.get("job", [])}
        # "diplômée" said of oneself, not in a question ("faut quel diplôme pour ... ?")
        by_type.update(job_diploma(text[: question_start(text)], jobs))
    facts.values.update(merged_lists(slots, by_type, correction=facts.correction))
    for name, parse_value in (
        ("driving_licence", to_bool),
        ("public_transport", to_bool),
        ("rqth", to_bool),
        ("vehicle", to_vehicle),
    ):
        said = by_type.get(name, [])
        values = [v for e in said if (v := parse_value(e.get("value"))) is not None]
        if (len(set(values)) > 1 and not facts.correction) or (
            said and withdrawn(text, int(said[-1].get("end") or 0))
        ):
            facts.unsure.add(name)  # "j'ai le permis, je l'ai pas": neither; the form asks
            continue
        if values:
            facts.values[name] = values[-1]  # "..., enfin non": the last one said
    _children(facts, by_type, text, requested)
    place_asked = place_asked or (requested is not None and requested.slot == "location")
    # a correction of a place already known ("non finalement Muret") names the new one
    place_corrected = facts.correction and bool(slots.get("commune") or slots.get("postal_code"))
    if (place_asked or place_corrected) and "location" not in by_type:
        # unasked, a correction names its place as a proper name ("non finalement Muret")
        by_type["location"] = bare_commune(text, places, proper=not place_asked)
        if place_asked and not by_type["location"]:
            by_type["location"] = departement_answer(text)  # "moi c'est le 69"
    if not by_type.get("location") and not is_payload(text):
        by_type["location"] = area_city(text)  # "la métropole lilloise": around Lille
    by_type["location"] = _unnegated(text, by_type.get("location", []), places)
    meant = after_self_correction(text, by_type["location"])
    if isinstance(meant, list):
        by_type["location"] = meant  # "à Massy, non je me trompe, Morlaix"
    elif meant is not None:
        # "à Massy, non je me trompe, morlaix": the place after the correction
        found = bare_commune(meant, places)
        if found:
            offset = text.rfind(meant)
            by_type["location"] = [
                {**e, "start": int(e["start"]) + offset, "end": int(e["end"]) + offset}
                for e in found
            ]
    region = None if is_payload(text) else region_named(text)
    if region is not None:  # "en Pays de la Loire": no Loire (42)
        by_type["location"] = [e for e in by_type["location"] if not within_region(e, region)]
    point = by_type.get("latitude", []) + by_type.get("longitude", [])  # a shared position
    _location(facts, by_type["location"] + point, places, slots.get(SITE_SLOT), text)
    placed = any(slots.get(k) for k in PLACE_SLOTS)
    if (
        region is not None
        and facts.clarification is None
        and "departement" not in facts.values
        and (place_asked or not placed)
    ):
        asked = region_question(region)  # "je suis en Bretagne": which département?
        facts.clarification = Clarification(asked.response, asked.values, asked.buttons)
    # the word cues read what the message states, not what its question asks about:
    # "c'est quoi la RQTH ?" says nothing of the person, "c koi les aides pour la garde"
    # nothing of how their children are looked after
    asked_from = question_start(text)
    if asked_from is None and intent == "question":
        asked_from = 0
    stated = text if asked_from is None else text[:asked_from]
    if "rqth" not in facts.values and not is_payload(text):
        if _RQTH.search(stated):
            facts.values["rqth"] = not _NEGATION.search(stated)
        elif own := _OWN_RQTH.search(text[:300]):
            facts.values["rqth"] = not _NEGATION.search(own.group(0))
    if (
        slots.get("children") or facts.values.get("children")
    ) and "childcare_needed" not in facts.values:
        if _CHILDCARE_NEEDED.search(stated):
            facts.values["childcare_needed"] = True
        elif _CHILDCARE_OK.search(stated):
            facts.values["childcare_needed"] = False
    for entity in by_type.get("skip", []):
        facts.skipped.append(str(entity.get("value")))

    if (
        requested
        and (
            (requested.optional and _NO_ANSWER.search(text))
            # "non, je préfère ne pas répondre": a personal question declined is skipped
            or (requested.slot not in _NEEDED and declines(text))
        )
        and yes_or_no(text, None, entities) is None  # "non, je préfère pas" is a no
    ):
        facts.skipped.append(requested.slot)
    if requested and not _answered(facts, requested):
        _answer_requested(facts, requested, parse, text, intent, entities)
    return facts


def corrects_place(parse: dict[str, Any], slots: dict[str, Any], places: Places | None) -> bool:
    """The message corrects the person's place ("non finalement Muret", "en fait
    c'est 26000"), whatever intent the NLU reads in it."""
    text: str = parse.get("text") or ""
    if is_payload(text) or asks(text) or not _CORRECTION.search(text[:200]):
        return False
    found = extract_facts(parse, slots, None, places)
    clarify = found.clarification.response if found.clarification else ""
    return clarify.startswith(("utter_location", "utter_postal_code")) or any(
        found.values.get(k) and found.values.get(k) != slots.get(k)
        for k in ("commune", "postal_code")
    )


def _answer_requested(
    facts: Facts,
    requested: FormSlot,
    parse: dict[str, Any],
    text: str,
    intent: str | None,
    entities: list[dict[str, Any]],
) -> None:
    """The answer to the question just asked: its own words (forms.yml `words`),
    else a yes or a no read from the start of the message."""
    if requested.slot in facts.unsure:
        return  # "j'ai le permis mais pas le permis": asked again, nothing guessed
    folded = expand_sms(fold(text))  # "pa de solution": the form's words in full
    for value, pattern in requested.words.items():
        if re.search(pattern, folded):
            if value == "skip":
                facts.skipped.append(requested.slot)
            else:
                facts.values[requested.slot] = value
            return
    if facts.correction and facts.values and _NO_CORRECTS.match(fold(text[:40])):
        return  # "non pardon, c'est bien Lille": the no corrects the place, it answers nothing
    if closes(text):
        return  # "c'est bon merci": thanks, no yes to "avez-vous le permis ?"
    said = yes_or_no(text, intent, entities)
    key = None if said is None else "affirm" if said else "deny"
    if key in requested.answers:
        value = requested.answers[key]
        if requested.slot == "jobs" and value == []:
            facts.skipped.append("jobs")
        else:
            facts.values[requested.slot] = value


def _answered(facts: Facts, requested: FormSlot) -> bool:
    return any(name in facts.values for name in requested.fills) or requested.slot in facts.skipped


def _children(
    facts: Facts, by_type: dict[str, list[dict[str, Any]]], text: str, requested: FormSlot | None
) -> None:
    count = count_children(by_type.get("children", []), text, requested)
    if count is None:
        return
    if count > MAX_CHILDREN:
        facts.clarification = Clarification(
            "utter_children_implausible", {"count": count}, about=("children",)
        )
    else:
        facts.values["children"] = count
        if count == 0:
            facts.values["childcare_needed"] = False


def _unnegated(
    text: str, entities: list[dict[str, Any]], places: Places | None
) -> list[dict[str, Any]]:
    """The places the message names, less those it denies ("c'est Liévin pas Lens").
    When the NLU found only the denied one, the words beside the denial are looked
    up as a commune ("c'est Cambrai et pas Douai", "pas Douai mais Cambrai")."""
    if not entities or is_payload(text):
        return entities
    kept, denied = split_denied(text, entities)
    if kept or not denied:
        return kept
    for side in beside_denial(text, denied):
        if found := bare_commune(side, places, proper=True):
            offset = text.find(side)
            return [
                {**e, "start": int(e["start"]) + offset, "end": int(e["end"]) + offset}
                for e in found
            ]
    return []


def _location(
    facts: Facts, named: list[dict[str, Any]], places: Places | None, near: Any, text: str
) -> None:
    outcome = resolve_places(named, places, near, text)
    if isinstance(outcome, PlaceQuestion):
        facts.clarification = facts.clarification or Clarification(
            outcome.response, outcome.values, outcome.buttons
        )
    elif outcome is not None:
        facts.values.update(
            commune=outcome.commune or None,
            postal_code=outcome.postal_code,
            departement=outcome.departement,
        )


def _bare_none(text: str, entity: dict[str, Any]) -> bool:
    """A "no diploma" entity that is only a negative word ("aucun", "rien")."""
    said = fold(text[int(entity.get("start") or 0) : int(entity.get("end") or 0)][:40])
    return entity.get("value") == "none" and bool(_BARE_NEGATIVE.fullmatch(said.strip()))
