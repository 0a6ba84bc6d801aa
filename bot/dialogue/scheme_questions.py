"""Questions about the schemes the dialogue also runs, read by the NLU as their request.

An immersion, the platforms and childcare are both things a person asks about and things
the dialogue acts on (an immersion request, the events near a place, a counsellor, the
facts kept for the profile). The NLU reads many questions about them as the action: "pmsmp
duree max" or "si je me blesse pendant l'immersion qui paye" as a request for an immersion,
"j'habite à Marseille, où aller pour être accompagné" as a place given, "pas de plateforme
dans mon département, je m'adresse à qui" as a look at one's bookings. The knowledge base
decides: when it answers the message with a fiche about one of these subjects, and the
message asks (a question form, or an aspect no request names: a duration, a pay, an
amount) without requesting anything, the message is a question.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.dialogue.challenges import ASKS_A_PERSON
from bot.dialogue.events import UserUttered
from bot.dialogue.intents import requests_something
from bot.dialogue.questions import asks
from bot.dialogue.services import Knowledge
from vocab.payloads import is_payload
from vocab.text import fold

__all__ = ["asks_about_scheme"]

#: the fiche topics of the subjects the flows also act on
SUBJECTS = frozenset({"immersion", "plateforme", "garde_enfants"})
#: the intents of a flow a question about those subjects is mistaken for ("help" is not
#: one: "que pouvez-vous faire ?" wants the assistant's own list)
FLOW_INTENTS = frozenset(
    {
        "book_immersion",
        "inform",
        "want_job",
        "list_events",
        "book_event",
        "human_handoff",
        "my_bookings",
        "cancel_booking",
        "out_of_scope",
    }
)
#: aspects no request names: a fiche about one answers a terse question ("pmsmp duree max")
ASPECTS = frozenset({"temps", "duree", "remuneration", "montant", "assurance"})
#: a question word anywhere in the message's first words (folded; "ya" and "existe" ask
#: whether a thing is there: "ya une plateforme dans le 04")
_ASKING = re.compile(
    r"\b(?:qui|quel(?:le)?s?|quoi|koi|comment|combien|cb|pourquoi|ou|y a|ya|existe|"
    r"est[- ]ce|veut dire|explication|definition|difference)\b"
)
#: a request with its details: a place or a date given for it
_DETAILS = frozenset({"location", "date"})
_REQUEST_INTENTS = frozenset({"book_immersion", "list_events", "book_event"})


def asks_about_scheme(
    message: UserUttered,
    intent: str | None,
    knowledge: Knowledge | None,
    embedding: Callable[[], object],
) -> bool:
    """The message, read as `intent`, is a question the knowledge base answers with a
    fiche about an immersion, the platforms or childcare (see the module's doc).
    `embedding` gives the message's sentence embedding, computed only when the knowledge
    base is asked (a button click runs no encoder)."""
    text = message.text[:300]
    if knowledge is None or intent not in FLOW_INTENTS or is_payload(text):
        return False
    if requests_something(text) or (intent == "human_handoff" and ASKS_A_PERSON.search(text)):
        return False
    entities = {e.get("entity") for e in message.parse_data.get("entities", [])}
    if intent == "want_job" and "job" in entities:
        return False  # "aide soignante, vous pouvez m'aider ?": a wish, the job flow's
    folded = fold(text)
    question = asks(text) or "?" in text or bool(_ASKING.search(folded[:200]))
    if intent in _REQUEST_INTENTS and entities & _DETAILS and not question:
        return False  # "immersion ehpad lyon": a request with its place
    result = knowledge.answer(text, jobs=[], embedding=embedding())
    fiche = result.answer
    subjects = SUBJECTS - {"plateforme"} if intent in _REQUEST_INTENTS else SUBJECTS
    if fiche is None or not subjects & set(fiche.topics):
        return False  # "vous avez des ateliers vers chez moi ?": the events are the answer
    return question or bool(ASPECTS & set(fiche.topics))
