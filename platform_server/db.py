"""The platform's database: engine, sessions and its own migrations."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from sqlkit.db import make_engine, make_session_factory, migrated, run_migrations

__all__ = [
    "MIGRATIONS",
    "VERSION_TABLE",
    "make_engine",
    "make_session_factory",
    "migrated",
    "upgrade",
]

MIGRATIONS = Path(__file__).parent / "migrations"
#: the chain's version table: it may share a database with the assistant's
#: (`alembic_version`)
VERSION_TABLE = "platform_alembic_version"


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the platform's Alembic chain (version table `platform_alembic_version`)."""
    run_migrations(
        engine,
        MIGRATIONS,
        revision,
        lock="autonomie-platform-migrate",
        version_table=VERSION_TABLE,
    )
