"""Alembic environment for HQ's tables: runs on a connection handed in by
:func:`counterdesk.hq.database.upgrade_hq`.

A second environment beside the terminal's (:mod:`counterdesk.store.migrations`), with its own
version table, because ``serve --role all`` keeps the hall's queue and HQ in one SQLite file and the
two schemas move at their own pace. Only ``hq_`` tables are HQ's: autogenerate ignores the rest.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection, engine_from_config, pool

from counterdesk.hq.schema import VERSION_TABLE, metadata

config = context.config
target_metadata = metadata


def _ours(_object: Any, name: str | None, type_: str, *_rest: Any) -> bool:
    return type_ != "table" or (name or "").startswith("hq_")


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        include_object=_ours,
        render_as_batch=connection.dialect.name == "sqlite",
    )
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
    raise SystemExit("Offline SQL generation is not supported: upgrade a database instead.")
run_migrations_online()
