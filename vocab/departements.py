"""The départements: code → name, the one list every layer uses (the NLU reads
"dans le Finistère", the handoff says "la plateforme de Gironde", the console names
its teams). Source: INSEE, code officiel géographique."""

from __future__ import annotations

__all__ = [
    "DEPARTEMENTS",
    "DEPARTEMENT_PATTERN",
    "departement_codes",
    "departement_name",
    "of_departement",
]

#: the shape of a département code in a setting, a query or a form ("33", "2A", "974")
DEPARTEMENT_PATTERN = r"^(\d{2}|2[AB]|97\d)$"

DEPARTEMENTS: dict[str, str] = {
    "01": "Ain",
    "02": "Aisne",
    "03": "Allier",
    "04": "Alpes-de-Haute-Provence",
    "05": "Hautes-Alpes",
    "06": "Alpes-Maritimes",
    "07": "Ardèche",
    "08": "Ardennes",
    "09": "Ariège",
    "10": "Aube",
    "11": "Aude",
    "12": "Aveyron",
    "13": "Bouches-du-Rhône",
    "14": "Calvados",
    "15": "Cantal",
    "16": "Charente",
    "17": "Charente-Maritime",
    "18": "Cher",
    "19": "Corrèze",
    "2A": "Corse-du-Sud",
    "2B": "Haute-Corse",
    "21": "Côte-d'Or",
    "22": "Côtes-d'Armor",
    "23": "Creuse",
    "24": "Dordogne",
    "25": "Doubs",
    "26": "Drôme",
    "27": "Eure",
    "28": "Eure-et-Loir",
    "29": "Finistère",
    "30": "Gard",
    "31": "Haute-Garonne",
    "32": "Gers",
    "33": "Gironde",
    "34": "Hérault",
    "35": "Ille-et-Vilaine",
    "36": "Indre",
    "37": "Indre-et-Loire",
    "38": "Isère",
    "39": "Jura",
    "40": "Landes",
    "41": "Loir-et-Cher",
    "42": "Loire",
    "43": "Haute-Loire",
    "44": "Loire-Atlantique",
    "45": "Loiret",
    "46": "Lot",
    "47": "Lot-et-Garonne",
    "48": "Lozère",
    "49": "Maine-et-Loire",
    "50": "Manche",
    "51": "Marne",
    "52": "Haute-Marne",
    "53": "Mayenne",
    "54": "Meurthe-et-Moselle",
    "55": "Meuse",
    "56": "Morbihan",
    "57": "Moselle",
    "58": "Nièvre",
    "59": "Nord",
    "60": "Oise",
    "61": "Orne",
    "62": "Pas-de-Calais",
    "63": "Puy-de-Dôme",
    "64": "Pyrénées-Atlantiques",
    "65": "Hautes-Pyrénées",
    "66": "Pyrénées-Orientales",
    "67": "Bas-Rhin",
    "68": "Haut-Rhin",
    "69": "Rhône",
    "70": "Haute-Saône",
    "71": "Saône-et-Loire",
    "72": "Sarthe",
    "73": "Savoie",
    "74": "Haute-Savoie",
    "75": "Paris",
    "76": "Seine-Maritime",
    "77": "Seine-et-Marne",
    "78": "Yvelines",
    "79": "Deux-Sèvres",
    "80": "Somme",
    "81": "Tarn",
    "82": "Tarn-et-Garonne",
    "83": "Var",
    "84": "Vaucluse",
    "85": "Vendée",
    "86": "Vienne",
    "87": "Haute-Vienne",
    "88": "Vosges",
    "89": "Yonne",
    "90": "Territoire de Belfort",
    "91": "Essonne",
    "92": "Hauts-de-Seine",
    "93": "Seine-Saint-Denis",
    "94": "Val-de-Marne",
    "95": "Val-d'Oise",
    "971": "Guadeloupe",
    "972": "Martinique",
    "973": "Guyane",
    "974": "La Réunion",
    "975": "Saint-Pierre-et-Miquelon",
    "976": "Mayotte",
}


def departement_codes() -> list[str]:
    """Every département's code, in order ("01" ... "2A", "2B" ... "976")."""
    return sorted(DEPARTEMENTS)


def departement_name(code: str | None) -> str | None:
    """ "26" → "Drôme"; None for anything that is not a département's code."""
    return DEPARTEMENTS.get(code or "")


# "la plateforme du Nord", "des Landes", "de l'Essonne"; otherwise "de Gironde"
# (the usage of the plateformes themselves). Masculine and plural names only.
_MASCULINE = {
    "Bas-Rhin", "Calvados", "Cantal", "Cher", "Doubs", "Finistère", "Gard", "Gers",
    "Haut-Rhin", "Jura", "Loir-et-Cher", "Loiret", "Lot", "Lot-et-Garonne",
    "Maine-et-Loire", "Morbihan", "Nord", "Pas-de-Calais", "Puy-de-Dôme", "Rhône",
    "Tarn", "Tarn-et-Garonne", "Territoire de Belfort", "Val-d'Oise", "Val-de-Marne",
    "Var", "Vaucluse",
}  # fmt: skip
_PLURAL = {
    "Alpes-de-Haute-Provence", "Alpes-Maritimes", "Ardennes", "Bouches-du-Rhône",
    "Côtes-d'Armor", "Deux-Sèvres", "Hautes-Alpes", "Hautes-Pyrénées", "Hauts-de-Seine",
    "Landes", "Pyrénées-Atlantiques", "Pyrénées-Orientales", "Vosges", "Yvelines",
}  # fmt: skip


def of_departement(code: str | None) -> str | None:
    """ "33" → "de Gironde", "59" → "du Nord", "40" → "des Landes", "91" → "de l'Essonne"
    (as in "la plateforme de Gironde"); None for anything that is not a département."""
    name = departement_name(code)
    if name is None:
        return None
    if name in _PLURAL:
        return f"des {name}"
    if name in _MASCULINE:
        return f"du {name}"
    if name[0].lower() in "aeiouyéèh" and not name.startswith("Haut"):  # h muet: l'Hérault
        return f"de l'{name}"
    return f"de {name}"
