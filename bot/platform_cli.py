"""`autonomie platform ...`: the reference platform's commands (bot/platform/cli.py)
and `platform worker`, which runs on the composition root like every entry point."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated

import typer

from bot.platform.cli import platform_app, platform_or_exit
from bot.settings import Settings, get_settings

__all__ = ["platform_app"]


@platform_app.command()
def worker(
    every: Annotated[
        float, typer.Option(help="seconds between passes; 0: one pass and exit")
    ] = 0.0,
) -> None:
    """Retry bookings queued during an outage (the candidate is told the result through
    the outbox, on their channel) and queue tomorrow's reminders."""
    with platform_or_exit(get_settings()) as settings:
        _work(settings.model_copy(update={"load_models": False}), every)


def _work(settings: Settings, every: float) -> None:
    from bot.app import build_assistant
    from bot.platform_worker import WorkerReport, run_worker_once

    async def one_pass() -> WorkerReport:
        assistant = build_assistant(settings)
        try:
            return await run_worker_once(
                settings, client=assistant.services.platform, sessions=assistant.sessions
            )
        finally:
            await assistant.aclose()

    while True:
        report = asyncio.run(one_pass())
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
