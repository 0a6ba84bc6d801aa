"""The platform API's wire models (pydantic), shared by the reference server and the client.

They are the contract of /platform/v1 (docs/platform-api.md): fields may be
added, never renamed or dropped. Clients ignore fields they do not know.
Datetimes are sent with their offset, in Europe/Paris time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Generic, Literal, TypeVar
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "PARIS",
    "Attendance",
    "Booking",
    "BookingCreate",
    "Day",
    "Employer",
    "EmployerType",
    "ErrorBody",
    "Event",
    "EventType",
    "ImmersionDecision",
    "ImmersionPeriod",
    "ImmersionRequest",
    "ImmersionRequestCreate",
    "Moment",
    "OpeningHours",
    "Page",
    "Platform",
    "TimeRange",
]

PARIS = ZoneInfo("Europe/Paris")
T = TypeVar("T")

EventType = Literal[
    "atelier_decouverte", "information_collective", "job_dating", "immersion", "forum"
]
EmployerType = Literal["sad", "ehpad", "handicap", "hopital"]
BookingStatus = Literal["confirmed", "cancelled"]
ImmersionStatus = Literal["requested", "validated", "refused"]

#: The days a client may name (a search's bounds): Python's calendar ends at 0001-01-01
#: and 9999-12-31, and a server adds a day or a week to a day it is given; a year's
#: margin on each side keeps that arithmetic inside the calendar (out of it, an
#: OverflowError was a 500 at every try).
FIRST_DAY = date(2, 1, 1)
LAST_DAY = date(9998, 12, 31)


def _in_calendar(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"a date between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}")
    return day


def _has_utc_time(moment: datetime) -> datetime:
    """A moment is compared in UTC: 0001-01-01T00:00+14:00 has no UTC time."""
    if moment.tzinfo is not None:
        try:
            moment.astimezone(UTC)
        except OverflowError:
            raise ValueError("a moment the calendar holds in UTC") from None
    return moment


#: a date within FIRST_DAY..LAST_DAY
Day = Annotated[date, AfterValidator(_in_calendar)]
#: a datetime with a UTC time (naive ones are refused where they are compared)
Moment = Annotated[datetime, AfterValidator(_has_utc_time)]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ErrorBody(_Model):
    """Every 4xx/5xx body: a stable machine `code` and a human `detail` (French)."""

    code: str = Field(examples=["event_full"])
    detail: str = Field(examples=["Cet événement est complet."])


class TimeRange(_Model):
    opens: str = Field(pattern=_HHMM, examples=["09:00"])
    closes: str = Field(pattern=_HHMM, examples=["12:30"])

    @model_validator(mode="after")
    def _ordered(self) -> TimeRange:
        if self.closes <= self.opens:
            raise ValueError("closes must be after opens")
        return self


class OpeningHours(_Model):
    """Opening hours per weekday (Europe/Paris); an empty list means closed that day."""

    monday: list[TimeRange] = Field(default_factory=list)
    tuesday: list[TimeRange] = Field(default_factory=list)
    wednesday: list[TimeRange] = Field(default_factory=list)
    thursday: list[TimeRange] = Field(default_factory=list)
    friday: list[TimeRange] = Field(default_factory=list)
    saturday: list[TimeRange] = Field(default_factory=list)
    sunday: list[TimeRange] = Field(default_factory=list)

    def ranges(self, day: date) -> list[TimeRange]:
        ranges: list[TimeRange] = getattr(self, _WEEKDAYS[day.weekday()])
        return ranges

    def is_open(self, at: datetime) -> bool:
        local = at.astimezone(PARIS)
        hhmm = local.strftime("%H:%M")
        return any(r.opens <= hhmm < r.closes for r in self.ranges(local.date()))

    def next_opening(self, at: datetime) -> datetime | None:
        """`at` itself when open, else the start of the next opening (None: never opens)."""
        local = at.astimezone(PARIS)
        if self.is_open(local):
            return local
        for offset in range(8):
            day = local.date() + timedelta(days=offset)
            for r in sorted(self.ranges(day), key=lambda r: r.opens):
                start = datetime.combine(day, time.fromisoformat(r.opens), PARIS)
                if start > local:
                    return start
        return None


class Platform(_Model):
    departement: str = Field(examples=["33"])
    name: str
    address: str
    commune: str
    postal_code: str
    lat: float
    lon: float
    phone: str
    email: str | None = None
    website: str | None = None
    opening_hours: OpeningHours
    #: a counsellor answers within this many hours of opening time.
    answer_within_hours: int = Field(ge=0, examples=[4])
    counsellors: list[str] = Field(description="counsellors' first names", examples=[["Nadia"]])
    open_now: bool
    next_opening_at: datetime | None
    demo: bool = False
    distance_km: float | None = None

    def expected_answer_at(self, now: datetime) -> datetime | None:
        """When a counsellor is expected to answer a request made at `now` (roughly)."""
        opening = self.opening_hours.next_opening(now)
        return None if opening is None else opening + timedelta(hours=self.answer_within_hours)


class Event(_Model):
    id: str = Field(examples=["evt_demo33_001"])
    type: EventType
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    timezone: str = "Europe/Paris"
    departement: str = Field(description="the organising platform's département")
    address: str | None
    commune: str | None
    postal_code: str | None
    lat: float | None
    lon: float | None
    online: bool
    capacity: int
    seats_left: int
    full: bool
    accessibility: str | None = None
    public_transport: str | None = None
    jobs: list[str] = Field(default_factory=list, examples=[["aide_soignant", "aes"]])
    demo: bool = False
    distance_km: float | None = Field(None, description="only in searches around a point")


class BookingCreate(_Model):
    event_id: str = Field(min_length=1, max_length=64)
    candidate_ref: str = Field(
        min_length=1, max_length=128, description="the assistant's pseudonymous id of the person"
    )


class Booking(_Model):
    id: str = Field(examples=["bkg_3f9c2a7d1e0b4c58"])
    event_id: str
    candidate_ref: str
    status: BookingStatus
    created_at: datetime
    cancelled_at: datetime | None = None
    attended: bool | None = Field(
        None, description="after the event: came (true) or not (false); null: not recorded"
    )
    event: Event


class Attendance(_Model):
    """What the platform noted after the event: the person came, or did not."""

    attended: bool


class ImmersionPeriod(_Model):
    """A period as dates, or as the person said it ("en janvier", "dès que possible")."""

    date_from: date | None = None
    date_to: date | None = None
    text: str | None = Field(None, max_length=200)

    @model_validator(mode="after")
    def _something(self) -> ImmersionPeriod:
        if self.date_from is None and self.date_to is None and not self.text:
            raise ValueError("give date_from/date_to or a text")
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValueError("date_to is before date_from")
        return self


class ImmersionRequestCreate(_Model):
    candidate_ref: str = Field(min_length=1, max_length=128)
    job: str = Field(min_length=1, max_length=64, examples=["aide_soignant"])
    commune: str = Field(min_length=1, max_length=120)
    postal_code: str | None = Field(None, pattern=r"^\d{5}$")
    departement: str | None = Field(
        None,
        pattern=r"^(\d{2}|2[AB]|97\d)$",
        description="the platform that handles it; a platform key may omit it",
    )
    period: ImmersionPeriod
    employer_wish: str | None = Field(None, max_length=300)
    employer_id: str | None = Field(None, max_length=64)


class ImmersionDecision(_Model):
    status: Literal["validated", "refused"]
    note: str | None = Field(None, max_length=2000)
    counsellor: str | None = Field(None, max_length=80)

    @model_validator(mode="after")
    def _refusal_says_why(self) -> ImmersionDecision:
        if self.status == "refused" and not (self.note or "").strip():
            raise ValueError("a refusal needs a note")
        return self


class ImmersionRequest(_Model):
    id: str
    departement: str = Field(description="the platform handling the request")
    candidate_ref: str
    job: str
    commune: str
    postal_code: str | None
    period: ImmersionPeriod
    employer_wish: str | None
    employer_id: str | None
    status: ImmersionStatus
    counsellor: str | None
    note: str | None
    created_at: datetime
    decided_at: datetime | None


class Employer(_Model):
    id: str
    name: str
    type: EmployerType
    departement: str
    address: str | None
    commune: str
    postal_code: str
    lat: float
    lon: float
    jobs: list[str]
    hiring: bool
    website: str | None = None
    demo: bool = False
    distance_km: float | None = None


#: the largest `offset` of a listing: more than any platform holds, and within the
#: 64-bit integers of SQL (a larger one was an unhandled OverflowError, a 500)
MAX_OFFSET = 1_000_000_000


class Page(_Model, Generic[T]):
    items: list[T]
    total: int
