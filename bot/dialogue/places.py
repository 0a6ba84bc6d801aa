"""Where the person is, from the places named in one message, without guessing.

Rules (La Poste's reference through `Places`):
- a commune and a postal code that agree give one place, whatever words
  surround them (a region or a département named too, "à côté de");
- a postal code alone gives its commune, or, when it serves several, the
  code and its département (enough to search near it; no question);
- a name shared by communes of several départements, or a name that is the
  start of other communes' names ("Villefranche"), is asked, one button per
  commune ("Valence (26 Drôme)"), each with its own payload; except that on a
  platform's site (`near`, its département) the one commune of that name in the
  site's département is taken (on the Drôme platform's site "Valence" is
  Valence 26; a longer name, "Villefranche-de-Lauragais" for "Villefranche", is
  never guessed), and the question is asked when the site's département has
  none or several;
- a small commune of the exact name written is asked beside a commune twenty
  times as populous one letter away or continuing its name ("Vanne": Vannes 56
  or Vanne 70; "Evry": Évry-Courcouronnes 91 or Évry 89), and a département
  named in the message settles it ("dans l'Essonne vers Evry");
- a shared position (WhatsApp, Telegram: `latitude` and `longitude`) is asked
  too, one button per commune nearest it: the nearest centre is often the
  neighbour's (in Valence's centre, Guilherand-Granges, across the Rhône);
- a commune that is not served by the postal code given is asked;
- an unknown postal code or commune is said so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.dialogue.services import Place, Places
from channels.messages import Button
from nlu import fold_key
from vocab.departements import DEPARTEMENTS
from vocab.regions import REGIONS
from vocab.text import strip_accents

__all__ = [
    "MAX_CHOICES",
    "PLACE_SLOTS",
    "PlaceQuestion",
    "departement_only",
    "place_button",
    "place_payload",
    "resolve_places",
    "with_accents",
]

#: the slots that say where the person is (and an immersion request's place fields)
PLACE_SLOTS = ("commune", "postal_code", "departement")
MAX_CHOICES = 5
_CODE = re.compile(r"^\d{5}$")
#: a button's payload value: "26000 Valence", or "Valence (26)" for a commune with several codes
_CODE_AND_NAME = re.compile(r"^(?P<code>\d{5}) (?P<name>\S.{0,80})$")
_NAME_AND_DEPT = re.compile(r"^(?P<name>.*\S)\s*\((?P<dept>\d[\dAB]\d?)\)$")
#: regions (vocab.regions) and the other wide areas people name beside a place
_REGIONS = frozenset(
    fold_key(name)
    for name in (
        *REGIONS,
        "Centre",
        "Champagne",
        "Languedoc",
        "Provence",
        "Côte d'Azur",
        "Réunion",
        "La Réunion",
        "Guadeloupe",
        "Martinique",
        "Guyane",
        "Mayotte",
        "Outre-mer",
        "DOM-TOM",
        "Métropole",
    )
)


@dataclass(frozen=True)
class PlaceQuestion:
    """A question to ask instead of storing a place."""

    response: str
    values: dict[str, Any]
    buttons: tuple[Button, ...] = ()


_ARTICLE = re.compile(r"^(la|le|les|l) ")


@cache
def _area_names() -> frozenset[str]:
    """The regions' and départements' folded names, with and without their article
    (built once: folding the 101 names cost ~1 ms of CPU a turn)."""
    names = {fold_key(n) for n in DEPARTEMENTS.values()}
    return frozenset(_REGIONS | names | {_ARTICLE.sub("", n) for n in names})


def _is_area_name(name: str) -> bool:
    """A region or a département named beside a place ("à la Réunion", "dans le Rhône")."""
    return _ARTICLE.sub("", fold_key(name)) in _area_names()


def place_payload(place: Place) -> str:
    value = (
        f"{place.postal_code} {place.commune}"
        if place.postal_code
        else (f"{place.commune} ({place.departement})")
    )
    return '/inform{"location": "' + value.replace('"', "") + '"}'


def place_button(place: Place) -> Button:
    dept = DEPARTEMENTS.get(place.departement, "")
    title = f"{place.commune} ({place.departement} {dept})".replace(" )", ")")
    return Button(title, place_payload(place))


def _buttons(places: list[Place]) -> tuple[Button, ...]:
    unique = list({(p.departement, fold_key(p.commune), p.postal_code): p for p in places}.values())
    return tuple(place_button(p) for p in unique[:MAX_CHOICES])


def _same_name(a: str, b: str) -> bool:
    return fold_key(a).replace("saint ", "st ") == fold_key(b).replace("saint ", "st ")


def resolve_places(
    entities: list[dict[str, Any]], places: Places | None, near: str | None = None, text: str = ""
) -> Place | PlaceQuestion | None:
    """The one place these `location` entities name, a question, or None (none named).
    `near`: the département of the platform whose site the person writes from; `text`
    the message (a commune of the postal code written in it, its name not found)."""
    position = _position(entities, places)
    if position is not None:
        return position
    entities = [e for e in entities if e.get("entity") not in ("latitude", "longitude")]
    codes = [e for e in entities if _CODE.match(str(e.get("value") or "").strip())]
    areas = [e for e in entities if e not in codes and departement_only(e)]
    names = [e for e in entities if e not in codes and e not in areas]
    if codes:
        return _with_code(codes, names, places, text)
    # a département named beside a commune settles a name several share ("Valence,
    # Drôme"); named alone, it is where the person is ("dans le 91", "en Gironde")
    within = {str(e["departement"]) for e in areas}
    found: list[Place] = []
    for entity in names:
        outcome = _by_name(entity, places, near, within)
        if isinstance(outcome, PlaceQuestion):
            if _is_area_name(str(entity.get("value"))) and len(names) > 1:
                continue
            return outcome
        if outcome is not None:
            found.append(outcome)
    distinct = list({(p.departement, fold_key(p.commune)): p for p in found}.values())
    if len(distinct) > 1:
        kept = [p for p in distinct if not _is_area_name(p.commune)]
        distinct = kept or distinct
    if len(distinct) > 1:
        return PlaceQuestion("utter_location_two", {}, _buttons(distinct))
    if distinct:
        return _in_named_departement(distinct[0], within)
    if areas and not any(_is_ordinary_name(e) for e in names):
        return Place("", None, str(areas[-1]["departement"]))  # the last one said
    if names:
        return PlaceQuestion("utter_location_not_found", {"written": names[0].get("value")})
    return None


def _in_named_departement(place: Place, within: set[str]) -> Place | PlaceQuestion:
    """The place, or, when the message names a département it is not in ("dans le
    91 vers Vanne"), which of the two is right: neither is guessed."""
    if not within or place.departement in within or _is_area_name(place.commune):
        return place
    code = sorted(within)[0]
    name = DEPARTEMENTS.get(code, code)
    area = Button(f"{name} ({code})", '/inform{"location": "' + f"{name} ({code})" + '"}')
    values = {"commune": place.commune, "departement": f"{name} ({code})"}
    return PlaceQuestion("utter_location_elsewhere", values, (place_button(place), area))


def _position(entities: list[dict[str, Any]], places: Places | None) -> PlaceQuestion | None:
    """The question a shared position asks: which of the communes near it."""
    point = {e.get("entity"): e.get("value") for e in entities}
    try:
        lat, lon = float(str(point["latitude"])), float(str(point["longitude"]))
    except (KeyError, TypeError, ValueError):
        return None
    if places is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    near = places.near(lat, lon)
    if not near:
        return PlaceQuestion("utter_location_position_far", {})
    return PlaceQuestion("utter_location_position", {}, _buttons(near))


def departement_only(entity: dict[str, Any]) -> bool:
    """A département named, no commune ("dans le 91", "en Gironde", "Essonne")."""
    return (
        "commune" in entity
        and not entity.get("commune")
        and not entity.get("postal_code")
        and bool(entity.get("departement"))
        and entity.get("valid") is not False
    )


def _is_ordinary_name(entity: dict[str, Any]) -> bool:
    """A name that is no region nor département: a commune the reference lacks."""
    return not _is_area_name(str(entity.get("value") or ""))


def _code_places(entity: dict[str, Any], places: Places | None) -> list[Place]:
    code = str(entity.get("value")).strip()
    if places is not None:
        return places.by_postal_code(code)
    candidates = entity.get("candidates") or []
    if candidates:
        return [Place(c["commune"], code, c["departement"]) for c in candidates]
    if entity.get("commune"):
        return [Place(entity["commune"], code, entity["departement"])]
    return []


def _with_code(
    codes: list[dict[str, Any]], names: list[dict[str, Any]], places: Places | None, text: str
) -> Place | PlaceQuestion:
    code = str(codes[-1].get("value")).strip()  # the last code given wins (a correction)
    served = _code_places(codes[-1], places)
    if not served or codes[-1].get("valid") is False:
        return PlaceQuestion("utter_postal_code_unknown", {"code": code})
    for entity in names:
        written = str(entity.get("value") or "")
        match = next((p for p in served if _same_name(p.commune, written)), None)
        if match is None and entity.get("commune"):
            match = next((p for p in served if _same_name(p.commune, entity["commune"])), None)
        if match is not None:
            name = with_accents(match.commune, written)
            return Place(name, code, match.departement, match.lat, match.lon)
    # "ma ville c'est Muret, code postal 31600": the code's commune written in the message
    words = f" {fold_key(text[:300])} "
    in_text = [p for p in served if f" {fold_key(p.commune)} " in words]
    if len({fold_key(p.commune) for p in in_text}) == 1:
        return in_text[0]
    elsewhere = [e for e in names if not _is_area_name(str(e.get("value")))]
    if elsewhere:
        other = _by_name(elsewhere[0], places, None)
        options = served[: MAX_CHOICES - 1]
        if isinstance(other, Place):
            options = [other, *options]
        return PlaceQuestion(
            "utter_location_mismatch",
            {"written": elsewhere[0].get("value"), "code": code},
            _buttons(options),
        )
    if len({fold_key(p.commune) for p in served}) == 1:
        return served[0]
    # several communes share the code: the code and its département are enough to search
    first = served[0]
    return Place("", code, first.departement, first.lat, first.lon)


def _by_name(
    entity: dict[str, Any],
    places: Places | None,
    near: str | None,
    within: set[str] | None = None,
) -> Place | PlaceQuestion | None:
    """The commune a name means. `near`: the département of the site the person writes
    from; `within`: the départements the message names, which settle a name several
    share ("Valence, Drôme")."""
    value = str(entity.get("value") or "").strip()
    within = set(within or ())
    if entity.get("departement_named") and entity.get("departement"):
        within.add(str(entity["departement"]))
    button = _CODE_AND_NAME.match(value) or _NAME_AND_DEPT.match(value)
    if places is None:
        if entity.get("departement") and entity.get("commune"):
            return Place(entity["commune"], entity.get("postal_code"), entity["departement"])
        return None
    if button is not None and "code" in button.groupdict():
        found = [
            p
            for p in places.by_postal_code(button["code"])
            if _same_name(p.commune, button["name"])
        ]
        return found[0] if found else None
    if button is not None:
        if _same_name(button["name"], DEPARTEMENTS.get(button["dept"].upper(), "")):
            return Place("", None, button["dept"].upper())  # "Finistère (29)": a département
        found = [p for p in places.by_name(button["name"]) if p.departement == button["dept"]]
        return found[0] if found else None
    found = places.by_name(value)
    if not found and entity.get("commune"):
        found = places.by_name(str(entity["commune"]))
    others = places.longer_names(value) if found else []
    choices = found + [
        p for p in others if not any(_same_name(p.commune, f.commune) for f in found)
    ]
    if within and any(p.departement in within for p in choices):
        choices = [p for p in choices if p.departement in within]
        found = [p for p in found if p.departement in within] or choices
    if len(_distinct(choices)) > 1:
        local = [p for p in found if p.departement == near]  # exact names only
        if len(_distinct(local)) != 1:
            key = fold_key(value)
            same = all(
                fold_key(p.commune) == key or fold_key(p.commune).startswith(f"{key} ")
                for p in choices
            )
            response = "utter_location_ambiguous" if same else "utter_location_which"
            return PlaceQuestion(response, {"written": value}, _buttons(choices))
        found = local  # the site's département has one commune of that name
    if not found:
        return None
    place = found[0]
    name = with_accents(place.commune, value) if _same_name(value, place.commune) else place.commune
    return Place(name, place.postal_code, place.departement, place.lat, place.lon)


def _distinct(places: list[Place]) -> set[tuple[str, str]]:
    return {(p.departement, fold_key(p.commune)) for p in places}


def with_accents(reference: str, written: str) -> str:
    """La Poste writes names without accents: take them back from what the
    person wrote when it is the same name ("Reze" + "rezé" -> "Rezé")."""
    if len(reference) != len(written):
        return reference
    out = []
    for ref, own in zip(reference, written, strict=True):
        if _fold_char(ref) != _fold_char(own):
            return reference
        accented = own.lower() != _fold_char(own)
        out.append((own.upper() if ref.isupper() else own.lower()) if accented else ref)
    return "".join(out)


def _fold_char(char: str) -> str:
    if char in "- '":
        return " "
    return strip_accents(char.lower())[:1] or char
