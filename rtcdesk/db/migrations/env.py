"""Alembic environment. rtcdesk always hands in an open connection
(``config.attributes["connection"]``); there is no alembic.ini and no
fileConfig, so logging stays as the application set it up."""

from __future__ import annotations

from alembic import context

from rtcdesk.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
