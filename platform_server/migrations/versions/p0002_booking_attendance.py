"""bookings: attendance recorded after the event (attended, NULL until noted)

Revision ID: p0002
Revises: p0001
Create Date: 2026-12-04 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "p0002"
down_revision = "p0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("platform_bookings") as table:
        table.add_column(sa.Column("attended", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("platform_bookings") as table:
        table.drop_column("attended")
