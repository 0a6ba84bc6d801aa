"""`python -m platform_server serve|seed|create-key` (also `autonomie platform ...`)."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from platform_server.settings import PlatformSettings

if TYPE_CHECKING:
    import uvicorn

__all__ = ["app", "main"]

app = typer.Typer(
    help="The reference platform API server.", no_args_is_help=True, add_completion=False
)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8001,
    fd: Annotated[
        int | None, typer.Option(help="serve on this inherited, bound socket instead")
    ] = None,
    parent_pid: Annotated[
        int | None, typer.Option(help="stop when the process with this id has ended")
    ] = None,
    access_log: Annotated[
        bool, typer.Option(help="log every request (paths carry candidate references)")
    ] = False,
) -> None:
    """Serve the reference platform API alone, at /platform/v1 (docs at /platform/docs)."""
    import uvicorn

    from platform_server.app import create_app
    from sqlkit.db import check_database

    settings = PlatformSettings()
    check_database(settings.database_url)  # told in one line by main(), not by uvicorn
    app = create_app(settings)
    config = uvicorn.Config(app, host=host, port=port, log_level="info", access_log=access_log)
    server = uvicorn.Server(config)
    if parent_pid is not None:
        threading.Thread(target=_stop_when_orphaned, args=(server, parent_pid), daemon=True).start()
    # a socket the parent bound (port 0, so no race for a free port), family auto-detected
    server.run(sockets=[socket.socket(fileno=fd)] if fd is not None else None)


def _stop_when_orphaned(server: uvicorn.Server, parent_pid: int) -> None:
    """A child of `autonomie serve` ends with it, even when it was killed (SIGKILL)."""
    while os.getppid() == parent_pid:
        time.sleep(0.5)
    server.should_exit = True


@app.command()
def seed(
    today: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD the events are planned from (default: today)")
    ] = None,
) -> None:
    """Create the demo platforms, events and employers ([DÉMO]); running it again adds nothing."""
    from platform_server.db import migrated, upgrade
    from platform_server.seed import seed_demo

    with migrated(PlatformSettings().database_url, upgrade) as sessions:
        report = seed_demo(sessions, date.fromisoformat(today) if today else date.today())
    typer.echo(
        f"demo data: {report.platforms} platforms, {report.events} events, "
        f"{report.employers} employers created"
    )


@app.command("create-key")
def create_key(
    departement: Annotated[
        str | None, typer.Argument(help="the platform's département; omit for a national key")
    ] = None,
    label: Annotated[str | None, typer.Option(help="who holds the key")] = None,
) -> None:
    """Create an API key and print it (only its hash is stored: it cannot be shown again)."""
    from platform_server.auth import create_api_key
    from platform_server.db import migrated, upgrade

    with migrated(PlatformSettings().database_url, upgrade) as sessions:
        try:
            key = create_api_key(sessions, departement, label)
        except LookupError as exc:
            raise typer.BadParameter(str(exc)) from exc
    typer.echo(key)


@app.command("db-upgrade")
def db_upgrade() -> None:
    """Apply the platform's migrations (also done at every start)."""
    from platform_server.db import migrated, upgrade

    with migrated(PlatformSettings().database_url, upgrade):
        typer.echo("platform database is up to date")


def main() -> None:
    from sqlkit.errors import database_error

    try:
        app(prog_name="python -m platform_server")
    except Exception as exc:
        setting = (
            "AUTONOMIE_PLATFORM_DATABASE_URL"
            if os.environ.get("AUTONOMIE_PLATFORM_DATABASE_URL")
            else "AUTONOMIE_DATABASE_URL"
        )
        message = database_error(exc, setting)
        if message is None:
            raise
        print(f"autonomie platform: {message}", file=sys.stderr)
        sys.exit(2)
