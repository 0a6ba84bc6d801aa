"""The console's statistics: the funnel page, its CSV, and the same numbers as JSON.

`GET /console/stats` (page), `GET /console/stats.csv`, `GET /console/api/stats`
(the shape of `GET /api/stats`, with the session cookie instead of the national
API token). Scoping, in `bot.console.scope.scope_for`:

- a platform administrator (role platform_admin) sees every département and may
  filter by any;
- a counsellor of a département's team sees that département only;
- a counsellor of the default team ("national") sees the people whose
  département has neither a platform nor a console team, and those whose
  département is unknown: the people whose requests reach that team.

Asking for a département out of scope is a 403 (a French page, or JSON), and
is written to the audit log like every read of the numbers.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, Response

from bot.console import charts
from bot.console.auth import CurrentUser
from bot.console.deps import SECURITY_HEADERS, Console, ConsoleDep, UserDep, render
from bot.console.present import CHANNELS
from bot.console.scope import StatsScope, departement_label, from_platform, scope_for
from bot.pilotage import STAGES, compute_stats, platform_activity
from bot.pilotage.people import UNKNOWN
from platform_api.models import FIRST_DAY, LAST_DAY, PARIS, Day
from vocab.departements import DEPARTEMENT_PATTERN

__all__ = ["default_period", "read_form", "router"]

router = APIRouter(prefix="/console", include_in_schema=False)

DEFAULT_WEEKS = 12  # the page's default period: the last 12 ISO weeks, this one included
MAX_CHART_WEEKS = 106
#: the breakdown tables' columns: every stage but attendance
BREAKDOWN_STAGES = tuple(stage for stage in STAGES if stage != "attended")


# --- the query: dates and département, from a form or a script ---


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def default_period(today: date | None = None) -> Period:
    today = today or datetime.now(PARIS).date()
    monday = today - timedelta(days=today.weekday(), weeks=DEFAULT_WEEKS - 1)
    return Period(monday, today)


def _parse_date(value: str | None) -> date | None:
    """2026-11-23 (what a date field sends) or 23/11/2026 (what a person types)."""
    if not value or not value.strip():
        return None
    text = value.strip()
    day = datetime.strptime(text, "%d/%m/%Y").date() if "/" in text else date.fromisoformat(text)
    if not FIRST_DAY <= day <= LAST_DAY:  # the calendar's edges: no day can be added
        raise ValueError(text)
    return day


def read_form(
    start: str | None, end: str | None, departement: str | None
) -> tuple[Period, str | None, list[str]]:
    """The page's filters, with French errors for what cannot be used."""
    errors: list[str] = []
    default = default_period()
    first = last = None
    try:
        first = _parse_date(start)
    except ValueError:
        errors.append("La date de début n'est pas une date valide (JJ/MM/AAAA).")
    try:
        last = _parse_date(end)
    except ValueError:
        errors.append("La date de fin n'est pas une date valide (JJ/MM/AAAA).")
    last = last or default.end
    first = first or last - timedelta(days=last.weekday(), weeks=DEFAULT_WEEKS - 1)
    if first > last:
        errors.append("La date de début doit être antérieure ou égale à la date de fin.")
    code = (departement or "").strip().upper() or None
    if code is not None and not re.match(DEPARTEMENT_PATTERN, code):
        errors.append("Ce département n'existe pas : choisissez-en un dans la liste.")
        code = None
    return Period(first, last), code, errors


async def _audit(
    console: Console, request: Request, user: CurrentUser, action: str, **detail: Any
) -> None:
    ip = request.client.host if request.client else None
    await to_thread.run_sync(
        lambda: console.audit.record(
            action, actor=user.email, counsellor_id=user.id, team=user.team, ip=ip, **detail
        )
    )


def _forbidden_text(departement: str, scope: StatsScope) -> str:
    return (
        f"Vous n'avez pas accès aux statistiques du département {departement_label(departement)}. "
        f"Vos statistiques couvrent : {scope.describe()}."
    )


async def _stats(
    console: Console,
    scope: StatsScope,
    start: date | None,
    end: date | None,
    departement: str | None,
) -> dict[str, Any]:
    visible = None if scope.everything else scope.allows
    activity = await from_platform(console, lambda client: platform_activity(client, start, end))
    return await to_thread.run_sync(
        lambda: compute_stats(console.sessions, activity, start, end, departement, visible)
    )


# --- the page ---


def _rows(groups: dict[str, dict[str, int]], label: Any) -> list[dict[str, Any]]:
    return [
        {"key": key, "label": label(key), "counts": counts}
        for key, counts in sorted(groups.items(), key=lambda kv: (-kv[1]["conversations"], kv[0]))
    ]


def _job_label(console: Console, key: str) -> str:
    return "Non précisé" if key == UNKNOWN else console.content.label("jobs", key)


def _channel_label(key: str) -> str:
    return "Inconnu" if key == UNKNOWN else CHANNELS.get(key, key)


