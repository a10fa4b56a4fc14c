"""History of changes: who created, changed or deleted which record, and when.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import rtcdesk.db.base

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "history_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", rtcdesk.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_name", sa.String(length=200), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "created",
                "changed",
                "deleted",
                name="history_action",
                native_enum=False,
                create_constraint=True,
                length=15,
            ),
            nullable=False,
        ),
        sa.Column("record_type", sa.String(length=60), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("search_text", sa.String(length=501), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history_entries")),
    )
    with op.batch_alter_table("history_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_history_entries_at"), ["at"], unique=False)
        batch_op.create_index(
            "ix_history_entries_record", ["record_type", "record_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("history_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_history_entries_record")
        batch_op.drop_index(batch_op.f("ix_history_entries_at"))
    op.drop_table("history_entries")
