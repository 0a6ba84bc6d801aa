"""Demo data: enough, marked, placed in real communes, and seeded once."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from platform_api.models import PARIS, OpeningHours
from platform_server.geo import default_laposte_csv, load_commune_points
from platform_server.seed import seed_demo
from platform_server.tables import PlatformEmployer, PlatformEvent, PlatformRecord
from tests.platform_fixtures import PlatformDb
from vocab.geo import haversine_km


def test_demo_data_is_rich_marked_and_dated_from_today(platform_db: PlatformDb) -> None:
    today = platform_db.today
    with platform_db.sessions() as session:
        events = session.scalars(select(PlatformEvent)).all()
        platforms = session.scalars(select(PlatformRecord)).all()
        employers = session.scalars(select(PlatformEmployer)).all()

    per_dep = Counter(e.departement for e in events)
    assert len(events) >= 100 and all(per_dep[d] >= 15 for d in ("33", "31", "59", "69"))
    assert {p.departement for p in platforms} >= {"33", "31", "59", "69", "29", "91"}
    assert all(e.is_demo and e.title.startswith("[DÉMO] ") for e in events)
    assert all(p.is_demo and "[DÉMO]" in p.name for p in platforms)
    assert all(x.is_demo and x.name.startswith("[DÉMO] ") for x in employers)

    days = [e.starts_at.astimezone(PARIS).date() for e in events]
    assert today < min(days) and max(days) <= today + timedelta(days=92)
    assert all(d.weekday() < 5 for d in days)
    assert Counter(e.type for e in events).keys() == {
        "atelier_decouverte",
        "information_collective",
        "job_dating",
        "immersion",
        "forum",
    }
    online = [e for e in events if e.online]
    assert online and all(e.lat is None and e.address is None for e in online)
    assert any(0 < e.seats_left <= 2 for e in events)  # nearly full
    assert all(0 <= e.seats_left <= e.capacity and e.ends_at > e.starts_at for e in events)
    assert Counter(x.departement for x in employers)["33"] >= 5
    assert {x.type for x in employers} == {"sad", "ehpad", "handicap", "hopital"}
    for platform in platforms:
        hours = OpeningHours.model_validate(platform.opening_hours)
        assert hours.monday and platform.counsellors


def test_places_are_real_communes_with_la_poste_coordinates(platform_db: PlatformDb) -> None:
    reference = load_commune_points({("MERIGNAC", "33700"), ("ROUBAIX", "59100")})
    with platform_db.sessions() as session:
        in_merignac = session.scalars(
            select(PlatformEvent).where(PlatformEvent.postal_code == "33700")
        ).all()
        roubaix = session.scalars(
            select(PlatformEmployer).where(PlatformEmployer.postal_code == "59100")
        ).all()
    assert in_merignac and roubaix
    point = reference[("MERIGNAC", "33700")]
    assert all(e.commune == "Mérignac" for e in in_merignac)
    assert all(haversine_km(point.lat, point.lon, e.lat, e.lon) < 1 for e in in_merignac)  # type: ignore[arg-type]
    point = reference[("ROUBAIX", "59100")]
    assert all(haversine_km(point.lat, point.lon, x.lat, x.lon) < 2 for x in roubaix)


def test_seeding_twice_creates_nothing_new(platform_db: PlatformDb) -> None:
    def counts() -> tuple[int, int, int]:
        with platform_db.sessions() as session:
            return tuple(  # type: ignore[return-value]
                session.scalar(select(func.count()).select_from(table)) or 0
                for table in (PlatformRecord, PlatformEvent, PlatformEmployer)
            )

    before = counts()
    report = seed_demo(platform_db.sessions, platform_db.today)
    later = seed_demo(platform_db.sessions, platform_db.today + timedelta(days=40))
    assert report.created == later.created == 0 and counts() == before


def test_opening_hours_say_when_a_counsellor_can_answer() -> None:
    hours = OpeningHours.model_validate(
        {
            day: [{"opens": "09:00", "closes": "12:30"}, {"opens": "13:30", "closes": "17:30"}]
            for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
        }
    )
    tuesday_10 = datetime(2026, 11, 24, 10, 0, tzinfo=PARIS)
    assert hours.is_open(tuesday_10) and hours.next_opening(tuesday_10) == tuesday_10
    lunch = datetime(2026, 11, 24, 12, 45, tzinfo=PARIS)
    assert hours.next_opening(lunch) == datetime(2026, 11, 24, 13, 30, tzinfo=PARIS)
    friday_evening = datetime(2026, 11, 27, 18, 0, tzinfo=PARIS)
    assert hours.next_opening(friday_evening) == datetime(2026, 11, 30, 9, 0, tzinfo=PARIS)
    assert OpeningHours().next_opening(friday_evening) is None
    assert date(2026, 11, 30).weekday() == 0


def test_the_seed_communes_are_la_postes_rows() -> None:
    """The platform ships only the rows it seeds from; they are the reference's own."""
    from nlu.geo import default_csv_path  # the assistant's full copy of La Poste's reference

    with default_laposte_csv().open(encoding="utf-8", newline="") as handle:
        names = {
            (r["Nom_commune"], r["Code_postal"]) for r in csv.DictReader(handle, delimiter=";")
        }
    shipped = load_commune_points(names)
    assert len(shipped) == len(names) >= 50
    assert load_commune_points(names, default_csv_path()) == shipped
