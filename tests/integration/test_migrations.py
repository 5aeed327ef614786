"""Alembic migrations: from nothing, from the previous revision with data in it, and back."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text

from counterdesk.store import audit, search_index
from counterdesk.store.database import DatabaseError, make_engine
from counterdesk.store.migrate import (
    HEAD,
    alembic_config,
    current_revision,
    head_revision,
    upgrade,
)
from counterdesk.store.models import Base
from counterdesk.store.search import search_accounts
from tests.helpers.rows import add_account, add_customer

SEARCH_TABLES = {"account_text", "account_name_gram", "search_position"}


def _names(path: Path, kind: str) -> set[str]:
    with sqlite3.connect(path) as raw:
        return {
            row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))
        }


def test_empty_database_upgrades_to_head(db_path: Path) -> None:
    engine = make_engine(db_path)
    assert current_revision(engine) is None
    assert upgrade(engine) == head_revision()
    tables = _names(db_path, "table")
    assert {"account", "customer", "meter", "meter_installation", "bill", "tariff"} <= tables
    assert tables >= SEARCH_TABLES
    # A second upgrade is a no-op.
    assert upgrade(engine) == head_revision()
    engine.dispose()


def test_head_is_the_newest_migration_and_a_current_database_skips_alembic(
    db_path: Path,
) -> None:
    assert head_revision() == HEAD  # add a migration: move HEAD with it
    engine = make_engine(db_path)
    upgrade(engine)
    engine.dispose()
    # A fresh interpreter opening the current database never loads Alembic (start-up time).
    code = (
        "import sys; from pathlib import Path\n"
        "from counterdesk.store.database import make_engine\n"
        "from counterdesk.store.migrate import HEAD, upgrade\n"
        f"engine = make_engine(Path({str(db_path)!r}))\n"
        "assert upgrade(engine) == HEAD\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_connections_are_tuned_for_durability(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_upgrade_from_previous_revision_indexes_existing_accounts(db_path: Path) -> None:
    engine = make_engine(db_path)
    upgrade(engine, "0001")
    assert not SEARCH_TABLES & _names(db_path, "table")
    with engine.begin() as connection:
        customer = add_customer(connection, "欧阳明", "13800000001")
        add_account(connection, customer, "3010000001", "云溪市东湖区幸福路8号")
    assert upgrade(engine) == head_revision()
    with engine.connect() as connection:
        assert [h.account_number for h in search_accounts(connection, "欧阳明").hits] == [
            "3010000001"
        ]
        assert [h.account_number for h in search_accounts(connection, "欧阳").hits] == [
            "3010000001"
        ]
        assert [h.account_number for h in search_accounts(connection, "幸福路8号").hits] == [
            "3010000001"
        ]
    engine.dispose()


def test_downgrade_to_base_and_up_again(db_path: Path) -> None:
    engine = make_engine(db_path)
    upgrade(engine)
    _downgrade(engine, "base")
    assert _names(db_path, "table") <= {"alembic_version"}
    assert upgrade(engine) == head_revision()
    engine.dispose()


def _downgrade(engine: Engine, revision: str) -> None:

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_models_match_the_migrations(engine: Engine) -> None:

    def include(
        obj: object, name: str | None, kind: str, reflected: bool, compare_to: object
    ) -> bool:
        return not (kind == "table" and name is not None and name.startswith(tuple(SEARCH_TABLES)))

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_migrated_triggers_match_the_live_definitions(db_path: Path, engine: Engine) -> None:
    with sqlite3.connect(db_path) as raw:
        migrated = dict(raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    assert migrated == search_index.TRIGGERS | audit.TRIGGERS


def test_a_database_from_a_newer_version_is_refused(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(DatabaseError, match="newer version"):
        upgrade(engine)


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="folder"):
        make_engine(tmp_path)
