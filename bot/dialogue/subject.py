"""The scheme a short follow-up question is about ("c'est payé ?", "ça dure combien de
temps ?"): the immersion being asked for, filed or just spoken of, or the scheme of the
fiche just answered; and the question asked of it."""

from __future__ import annotations

import re

from bot.dialogue.events import BotUttered, UserUttered
from bot.dialogue.services import FicheAnswer, Knowledge, KnowledgeResult
from bot.dialogue.smsbudget import previous_turn_messages
from bot.dialogue.tracker import Tracker
from vocab.text import fold

__all__ = [
    "IMMERSION",
    "SCHEMES",
    "about_subject",
    "immersion_at_hand",
    "immersion_filed",
    "immersion_requested",
    "subject_at_hand",
]

IMMERSION = "immersion"
#: a question's own topic, besides the immersion at hand (folded text; bounded)
_OWN_TOPIC = re.compile(
    r"\b(?:formation|diplome|metier|vae|cpf|permis|contrat|apprenti|alternance|ecole|"
    r"concours|ehpad|plateforme|atelier|forum|poec|poei|afest|service civique)"
    r"|\bvo(?:s|tre)\b"  # "vos missions", "votre accompagnement": the platform's
)
_OWN_TOPIC_ENTITIES = frozenset({"job", "diploma", "event_type"})
#: fiche topics that name a scheme a short follow-up may be asked of (the first topic)
SCHEMES = frozenset({IMMERSION, "apprentissage", "vae", "cpf", "poec", "poei", "afest"})
#: the names a follow-up is framed with, the surest reading kept: "immersion" alone
#: also draws the "immersif" workshop (Vis ma vie), its usual and legal names less so
_FRAMES = {IMMERSION: ("immersion", "stage d'immersion (PMSMP)")}
#: words of a follow-up short enough to lean on the fiche just given ("et c'est payé ?");
#: the immersion being asked for (its form, a held request) needs no such bound
FOLLOW_UP_WORDS = 5
FRAMED_FLOOR, FRAMED_MARGIN = 0.6, 0.15
_WORD = re.compile(r"\w+")


def immersion_requested(tracker: Tracker) -> bool:
    """The person's immersion request is being filled, held (no platform where it was
    asked), or filed and awaiting its counsellor."""
    return (
        tracker.get_slot("expecting") == "immersion"
        or bool(tracker.get_slot("immersion_held"))
        or immersion_filed(tracker)
    )


def immersion_filed(tracker: Tracker) -> bool:
    """An immersion request was filed in this conversation, and a counsellor is awaited."""
    return tracker.get_slot("handoff") == "open" and any(
        isinstance(e, BotUttered) and e.data.get("response") == "utter_immersion_filed"
        for e in tracker.events
    )


def immersion_at_hand(tracker: Tracker, knowledge: Knowledge) -> bool:
    """The conversation is about an immersion: its request is being filled or held,
    or the assistant's previous turn spoke of one (a fiche about immersions, the
    request's questions, the step offered)."""
    if immersion_requested(tracker):
        return True
    for said in previous_turn_messages(tracker):
        response = str(said.data.get("response") or "")
        if response.startswith("utter_immersion") or response == "utter_step_immersion":
            return True
    return any(IMMERSION in fiche.topics for fiche in _fiches_said(tracker, knowledge))


def subject_at_hand(tracker: Tracker, knowledge: Knowledge) -> str | None:
    """The scheme a short question may be about: the immersion at hand, else the scheme
    (apprenticeship, VAE, CPF...) of the fiche the assistant's previous turn answered."""
    if immersion_at_hand(tracker, knowledge):
        return IMMERSION
    for fiche in _fiches_said(tracker, knowledge):
        if fiche.topics and fiche.topics[0] in SCHEMES:
            return fiche.topics[0]
    return None


def _fiches_said(tracker: Tracker, knowledge: Knowledge) -> list[FicheAnswer]:
    """The fiches the assistant's previous turn answered with, in the order said."""
    ids = [(m.data.get("custom") or {}).get("fiche") for m in previous_turn_messages(tracker)]
    return [fiche for i in ids if i and (fiche := knowledge.fiche(str(i))) is not None]


def about_subject(
    knowledge: Knowledge,
    message: UserUttered,
    found: KnowledgeResult,
    subject: str,
    *,
    requested: bool = False,
) -> KnowledgeResult:
    """A question that names no topic of its own, a scheme at hand ("c'est payé ?",
    "ça dure combien de temps ?"), is asked of the scheme: its fiche when the question
    so framed is answered surer than alone (without the profile's job, whose pay or
    training would answer it otherwise). While the person's immersion request is being
    filled or held (`requested`), the immersion's fiche whenever the framed question
    draws one: alone, "ça coûte quelque chose ?" is a training's cost and "ça se déroule
    comment ?" a workshop's. After a scheme's fiche alone, the question must be short:
    a longer one says what it is about ("ça recrute vraiment dans ce secteur ?")."""
    if found.answer is not None and subject in found.answer.topics:
        return found
    named = {
        e.get("entity")
        for e in message.parse_data.get("entities") or []
        if e.get("value") != subject  # "stage d'immersion", an event_type
    }
    text = message.text[:300]
    if named & _OWN_TOPIC_ENTITIES or _OWN_TOPIC.search(fold(text)):
        return found  # "et la formation, c'est payé ?": its own topic
    if subject != IMMERSION and (
        found.answer is None or len(_WORD.findall(text)) > FOLLOW_UP_WORDS
    ):
        # after a fiche alone, only a short question the knowledge base answers on its
        # own (no decline turned into an answer) leans on it
        return found
    readings = [
        knowledge.answer(f"{name} : {text}", jobs=[]) for name in _FRAMES.get(subject, (subject,))
    ]
    about = [r for r in readings if r.answer is not None and subject in r.answer.topics]
    if not about:
        return found
    framed = max(about, key=lambda r: r.confidence)
    if requested and subject == IMMERSION:
        return framed
    alone = knowledge.answer(text, jobs=[])
    if subject == IMMERSION:
        return framed if framed.confidence > alone.confidence else found
    # after a fiche alone, the framed reading must be sure, and clearly surer than the
    # question alone, unless the question alone already ranked the scheme's fiche next
    # ("je commence par quoi ?": another fiche, the VAE's procedure just after it)
    surer = max(FRAMED_FLOOR, alone.confidence + FRAMED_MARGIN)
    if framed.answer is not None and framed.answer.fiche_id in alone.runners_up:
        surer = FRAMED_FLOOR
    return framed if framed.confidence >= surer else found
