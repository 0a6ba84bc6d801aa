"""French wording of dates and places for candidates."""

from __future__ import annotations

from datetime import date, datetime

from bot.platform.models import PARIS

__all__ = ["french_date", "french_day", "parse_day"]

_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
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
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def french_date(moment: datetime) -> str:
    """ "le mardi 12 janvier à 14h00" in Paris time."""
    local = moment.astimezone(PARIS) if moment.tzinfo else moment
    return f"le {french_day(local.date())} à {local.hour}h{local.minute:02d}"


def parse_day(value: object) -> date | None:
    """An ISO day from an entity, or None."""
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
