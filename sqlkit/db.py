"""Engines, sessions and Alembic upgrades on a connection of ours."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine, Select, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "chain_head",
    "check_database",
    "make_engine",
    "make_session_factory",
    "migrated",
    "normalise_url",
    "run_migrations",
    "select_all",
]

T = TypeVar("T")

# a migration file's own lines, as `alembic revision` writes them (one line each)
_REVISION = re.compile(r'^revision = "(\w{1,64})"$', re.MULTILINE)
_DOWN_REVISION = re.compile(r'^down_revision = (?:None|"(\w{1,64})")$', re.MULTILINE)


def normalise_url(url: str) -> str:
    """Pick our drivers: psycopg 3 for PostgreSQL; keep SQLite as is."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine whose errors never carry the statement's parameters: they hold message
    texts, names and sender ids, and an error is logged with its traceback."""
    url = normalise_url(url)
    kwargs.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {}).setdefault("timeout", 30)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def check_database(url: str) -> None:
    """Connects once: SQLAlchemy's error now (a URL that cannot be used, a server that
    cannot be reached), before a command starts anything that needs the database."""
    engine = make_engine(url)
    try:
        with engine.connect():
            pass
    finally:
        engine.dispose()


@contextmanager
def migrated(url: str, upgrade: Callable[[Engine], None]) -> Iterator[sessionmaker[Session]]:
    """The database at `url` brought up to date by `upgrade`, for a while: its sessions;
    the engine is disposed on the way out (a CLI command, a server before its workers)."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        yield make_session_factory(engine)
    finally:
        engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # WAL + NORMAL: no fsync per commit, still never corrupt; a killed process loses
    # nothing (tests/resilience), a power cut may lose the last commits (SQLite is
    # the one-machine default: production runs PostgreSQL). WAL also lets the
    # assistant and the platform server, two processes, share one file.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def select_all(sessions: sessionmaker[Session], statement: Select[T]) -> list[T]:
    """Every entity a select of one entity finds, read in a session of its own."""
    with sessions() as session:
        return list(session.scalars(statement))


def migrations_config(script_location: Path) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location))
    return config


def chain_head(script_location: Path) -> str | None:
    """The head revision of a linear chain, read from its files without Alembic; None
    when the files are not one plain line of revisions (then Alembic decides)."""
    parents: dict[str, str | None] = {}
    for path in sorted((script_location / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(source), _DOWN_REVISION.findall(source)
        if path.name == "__init__.py" and not revision:
            continue
        if len(revision) != 1 or len(down) != 1 or revision[0] in parents:
            return None
        parents[revision[0]] = down[0] or None
    heads = set(parents) - set(parents.values())
    return heads.pop() if len(heads) == 1 else None


def _at_head(engine: Engine, script_location: Path, version_table: str) -> bool:
    """True when the database's version table names the chain's head and only it."""
    head = chain_head(script_location)
    if head is None:
        return False
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(f"SELECT version_num FROM {version_table}")).all()
    except SQLAlchemyError:  # no version table yet: a new database
        return False
    return [row[0] for row in rows] == [head]


def run_migrations(
    engine: Engine,
    script_location: Path,
    revision: str = "head",
    *,
    lock: str,
    version_table: str = "alembic_version",
) -> None:
    """Apply the Alembic chain in `script_location` on the engine's database; on
    PostgreSQL under a transaction-level advisory lock named `lock` (one per chain),
    so processes starting together migrate one after the other.

    A database already at the head is left as is without importing Alembic (every
    start of every process: Alembic's import and its reading of the chain cost more
    CPU than the rest of the check)."""
    if revision == "head" and _at_head(engine, script_location, version_table):
        return
    from alembic import command

    config = migrations_config(script_location)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(hashtext(:lock))"), {"lock": lock}
            )
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
