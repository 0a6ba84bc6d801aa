"""When will a counsellor answer? Opening hours, in plain French.

The platform's own opening hours and answer delay are used when the platform
API gives them; otherwise the settings' default ("lun-ven 09:00-17:00", 2 h).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.dialogue.formatting import WEEKDAYS
from bot.handoff.business_hours import add_business_hours, closed_on, is_open, next_opening
from platform_api.models import PARIS, OpeningHours, TimeRange
from vocab.departements import of_departement

__all__ = [
    "Expectation",
    "describe_hours",
    "expectation",
    "parse_hours",
    "team_label",
]

DAYS = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")
_DAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_GROUP = re.compile(r"^\s*+(?P<days>[a-z]{3}(?:-[a-z]{3})?)\s++(?P<ranges>[\d:,\s-]++)$")
_RANGE = re.compile(r"^\s*(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s*$")


def team_label(team: str, departement_known: bool = True) -> str:
    """'de la plateforme de Gironde', 'de la plateforme du Nord'; the national team otherwise."""
    of = of_departement(team) if departement_known else None
    return f"de la plateforme {of}" if of else "de la plateforme des métiers de l'autonomie"


def parse_hours(spec: str) -> OpeningHours:
    """'lun-ven 09:00-12:30,13:30-17:00; sam 09:00-12:00' → OpeningHours."""
    days: dict[str, list[TimeRange]] = {}
    for group in filter(None, (g.strip().lower() for g in spec.split(";"))):
        match = _GROUP.match(group)
        if not match:
            raise ValueError(f"opening hours: cannot read {group!r}")
        first, _, last = match["days"].partition("-")
        start, end = DAYS.index(first), DAYS.index(last or first)
        ranges = []
        for part in match["ranges"].split(","):
            bounds = _RANGE.match(part)
            if not bounds:
                raise ValueError(f"opening hours: cannot read {part!r}")
            ranges.append(TimeRange(opens=bounds[1], closes=bounds[2]))
        for index in range(start, end + 1):
            days[_DAY_FIELDS[index]] = ranges
    return OpeningHours(**days)


def _clock(hhmm: str) -> str:
    hours, minutes = hhmm.split(":")
    return f"{int(hours)}h{minutes if minutes != '00' else ''}"


def describe_hours(hours: OpeningHours, *, dash: str = "–") -> str:
    """'lun–ven 9h–17h', 'lun–jeu 9h–12h30 et 13h30–17h30, ven 9h–16h'."""
    per_day = [tuple((r.opens, r.closes) for r in getattr(hours, field)) for field in _DAY_FIELDS]
    groups: list[tuple[int, int, tuple[tuple[str, str], ...]]] = []
    for index, ranges in enumerate(per_day):
        if groups and groups[-1][2] == ranges and groups[-1][1] == index - 1:
            groups[-1] = (groups[-1][0], index, ranges)
        else:
            groups.append((index, index, ranges))
    parts = []
    for start, end, ranges in groups:
        if not ranges:
            continue
        days = DAYS[start] if start == end else f"{DAYS[start]}{dash}{DAYS[end]}"
        times = " et ".join(f"{_clock(a)}{dash}{_clock(b)}" for a, b in ranges)
        parts.append(f"{days} {times}")
    return ", ".join(parts) or "horaires non communiqués"


@dataclass(frozen=True, slots=True)
class Expectation:
    """What the candidate is told about the answer time."""

    open_now: bool
    next_opening: datetime | None
    answer_within_hours: int
    hours: OpeningHours
    expected_at: datetime | None

    def when(self, now: datetime, *, sms: bool = False) -> str:
        """'en général sous 2 heures ouvrées (lun–ven 9h–17h)' or, closed,
        'dès la réouverture, lundi à 9h (lun–ven 9h–17h)'."""
        dash = "-" if sms else "–"
        hours = describe_hours(self.hours, dash=dash)
        if self.open_now or self.next_opening is None:
            n = self.answer_within_hours
            delay = (
                "dès que possible"
                if n == 0
                else f"en général sous {n} heure{'s' if n > 1 else ''} ouvrée{'s' if n > 1 else ''}"
            )
            return f"{delay} ({hours})"
        return f"dès la réouverture, {_day_and_time(self.next_opening, now)} ({hours})"


def _day_and_time(at: datetime, now: datetime) -> str:
    local, today = at.astimezone(PARIS), now.astimezone(PARIS).date()
    clock = _clock(local.strftime("%H:%M"))
    if local.date() == today:
        return f"aujourd'hui à {clock}"
    if local.date() == today + timedelta(days=1):
        return f"demain à {clock}"
    return f"{WEEKDAYS[local.weekday()]} à {clock}"


def expectation(
    hours: OpeningHours, answer_within_hours: int, now: datetime, departement: str | None = None
) -> Expectation:
    """When to expect an answer: `answer_within_hours` of the platform's opening
    time, public holidays of the département excluded."""
    closed = closed_on(departement)
    opening = next_opening(hours, now, closed)
    open_now = is_open(hours, now, closed)
    expected = add_business_hours(hours, now, timedelta(hours=answer_within_hours), closed)
    return Expectation(open_now, opening, answer_within_hours, hours, expected)
