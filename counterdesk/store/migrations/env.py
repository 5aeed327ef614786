"""Alembic environment: runs on a connection handed in by :mod:`counterdesk.store.migrate`.

The app upgrades its own database on start, so the usual ``alembic.ini`` URL is only a fallback for
developers running ``uv run alembic revision --autogenerate`` against a scratch file.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, engine_from_config, pool

from counterdesk.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things, so Alembic copies and swaps the table.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as fresh:
        _run(fresh)


if context.is_offline_mode():
    raise SystemExit("Offline SQL generation is not supported: upgrade a database file instead.")
run_migrations_online()
