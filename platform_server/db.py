"""The platform's database: engine, sessions and its own migrations."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from sqlkit import make_engine, make_session_factory, run_migrations

__all__ = ["MIGRATIONS", "make_engine", "make_session_factory", "upgrade"]

MIGRATIONS = Path(__file__).parent / "migrations"


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the platform's Alembic chain (version table `platform_alembic_version`)."""
    run_migrations(engine, MIGRATIONS, revision, lock="autonomie-platform-migrate")
