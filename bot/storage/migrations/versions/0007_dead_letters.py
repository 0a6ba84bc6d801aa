"""dead_letters: messages set aside after two failed turns; the inbox counts failures

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("failures", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("running_since", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "dead_letters",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("sender_id", sa.String(length=128), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("message_id", sa.String(length=128), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("set_aside_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("apologised", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sender_id", "message_id"),
    )
    op.create_index("ix_dead_letters_sender_id", "dead_letters", ["sender_id"])
    # messages the old code set aside ("failed", "dead") become dead letters
    op.execute(
        "INSERT INTO dead_letters (sender_id, channel, message_id, text, reason, failures, "
        "received_at, set_aside_at, apologised) "
        "SELECT sender_id, channel, message_id, text, 'failed', attempts, received_at, "
        "next_attempt_at, status = 'dead' FROM inbox WHERE status IN ('failed', 'dead')"
    )
    op.execute("UPDATE inbox SET status = 'dead', text = '' WHERE status IN ('failed', 'dead')")


def downgrade() -> None:
    op.drop_index("ix_dead_letters_sender_id", table_name="dead_letters")
    op.drop_table("dead_letters")
    with op.batch_alter_table("inbox") as batch:
        batch.drop_column("running_since")
        batch.drop_column("failures")
