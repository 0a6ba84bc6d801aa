"""More of the simulated candidates' words (session 15), written for the simulator
only: a yes to consent that carries a request for events, questions about the
events proposed in other words, a question beside "je ne sais pas lequel", and
questions asked in the middle of the form in a spoken register.

Never copied into the NLU data, rules or patterns: the point is to meet the
assistant with words it was not tuned on.
"""

from __future__ import annotations

__all__ = ["CONSENT_WITH_REQUEST", "EVENT_QUESTIONS", "MID_QUESTIONS", "UNDECIDED_ASKING"]

#: a yes to consent with a request for events in the same message (nothing to store)
CONSENT_WITH_REQUEST = [
    "oui, vous avez des ateliers près de chez moi ?",
    "d'accord. y a des réunions d'info bientôt ?",
    "ok, c'est quand le prochain atelier ?",
    "oui ça marche, vous proposez des forums ?",
    "ok pour moi, il y a des événements dans mon coin ?",
    "oui. est-ce qu'il reste des places dans vos ateliers ?",
]
#: questions about the events just proposed, in other words than vocabulary's
EVENT_QUESTIONS = [
    "c'est où le rdv ?",
    "vous avez l'adresse ?",
    "ça se trouve où ?",
    "c'est quel jour déjà ?",
    "ça dure longtemps ?",
    "c ou exactement svp",
    "le premier il est à quelle heure ?",
]
#: cannot choose, and asks something about the events in the same message
UNDECIDED_ASKING = [
    "jsp lequel, c'est gratuit ?",
    "j'hésite... faut payer quelque chose ?",
    "aucune idée lequel prendre, on peut venir avec son enfant ?",
    "je sais pas lequel choisir, il faut apporter un cv ?",
]
#: questions in the middle of the form, spoken register, with and without "?"
MID_QUESTIONS = [
    "au fait on gagne combien par mois ?",
    "la formation elle dure longtemps ?",
    "attendez, ça consiste en quoi une immersion ?",
    "faut le bac pour être aide soignante ?",
    "on peut se former en alternance ?",
    "c'est quoi la différence entre AES et auxiliaire de vie ?",
]
