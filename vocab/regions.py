"""The regions and their départements, to ask where in a region a person is ("je suis
en Bretagne" names no place to search: which département, which commune?).

Sources: the former regions, décret n° 60-516 du 2 juin 1960 (circonscriptions d'action
régionale, as amended; Légifrance, LEGIARTI000006364551); the regions since 2016, loi
n° 2015-29 du 16 janvier 2015 (their unions of former regions). Checked 2026-12-07.
Overseas, each region is one département (vocab.departements names them).
"""

from __future__ import annotations

__all__ = ["CURRENT_REGIONS", "REGIONS"]

_FORMER: dict[str, tuple[str, ...]] = {
    "Alsace": ("67", "68"),
    "Aquitaine": ("24", "33", "40", "47", "64"),
    "Auvergne": ("03", "15", "43", "63"),
    "Basse-Normandie": ("14", "50", "61"),
    "Bourgogne": ("21", "58", "71", "89"),
    "Champagne-Ardenne": ("08", "10", "51", "52"),
    "Franche-Comté": ("25", "39", "70", "90"),
    "Haute-Normandie": ("27", "76"),
    "Languedoc-Roussillon": ("11", "30", "34", "48", "66"),
    "Limousin": ("19", "23", "87"),
    "Lorraine": ("54", "55", "57", "88"),
    "Midi-Pyrénées": ("09", "12", "31", "32", "46", "65", "81", "82"),
    "Nord-Pas-de-Calais": ("59", "62"),
    "Picardie": ("02", "60", "80"),
    "Poitou-Charentes": ("16", "17", "79", "86"),
    "Rhône-Alpes": ("01", "07", "26", "38", "42", "69", "73", "74"),
}


def _union(*names: str) -> tuple[str, ...]:
    return tuple(sorted({code for name in names for code in _FORMER[name]}))


#: the first CURRENT_REGIONS of REGIONS are the regions since 2016
CURRENT_REGIONS = 13
#: region name as written → its départements' codes (the current 13 of mainland France,
#: then the former ones people still name)
REGIONS: dict[str, tuple[str, ...]] = {
    "Auvergne-Rhône-Alpes": _union("Auvergne", "Rhône-Alpes"),
    "Bourgogne-Franche-Comté": _union("Bourgogne", "Franche-Comté"),
    "Bretagne": ("22", "29", "35", "56"),
    "Centre-Val de Loire": ("18", "28", "36", "37", "41", "45"),
    "Corse": ("2A", "2B"),
    "Grand Est": _union("Alsace", "Champagne-Ardenne", "Lorraine"),
    "Hauts-de-France": _union("Nord-Pas-de-Calais", "Picardie"),
    "Île-de-France": ("75", "77", "78", "91", "92", "93", "94", "95"),
    "Normandie": _union("Basse-Normandie", "Haute-Normandie"),
    "Nouvelle-Aquitaine": _union("Aquitaine", "Limousin", "Poitou-Charentes"),
    "Occitanie": _union("Languedoc-Roussillon", "Midi-Pyrénées"),
    "Pays de la Loire": ("44", "49", "53", "72", "85"),
    "Provence-Alpes-Côte d'Azur": ("04", "05", "06", "13", "83", "84"),
    **_FORMER,
}
