"""`autonomie console ...`: counsellor accounts, and a development server's demo
counsellors with their teams' canned replies."""

from __future__ import annotations

import secrets
from contextlib import AbstractContextManager
from datetime import timedelta
from importlib import resources
from typing import Annotated

import typer
import yaml
from sqlalchemy.orm import Session, sessionmaker

from bot.console.auth import Accounts
from bot.settings import get_settings

__all__ = ["console_app"]

console_app = typer.Typer(
    help="Counsellor console accounts (and demo ones, with canned replies).", no_args_is_help=True
)

DEMO_ACCOUNTS = (
    ("nadia.demo@example.org", "Nadia", "33", "counsellor"),
    ("julien.demo@example.org", "Julien", "33", "platform_admin"),
    ("sophie.demo@example.org", "Sophie", "59", "counsellor"),
    ("equipe.nationale.demo@example.org", "Camille", "national", "counsellor"),
)


def _database() -> AbstractContextManager[sessionmaker[Session]]:
    from bot.storage.db import migrated, upgrade

    return migrated(get_settings().database_url, upgrade)


def _accounts(sessions: sessionmaker[Session]) -> Accounts:
    settings = get_settings()
    return Accounts(
        sessions,
        lifetime=timedelta(hours=settings.console_session_hours),
        idle=timedelta(minutes=settings.console_idle_minutes),
    )


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
    with _database() as sessions:
        try:
            account = _accounts(sessions).create(email, first_name, departement, role, password)
        except ValueError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
    typer.echo(f"account {account.email} ({account.role}, team {account.departement}) is ready")


@console_app.command("seed-demo")
def seed_demo(
    force: Annotated[bool, typer.Option(help="even with an https public URL")] = False,
) -> None:
    """Demo counsellors for a development server; prints their fresh passwords. Their
    teams get a few canned replies (bot/console/demo_replies.yml) under the shortcuts
    they do not use yet."""
    settings = get_settings()
    if (settings.public_url or "").startswith("https://") and not force:
        typer.echo("refused: AUTONOMIE_PUBLIC_URL is https (production?); use --force", err=True)
        raise typer.Exit(2)
    with _database() as sessions:
        accounts = _accounts(sessions)
        typer.echo("Demo counsellors (development only) — http://127.0.0.1:8000/console")
        for email, name, team, role in DEMO_ACCOUNTS:
            password = secrets.token_urlsafe(12)
            accounts.create(email, name, team, role, password)
            typer.echo(f"  {email:<36} {password}  ({name}, {team}, {role})")
        from bot.console.replies import seed_replies  # the web stack, for this command only

        teams = sorted({team for _, _, team, _ in DEMO_ACCOUNTS})
        added = sum(seed_replies(sessions, t, demo_replies(), "démo") for t in teams)
        typer.echo(f"Canned replies: {added} added for the teams {', '.join(teams)}")


def demo_replies() -> dict[str, str]:
    """The demo canned replies, shortcut → text."""
    text = (resources.files("bot.console") / "demo_replies.yml").read_text("utf-8")
    return {str(k): str(v) for k, v in yaml.safe_load(text)["replies"].items()}
