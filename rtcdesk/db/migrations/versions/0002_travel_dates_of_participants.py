"""Travel dates of participants (arrival and departure), for the host's lists.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("arrival_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("departure_date", sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            "departure_not_before_arrival",
            "arrival_date IS NULL OR departure_date IS NULL OR departure_date >= arrival_date",
        )


def downgrade() -> None:
    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.drop_constraint("departure_not_before_arrival", type_="check")
        batch_op.drop_column("departure_date")
        batch_op.drop_column("arrival_date")
