"""Schema upgrades with Alembic, run by the app on start and by ``counterdesk db upgrade``.

The terminal upgrades its own database: a clerk never runs a migration by hand, and a newer
CounterDesk opened on an older cache brings it to the current revision before anything reads it.
A database *newer* than this program (a downgrade of the app) is refused rather than guessed at.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from counterdesk.store.database import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR: Final = Path(__file__).with_name("migrations")
HEAD: Final = "0009"
"""The newest revision in ``migrations/versions`` (a test keeps the two equal). A database
already stamped with it is opened without loading Alembic, which reads every migration script:
about half a second of each start of the counter."""


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships its migrations
        raise DatabaseError("No migrations found in the installed package.")
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Bring the database to ``revision`` (default: the newest) and return the revision it is at.

    Each migration runs in one transaction with its version stamp, so a failed upgrade leaves the
    database at the last good revision.
    """
    if revision in ("head", HEAD) and _stamp(engine) == HEAD:
        return HEAD  # the usual start: nothing to do, and no Alembic to load
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseError(
            f"The database is at revision {current}, which this version of CounterDesk does not "
            "know: it was written by a newer version. Install that version or a newer one."
        )
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return current_revision(engine) or "base"


def _stamp(engine: Engine) -> str | None:
    """The revision the database is stamped with, read directly (None: not stamped yet)."""
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except OperationalError:  # no such table: a new database
        return None
    return str(found[0][0]) if len(found) == 1 else None
