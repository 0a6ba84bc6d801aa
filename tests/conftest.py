"""Shared fixtures: databases (SQLite, and PostgreSQL when asked), settings, app."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from bot.settings import Settings
from bot.storage.db import normalise_url

POSTGRES_URL = os.environ.get("AUTONOMIE_TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("AUTONOMIE_TEST_REDIS_URL")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a PostgreSQL schema of its own.

    PostgreSQL runs when AUTONOMIE_TEST_POSTGRES_URL is set (make test and CI
    set it); then a missing server is a failure, not a skip.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db')}/test.db"
        return
    if not POSTGRES_URL:
        pytest.skip("AUTONOMIE_TEST_POSTGRES_URL is not set")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(POSTGRES_URL))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def trained_models() -> Path:
    """The repository's models/, trained or rebuilt first when stale (as `make run` does)."""
    from bot.training import train_models

    models = Path(__file__).resolve().parents[1] / "models"
    train_models(models, progress=False)
    return models


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    stories = sys.modules.get("tests.dialogue.test_stories")
    results: list[bool] = getattr(stories, "SLOT_RESULTS", [])
    if results:
        terminalreporter.write_line(
            f"conversation tests: slot accuracy {sum(results)}/{len(results)} "
            f"= {sum(results) / len(results):.1%}"
        )


@pytest.fixture
def redis_url() -> str:
    if not REDIS_URL:
        pytest.skip("AUTONOMIE_TEST_REDIS_URL is not set")
    return REDIS_URL


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=database_url,
        api_token="test-token",  # type: ignore[arg-type]
        load_models=False,
        redis_url=None,
        # a platform answer slowed by a loaded CI machine must not change what a test
        # sees; the fallback itself is tested with its own budget
        handoff_platform_lookup_s=30.0,
    )
