"""`autonomie console create-user` and `seed-demo`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.console.auth import Accounts
from bot.settings import get_settings
from bot.storage.db import make_engine, make_session_factory


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("AUTONOMIE_DATABASE_URL", url)
    monkeypatch.delenv("AUTONOMIE_PUBLIC_URL", raising=False)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _accounts(url: str) -> Accounts:
    sessions = make_session_factory(make_engine(url))
    return Accounts(sessions, lifetime=timedelta(hours=1), idle=timedelta(hours=1))


def test_create_user_with_the_password_from_the_environment(env: str) -> None:
    result = CliRunner().invoke(
        app,
        ["console", "create-user", "--email", "Nadia@Example.org", "--departement", "33",
         "--first-name", "Nadia", "--role", "platform_admin"],
        env={"AUTONOMIE_CONSOLE_PASSWORD": "a long enough password"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    account = _accounts(env).authenticate("nadia@example.org", "a long enough password")
    assert account is not None and account.role == "platform_admin" and account.departement == "33"
    assert account.password_hash.startswith("$argon2id$")


def test_create_user_refuses_short_passwords_and_unknown_roles(env: str) -> None:
    runner = CliRunner()
    base = ["console", "create-user", "--email", "x@example.org", "--departement", "33",
            "--first-name", "X"]  # fmt: skip
    short = runner.invoke(app, base, env={"AUTONOMIE_CONSOLE_PASSWORD": "short"})
    assert short.exit_code == 2 and "12 characters" in short.output
    role = runner.invoke(
        app, [*base, "--role", "boss"], env={"AUTONOMIE_CONSOLE_PASSWORD": "a long enough password"}
    )
    assert role.exit_code == 2


def test_seed_demo_prints_fresh_credentials_in_dev_only(
    env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = CliRunner().invoke(app, ["console", "seed-demo"])
    assert result.exit_code == 0 and "nadia.demo@example.org" in result.output
    password = result.output.split("nadia.demo@example.org")[1].split()[0]
    assert _accounts(env).authenticate("nadia.demo@example.org", password) is not None
    monkeypatch.setenv("AUTONOMIE_PUBLIC_URL", "https://assistant.example.org")
    get_settings.cache_clear()
    refused = CliRunner().invoke(app, ["console", "seed-demo"])
    assert refused.exit_code == 2 and "https" in refused.output


def test_seed_demo_gives_each_demo_team_canned_replies_and_keeps_their_edits(env: str) -> None:
    from sqlalchemy import select, update

    from bot.console.tables import CannedReply

    first = CliRunner().invoke(app, ["console", "seed-demo"])
    assert first.exit_code == 0, first.output
    sessions = make_session_factory(make_engine(env))
    with sessions() as session:
        rows = session.execute(select(CannedReply.team, CannedReply.shortcut, CannedReply.text))
        by_team: dict[str, dict[str, str]] = {}
        for team, shortcut, text in rows:
            by_team.setdefault(team, {})[shortcut] = text
    assert set(by_team) == {"33", "59", "national"}
    gironde = by_team["33"]
    assert len(gironde) >= 4 and gironde == by_team["national"]
    assert all(text.strip() and "\n" not in text and "vous" in text for text in gironde.values())
    assert f"{len(gironde) * 3} added" in first.output

    with sessions.begin() as session:  # a team's edit survives a second seeding
        session.execute(
            update(CannedReply)
            .where(CannedReply.team == "33", CannedReply.shortcut == "bonjour")
            .values(text="Bonjour, ici Nadia.")
        )
    again = CliRunner().invoke(app, ["console", "seed-demo"])
    assert again.exit_code == 0 and "0 added" in again.output
    with sessions() as session:
        kept = session.scalar(
            select(CannedReply.text).where(
                CannedReply.team == "33", CannedReply.shortcut == "bonjour"
            )
        )
        count = len(session.scalars(select(CannedReply.id)).all())
    assert kept == "Bonjour, ici Nadia." and count == len(gironde) * 3
