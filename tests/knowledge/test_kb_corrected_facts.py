"""Facts corrected after a check against their public page stay corrected: what a
candidate reads (short and long answers) says the page's figure, never the old one.
Each row names the page; a later change of the figure means a new check, then a new row."""

from __future__ import annotations

import pytest

from knowledge.fiches import load_fiches

_FICHES = {fiche.id: fiche for fiche in load_fiches()}

# fiche, what it must say, what it must no longer say if anything (source of the correction)
CORRECTED = [
    # France Éducation international: 20 euros, then 100 euros since 1 January 2025
    ("diplome-etranger-comparabilite", "100 euros", "50 euros"),
    # Unafo / France Travail: the amounts are those of 1 April 2025, revalued every April
    ("contrat-engagement-jeune-allocation", "1er avril 2025", "en vigueur en 2025"),
    # Géroscopie 2021: no grid salary under the SMIC at the start of avenant 43 only
    ("convention-collective-aide-domicile", "à son entrée en vigueur", "Depuis l'avenant 43"),
    # no public page read says jobs with older people escape every such check (loi du
    # 8 avril 2024 on the incapacities in all ESSMS): declined, not asserted
    ("attestation-honorabilite", "posez la question à l'employeur", "ne sont pas concernés"),
    # L6222-1 and L6222-2 of the Code du travail (Juritravail): past 29, apprenticeship stays
    # open in some cases (to 34 after a first contract), and the contrat pro after 26
    ("apprentissage-age", "34 ans révolus", "Sinon, d'autres parcours existent"),
    ("apprentissage-age", "contrat de professionnalisation", "Sinon, d'autres parcours existent"),
    # France Travail (Mon itinéraire emploi): 20 km round trip in the overseas départements
    ("aide-mobilite-france-travail", "20 km aller-retour", None),
]


@pytest.mark.parametrize(("fiche_id", "says", "not_says"), CORRECTED)
def test_a_corrected_fact_is_what_the_candidate_reads(
    fiche_id: str, says: str, not_says: str | None
) -> None:
    fiche = _FICHES[fiche_id]
    text = f"{fiche.short}\n{fiche.long}"
    assert says in text
    assert not_says is None or not_says not in text
