"""Write a new Alembic revision from the difference between the models and the head schema.

    python tools/new_migration.py "add nickname to people"

Builds a throwaway SQLite database at the current head, autogenerates against
it and numbers the revision after the last one (0002, 0003, ...). Review the
file it writes: autogenerate cannot see expression indexes (see README).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from rtcdesk.db.engine import Database
from rtcdesk.db.migrate import alembic_config, head_revision, upgrade_database


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    config = alembic_config()
    next_id = f"{int(head_revision(config)) + 1:04d}"
    with tempfile.TemporaryDirectory() as folder:
        database = Database(Path(folder) / "head.sqlite")
        upgrade_database(database)
        with database.engine.connect() as connection:
            config.attributes["connection"] = connection
            command.revision(config, message=sys.argv[1], autogenerate=True, rev_id=next_id)
        database.dispose()
    versions = Path(ScriptDirectory.from_config(config).versions)
    print(f"Review {next(versions.glob(next_id + '_*.py'))} before committing.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
