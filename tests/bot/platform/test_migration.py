"""Migration 0002 builds exactly the declared tables, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import bot.platform.tables  # noqa: F401  (declares the platform tables on Base)
from bot.storage.db import _MIGRATIONS, make_engine, upgrade
from bot.storage.models import Base

PLATFORM_TABLES = {
    "platform_platforms",
    "platform_api_keys",
    "platform_events",
    "platform_bookings",
    "platform_idempotency_keys",
    "platform_immersion_requests",
    "platform_employers",
    "pending_bookings",
}


def test_migration_matches_the_models_and_goes_back_and_forth(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= PLATFORM_TABLES
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
        assert [d for d in diff if "platform" in repr(d) or "pending" in repr(d)] == []

        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
        assert not PLATFORM_TABLES & set(inspect(engine).get_table_names())
        upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= PLATFORM_TABLES
    finally:
        engine.dispose()
