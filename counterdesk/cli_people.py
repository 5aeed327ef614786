"""``counterdesk clerk …`` and ``counterdesk audit verify``: what IT runs for sign-ins and audits.

IT works at the terminal's own command line, with access to the database file, so these commands
act as the built-in admin (:data:`counterdesk.services.auth.CLI_ADMIN`, audited as ``cli``).
Passwords are asked for at a hidden prompt, twice, and never taken from the command line, where
they would land in the shell's history.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import click
from sqlalchemy import Connection, Engine

from counterdesk.store.database import default_db_path, make_engine

_DB_HELP = "The terminal database file (default: $COUNTERDESK_DB or the user data folder)."
_ROLES = ("clerk", "manager", "admin")
T = TypeVar("T")


def _engine(db_path: Path | None) -> Engine:
    from counterdesk.store.migrate import upgrade

    path = db_path or default_db_path()
    if not path.exists():
        raise click.ClickException(
            f"No database at {path}. Create one with `counterdesk db upgrade --db {path}`."
        )
    engine = make_engine(path)
    upgrade(engine)
    return engine


def _run(db_path: Path | None, act: Callable[[Connection], T]) -> T:
    from counterdesk.services.common import CounterError

    engine = _engine(db_path)
    try:
        with engine.begin() as connection:
            return act(connection)
    except CounterError as error:
        raise click.ClickException(str(error)) from error
    finally:
        engine.dispose()


_password_option = click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Asked at a hidden prompt when not given (give it only in scripts).",
)


@click.group()
def clerk() -> None:
    """People who sign in: clerks, hall managers and IT admins."""


@clerk.command("add")
@click.argument("number")
@click.option("--name", required=True, help="The person's name as shown in reports.")
@click.option("--role", type=click.Choice(_ROLES), default="clerk", show_default=True)
@_password_option
@click.option("--db", "db_path", type=click.Path(path_type=Path), help=_DB_HELP)
def clerk_add(number: str, name: str, role: str, password: str, db_path: Path | None) -> None:
    """Add a sign-in NUMBER (2 to 8 digits, printed on receipts)."""
    from counterdesk.domain.permissions import Role
    from counterdesk.services import auth

    now = datetime.now(UTC)
    _run(
        db_path,
        lambda c: auth.add_clerk(
            c, auth.CLI_ADMIN, number=number, name=name, role=Role(role), password=password,
            now=now,
        ),
    )  # fmt: skip
    click.echo(f"Added {role} {number} ({name}).")


@clerk.command("reset-password")
@click.argument("number")
@_password_option
@click.option("--db", "db_path", type=click.Path(path_type=Path), help=_DB_HELP)
def clerk_reset_password(number: str, password: str, db_path: Path | None) -> None:
    """Set a new password for NUMBER and lift a lock after wrong passwords."""
    from counterdesk.services import auth

    now = datetime.now(UTC)
    _run(db_path, lambda c: auth.reset_password(c, auth.CLI_ADMIN, number, password, now=now))
    click.echo(f"New password set for {number}; the sign-in is unlocked.")


@clerk.command("disable")
@click.argument("number")
@click.option("--enable", is_flag=True, help="Enable a disabled sign-in again.")
@click.option("--db", "db_path", type=click.Path(path_type=Path), help=_DB_HELP)
def clerk_disable(number: str, enable: bool, db_path: Path | None) -> None:
    """Disable NUMBER's sign-in (its payments and audit entries stay)."""
    from counterdesk.services import auth

    now = datetime.now(UTC)
    _run(db_path, lambda c: auth.set_active(c, auth.CLI_ADMIN, number, active=enable, now=now))
    click.echo(f"Sign-in {number} {'enabled' if enable else 'disabled'}.")


@clerk.command("list")
@click.option("--db", "db_path", type=click.Path(path_type=Path), help=_DB_HELP)
def clerk_list(db_path: Path | None) -> None:
    """List every sign-in with its role and state."""
    from counterdesk.services import auth

    now = datetime.now(UTC)
    people = _run(db_path, lambda c: auth.list_clerks(c, now=now))
    for person in people:
        state = "disabled" if not person.active else "locked" if person.locked else "active"
        click.echo(f"{person.number:<8} {person.role.value:<8} {state:<9} {person.name}")


@click.group()
def audit() -> None:
    """The hash-chained audit log of money and permission events."""


@audit.command("verify")
@click.option("--db", "db_path", type=click.Path(path_type=Path), help=_DB_HELP)
def audit_verify(db_path: Path | None) -> None:
    """Check every link of the audit chain; exit 1 at the first broken one."""
    from counterdesk.store import audit as audit_log

    engine = _engine(db_path)
    try:
        with engine.connect() as connection:
            verdict = audit_log.verify(connection)
    finally:
        engine.dispose()
    if not verdict.intact:
        raise click.ClickException(
            f"The audit log is broken at entry {verdict.broken_at}: {verdict.problem}. "
            f"{verdict.checked} entries before it are intact."
        )
    click.echo(f"The audit log is intact: {verdict.checked} entries checked.")
