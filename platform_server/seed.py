"""Demo data for the reference platform: `seed_demo(sessions, today)`.

Six départements (33, 31, 59, 69, 29, 91), one platform each with opening hours
and counsellors, 20 events each over the 90 days after `today`, 8 employers
each. Everything is marked: "[DÉMO]" in titles and names, and `is_demo` set.
Idempotent: rows have stable ids, and a second run (any day) adds nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from platform_api.models import PARIS
from platform_server.geo import CommunePoint, load_commune_points
from platform_server.seed_data import (
    DEMO,
    EMPLOYER_JOBS,
    EMPLOYER_NAMES,
    EVENT_TEMPLATES,
    PLATFORMS,
    PlatformSpec,
)
from platform_server.tables import PlatformEmployer, PlatformEvent, PlatformRecord

__all__ = ["EVENTS_PER_DEPARTEMENT", "SeedReport", "seed_demo"]

EVENTS_PER_DEPARTEMENT = 20
EMPLOYERS_PER_DEPARTEMENT = 8
HORIZON_DAYS = 90
_EMPLOYER_TYPES = ("sad", "ehpad", "handicap", "hopital", "sad", "ehpad", "sad", "handicap")
_VENUES = {
    "atelier_decouverte": "Espace emploi, {n} rue de la République",
    "information_collective": "Maison de l'emploi, {n} place de la Mairie",
    "job_dating": "Salle des fêtes, {n} place du Marché",
    "forum": "Parc des expositions, {n} avenue du Général de Gaulle",
    "immersion": "EHPAD ou service partenaire (adresse précise à l'inscription), {n} rue Pasteur",
}
#: jours fériés à date fixe: no event on these days
_FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}
_ONLINE_ACCESS = "En visioconférence : le lien est envoyé après l'inscription."


@dataclass(frozen=True, slots=True)
class SeedReport:
    platforms: int
    events: int
    employers: int

    @property
    def created(self) -> int:
        return self.platforms + self.events + self.employers


def seed_demo(
    sessions: sessionmaker[Session], today: date, *, csv_path: Path | None = None
) -> SeedReport:
    """Creates the demo platforms, events and employers that do not exist yet."""
    wanted = {(name, cp) for spec in PLATFORMS for name, cp, *_ in spec.communes}
    wanted |= {spec.office for spec in PLATFORMS}
    points = load_commune_points(wanted, csv_path)
    missing = wanted - points.keys()
    if missing:
        raise LookupError(f"communes missing from La Poste's reference: {sorted(missing)}")
    created = [0, 0, 0]
    with sessions.begin() as session:
        known_events = set(session.scalars(select(PlatformEvent.id)))
        known_employers = set(session.scalars(select(PlatformEmployer.id)))
        for rank, spec in enumerate(PLATFORMS):
            platform = session.scalar(
                select(PlatformRecord).where(PlatformRecord.departement == spec.departement)
            )
            if platform is None:
                platform = _platform(spec, points[spec.office])
                session.add(platform)
                session.flush()
                created[0] += 1
            for event in _events(spec, rank, platform.id, points, today):
                if event.id not in known_events:
                    session.add(event)
                    created[1] += 1
            for employer in _employers(spec, platform.id, points):
                if employer.id not in known_employers:
                    session.add(employer)
                    created[2] += 1
    return SeedReport(*created)


def _platform(spec: PlatformSpec, office: CommunePoint) -> PlatformRecord:
    display = next(d for n, cp, d, _ in spec.communes if (n, cp) == spec.office)
    return PlatformRecord(
        departement=spec.departement,
        name=spec.name,
        address=spec.address,
        commune=display,
        postal_code=office.postal_code,
        lat=office.lat,
        lon=office.lon,
        phone=spec.phone,
        email=f"demo-plateforme-{spec.departement}@example.org",
        website=None,
        opening_hours=spec.opening_hours,
        answer_within_hours=spec.answer_within_hours,
        counsellors=list(spec.counsellors),
        is_demo=True,
    )


def _events(
    spec: PlatformSpec,
    rank: int,
    platform_id: int,
    points: dict[tuple[str, str], CommunePoint],
    today: date,
) -> list[PlatformEvent]:
    events = []
    for i in range(EVENTS_PER_DEPARTEMENT):
        kind, title, description, jobs, (opens, closes), capacity = EVENT_TEMPLATES[
            (i + 3 * rank) % len(EVENT_TEMPLATES)
        ]
        day = today + timedelta(days=1 + (i * (HORIZON_DAYS - 3)) // EVENTS_PER_DEPARTEMENT)
        day += timedelta(days=rank % 3)
        while day.weekday() >= 5 or (day.month, day.day) in _FIXED_HOLIDAYS:
            day += timedelta(days=1)
        name, postal_code, display, transport = spec.communes[(3 * i + rank) % len(spec.communes)]
        point = points[(name, postal_code)]
        online = kind == "information_collective" and i % 3 == 0
        seats = capacity
        if i in (4, 11):
            seats = 1 + i % 2  # nearly full
        elif i == 17:
            seats = 0  # full
        events.append(
            PlatformEvent(
                id=f"evt_demo{spec.departement}_{i:03d}",
                platform_id=platform_id,
                departement=spec.departement,
                type=kind,
                title=f"{DEMO} {title}" + (" (en ligne)" if online else ""),
                description=description,
                starts_at=datetime.combine(day, time.fromisoformat(opens), PARIS),
                ends_at=datetime.combine(day, time.fromisoformat(closes), PARIS),
                address=None if online else _VENUES[kind].format(n=3 + (7 * i) % 40),
                commune=None if online else display,
                postal_code=None if online else postal_code,
                lat=None if online else point.lat,
                lon=None if online else point.lon,
                online=online,
                capacity=capacity,
                seats_left=seats,
                accessibility=(
                    _ONLINE_ACCESS
                    if online
                    else "Salle de plain-pied accessible en fauteuil roulant."
                    if i % 2
                    else "Accès par ascenseur ; boucle magnétique à l'accueil."
                ),
                public_transport=None if online else transport,
                jobs=list(jobs),
                status="scheduled",
                is_demo=True,
            )
        )
    return events


def _employers(
    spec: PlatformSpec, platform_id: int, points: dict[tuple[str, str], CommunePoint]
) -> list[PlatformEmployer]:
    employers = []
    for j, kind in enumerate(_EMPLOYER_TYPES[:EMPLOYERS_PER_DEPARTEMENT]):
        name, postal_code, display, _ = spec.communes[j % len(spec.communes)]
        point = points[(name, postal_code)]
        label = EMPLOYER_NAMES[kind][j % len(EMPLOYER_NAMES[kind])]
        if kind == "hopital":
            label = f"{label} de {display}"
        employers.append(
            PlatformEmployer(
                id=f"emp_demo{spec.departement}_{j:02d}",
                platform_id=platform_id,
                departement=spec.departement,
                name=f"{DEMO} {label}",
                type=kind,
                address=f"{5 + 11 * j} rue Victor Hugo",
                commune=display,
                postal_code=postal_code,
                lat=round(point.lat + 0.006 * math.cos(j), 6),
                lon=round(point.lon + 0.006 * math.sin(j), 6),
                jobs=list(EMPLOYER_JOBS[kind]),
                hiring=j != 3,
                website=None,
                is_demo=True,
            )
        )
    return employers
