"""`autonomie console ...`: counsellor accounts."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Annotated

import typer
from sqlalchemy import Engine

from bot.console.auth import Accounts
from bot.settings import get_settings

__all__ = ["console_app"]

console_app = typer.Typer(help="Counsellor console accounts.", no_args_is_help=True)

DEMO_ACCOUNTS = (
    ("nadia.demo@example.org", "Nadia", "33", "counsellor"),
    ("julien.demo@example.org", "Julien", "33", "platform_admin"),
    ("sophie.demo@example.org", "Sophie", "59", "counsellor"),
    ("equipe.nationale.demo@example.org", "Camille", "national", "counsellor"),
)


def _accounts() -> tuple[Accounts, Engine]:
    from bot.storage.db import make_engine, make_session_factory, upgrade

    settings = get_settings()
    engine = make_engine(settings.database_url)
    upgrade(engine)
    accounts = Accounts(
        make_session_factory(engine),
        lifetime=timedelta(hours=settings.console_session_hours),
        idle=timedelta(minutes=settings.console_idle_minutes),
    )
    return accounts, engine


@console_app.command("create-user")
def create_user(
    email: Annotated[str, typer.Option(help="login e-mail")],
    departement: Annotated[str, typer.Option(help='team: a département code, or "national"')],
    first_name: Annotated[str, typer.Option("--first-name", help="signs the messages")],
    role: Annotated[str, typer.Option(help="counsellor or platform_admin")] = "counsellor",
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="AUTONOMIE_CONSOLE_PASSWORD",
            help="asked for, or read from AUTONOMIE_CONSOLE_PASSWORD (12 characters or more)",
        ),
    ] = "",
) -> None:
    """Create a counsellor account (or reset its password, team and role)."""
    accounts, engine = _accounts()
    try:
        account = accounts.create(email, first_name, departement, role, password)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        engine.dispose()
    typer.echo(f"account {account.email} ({account.role}, team {account.departement}) is ready")


@console_app.command("seed-demo")
def seed_demo(
    force: Annotated[bool, typer.Option(help="even with an https public URL")] = False,
) -> None:
    """Demo counsellors for a development server; prints their fresh passwords."""
    settings = get_settings()
    if (settings.public_url or "").startswith("https://") and not force:
        typer.echo("refused: AUTONOMIE_PUBLIC_URL is https (production?); use --force", err=True)
        raise typer.Exit(2)
    accounts, engine = _accounts()
    try:
        typer.echo("Demo counsellors (development only) — http://127.0.0.1:8000/console")
        for email, name, team, role in DEMO_ACCOUNTS:
            password = secrets.token_urlsafe(12)
            accounts.create(email, name, team, role, password)
            typer.echo(f"  {email:<36} {password}  ({name}, {team}, {role})")
    finally:
        engine.dispose()
