"""Alembic environment of the platform's chain, on the connection handed over by
platform_server.db.upgrade(). Its version table is `platform_alembic_version`, so
the chain can share a database with the assistant's (`alembic_version`)."""

from __future__ import annotations

from alembic import context

from platform_server.db import VERSION_TABLE
from platform_server.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