def page_context(console: Console, stats: dict[str, Any], period: Period) -> dict[str, Any]:
    totals = stats["totals"]
    weeks = charts.weeks_between(period.start, period.end)
    known_weeks = [w for w in weeks if w in stats["by_week"]]
    week_rows = [
        {"key": week, "label": charts.week_label(week), "counts": stats["by_week"][week]}
        for week in sorted(stats["by_week"])
    ]
    return {
        "stats": stats,
        "empty": not any(totals.get(k, 0) for k in charts.STAGE_LABELS),
        "funnel": charts.funnel_chart(totals, stats["attended_available"]),
        "weeks": (
            charts.week_chart(stats["by_week"], weeks)
            if known_weeks and len(weeks) <= MAX_CHART_WEEKS
            else None
        ),
        "week_rows": week_rows,
        "channel_rows": _rows(stats["by_channel"], _channel_label),
        "job_rows": _rows(stats["by_job"], lambda key: _job_label(console, key)),
        "departement_rows": _rows(stats["by_departement"], departement_label),
        "columns": [(key, charts.STAGE_LABELS[key]) for key in BREAKDOWN_STAGES],
    }


@router.get("/stats")
async def stats_page(
    request: Request,
    console: ConsoleDep,
    user: UserDep,
    from_: Annotated[str | None, Query(alias="from", max_length=32)] = None,
    to: Annotated[str | None, Query(max_length=32)] = None,
    departement: Annotated[str | None, Query(max_length=8)] = None,
) -> HTMLResponse:
    scope = await scope_for(console, user)
    period, code, errors = read_form(from_, to, departement)
    open_count = await to_thread.run_sync(console.handoffs.count_open, user.team)
    context: dict[str, Any] = {
        "user": user,
        "nav": "stats",
        "open_count": open_count,
        "scope": scope,
        "scope_label": scope.describe(),
        "choices": [(c, departement_label(c)) for c in scope.choices()],
        "period": period,
        "departement": code,
        "errors": errors,
    }
    if code is not None and not scope.allows(code):
        await _audit(console, request, user, "stats_forbidden", departement=code)
        return render(
            console,
            "forbidden.html",
            status.HTTP_403_FORBIDDEN,
            **context,
            message=_forbidden_text(code, scope),
        )
    if errors:
        return render(console, "stats.html", status.HTTP_422_UNPROCESSABLE_CONTENT, **context)
    data = await _stats(console, scope, period.start, period.end, code)
    await _audit(
        console,
        request,
        user,
        "read_stats",
        start=period.start.isoformat(),
        end=period.end.isoformat(),
        departement=code,
    )
    query = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    if code:
        query["departement"] = code
    return render(
        console,
        "stats.html",
        **context,
        **page_context(console, data, period),
        csv_query=query,
    )


# --- the same numbers for scripts and spreadsheets ---

FromQuery = Annotated[Day | None, Query(alias="from")]
ToQuery = Annotated[Day | None, Query()]
DepartementQuery = Annotated[str | None, Query(pattern=DEPARTEMENT_PATTERN)]


@dataclass(frozen=True, slots=True)
class StatsQuery:
    """?from=&to=&departement= of the JSON and CSV exports."""

    start: date | None
    end: date | None
    departement: str | None


def _stats_query(
    from_: FromQuery = None, to: ToQuery = None, departement: DepartementQuery = None
) -> StatsQuery:
    return StatsQuery(from_, to, departement)


StatsQueryDep = Annotated[StatsQuery, Depends(_stats_query)]


async def _checked(
    request: Request, console: Console, user: CurrentUser, query: StatsQuery, kind: str
) -> tuple[StatsScope, dict[str, Any]]:
    start, end, departement = query.start, query.end, query.departement
    if start is not None and end is not None and start > end:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "la date de début (from) est postérieure à la date de fin (to)",
        )
    scope = await scope_for(console, user)
    if departement is not None and not scope.allows(departement):
        await _audit(console, request, user, "stats_forbidden", departement=departement)
        raise HTTPException(status.HTTP_403_FORBIDDEN, _forbidden_text(departement, scope))
    data = await _stats(console, scope, start, end, departement)
    await _audit(
        console,
        request,
        user,
        "read_stats",
        start=start.isoformat() if start else None,
        end=end.isoformat() if end else None,
        departement=departement,
        format=kind,
    )
    return scope, data


@router.get("/api/stats")
async def stats_json(
    request: Request, console: ConsoleDep, user: UserDep, query: StatsQueryDep
) -> dict[str, Any]:
    """GET /api/stats's answer, limited to what the counsellor may see."""
    scope, data = await _checked(request, console, user, query, "json")
    return {**data, "visible_departements": scope.visible()}


@router.get("/stats.csv")
async def stats_csv(
    request: Request, console: ConsoleDep, user: UserDep, query: StatsQueryDep
) -> Response:
    """The page's tables in one CSV (UTF-8 with BOM, ';': what French spreadsheets open)."""
    _scope, data = await _checked(request, console, user, query, "csv")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["rubrique", "valeur", *(charts.STAGE_LABELS[s] for s in STAGES)])

    def row(section: str, key: str, counts: dict[str, int]) -> None:
        attended = "" if not data["attended_available"] else counts.get("attended", 0)
        writer.writerow(
            [section, key, *(attended if s == "attended" else counts.get(s, 0) for s in STAGES)]
        )

    row("total", "", data["totals"])
    for section, field in (
        ("semaine", "by_week"),
        ("canal", "by_channel"),
        ("métier", "by_job"),
        ("département", "by_departement"),
    ):
        for key, counts in data[field].items():
            row(section, key, counts)
    name = "-".join(
        part
        for part in (
            "statistiques",
            query.departement or "",
            query.start.isoformat() if query.start else "",
            query.end.isoformat() if query.end else "",
        )
        if part
    )
    headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}.csv"'}
    return Response(
        "\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers
    )
