"""``counterdesk hq ...``: what IT does at HQ: register terminals, watch the conflict inbox, and
keep the change log small.

Every command takes HQ's database as ``--db`` (a ``postgresql://`` URL or an SQLite file), by
default ``$COUNTERDESK_HQ_DB``, and brings it to the current schema first, so registering the
first terminal on an empty database is one command.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sqlalchemy import Engine

_DB_HELP = "HQ's database: a postgresql://user@host/db URL or an SQLite file ($COUNTERDESK_HQ_DB)."


def _engine(db: str | None) -> Engine:
    from counterdesk.hq.database import make_hq_engine, upgrade_hq
    from counterdesk.store.database import DatabaseError

    if not db:
        raise click.UsageError("Name HQ's database with --db or $COUNTERDESK_HQ_DB.")
    try:
        engine = make_hq_engine(db)
        upgrade_hq(engine)
    except DatabaseError as error:
        raise click.ClickException(str(error)) from error
    return engine


def _db_option(func: Callable[..., None]) -> Callable[..., None]:
    return click.option("--db", "db", envvar="COUNTERDESK_HQ_DB", help=_DB_HELP)(func)


@click.group()
def hq() -> None:
    """HQ: terminals, the conflict inbox and the change log."""


@hq.command("add-terminal")
@click.option("--terminal", "terminal_id", required=True, help="The terminal's code, e.g. T01.")
@click.option("--hall", required=True, help="The hall it serves in.")
@click.option("--areas", required=True, help="The hall's service areas, comma-separated.")
@click.option(
    "--url",
    default=None,
    envvar="COUNTERDESK_HQ_URL",
    help="HQ's address as terminals reach it, for the join command printed.",
)
@_db_option
def add_terminal(db: str | None, terminal_id: str, hall: str, areas: str, url: str | None) -> None:
    """Register a terminal and print its token (shown this once)."""
    from counterdesk.hq.terminals import TerminalError
    from counterdesk.hq.terminals import add_terminal as register

    engine = _engine(db)
    try:
        token = register(engine, terminal_id, hall, areas)
    except TerminalError as error:
        raise click.ClickException(str(error)) from error
    finally:
        engine.dispose()
    click.echo(f"Terminal {terminal_id.strip()} registered for {hall.strip()}.")
    click.echo(f"Token: {token}")
    click.echo(
        "Keep it safe: HQ stores only its fingerprint, so it will not be shown again. "
        "On the terminal, run:"
    )
    click.echo(f"  counterdesk sync join --url {url or 'http://HQ-ADDRESS:8750'} --token {token}")


@hq.command()
@_db_option
def terminals(db: str | None) -> None:
    """List the registered terminals."""
    from counterdesk.hq.terminals import list_terminals

    engine = _engine(db)
    try:
        found = list_terminals(engine)
    finally:
        engine.dispose()
    if not found:
        click.echo("No terminals registered yet (counterdesk hq add-terminal).")
        return
    for t in found:
        state = "revoked" if t.revoked_at else "active"
        seen = f"{t.last_seen_at:%Y-%m-%d %H:%M} UTC" if t.last_seen_at else "never"
        click.echo(
            f"{t.terminal_id:<16} {state:<8} {t.hall}  areas {','.join(t.areas)}  "
            f"acked {t.acked_through}/{t.max_seq}  last seen {seen}"
        )


@hq.command()
@click.argument("terminal_id")
@_db_option
def revoke(db: str | None, terminal_id: str) -> None:
    """Refuse a terminal's token from now on."""
    from counterdesk.hq.terminals import TerminalError
    from counterdesk.hq.terminals import revoke as revoke_terminal

    engine = _engine(db)
    try:
        revoke_terminal(engine, terminal_id)
    except TerminalError as error:
        raise click.ClickException(str(error)) from error
    finally:
        engine.dispose()
    click.echo(f"Terminal {terminal_id} revoked: HQ refuses its token from now on.")


@hq.command()
@click.option("--hall", default=None, help="One hall's conflicts (default: every hall's).")
@click.option(
    "--state",
    type=click.Choice(["open", "resolved", "all"]),
    default="open",
    show_default=True,
)
@_db_option
def conflicts(db: str | None, hall: str | None, state: str) -> None:
    """The conflict inbox: ops HQ could not book, newest first."""
    from counterdesk.hq.ledger import list_conflicts

    engine = _engine(db)
    try:
        found = list_conflicts(engine, hall, None if state == "all" else state)
    finally:
        engine.dispose()
    if not found:
        click.echo(f"No {'' if state == 'all' else state + ' '}conflicts.")
        return
    for c in found:
        click.echo(
            f"#{c.id:<5} {c.state:<8} {c.status:<8} {c.code:<18} {c.kind:<18} "
            f"{c.terminal_id}#{c.terminal_seq}  {c.business_time:%Y-%m-%d %H:%M}  {c.message}"
        )


@hq.command()
@click.argument("conflict_id", type=click.IntRange(1))
@click.option("--action", type=click.Choice(["retry", "dismiss"]), required=True)
@click.option("--manager", "manager_no", required=True, help="Your staff number.")
@click.option("--note", default="", help="Why, for the record.")
@_db_option
def resolve(db: str | None, conflict_id: int, action: str, manager_no: str, note: str) -> None:
    """Decide on a parked op: retry it (after HQ's records were put right) or dismiss it."""
    from pydantic import ValidationError

    from counterdesk.hq.ledger import ResolveError
    from counterdesk.hq.ledger import resolve as resolve_conflict
    from counterdesk.sync.protocol import Resolve

    try:
        decision = Resolve(action=action, manager_no=manager_no, note=note)  # type: ignore[arg-type]
    except ValidationError as error:
        raise click.UsageError(str(error.errors()[0]["msg"])) from error
    engine = _engine(db)
    try:
        done = resolve_conflict(engine, conflict_id, decision)
    except ResolveError as error:
        raise click.ClickException(str(error)) from error
    finally:
        engine.dispose()
    click.echo(f"Conflict #{done.id} resolved: {done.resolution} by {done.resolved_by}.")


@hq.command()
@click.option(
    "--keep-days",
    type=click.IntRange(1, 3650),
    default=30,
    show_default=True,
    help="Keep this many days of changes; a terminal further behind loads its areas again.",
)
@_db_option
def compact(db: str | None, keep_days: int) -> None:
    """Drop superseded and old change-log rows."""
    from counterdesk.hq.changes import compact as compact_log

    engine = _engine(db)
    try:
        removed = compact_log(engine, datetime.now(UTC) - timedelta(days=keep_days))
    finally:
        engine.dispose()
    click.echo(f"{removed:,} change rows removed; {keep_days} days kept.")
