"""Test migration that leaves a broken reference: the upgrade must refuse to
commit it."""

from alembic import op

revision = "0901_test"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    first = "(SELECT min(id) FROM participations)"
    op.execute(f"UPDATE participations SET person_id = 999999 WHERE id = {first}")


def downgrade() -> None:
    pass
