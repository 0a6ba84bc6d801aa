"""Engine, sessions and the assistant's migrations (the plumbing is sqlkit's)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from sqlkit.db import make_engine, make_session_factory, migrated, normalise_url, run_migrations

__all__ = ["make_engine", "make_session_factory", "migrated", "normalise_url", "upgrade"]

_MIGRATIONS = Path(__file__).parent / "migrations"


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the assistant's Alembic migrations on the engine's database.

    Several nodes may start at once on one PostgreSQL: a transaction-level
    advisory lock lets one migrate while the others wait, then find nothing to do.
    """
    run_migrations(engine, _MIGRATIONS, revision, lock="autonomie-migrate")
