"""One person per e-mail address, in the database itself.

``people.email_key`` holds the address cleaned and case-folded (``email_key``
in ``rtcdesk.typed_text``), under a unique index: two colleagues importing
lists that share addresses at the same moment can no longer both create the
same person (issue 13). People who already share an address keep it; the
first of them (the oldest record) holds the key, the others none, so nothing
is refused at upgrade and they show in People > Likely duplicates for merging.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from rtcdesk.typed_text import email_key

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def upgrade() -> None:
    # A new nullable column needs no table rebuild, on SQLite either.
    op.add_column("people", sa.Column("email_key", sa.String(254), nullable=True))
    connection = op.get_bind()
    people = sa.table(
        "people", sa.column("id", sa.Integer), sa.column("email", sa.String), sa.column("email_key")
    )
    seen: set[str] = set()
    keys: list[dict[str, object]] = []
    rows = connection.execute(
        sa.select(people.c.id, people.c.email).where(people.c.email != "").order_by(people.c.id)
    )
    for person_id, email in rows:
        key = email_key(email)
        if key is not None and key not in seen:
            seen.add(key)
            keys.append({"person": person_id, "key": key})
    update = (
        people.update()
        .where(people.c.id == sa.bindparam("person"))
        .values(email_key=sa.bindparam("key"))
    )
    for start in range(0, len(keys), BATCH):
        connection.execute(update, keys[start : start + BATCH])
    op.create_index("uq_people_email_key", "people", ["email_key"], unique=True)


#: Indexes on expressions, which SQLite's table rebuild cannot carry over.
EXPRESSION_INDEXES = {
    "ix_people_email_lower": ["lower(email)"],
    "ix_people_name_lower": ["lower(family_name)", "lower(given_name)"],
}


def downgrade() -> None:
    op.drop_index("uq_people_email_key", table_name="people")
    for name in EXPRESSION_INDEXES:
        op.drop_index(name, table_name="people")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("email_key")
    for name, expressions in EXPRESSION_INDEXES.items():
        op.create_index(name, "people", [sa.text(e) for e in expressions])
