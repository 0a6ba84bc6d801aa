"""`autonomie platform ...`: serve the reference platform alone, seed it, manage keys."""

from __future__ import annotations

import asyncio
import time
from datetime import date
from typing import Annotated

import typer

from bot.settings import get_settings

__all__ = ["platform_app"]

platform_app = typer.Typer(
    help="The platform API (reference implementation).", no_args_is_help=True
)


@platform_app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8001,
) -> None:
    """Serve the reference platform API alone, at /platform/v1 (docs at /platform/docs)."""
    import uvicorn

    from bot.platform.server.app import create_standalone_app

    uvicorn.run(create_standalone_app(get_settings()), host=host, port=port, log_level="info")


@platform_app.command()
def seed(
    today: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD the events are planned from (default: today)")
    ] = None,
) -> None:
    """Create the demo platforms, events and employers ([DÉMO]); running it again adds nothing."""
    from bot.platform.seed import seed_demo
    from bot.storage.db import make_engine, make_session_factory, upgrade

    engine = make_engine(get_settings().database_url)
    try:
        upgrade(engine)
        report = seed_demo(
            make_session_factory(engine), date.fromisoformat(today) if today else date.today()
        )
    finally:
        engine.dispose()
    typer.echo(
        f"demo data: {report.platforms} platforms, {report.events} events, "
        f"{report.employers} employers created"
    )


@platform_app.command("create-key")
def create_key(
    departement: Annotated[
        str | None, typer.Argument(help="the platform's département; omit for a national key")
    ] = None,
    label: Annotated[str | None, typer.Option(help="who holds the key")] = None,
) -> None:
    """Create an API key and print it (only its hash is stored: it cannot be shown again)."""
    from bot.platform.server.auth import create_api_key
    from bot.storage.db import make_engine, make_session_factory, upgrade

    engine = make_engine(get_settings().database_url)
    try:
        upgrade(engine)
        key = create_api_key(make_session_factory(engine), departement, label)
    except LookupError as exc:
        raise typer.BadParameter(str(exc)) from exc
    finally:
        engine.dispose()
    typer.echo(key)


@platform_app.command()
def worker(
    every: Annotated[
        float, typer.Option(help="seconds between passes; 0: one pass and exit")
    ] = 0.0,
) -> None:
    """Retry bookings queued during an outage (the candidate is told the result through
    the outbox, on their channel) and queue tomorrow's reminders."""
    from bot.platform.worker import run_worker_once

    settings = get_settings()
    while True:
        report = asyncio.run(run_worker_once(settings))
        outcomes = [r.outcome for r in report.bookings]
        typer.echo(
            f"bookings retried: {len(outcomes)} "
            f"(booked {outcomes.count('booked')}, rejected {outcomes.count('rejected')}, "
            f"later {outcomes.count('retry_later')}); results queued for the candidates: "
            f"{report.notices}; reminders queued: "
            f"{report.reminders.queued}; errors: {len(report.errors)}"
        )
        if every <= 0:
            return
        time.sleep(every)
