"""Persistence: engine and sessions, ORM models, migrations, backups. No Qt here."""
