"""GET /api/stats: funnel counts (people, not messages) broken down four ways."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.pilotage.people import UNKNOWN, Person, PlatformActivity, iso_week, people

__all__ = ["FUNNEL", "OTHER_STAGES", "STAGES", "compute_stats", "funnel"]

#: the funnel's steps, in order, each a number of distinct people...
FUNNEL = ("conversations", "consented", "qualified", "booked", "attended")
#: ...and the stages that are not steps of it
OTHER_STAGES = ("handed_off", "immersion_requested", "immersion_validated")
STAGES = FUNNEL + OTHER_STAGES
ATTENDED_NOTE = (
    "Présence notée par la plateforme après l'événement (PUT /v1/bookings/{id}/attendance) : "
    "une inscription dont la présence n'a pas été notée ne compte pas."
)


def funnel(persons: Iterable[Person]) -> dict[str, int]:
    group = list(persons)
    counts = dict.fromkeys(STAGES, 0)
    for p in group:
        counts["conversations"] += p.conversation
        counts["consented"] += p.consented
        counts["qualified"] += p.oriented
        counts["booked"] += p.bookings > 0
        counts["attended"] += p.attended
        counts["handed_off"] += p.handed_off
        counts["immersion_requested"] += p.immersion_requested
        counts["immersion_validated"] += p.immersion_validated
    counts["bookings"] = sum(p.bookings for p in group)  # bookings made, not people
    return counts


def _by(persons: list[Person], keys: Any) -> dict[str, dict[str, int]]:
    groups: dict[str, list[Person]] = {}
    for person in persons:
        for key in keys(person):
            groups.setdefault(key, []).append(person)
    return {key: funnel(groups[key]) for key in sorted(groups)}


def compute_stats(
    sessions: sessionmaker[Session],
    activity: PlatformActivity,
    start: date | None = None,
    end: date | None = None,
    departement: str | None = None,
    visible: Callable[[str | None], bool] | None = None,
) -> dict[str, Any]:
    """The funnel of the people active in the period, each counted under the
    département whose platform serves them (`Person.served_by`: their own, else the
    site's they wrote from); `visible`, given that département (None when unknown),
    says whether the caller may count them."""
    persons = [
        p
        for p in people(sessions, activity, start, end).values()
        if (departement is None or p.served_by == departement)
        and (visible is None or visible(p.served_by))
    ]
    return {
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        "departement": departement,
        "stages": list(STAGES),
        "attended_available": True,
        "attended_note": ATTENDED_NOTE,
        "totals": funnel(persons),
        "by_departement": _by(persons, lambda p: [p.served_by or UNKNOWN]),
        "by_channel": _by(persons, lambda p: [p.channel or UNKNOWN]),
        "by_job": _by(persons, lambda p: p.jobs or [UNKNOWN]),
        "by_week": _by(persons, lambda p: [iso_week(p.first_seen) or UNKNOWN]),
    }
