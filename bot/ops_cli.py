"""Operations commands: `autonomie retention`, `erase`, `export`, `bench`."""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from channels.outputs import SMS_PREFIX, WHATSAPP_PREFIX

if TYPE_CHECKING:
    from bot.settings import Settings

__all__ = ["register"]


def retention(
    months: Annotated[
        int | None, typer.Option(help="inactive for longer than this (default: settings)")
    ] = None,
    dry_run: Annotated[bool, typer.Option(help="list only, erase nothing")] = False,
) -> None:
    """Erase the people inactive for AUTONOMIE_RETENTION_MONTHS (24), delete old rows.

    Then delete old audit entries, failed logins, sent outbox messages and expired
    sessions (AUTONOMIE_AUDIT_RETENTION_DAYS, LOGIN_FAILURE_RETENTION_DAYS,
    OUTBOX_RETENTION_DAYS)."""
    from bot.settings import get_settings

    settings = get_settings()
    span = months or settings.retention_months
    if span < 1:
        raise typer.BadParameter("--months must be at least 1")
    erased, purged = asyncio.run(_retention(span, dry_run))
    verb = "would erase" if dry_run else "erased"
    typer.echo(f"{verb} {len(erased)} candidate(s) inactive for more than {span} months")
    verb = "would delete" if dry_run else "deleted"
    typer.echo(f"{verb} old rows: " + ", ".join(f"{k} {v}" for k, v in purged.items()))


async def _retention(months: int, dry_run: bool) -> tuple[list[str], dict[str, int]]:
    from functools import partial

    from anyio import to_thread

    from bot.app import build_assistant
    from bot.platform.cli import platform_or_exit
    from bot.privacy.erasure import erase_inactive, inactive_senders, months_before, purge_old
    from bot.settings import get_settings
    from bot.storage.models import utcnow

    with platform_or_exit(get_settings()) as settings:  # erasures reach the platform too
        assistant = build_assistant(settings.model_copy(update={"load_models": False}))
        try:
            if dry_run:
                cutoff = months_before(utcnow(), months)
                erased = await to_thread.run_sync(inactive_senders, assistant.sessions, cutoff)
            else:
                erased = await erase_inactive(assistant, months)
            purge = partial(purge_old, assistant.sessions, settings, dry_run=dry_run)
            return erased, await to_thread.run_sync(purge)
        finally:
            await assistant.aclose()


def erase(
    who: Annotated[
        str,
        typer.Argument(help="a sender id (sms:+336…, tg:…, web:…) or a phone number (06…, +336…)"),
    ],
) -> None:
    """Erase everything held on one person (RGPD), here and on the platform."""
    senders = _senders_of(who.strip())
    if not senders:
        raise typer.BadParameter("give a sender id (sms:…, tg:…, web:…) or a phone number")
    reports = asyncio.run(_erase(senders))
    done = [r for r in reports if r is not None]
    if not done:
        typer.echo("nothing is held on this person")
        return
    for report in done:
        counts = ", ".join(f"{k} {v}" for k, v in report.items() if isinstance(v, int) and v)
        typer.echo(f"erased: {counts or 'nothing left'}")


def _senders_of(who: str) -> list[str]:
    """The sender ids a person may have: as given, or the SMS and WhatsApp ones of a number."""
    if ":" in who:
        return [who]
    digits = "".join(c for c in who if c.isdigit())
    if who.startswith("+") and 8 <= len(digits) <= 15:
        number = "+" + digits
    elif len(digits) == 10 and digits.startswith("0"):
        number = "+33" + digits[1:]
    else:
        return []
    return [f"{SMS_PREFIX}{number}", f"{WHATSAPP_PREFIX}{number}"]


async def _erase(senders: list[str]) -> list[dict[str, Any] | None]:
    from bot.app import build_assistant
    from bot.platform.cli import platform_or_exit
    from bot.privacy.erasure import erase_candidate
    from bot.settings import get_settings

    with platform_or_exit(get_settings()) as settings:  # erasures reach the platform too
        assistant = build_assistant(settings.model_copy(update={"load_models": False}))
        try:
            return [await erase_candidate(assistant, sender) for sender in senders]
        finally:
            await assistant.aclose()


