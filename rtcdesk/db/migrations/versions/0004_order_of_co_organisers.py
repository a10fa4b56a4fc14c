"""Order of co-organisers: each link of a meeting to a co-organiser gets a position,
so that "ROCB A/P, Japan Customs" reads back as the coordinator entered it.

Existing links had no order; they are numbered in the order of the
organisations' ids (the order in which they were most likely entered).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting_co_organisers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("position", sa.Integer(), server_default="0", nullable=False))
    op.execute(
        "UPDATE meeting_co_organisers SET position = ("
        " SELECT count(*) FROM meeting_co_organisers AS earlier"
        " WHERE earlier.meeting_id = meeting_co_organisers.meeting_id"
        " AND earlier.organisation_id < meeting_co_organisers.organisation_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("meeting_co_organisers", schema=None) as batch_op:
        batch_op.drop_column("position")
