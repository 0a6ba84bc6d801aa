"""Migrations 0003, 0005 and 0006 build exactly the declared tables, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import bot.console.tables
import bot.handoff.tables
import bot.storage.platform_tables  # noqa: F401
from bot.storage.db import _MIGRATIONS, make_engine, upgrade
from bot.storage.models import Base

TABLES = {
    "handoffs",
    "handoff_notes",
    "counsellors",
    "console_sessions",
    "console_audit",
    "canned_replies",  # 0005
    "conversation_labels",  # 0006
}


def test_migration_matches_the_models_and_goes_back_and_forth(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= TABLES
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
        mine = [d for d in diff if any(name in repr(d) for name in TABLES)]
        assert mine == []

        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0002")
        assert not TABLES & set(inspect(engine).get_table_names())
        upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()
