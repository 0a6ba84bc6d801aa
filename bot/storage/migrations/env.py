"""Alembic environment: runs on the connection handed over by db.upgrade()."""

from __future__ import annotations

from alembic import context

import bot.storage.platform_tables  # noqa: F401 - registers pending_bookings on Base
from bot.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
