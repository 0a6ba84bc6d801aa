"""The team's week (GET /console/week): what a platform's counsellors look at on
Monday morning, with charts and the same numbers in tables.

Per day of an ISO week: conversations, handoffs (answered in time, late, still
waiting), bookings and cancellations, who came to the week's events and who did
not (no-shows, as the platform noted them afterwards); and the questions the
assistant declined (it had no reliable answer), the list of what to add to the
knowledge base next. Scoped like the statistics page (`bot.console.scope.scope_for`); the
reads of the numbers go to the audit log. Bookings come from the platform API.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from bot.console.auth import CurrentUser
from bot.console.deps import Console, ConsoleDep, UserDep, client_ip, render
from bot.console.scope import StatsScope, from_platform, scope_for
from bot.handoff.tables import Handoff
from bot.pilotage.people import PlatformActivity, people, platform_activity
from bot.storage.models import Conversation, ConversationEvent
from platform_api.models import FIRST_DAY, LAST_DAY, PARIS, Booking
from vocab.payloads import is_payload
from vocab.text import fold

__all__ = ["Week", "load_week", "router", "week_scope"]

router = APIRouter(prefix="/console", include_in_schema=False)

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
DAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
DECLINED = {"utter_kb_abstain", "utter_out_of_scope", "utter_fallback_handoff"}
TOP_DECLINED = 15


@dataclass
class Week:
    monday: date
    conversations: list[int] = field(default_factory=lambda: [0] * 7)
    handoffs: list[int] = field(default_factory=lambda: [0] * 7)
    in_time: list[int] = field(default_factory=lambda: [0] * 7)
    late: list[int] = field(default_factory=lambda: [0] * 7)
    waiting: list[int] = field(default_factory=lambda: [0] * 7)
    bookings: list[int] = field(default_factory=lambda: [0] * 7)
    cancelled: list[int] = field(default_factory=lambda: [0] * 7)
    #: bookings of the events held that day: came, did not come, not noted yet
    came: list[int] = field(default_factory=lambda: [0] * 7)
    absent: list[int] = field(default_factory=lambda: [0] * 7)
    unnoted: list[int] = field(default_factory=lambda: [0] * 7)
    declined: list[tuple[str, int]] = field(default_factory=list)

    @property
    def days(self) -> list[date]:
        return [self.monday + timedelta(days=i) for i in range(7)]


def parse_week(value: str | None, today: date) -> date:
    """The Monday of "2026-W49" (this week when absent or unreadable)."""
    match = WEEK.match(value or "")
    if match:
        try:
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            pass
        else:  # at the calendar's edges, the week around it cannot be read
            if FIRST_DAY <= monday <= LAST_DAY:
                return monday
    return today - timedelta(days=today.weekday())


def _day(at: datetime, monday: date) -> int | None:
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    index = (aware.astimezone(PARIS).date() - monday).days
    return index if 0 <= index < 7 else None


def _period(monday: date) -> tuple[date, date]:
    """The days read: the ISO week in Paris time, with a day's margin in UTC."""
    return monday - timedelta(days=1), monday + timedelta(days=7)


def _bounds(monday: date) -> tuple[datetime, datetime]:
    """The ISO week's first and last instants, Monday 00:00 Paris time to the next,
    in UTC: SQLite compares the stored UTC times as text, so a Paris-time bound
    would leave out (or take in) the hour around midnight at the week's edges."""
    low = datetime.combine(monday, time(), PARIS)
    return low.astimezone(UTC), datetime.combine(
        monday + timedelta(days=7), time(), PARIS
    ).astimezone(UTC)


async def week_scope(console: Console, user: CurrentUser) -> StatsScope:
    """A platform's week: its own département, for its administrator too."""
    if user.team == console.settings.handoff_default_team:
        return await scope_for(console, user)
    return StatsScope(only=frozenset({user.team}))