def export(
    from_: Annotated[str, typer.Option("--from", help="first day, YYYY-MM-DD")],
    to: Annotated[str, typer.Option("--to", help="last day, YYYY-MM-DD (included)")],
    format: Annotated[str, typer.Option("--format", help="csv or json")] = "csv",
    out: Annotated[Path | None, typer.Option(help="file to write (default: stdout)")] = None,
) -> None:
    """Pseudonymised export, one row per candidate (docs/export-schema.md)."""
    from bot.pilotage.export import write_export
    from bot.settings import get_settings

    if format not in ("csv", "json"):
        raise typer.BadParameter("--format must be csv or json")
    try:
        start, end = date.fromisoformat(from_), date.fromisoformat(to)
    except ValueError as exc:
        raise typer.BadParameter(f"dates are YYYY-MM-DD: {exc}") from exc
    if start > end:
        raise typer.BadParameter("--from is after --to")
    settings = get_settings()
    if settings.export_salt is None:
        typer.echo("warning: AUTONOMIE_EXPORT_SALT is unset; ids use a fallback key", err=True)
    rows = asyncio.run(_export_rows(settings, start, end))
    if out is None:
        write_export(rows, format, sys.stdout)
    else:
        with out.open("w", encoding="utf-8", newline="") as stream:
            write_export(rows, format, stream)
        typer.echo(f"{len(rows)} row(s) written to {out}", err=True)


async def _export_rows(settings: Settings, start: date, end: date) -> list[dict[str, Any]]:
    """The rows, from the assistant's database and the platform API."""
    from bot.pilotage import export_rows, platform_activity
    from bot.platform.cli import platform_or_exit
    from bot.platform.client import PlatformClient
    from bot.platform.refs import CandidateRefs
    from bot.secret import app_secret
    from bot.storage.db import migrated, upgrade

    with migrated(settings.database_url, upgrade) as sessions:
        refs = CandidateRefs(app_secret(settings), sessions)  # bookings back to their people
        with platform_or_exit(settings) as pointed:
            async with PlatformClient.from_settings(pointed, refs=refs) as client:
                activity = await platform_activity(client, start, end)
        return export_rows(sessions, activity, settings, start, end)


def bench(
    requests: Annotated[int, typer.Option(help="at most this many requests per scenario")] = 2000,
    seconds: Annotated[float, typer.Option(help="at most this long per scenario")] = 30.0,
    concurrency: Annotated[int, typer.Option(help="concurrent clients")] = 8,
    scenario: Annotated[
        list[str] | None,
        typer.Option(help="health, parse, kb, qualification, booking; flood only when named"),
    ] = None,
    postgres: Annotated[str | None, typer.Option(help="PostgreSQL URL instead of SQLite")] = None,
    workers: Annotated[int, typer.Option(min=1, help="server worker processes")] = 1,
    redis: Annotated[
        str | None, typer.Option(help="Redis URL: needed by several workers, used by one if given")
    ] = None,
    models: Annotated[bool, typer.Option(help="load the trained models")] = True,
    out: Annotated[Path, typer.Option(help="the JSON report")] = Path("var/bench.json"),
    conversations: Annotated[
        int, typer.Option(help="simulated whole conversations after the load (0: none)")
    ] = 300,
) -> None:
    """Benchmark: cold start, memory, latency, throughput, whole conversations.

    Per scenario: cold start, RSS, latency and throughput; model sizes; simulated whole
    conversations (turns to book, invariant breaks, slot accuracy)."""
    from bot.bench import BenchConfig, run_bench
    from bot.bench_load import SCENARIOS
    from bot.bench_report import markdown
    from bot.settings import get_settings

    chosen = tuple(scenario or SCENARIOS)
    unknown = set(chosen) - {*SCENARIOS, "flood"}  # the flood (60 s) only when asked
    if unknown:
        raise typer.BadParameter(f"unknown scenario(s): {sorted(unknown)}")
    config = BenchConfig(
        requests=requests,
        seconds=seconds,
        concurrency=concurrency,
        scenarios=chosen,
        postgres_url=postgres,
        workers=workers,
        # one worker on Redis only when asked: the default run stays comparable
        redis_url=redis or (get_settings().redis_url if workers > 1 else None),
        models_dir=get_settings().models_dir,
        load_models=models,
        out=out,
        conversations=conversations if models else 0,
    )
    typer.echo(markdown(run_bench(config)))
    typer.echo(f"\nreport written to {out}")


def register(app: typer.Typer) -> None:
    app.command()(retention)
    app.command()(erase)
    app.command("export")(export)
    app.command()(bench)
