"""Test migration: rebuild the people table in batch mode (as adding a column
does on SQLite). With foreign keys on, the rebuild's DROP TABLE would delete
every participation through ON DELETE CASCADE.

It also shows the pattern every real migration that rebuilds ``people`` or
``organisations`` must follow: SQLite cannot reflect expression
indexes, so a batch rebuild would silently lose them; drop them before and
create them again after.
"""

import sqlalchemy as sa
from alembic import op

from rtcdesk.db.migrate import head_revision

revision = "0900_test"
# Always follows the real head, whatever migrations are added later.
down_revision = head_revision()
branch_labels = None
depends_on = None

LOWER_INDEXES = [("people", "email")]


def upgrade() -> None:
    for table, column in LOWER_INDEXES:
        op.drop_index(f"ix_{table}_{column}_lower", table_name=table)
    with op.batch_alter_table("people", recreate="always") as batch:
        batch.add_column(sa.Column("nickname", sa.String(60), nullable=False, server_default=""))
    for table, column in LOWER_INDEXES:
        op.create_index(f"ix_{table}_{column}_lower", table, [sa.text(f"lower({column})")])


def downgrade() -> None:
    raise RuntimeError("test migration: no downgrade")
