"""SQLAlchemy plumbing shared by the assistant (bot.storage) and the reference
platform server (platform_server): engines with our SQLite settings, sessions,
Alembic upgrades, and the column types both schemas use.

It imports nothing of ours, so each side keeps its own tables and migrations.
"""

from sqlkit.db import (
    check_database,
    make_engine,
    make_session_factory,
    normalise_url,
    run_migrations,
    select_all,
)
from sqlkit.types import BigId, JSONType, UTCDateTime, utcnow

__all__ = [
    "BigId",
    "JSONType",
    "UTCDateTime",
    "check_database",
    "make_engine",
    "make_session_factory",
    "normalise_url",
    "run_migrations",
    "select_all",
    "utcnow",
]
