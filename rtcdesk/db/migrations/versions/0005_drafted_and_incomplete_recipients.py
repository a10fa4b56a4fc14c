"""Drafted and incomplete recipients: a recipient whose invitation was only
written as a draft is "drafted", not "invited"; a return with required answers
missing or unreadable is "incomplete" and stays on the follow-up list. And
when a recipient's answers last changed, so that an older copy of a form is
recognised: existing answers date from the response. And an index on people's
names (lowercased, family then given) to find likely duplicate records; and
whether a number question takes decimals (existing ones: whole numbers).

The CHECK constraint on the status changes (the column is wide enough); on
SQLite the table is rebuilt to change it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import rtcdesk.db.base

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONSTRAINT = "ck_survey_recipients_recipient_status"
BEFORE = ("not_invited", "invited", "responded", "declined", "undeliverable")
AFTER = ("not_invited", "drafted", "invited", "responded", "incomplete", "declined",
         "undeliverable")  # fmt: skip


def _allow(statuses: Sequence[str]) -> None:
    allowed = "status IN ({})".format(", ".join(f"'{s}'" for s in statuses))
    # op.f: the names are final (the naming convention would prefix them again).
    with op.batch_alter_table("survey_recipients", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CONSTRAINT), type_="check")
        batch_op.create_check_constraint(op.f(CONSTRAINT), sa.text(allowed))


def upgrade() -> None:
    _allow(AFTER)
    with op.batch_alter_table("survey_recipients", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("answers_changed_at", rtcdesk.db.base.UTCDateTime(), nullable=True)
        )
    op.execute(
        "UPDATE survey_recipients SET answers_changed_at = responded_at"
        " WHERE responded_at IS NOT NULL"
    )
    # A number question takes whole numbers unless it says decimals.
    with op.batch_alter_table("survey_questions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("decimals", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    # Likely duplicates: people of one name, in either order, found by index.
    op.create_index(
        "ix_people_name_lower",
        "people",
        [sa.text("lower(family_name)"), sa.text("lower(given_name)")],
    )


def downgrade() -> None:
    op.drop_index("ix_people_name_lower", table_name="people")
    with op.batch_alter_table("survey_questions", schema=None) as batch_op:
        batch_op.drop_column("decimals")
    op.execute("UPDATE survey_recipients SET status = 'not_invited' WHERE status = 'drafted'")
    op.execute("UPDATE survey_recipients SET status = 'responded' WHERE status = 'incomplete'")
    _allow(BEFORE)
    with op.batch_alter_table("survey_recipients", schema=None) as batch_op:
        batch_op.drop_column("answers_changed_at")
