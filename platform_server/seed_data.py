"""Content of the demo data: platforms, event templates, employers' names.

Everything here is fictitious except the communes (real, with La Poste's
coordinates). Phone numbers are in ARCEP's ranges reserved for fiction;
e-mail addresses use example.org. Titles and names carry "[DÉMO]".
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DEMO",
    "EMPLOYER_JOBS",
    "EMPLOYER_NAMES",
    "EVENT_TEMPLATES",
    "PLATFORMS",
    "PlatformSpec",
]

DEMO = "[DÉMO]"

WEEKDAYS_FULL = {
    day: [{"opens": "09:00", "closes": "12:30"}, {"opens": "13:30", "closes": "17:30"}]
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
}
WEEKDAYS_SHORT_FRIDAY = {
    **{
        day: [{"opens": "09:00", "closes": "12:00"}, {"opens": "14:00", "closes": "17:00"}]
        for day in ("monday", "tuesday", "wednesday", "thursday")
    },
    "friday": [{"opens": "09:00", "closes": "12:00"}],
}
WITH_SATURDAY = {**WEEKDAYS_FULL, "saturday": [{"opens": "09:30", "closes": "12:00"}]}


@dataclass(frozen=True, slots=True)
class PlatformSpec:
    departement: str
    name: str
    address: str
    office: tuple[str, str]  # La Poste name, postal code
    phone: str
    counsellors: tuple[str, ...]
    opening_hours: dict[str, list[dict[str, str]]]
    answer_within_hours: int
    #: (La Poste name, postal code, display name, public transport hint)
    communes: tuple[tuple[str, str, str, str], ...]


PLATFORMS: tuple[PlatformSpec, ...] = (
    PlatformSpec(
        "33",
        f"{DEMO} Plateforme des métiers de l'autonomie de la Gironde (BAAM)",
        "12 cours de la Marne",
        ("BORDEAUX", "33000"),
        "05 36 49 00 33",
        ("Nadia", "Julien", "Sophie"),
        WEEKDAYS_FULL,
        4,
        (
            ("BORDEAUX", "33000", "Bordeaux", "Tram et bus à proximité"),
            ("MERIGNAC", "33700", "Mérignac", "Tram A et lignes de bus"),
            ("PESSAC", "33600", "Pessac", "Tram B, gare de Pessac"),
            ("BEGLES", "33130", "Bègles", "Tram C"),
            ("LORMONT", "33310", "Lormont", "Tram A"),
            ("LIBOURNE", "33500", "Libourne", "Gare SNCF à 10 minutes à pied"),
            ("ARCACHON", "33120", "Arcachon", "Gare SNCF, bus Baïa"),
            ("LANGON", "33210", "Langon", "Gare SNCF"),
            ("LESPARRE MEDOC", "33340", "Lesparre-Médoc", "Gare TER ; covoiturage conseillé"),
            ("BLAYE", "33390", "Blaye", "Car régional ; covoiturage conseillé"),
        ),
    ),
    PlatformSpec(
        "31",
        f"{DEMO} Plateforme des métiers de l'autonomie de la Haute-Garonne",
        "8 allées Jean Jaurès",
        ("TOULOUSE", "31000"),
        "05 36 49 00 31",
        ("Karima", "Thomas"),
        WEEKDAYS_FULL,
        6,
        (
            ("TOULOUSE", "31000", "Toulouse", "Métro A et B, bus"),
            ("COLOMIERS", "31770", "Colomiers", "Gare de Colomiers, bus Linéo"),
            ("BLAGNAC", "31700", "Blagnac", "Tram T1"),
            ("TOURNEFEUILLE", "31170", "Tournefeuille", "Bus Linéo"),
            ("BALMA", "31130", "Balma", "Métro A (Balma-Gramont)"),
            ("MURET", "31600", "Muret", "Gare SNCF"),
            ("ST GAUDENS", "31800", "Saint-Gaudens", "Gare SNCF"),
            ("VILLEFRANCHE DE LAURAGAIS", "31290", "Villefranche-de-Lauragais", "Gare TER"),
        ),
    ),
    PlatformSpec(
        "59",
        f"{DEMO} Plateforme des métiers de l'autonomie du Nord",
        "25 rue Nationale",
        ("LILLE", "59000"),
        "03 53 01 00 59",
        ("Amina", "Grégory", "Céline"),
        WITH_SATURDAY,
        4,
        (
            ("LILLE", "59000", "Lille", "Métro lignes 1 et 2"),
            ("ROUBAIX", "59100", "Roubaix", "Métro ligne 2"),
            ("TOURCOING", "59200", "Tourcoing", "Métro ligne 2, tram"),
            ("VILLENEUVE D ASCQ", "59650", "Villeneuve-d'Ascq", "Métro ligne 1"),
            ("ARMENTIERES", "59280", "Armentières", "Gare SNCF"),
            ("DUNKERQUE", "59140", "Dunkerque", "Bus gratuits DK'Bus"),
            ("VALENCIENNES", "59300", "Valenciennes", "Tram et gare SNCF"),
            ("DOUAI", "59500", "Douai", "Bus Evéole"),
            ("CAMBRAI", "59400", "Cambrai", "Gare SNCF"),
            ("MAUBEUGE", "59600", "Maubeuge", "Gare SNCF, bus"),
        ),
    ),
    PlatformSpec(
        "69",
        f"{DEMO} Plateforme des métiers de l'autonomie du Rhône",
        "40 rue de la Part-Dieu",
        ("LYON 03", "69003"),
        "04 65 71 00 69",
        ("Leïla", "Mathieu"),
        WEEKDAYS_FULL,
        8,
        (
            ("LYON 03", "69003", "Lyon 3e", "Métro B, gare Part-Dieu"),
            ("LYON 08", "69008", "Lyon 8e", "Métro D, tram T2"),
            ("VILLEURBANNE", "69100", "Villeurbanne", "Métro A, tram T1"),
            ("VENISSIEUX", "69200", "Vénissieux", "Métro D, tram T4"),
            ("BRON", "69500", "Bron", "Tram T2"),
            ("ST PRIEST", "69800", "Saint-Priest", "Tram T2"),
            ("OULLINS", "69600", "Oullins", "Métro B"),
            ("GIVORS", "69700", "Givors", "Gare TER"),
            ("VILLEFRANCHE SUR SAONE", "69400", "Villefranche-sur-Saône", "Gare SNCF"),
            ("TARARE", "69170", "Tarare", "Gare TER"),
        ),
    ),
    PlatformSpec(
        "29",
        f"{DEMO} Go Sens — plateforme des métiers de l'autonomie du Finistère",
        "3 rue de Kerfeunteun",
        ("QUIMPER", "29000"),
        "02 61 91 00 29",
        ("Gwenaëlle", "Yann"),
        WEEKDAYS_SHORT_FRIDAY,
        24,
        (
            ("QUIMPER", "29000", "Quimper", "Bus QUB"),
            ("BREST", "29200", "Brest", "Tram et bus Bibus"),
            ("MORLAIX", "29600", "Morlaix", "Gare SNCF"),
            ("CONCARNEAU", "29900", "Concarneau", "Bus Coralie"),
            ("LANDERNEAU", "29800", "Landerneau", "Gare TER"),
            ("QUIMPERLE", "29300", "Quimperlé", "Gare SNCF"),
            ("CARHAIX PLOUGUER", "29270", "Carhaix-Plouguer", "Car régional ; covoiturage"),
            ("DOUARNENEZ", "29100", "Douarnenez", "Bus TBK"),
        ),
    ),
    PlatformSpec(
        "91",
        f"{DEMO} Plateforme des métiers de l'autonomie de l'Essonne",
        "2 boulevard de France",
        ("EVRY COURCOURONNES", "91000"),
        "01 99 00 00 91",
        ("Fatou", "Nicolas"),
        WEEKDAYS_FULL,
        4,
        (
            ("EVRY COURCOURONNES", "91000", "Évry-Courcouronnes", "RER D, bus"),
            ("CORBEIL ESSONNES", "91100", "Corbeil-Essonnes", "RER D"),
            ("MASSY", "91300", "Massy", "RER B et C"),
            ("PALAISEAU", "91120", "Palaiseau", "RER B"),
            ("SAVIGNY SUR ORGE", "91600", "Savigny-sur-Orge", "RER C"),
            ("DRAVEIL", "91210", "Draveil", "Bus"),
            ("ARPAJON", "91290", "Arpajon", "RER C"),
            ("ETAMPES", "91150", "Étampes", "RER C"),
        ),
    ),
)

#: (type, title, description, jobs, hours from-to, capacity)
EVENT_TEMPLATES: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, str], int], ...] = (
    (
        "atelier_decouverte",
        "Atelier découverte : le métier d'aide-soignant",
        "Deux heures pour comprendre le quotidien d'un aide-soignant : les soins, le travail "
        "en équipe, les horaires, la formation au DEAS et ses financements. Échanges avec une "
        "professionnelle en poste.",
        ("aide_soignant",),
        ("09:30", "11:30"),
        15,
    ),
    (
        "atelier_decouverte",
        "Atelier découverte : accompagnant éducatif et social (AES)",
        "Découvrir le métier d'AES auprès de personnes âgées ou en situation de handicap, à "
        "domicile ou en établissement, et le diplôme d'État (DEAES).",
        ("aes",),
        ("14:00", "16:00"),
        15,
    ),
    (
        "atelier_decouverte",
        "Atelier découverte : aide à domicile, un métier de lien",
        "Ce que fait une aide à domicile, une journée type, les déplacements, le salaire et "
        "les aides pour passer le permis. Aucun diplôme n'est demandé pour venir.",
        ("aide_domicile", "advf"),
        ("09:30", "12:00"),
        12,
    ),
    (
        "atelier_decouverte",
        "Simulateur de vieillissement : se mettre à la place d'une personne âgée",
        "Enfilez le simulateur de vieillissement (lunettes, poids, gants) et vivez les gestes "
        "du quotidien d'une personne âgée. Un atelier pour comprendre avant de s'orienter.",
        ("aide_soignant", "aide_domicile", "aes", "advf"),
        ("14:00", "16:30"),
        10,
    ),
    (
        "information_collective",
        "Information collective : devenir accompagnant éducatif et social",
        "Présentation de la formation DEAES : contenu, durée, stages, apprentissage, "
        "financements possibles (CPF, France Travail, région) et calendrier des entrées.",
        ("aes",),
        ("09:30", "11:30"),
        25,
    ),
    (
        "information_collective",
        "Information collective : se former au DEAS, en formation ou en apprentissage",
        "Les voies d'accès au diplôme d'État d'aide-soignant : sélection sur dossier et "
        "entretien, apprentissage, VAE. Avec un institut de formation.",
        ("aide_soignant",),
        ("14:00", "16:00"),
        25,
    ),
    (
        "information_collective",
        "Information collective : le titre professionnel ADVF",
        "Le titre d'assistant de vie aux familles en six mois environ : modules, stages, "
        "débouchés dans les services d'aide à domicile.",
        ("advf", "aide_domicile"),
        ("10:00", "12:00"),
        20,
    ),
    (
        "information_collective",
        "Information collective : financer sa formation dans le soin et l'accompagnement",
        "CPF, aides de France Travail, région, employeur, apprentissage, POEI et POEC : "
        "quelles aides pour quelle situation.",
        (),
        ("14:00", "15:30"),
        30,
    ),
    (
        "job_dating",
        "Job dating aide à domicile",
        "Rencontrez en quelques minutes des services d'aide à domicile qui recrutent, avec ou "
        "sans diplôme. Venez avec un CV si vous en avez un ; sinon, on vous aide sur place.",
        ("aide_domicile", "advf", "aes"),
        ("09:00", "12:00"),
        40,
    ),
    (
        "job_dating",
        "Job dating EHPAD : aides-soignants et agents de service",
        "Des EHPAD du territoire recrutent aides-soignants, ASH et infirmiers : entretiens "
        "courts, postes en CDI et CDD, possibilités de formation en cours d'emploi.",
        ("aide_soignant", "ash", "infirmier"),
        ("14:00", "17:00"),
        40,
    ),
    (
        "job_dating",
        "Job dating handicap : foyers et services d'accompagnement",
        "Établissements et services pour personnes en situation de handicap : postes d'AES, "
        "de moniteur-éducateur et d'éducateur spécialisé.",
        ("aes", "moniteur_educateur", "educateur_specialise"),
        ("09:30", "12:30"),
        30,
    ),
    (
        "immersion",
        "Vis ma vie en EHPAD",
        "Une journée aux côtés d'une équipe d'EHPAD pour voir le métier de près avant de "
        "s'engager. Tenue fournie ; une immersion plus longue (PMSMP) peut suivre.",
        ("aide_soignant", "ash"),
        ("08:30", "16:30"),
        4,
    ),
    (
        "immersion",
        "Vis ma vie d'auxiliaire de vie à domicile",
        "Accompagnez une auxiliaire de vie pendant sa tournée : aide au lever, repas, courses, "
        "lien avec les familles. Permis conseillé mais pas obligatoire.",
        ("advf", "aide_domicile"),
        ("08:00", "13:00"),
        3,
    ),
    (
        "immersion",
        "Vis ma vie en maison d'accueil spécialisée",
        "Une demi-journée avec les équipes éducatives d'une MAS : activités, soins, "
        "accompagnement au quotidien de personnes en situation de handicap.",
        ("aes", "moniteur_educateur"),
        ("09:00", "13:00"),
        4,
    ),
    (
        "forum",
        "Forum des métiers de l'autonomie",
        "Employeurs, organismes de formation, France Travail et la plateforme réunis : "
        "offres d'emploi, formations, démonstrations et témoignages. Entrée libre.",
        (),
        ("10:00", "16:00"),
        200,
    ),
)

EMPLOYER_NAMES: dict[str, tuple[str, ...]] = {
    "sad": ("SAD Les Mains Solidaires", "SAD Les Liens du Quotidien", "SAD Domicile Entraide"),
    "ehpad": ("EHPAD Les Tilleuls", "EHPAD Le Clos Fleuri", "EHPAD Les Jardins d'Automne"),
    "handicap": ("Foyer d'accueil médicalisé Le Phare", "MAS Les Cèdres", "IME L'Envol"),
    "hopital": ("Centre hospitalier", "Hôpital de proximité"),
}
EMPLOYER_JOBS: dict[str, tuple[str, ...]] = {
    "sad": ("aide_domicile", "advf", "aes", "tisf"),
    "ehpad": ("aide_soignant", "ash", "infirmier", "aes"),
    "handicap": ("aes", "moniteur_educateur", "educateur_specialise"),
    "hopital": ("aide_soignant", "ash", "infirmier"),
}