def load_week(
    console: Console,
    scope: StatsScope,
    activity: PlatformActivity,
    user: CurrentUser,
    monday: date,
    now: datetime,
    held: Sequence[Booking] = (),
) -> Week:
    """The week's numbers for what this counsellor may see (`activity`: the platform's
    bookings made in `_period(monday)`; `held`: the confirmed bookings of the events
    starting in it)."""
    week = Week(monday)
    low, high = _bounds(monday)
    persons = people(console.sessions, activity, *_period(monday))
    mine = {s for s, p in persons.items() if scope.allows(p.served_by)}
    declined: Counter[str] = Counter()
    shown: dict[str, str] = {}
    with console.sessions() as session:
        rows = session.execute(
            select(
                Conversation.sender_id,
                ConversationEvent.type_name,
                ConversationEvent.data,
                ConversationEvent.created_at,
            )
            .join(ConversationEvent, ConversationEvent.conversation_id == Conversation.id)
            .where(ConversationEvent.created_at >= low, ConversationEvent.created_at < high)
            .where(ConversationEvent.type_name.in_(("user", "bot")))
            .order_by(Conversation.id, ConversationEvent.seq)
        )
        active: set[tuple[str, int]] = set()
        last_question: dict[str, str] = {}
        for sender, kind, data, at in rows:
            if sender not in mine:
                continue
            index = _day(at, monday)
            if kind == "user" and index is not None:
                active.add((sender, index))
                text = str(data.get("text") or "")
                if not is_payload(text):
                    last_question[sender] = text
            elif kind == "bot" and (data.get("data") or {}).get("response") in DECLINED:
                question = last_question.pop(sender, None)
                if question:
                    key = fold(question).strip(" ?!.")
                    declined[key] += 1
                    shown.setdefault(key, question.strip())
        for _sender, index in active:
            week.conversations[index] += 1
        for handoff in session.scalars(
            select(Handoff).where(Handoff.created_at >= low, Handoff.created_at < high)
        ):
            index = _day(handoff.created_at, monday)
            if index is None or handoff.team != user.team:
                continue
            week.handoffs[index] += 1
            due, answered = handoff.expected_answer_at, handoff.taken_at or handoff.closed_at
            if answered is None:
                late = due is not None and now > due
                (week.late if late else week.waiting)[index] += 1
            elif due is None or answered <= due:
                week.in_time[index] += 1
            else:
                week.late[index] += 1
    for booking in activity.bookings:
        index = _day(booking.created_at, monday)
        if index is None or not scope.allows(booking.event.departement):
            continue
        week.bookings[index] += 1
        week.cancelled[index] += booking.status == "cancelled"
    _attendance(week, scope, held, now)
    week.declined = [(shown[k], n) for k, n in declined.most_common(TOP_DECLINED)]
    return week


def _attendance(week: Week, scope: StatsScope, held: Sequence[Booking], now: datetime) -> None:
    """Per day of the event: came, did not come (a no-show), or not noted once it ended;
    an event still to come is not counted."""
    for booking in held:
        index = _day(booking.event.starts_at, week.monday)
        if index is None or not scope.allows(booking.event.departement):
            continue
        if booking.attended is True:
            week.came[index] += 1
        elif booking.attended is False:
            week.absent[index] += 1
        elif booking.event.ends_at <= now:
            week.unnoted[index] += 1


@dataclass(frozen=True)
class Bars:
    """A bar chart of the 7 days: one or two stacked series, SVG geometry."""

    width: int
    height: int
    left: int
    baseline: int
    ticks: list[tuple[float, int]]
    groups: list[dict[str, Any]]


def bars(series: list[tuple[str, list[int]]], height: int = 180) -> Bars:
    """`series`: (css class, 7 values), stacked bottom up."""
    left, top, bottom_gap, step = 36, 12, 22, 64
    totals = [sum(values[i] for _, values in series) for i in range(7)]
    peak = max(max(totals), 1)
    unit = max(1, -(-peak // 4))  # ticks at round steps, 4 at most
    scale_max = unit * -(-peak // unit)
    baseline = height - bottom_gap
    per = (baseline - top) / scale_max
    groups = []
    for i in range(7):
        y, rects = float(baseline), []
        for css, values in series:
            h = values[i] * per
            if values[i]:
                rects.append({"css": css, "x": left + 10 + i * step, "y": y - h, "h": h})
            y -= h
        groups.append(
            {
                "label": DAYS[i],
                "center": left + 10 + i * step + 18,
                "rects": rects,
                "total": totals[i],
            }
        )
    ticks = [(baseline - v * per, v) for v in range(0, scale_max + 1, unit)]
    return Bars(left + 10 + 7 * step, height, left, baseline, ticks, groups)


@router.get("/week")
async def week_page(
    request: Request, console: ConsoleDep, user: UserDep, week: str | None = None
) -> HTMLResponse:
    now = datetime.now(UTC)
    monday = parse_week(week, now.astimezone(PARIS).date())
    scope = await week_scope(console, user)
    start, end = _period(monday)
    activity = await from_platform(console, lambda client: platform_activity(client, start, end))
    low, high = _bounds(monday)
    held = await from_platform(console, lambda client: client.bookings_starting(low, high))
    data = await to_thread.run_sync(load_week, console, scope, activity, user, monday, now, held)
    await to_thread.run_sync(
        lambda: console.audit.record(
            "read_week", actor=user.email, counsellor_id=user.id, team=user.team,
            ip=client_ip(request), week=monday.isoformat(),
        )
    )  # fmt: skip
    iso = monday.isocalendar()
    previous, following = monday - timedelta(days=7), monday + timedelta(days=7)
    return render(
        console,
        "week.html",
        user=user,
        nav="week",
        week=data,
        week_label=f"semaine {iso.week} ({monday:%d/%m} – {monday + timedelta(days=6):%d/%m/%Y})",
        previous=f"{previous.isocalendar().year}-W{previous.isocalendar().week:02d}",
        following=f"{following.isocalendar().year}-W{following.isocalendar().week:02d}",
        charts={
            "conversations": bars([("main", data.conversations)]),
            "handoffs": bars(
                [("booked", data.in_time), ("late", data.late), ("wait", data.waiting)]
            ),
            "bookings": bars([("main", data.bookings)]),
            "attendance": bars(
                [("booked", data.came), ("late", data.absent), ("wait", data.unnoted)]
            ),
        },
        open_count=None,
    )
