"""Test migration that leaves a broken reference: the upgrade must refuse to
commit it."""

from alembic import op

from rtcdesk.db.migrate import head_revision

revision = "0901_test"
# Always follows the real head, whatever migrations are added later.
down_revision = head_revision()
branch_labels = None
depends_on = None


def upgrade() -> None:
    first = "(SELECT min(id) FROM participations)"
    op.execute(f"UPDATE participations SET person_id = 999999 WHERE id = {first}")


def downgrade() -> None:
    pass
