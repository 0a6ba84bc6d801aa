"""The "answer before" deadline counts the platform's opening hours and the
département's public holidays, not the wall clock."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.handoff.business_hours import add_business_hours, closed_on, next_opening
from bot.handoff.hours import expectation, parse_hours
from platform_api.models import PARIS

DAY = parse_hours("lun-ven 09:00-17:00")
SPLIT = parse_hours("lun-ven 09:00-12:30,13:30-17:00")
TWO_HOURS = timedelta(hours=2)


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


def test_hours_left_at_closing_time_run_on_at_the_next_opening() -> None:
    friday = paris(2026, 11, 27, 16, 30)
    assert add_business_hours(DAY, friday, TWO_HOURS, closed_on("33")) == paris(
        2026, 11, 30, 10, 30
    )
    monday_noon = paris(2026, 11, 30, 12, 0)  # half an hour before lunch, then 1 h 30 after
    assert add_business_hours(SPLIT, monday_noon, TWO_HOURS, closed_on("33")) == paris(
        2026, 11, 30, 15, 0
    )
    one_hour_a_week = parse_hours("lun 09:00-10:00")
    assert add_business_hours(one_hour_a_week, friday, timedelta(hours=3), closed_on("33")) == (
        paris(2026, 12, 14, 10, 0)
    )


def test_public_holidays_are_closed_days() -> None:
    before_easter = paris(2026, 4, 3, 16, 30)  # Friday; Monday 6 April is Easter Monday
    assert add_business_hours(DAY, before_easter, TWO_HOURS, closed_on("33")) == paris(
        2026, 4, 7, 10, 30
    )
    christmas_eve = paris(2026, 12, 24, 18, 0)
    assert next_opening(DAY, christmas_eve, closed_on("75")) == paris(2026, 12, 28, 9, 0)


def test_local_holidays_of_alsace_moselle_and_overseas() -> None:
    thursday = paris(2026, 4, 2, 16, 30)  # Good Friday is a holiday in Moselle only
    assert add_business_hours(DAY, thursday, TWO_HOURS, closed_on("33")) == paris(
        2026, 4, 3, 10, 30
    )
    assert add_business_hours(DAY, thursday, TWO_HOURS, closed_on("57")) == paris(
        2026, 4, 7, 10, 30
    )
    # 20 December, abolition of slavery in La Réunion (a Monday in 2027)
    assert closed_on("974")(paris(2027, 12, 20, 0, 0).date())
    assert not closed_on("33")(paris(2027, 12, 20, 0, 0).date())


def test_the_candidate_is_told_the_reopening_after_a_holiday() -> None:
    may_day_eve = paris(2026, 4, 30, 18, 0)  # Thursday; Friday 1 May is a holiday
    told = expectation(DAY, 2, may_day_eve, "33")
    assert told.next_opening == paris(2026, 5, 4, 9, 0)
    assert told.expected_at == paris(2026, 5, 4, 11, 0)
    assert "lundi à 9h" in told.when(may_day_eve)
