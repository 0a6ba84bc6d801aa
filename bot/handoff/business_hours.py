"""Business time: a platform's opening hours less French public holidays.

"A counsellor answers within 2 hours" means 2 hours of opening time: a request
made on Friday at 16:30, with hours "lun-ven 09:00-17:00", is due on Monday at
10:30 — on Tuesday when Monday is Easter Monday. Holidays come from the
`holidays` package, with the local ones of Alsace-Moselle and the overseas
départements (Good Friday in Moselle, abolition of slavery in La Réunion...).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from platform_api.models import PARIS, OpeningHours

if TYPE_CHECKING:  # imported by the first holiday asked about, not at start-up
    import holidays

__all__ = ["ClosedOn", "add_business_hours", "closed_on", "is_open", "next_opening"]

ClosedOn = Callable[[date], bool]

#: département → the `holidays` package's subdivision of France
_SUBDIVISIONS = {"57": "57", "67": "6AE", "68": "6AE", "975": "PM", "977": "BL", "978": "MF"}
_SUBDIVISIONS.update({code: code for code in ("971", "972", "973", "974", "976")})
#: how far ahead to look for an opening (a platform closed a whole summer month)
HORIZON_DAYS = 60


@lru_cache(maxsize=64)
def _calendar(subdivision: str | None) -> holidays.HolidayBase:
    import holidays

    return holidays.country_holidays("FR", subdiv=subdivision)


def closed_on(departement: str | None) -> ClosedOn:
    """Is this day a public holiday in the département (France's, when unknown)?"""
    calendar = _calendar(_SUBDIVISIONS.get(departement or ""))
    return lambda day: day in calendar


def _ranges(hours: OpeningHours, day: date, closed: ClosedOn) -> list[tuple[datetime, datetime]]:
    if closed(day):
        return []
    return sorted(
        (
            datetime.combine(day, time.fromisoformat(r.opens), PARIS),
            datetime.combine(day, time.fromisoformat(r.closes), PARIS),
        )
        for r in hours.ranges(day)
    )


def is_open(hours: OpeningHours, at: datetime, closed: ClosedOn) -> bool:
    local = at.astimezone(PARIS)
    return any(start <= local < end for start, end in _ranges(hours, local.date(), closed))


def next_opening(hours: OpeningHours, at: datetime, closed: ClosedOn) -> datetime | None:
    """`at` itself when open, else the start of the next opening (None: none ahead)."""
    local = at.astimezone(PARIS)
    for offset in range(HORIZON_DAYS):
        for start, end in _ranges(hours, local.date() + timedelta(days=offset), closed):
            if local < end:
                return max(start, local)
    return None


def add_business_hours(
    hours: OpeningHours, start: datetime, amount: timedelta, closed: ClosedOn
) -> datetime | None:
    """The moment `amount` of opening time after `start` (None: the hours never open)."""
    local, left = start.astimezone(PARIS), amount
    for offset in range(HORIZON_DAYS):
        for opens, closes in _ranges(hours, local.date() + timedelta(days=offset), closed):
            if closes <= local:
                continue
            begin = max(opens, local)
            if begin + left <= closes:
                return begin + left
            left -= closes - begin
    return None
