"""The platform's own migration chain, and databases made before it existed.

Until the platform became its own package, the assistant's migration 0002 made
the platform_* tables; the platform chain's first revision now makes them with
the very same statements (moved, not rewritten), only where they are absent.
"""

from __future__ import annotations

from datetime import date

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select, text

from bot.storage.db import upgrade as upgrade_assistant
from platform_server.db import MIGRATIONS, make_engine, make_session_factory, upgrade
from platform_server.seed import seed_demo
from platform_server.tables import Base, PlatformBooking, PlatformEvent
from sqlkit.db import migrations_config

TABLES = set(Base.metadata.tables)


def _no_drift(engine: Engine) -> None:
    """The platform's tables are as declared (the assistant's, in the same database, aside)."""
    opts = {"compare_type": True, "version_table": "platform_alembic_version"}
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts=opts), Base.metadata)
    assert [d for d in diff if any(table in repr(d) for table in TABLES)] == []


def _run(engine: Engine, action: str, revision: str) -> None:
    config = migrations_config(MIGRATIONS)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


def _version(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT version_num FROM platform_alembic_version"))


def test_the_chain_builds_the_declared_tables_and_goes_back_and_forth(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade_assistant(engine)  # the assistant's chain alone makes no platform table
        assert not TABLES & set(inspect(engine).get_table_names())
        upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= TABLES | {"platform_alembic_version"}
        _no_drift(engine)
        _run(engine, "downgrade", "base")
        assert not TABLES & set(inspect(engine).get_table_names())
        assert "pending_bookings" in inspect(engine).get_table_names()  # the assistant's
        upgrade(engine)
        _no_drift(engine)
    finally:
        engine.dispose()


def _database_of_before_the_split(engine: Engine) -> None:
    """What the assistant's chain left until the split: its tables at head, and the
    platform's made by its migration 0002 (the statements platform's p0001 now holds),
    with no platform_alembic_version."""
    upgrade_assistant(engine)
    upgrade(engine, "p0001")
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE platform_alembic_version"))


def test_a_database_of_before_keeps_its_platform_data(database_url: str) -> None:
    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    try:
        _database_of_before_the_split(engine)
        seed_demo(sessions, date(2026, 11, 23))
        with engine.begin() as connection:  # a booking, in the columns of then
            connection.execute(
                text(
                    "INSERT INTO platform_bookings (id, event_id, platform_id, candidate_ref,"
                    " status, created_at) VALUES ('bkg_old', 'evt_demo33_000', 1,"
                    " 'web:ancien', 'confirmed', CURRENT_TIMESTAMP)"
                )
            )
        with sessions() as session:
            events = session.scalar(select(func.count(PlatformEvent.id)))

        upgrade(engine)  # the platform server's first start on it
        upgrade_assistant(engine)  # and the assistant's next one

        assert _version(engine) == "p0002"  # p0001 found its tables, p0002 added a column
        _no_drift(engine)
        with sessions() as session:
            assert session.scalar(select(func.count(PlatformEvent.id))) == events
            booking = session.get_one(PlatformBooking, "bkg_old")
            assert booking.candidate_ref == "web:ancien" and booking.attended is None
    finally:
        engine.dispose()


def test_a_half_made_platform_schema_is_refused_not_patched(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        _database_of_before_the_split(engine)
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE platform_employers"))
        try:
            upgrade(engine)
        except RuntimeError as exc:
            assert "platform_employers" not in str(exc) and "platform_events" in str(exc)
        else:
            raise AssertionError("a partial schema was accepted")
    finally:
        engine.dispose()
