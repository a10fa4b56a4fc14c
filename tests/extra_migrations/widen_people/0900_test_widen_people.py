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

#: The expression indexes of ``people``: name and lowercased columns.
LOWER_INDEXES = [
    ("ix_people_email_lower", ["email"]),
    ("ix_people_name_lower", ["family_name", "given_name"]),
]


def upgrade() -> None:
    for name, _columns in LOWER_INDEXES:
        op.drop_index(name, table_name="people")
    with op.batch_alter_table("people", recreate="always") as batch:
        batch.add_column(sa.Column("nickname", sa.String(60), nullable=False, server_default=""))
    for name, columns in LOWER_INDEXES:
        op.create_index(name, "people", [sa.text(f"lower({column})") for column in columns])


def downgrade() -> None:
    raise RuntimeError("test migration: no downgrade")
