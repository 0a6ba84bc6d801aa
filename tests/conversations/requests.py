"""Session 13's openings for the simulated candidates, written before running them:
a person who first asks for events (a workshop, a job dating, an information
meeting), with or without their place in the same message, before saying
anything about a job. Drawn last in `personas.generate`.
"""

from __future__ import annotations

__all__ = ["EVENTS_FIRST", "WITH_PLACE"]

#: a request for events, in the words people use (kinds, dates, registration)
EVENTS_FIRST = [
    "je voudrais m'inscrire à un atelier découverte",
    "vous avez des job dating bientôt ?",
    "c'est quand la prochaine réunion d'info ?",
    "je veux participer à un forum emploi",
    "je voudrais m'inscrire à une information collective",
    "y a des ateliers pour découvrir les métiers ?",
    "je cherche une session d'information sur les métiers du grand âge",
    "inscription atelier svp",
    "quelles sont les prochaines dates de job dating",
    "je voudrais aller à un atelier pour voir si ce métier est fait pour moi",
    "on m'a parlé de vos ateliers, je peux m'inscrire ?",
    "bonjour, il reste de la place dans vos ateliers ?",
]
#: how the place joins the request: {request} and {place}
WITH_PLACE = ["{request}, {place}", "{place}, {request}", "{request} {place}"]
