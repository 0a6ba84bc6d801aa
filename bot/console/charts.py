"""The statistics page's charts: geometry for inline SVG, computed here, drawn by the template.

No JavaScript and no style attributes (the console's CSP forbids inline styles):
shapes carry SVG presentation attributes and CSS classes only. Every chart
has a table with the same numbers next to it; the table is the accessible source.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bot.pilotage import FUNNEL, STAGES

__all__ = [
    "STAGE_LABELS",
    "FunnelChart",
    "WeekChart",
    "funnel_chart",
    "percent",
    "week_chart",
    "week_label",
    "weeks_between",
]

STAGE_LABELS = {
    "conversations": "Conversations",
    "consented": "Consentement donné",
    "qualified": "Profil qualifié",
    "booked": "Inscrites à un événement",
    "attended": "Présentes à l'événement",
    "handed_off": "Transmises à un conseiller",
    "immersion_requested": "Immersion demandée",
    "immersion_validated": "Immersion validée",
}

FUNNEL_WIDTH = 480
FUNNEL_BAR = 300  # the longest bar
FUNNEL_ROW = 42
WEEK_WIDTH = 480
WEEK_HEIGHT = 240
WEEK_LEFT, WEEK_RIGHT, WEEK_TOP, WEEK_BOTTOM = 40, 8, 34, 40
MAX_WEEK_LABELS = 14


def percent(part: int | None, whole: int | None) -> str:
    """'45 %' (French spacing), or '—' when it means nothing."""
    if part is None or not whole:
        return "—"
    value = 100 * part / whole
    text = f"{value:.0f}" if value >= 10 or value == 0 else f"{value:.1f}".replace(".", ",")
    return f"{text} %"


@dataclass(frozen=True)
class FunnelRow:
    key: str
    label: str
    count: int | None  # None: not measured
    of_conversations: str
    of_previous: str  # "—" outside the funnel
    main: bool
    y: float
    bar: float


@dataclass(frozen=True)
class FunnelChart:
    rows: list[FunnelRow]
    width: int
    height: float
    separator: float  # y of the "Autres étapes" caption

    @property
    def summary(self) -> str:
        parts = [
            f"{r.label} : {r.count if r.count is not None else 'non mesuré'}"
            + (
                f" ({r.of_conversations})"
                if r.key != "conversations" and r.count is not None
                else ""
            )
            for r in self.rows
        ]
        return "; ".join(parts) + "."


def funnel_chart(totals: dict[str, int], attended_available: bool) -> FunnelChart:
    conversations = totals.get("conversations", 0)
    top = max([totals.get(k, 0) for k in STAGES] + [1])
    rows: list[FunnelRow] = []
    y = 0.0
    previous: int | None = None
    separator = 0.0
    for index, key in enumerate(STAGES):
        main = key in FUNNEL
        if not main and index == len(FUNNEL):
            separator = y + 14
            y += 24
        count: int | None = totals.get(key, 0)
        if key == "attended" and not attended_available:
            count = None
        rows.append(
            FunnelRow(
                key=key,
                label=STAGE_LABELS[key],
                count=count,
                of_conversations=percent(count, conversations),
                of_previous=percent(count, previous) if main and previous is not None else "—",
                main=main,
                y=y,
                bar=round(FUNNEL_BAR * (count or 0) / top, 1),
            )
        )
        if main and count is not None:
            previous = count
        y += FUNNEL_ROW
    return FunnelChart(rows, FUNNEL_WIDTH, y + 4, separator)


def weeks_between(start: date, end: date) -> list[str]:
    """The ISO weeks from `start`'s to `end`'s, '2026-W47'."""
    monday = start - timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        year, week, _ = monday.isocalendar()
        weeks.append(f"{year}-W{week:02d}")
        monday += timedelta(days=7)
    return weeks


def week_label(week: str) -> str:
    """'2026-W47' → 'S47 (16/11/2026)': the week number and its Monday."""
    try:
        monday = date.fromisocalendar(int(week[:4]), int(week[6:]), 1)
    except ValueError:
        return week
    return f"S{monday.isocalendar()[1]:02d} ({monday:%d/%m/%Y})"


def _nice_top(value: int) -> tuple[int, int]:
    """An axis maximum ≥ value and its step: 1, 2 or 5 × 10^n, four steps or so."""
    if value <= 4:
        return max(value, 1), 1
    raw = value / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return int(math.ceil(value / step) * step), int(step)


@dataclass(frozen=True)
class WeekBar:
    x: float
    y: float
    height: float
    value: int


@dataclass(frozen=True)
class WeekGroup:
    week: str
    label: str  # under the group, or "" when skipped
    center: float
    people: WeekBar
    booked: WeekBar


@dataclass(frozen=True)
class WeekChart:
    groups: list[WeekGroup]
    ticks: list[tuple[float, int]]  # (y, value)
    bar_width: float
    width: int = WEEK_WIDTH
    height: int = WEEK_HEIGHT
    left: int = WEEK_LEFT
    right: int = WEEK_WIDTH - WEEK_RIGHT
    baseline: int = WEEK_HEIGHT - WEEK_BOTTOM

    @property
    def summary(self) -> str:
        return "; ".join(
            f"{g.week} : {g.people.value} nouvelles personnes, {g.booked.value} inscrites"
            for g in self.groups
        )


def week_chart(by_week: dict[str, dict[str, Any]], weeks: list[str]) -> WeekChart:
    """Per ISO week: the people first seen that week, and how many of them booked."""
    top, step = _nice_top(max([by_week.get(w, {}).get("conversations", 0) for w in weeks] + [0]))
    plot_h = WEEK_HEIGHT - WEEK_TOP - WEEK_BOTTOM
    plot_w = WEEK_WIDTH - WEEK_LEFT - WEEK_RIGHT
    baseline = WEEK_HEIGHT - WEEK_BOTTOM
    slot = plot_w / max(len(weeks), 1)
    bar = min(slot * 0.36, 28)
    every = math.ceil(len(weeks) / MAX_WEEK_LABELS) or 1
    groups = []
    for index, week in enumerate(weeks):
        counts = by_week.get(week, {})
        center = WEEK_LEFT + slot * (index + 0.5)
        bars = []
        for offset, key in ((-bar, "conversations"), (0.0, "booked")):
            value = int(counts.get(key, 0))
            height = round(plot_h * value / top, 1)
            bars.append(WeekBar(round(center + offset, 1), baseline - height, height, value))
        label = f"S{week[6:]}" if index % every == 0 else ""
        groups.append(WeekGroup(week, label, round(center, 1), bars[0], bars[1]))
    ticks = [(baseline - plot_h * v / top, v) for v in range(0, top + 1, step)]
    return WeekChart(groups, ticks, round(bar, 1))
