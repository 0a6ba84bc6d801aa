"""French wording of dates and places for candidates."""

from __future__ import annotations

from datetime import date, datetime

from platform_api.models import PARIS

__all__ = [
    "WEEKDAYS",
    "french_date",
    "french_day",
    "french_full_date",
    "french_page_date",
    "parse_day",
    "short_date",
    "short_hour",
    "short_title",
]

#: an event's title in an SMS option: at most this many characters
SHORT_TITLE = 60
_SHORT_DAYS = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]

#: French day names, Monday first (`date.weekday()` indexes them)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def french_day(day: date) -> str:
    """ "mardi 12 janvier"."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def french_full_date(day: date) -> str:
    """ "4 décembre 2026"."""
    return f"{'1er' if day.day == 1 else day.day} {_MONTHS[day.month - 1]} {day.year}"


def french_page_date(text: str) -> str:
    """A source's date as written ("2026-04-01", "2026-04", "2026") in words: "1 avril
    2026", "avril 2026", "2026"; anything else as given."""
    parts = str(text).strip().split("-")
    try:
        numbers = [int(part) for part in parts]
        if len(numbers) == 3:
            return french_full_date(date(*numbers))
        if len(numbers) == 2 and 1 <= numbers[1] <= 12:
            return f"{_MONTHS[numbers[1] - 1]} {numbers[0]}"
    except ValueError:
        pass
    return str(text).strip()


def french_date(moment: datetime) -> str:
    """ "le mardi 12 janvier à 14h00" in Paris time."""
    local = moment.astimezone(PARIS) if moment.tzinfo else moment
    return f"le {french_day(local.date())} à {local.hour}h{local.minute:02d}"


def short_date(moment: datetime) -> str:
    """ "mar. 12/01 14h" (Paris time): a date for an SMS option."""
    local = moment.astimezone(PARIS) if moment.tzinfo else moment
    minutes = f"{local.minute:02d}" if local.minute else ""
    return (
        f"{_SHORT_DAYS[local.weekday()]} {local.day:02d}/{local.month:02d} {local.hour}h{minutes}"
    )


def short_hour(moment: datetime, *, full: bool = False) -> str:
    """ "16h30", "16h" ("16h00" when `full`), Paris time."""
    local = moment.astimezone(PARIS) if moment.tzinfo else moment
    minutes = f"{local.minute:02d}" if local.minute or full else ""
    return f"{local.hour}h{minutes}"


def short_title(title: str, limit: int = SHORT_TITLE) -> str:
    """A title cut to `limit` characters at a word, without its parentheses
    ("(en ligne)" is said by the place): for an SMS option."""
    words: list[str] = []
    depth = 0
    for word in title.split():
        depth += word.count("(")
        if depth == 0:
            words.append(word)
        depth = max(0, depth - word.count(")"))
    plain = " ".join(words) or title
    if len(plain) <= limit:
        return plain
    cut = plain[: limit - 3].rsplit(" ", 1)[0].rstrip(" ,:;-")
    return f"{cut}..."


def parse_day(value: object) -> date | None:
    """An ISO day from an entity, or None."""
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
