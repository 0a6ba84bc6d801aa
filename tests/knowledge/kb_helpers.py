"""Shared helpers of the knowledge-base tests: sample fiches and a tiny encoder."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np

SAMPLE_FICHES: dict[str, str] = {
    "formation-aes": """---
id: formation-aes
title: "La formation d'accompagnant éducatif et social"
questions:
  - "Comment devenir AES ?"
  - "Combien de temps dure la formation AES ?"
jobs: [aes]
topics: [formation]
sources:
  - {publisher: CNSA, title: "Fiche métier", date: "2025-03"}
short: "Le DEAES se prépare en 10 à 24 mois, stages compris."
---
La formation d'accompagnant éducatif et social dure de 10 à 24 mois.

Elle alterne cours et stages.
""",
    "formation-as": """---
id: formation-as
title: "La formation d'aide-soignant"
questions:
  - "Comment devenir aide-soignant ?"
  - "Combien de temps dure la formation d'aide-soignant ?"
jobs: [aide_soignant]
topics: [formation]
sources:
  - {publisher: Légifrance, title: "Arrêté du 10 juin 2021", date: "2021-06-10"}
short: "La formation d'aide-soignant dure 44 semaines, stages compris."
---
La formation d'aide-soignant dure 1 540 heures sur 44 semaines.
""",
    "salaire-as": """---
id: salaire-as
title: "Le salaire d'un aide-soignant"
questions:
  - "Combien gagne une aide-soignante ?"
  - "salaire AS debutant"
jobs: [aide_soignant]
topics: [salaire]
sources:
  - {publisher: "Fonction publique", title: "Grille indiciaire hospitalière", date: "2026-01"}
short: "Un aide-soignant débute à environ 2 000 euros bruts par mois à l'hôpital public."
---
À l'hôpital public, un aide-soignant débute à environ 2 000 euros bruts par mois.
""",
    "garde-enfants": """---
id: garde-enfants
title: "L'aide à la garde d'enfants"
questions:
  - "Y a-t-il une aide pour faire garder mes enfants ?"
  - "aide garde enfant pendant la formation"
jobs: []
topics: [freins]
sources:
  - {publisher: France Travail, title: "Aide à la garde", date: "2026-01", url: "https://www.francetravail.fr"}
short: "France Travail peut aider à payer la garde de vos enfants de moins de 10 ans."
---
L'aide à la garde d'enfants (AGE) de France Travail aide les parents qui reprennent un emploi
ou une formation.
""",
    "immersion": """---
id: immersion
title: "Faire une immersion en entreprise"
questions:
  - "Je peux découvrir le métier avant de me lancer ?"
  - "C'est quoi une PMSMP ?"
jobs: []
topics: [immersion]
sources:
  - {publisher: Service-public.fr, title: "Immersion", date: "2025-11"}
short: "Une immersion (PMSMP) permet de découvrir un métier quelques jours chez un employeur."
---
La période de mise en situation en milieu professionnel dure quelques jours.
""",
}


class HashingEncoder:
    """A tiny deterministic encoder (hashed bag of folded words) for fast tests."""

    def __init__(self, dim: int = 64, salt: str = "") -> None:
        self.dim, self.salt = dim, salt

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.md5((self.salt + word).encode()).digest()
                out[row, digest[0] % self.dim] += 1.0
            out[row, self.dim - 1] += 0.1
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def write_sample_fiches(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for fiche_id, text in SAMPLE_FICHES.items():
        (folder / f"{fiche_id}.md").write_text(text, encoding="utf-8")
    return folder
