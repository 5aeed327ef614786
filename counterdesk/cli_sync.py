"""``counterdesk sync …``: join HQ, see where sync stands, run a round in the foreground.

What IT runs at a terminal: ``join`` once with the address and the token HQ issued (``counterdesk
hq add-terminal``), ``status`` to see what is waiting and when HQ last answered (read from the
terminal's database: it asks HQ nothing), and ``now`` to sync at once and see why it fails.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from sqlalchemy import Engine

from counterdesk.store.database import DatabaseError, default_db_path, make_engine
from counterdesk.sync.status import Link, LoadProgress, SyncStatus

_DB_HELP = "The terminal database file (default: $COUNTERDESK_DB or the user data folder)."
_LINK_WORDS = {
    Link.NOT_CONFIGURED: "not joined (run `counterdesk sync join`)",
    Link.ONLINE: "online",
    Link.OFFLINE: "offline (HQ did not answer; retrying)",
    Link.REFUSED: "refused by HQ (IT must act)",
}


def _engine(db_path: Path | None) -> Engine:
    """The terminal database, brought to the current schema (the app does the same on start)."""
    from counterdesk.store.migrate import upgrade

    path = db_path or default_db_path()
    if not path.exists():
        raise click.ClickException(
            f"No database at {path}. Create one with `counterdesk db upgrade --db {path}`."
        )
    if path.is_dir():
        raise click.ClickException(f"{path} is a folder, not a database file.")
    try:
        engine = make_engine(path)
        upgrade(engine)
    except DatabaseError as error:
        raise click.ClickException(str(error)) from error
    return engine


def _when(moment: datetime | None) -> str:
    from counterdesk.services.common import local

    return "never" if moment is None else f"{local(moment):%Y-%m-%d %H:%M:%S}"


def _progress(progress: LoadProgress) -> str:
    share = f" ({progress.rows_done * 100 // progress.rows_total}%)" if progress.rows_total else ""
    return (
        f"Loading scope {progress.scope}: {progress.rows_done:,} of {progress.rows_total:,} rows"
        f"{share}, now {progress.table or '…'}"
    )


def status_lines(status: SyncStatus) -> list[str]:
    """The status as ``counterdesk sync status`` prints it, one fact a line."""
    lines = [f"Link:          {_LINK_WORDS[status.link]}"]
    if status.link is Link.NOT_CONFIGURED:
        return [*lines, f"Pending ops:   {status.pending_ops:,}"]
    oldest = f" (oldest {_when(status.oldest_pending)})" if status.oldest_pending else ""
    cursors = ", ".join(f"{scope} {cursor}" for scope, cursor in status.cursors.items())
    lines += [
        f"HQ:            {status.hq_url}",
        f"Terminal:      {status.terminal_id}",
        f"Pending ops:   {status.pending_ops:,}{oldest}",
        f"Last success:  {_when(status.last_success)}",
        f"Conflicts:     {status.open_conflicts:,} open at HQ; "
        f"{status.rejected_ops:,} of this terminal's ops parked there",
        f"Scopes:        {', '.join(status.scopes) or '-'}",
        f"Cursors:       {cursors or 'none yet (the initial load has not finished)'}",
    ]
    if status.loading is not None:
        lines.append(f"Loading:       {_progress(status.loading)}")
    if status.next_attempt is not None:
        lines.append(f"Next attempt:  {_when(status.next_attempt)}")
    if status.gap:
        lines.append(f"Gap:           {status.gap}")
    if status.last_error:
        lines.append(f"Last error:    {status.last_error}")
    return lines


def status_json(status: SyncStatus) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.isoformat()
        if isinstance(value, Link):
            return value.value
        if isinstance(value, tuple):
            return list(value)
        return value

    facts = {field.name: plain(getattr(status, field.name)) for field in dataclasses.fields(status)}
    facts["loading"] = None if status.loading is None else dataclasses.asdict(status.loading)
    return facts


@click.group()
def sync() -> None:
    """Sync this terminal with HQ: join, status, sync now."""


@sync.command("join")
@click.option("--url", required=True, help="HQ's address, e.g. https://hq.example.cn")
@click.option(
    "--token",
    prompt=True,
    hide_input=True,
    help="The token HQ issued for this terminal (asked at a hidden prompt when not given).",
)
@click.option("--db", "db_path", type=click.Path(path_type=Path), help=_DB_HELP)
def join_command(url: str, token: str, db_path: Path | None) -> None:
    """Check the token with HQ and remember the link; the initial load runs on the next sync."""
    from counterdesk.sync.client import SyncError
    from counterdesk.sync.link import join

    engine = _engine(db_path)
    try:
        status = join(engine, url, token)
    except SyncError as error:
        raise click.ClickException(str(error)) from error
    finally:
        engine.dispose()
    click.echo(
        f"Joined HQ at {status.hq_url} as terminal {status.terminal_id} "
        f"(scopes {', '.join(status.scopes)}). Run `counterdesk sync now` for the initial load, "
        "or start the app."
    )


@sync.command("status")
@click.option("--db", "db_path", type=click.Path(path_type=Path), help=_DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the status as one JSON object.")
def status_command(db_path: Path | None, as_json: bool) -> None:
    """Where sync stands, from this terminal's records (HQ is not asked)."""
    from counterdesk.sync.engine import SyncEngine

    engine = _engine(db_path)
    try:
        status = SyncEngine(engine).status()
    finally:
        engine.dispose()
    if as_json:
        click.echo(json.dumps(status_json(status), ensure_ascii=False, indent=2))
        return
    for line in status_lines(status):
        click.echo(line)


@sync.command("now")
@click.option("--db", "db_path", type=click.Path(path_type=Path), help=_DB_HELP)
def now_command(db_path: Path | None) -> None:
    """Run one round in the foreground: push every pending op, then load and pull from HQ."""
    from counterdesk.sync.engine import SyncEngine

    engine = _engine(db_path)
    try:
        sync_engine = SyncEngine.from_database(engine)
        if sync_engine is None:
            raise click.ClickException(
                "This terminal has not joined HQ: run `counterdesk sync join --url … --token …`."
            )
        shown: list[LoadProgress | None] = [None]

        def report(status: SyncStatus) -> None:
            if status.loading is not None and status.loading != shown[0]:
                shown[0] = status.loading
                click.echo(_progress(status.loading), err=True)

        sync_engine.subscribe(report)
        try:
            status = sync_engine.run_once()
        finally:
            sync_engine.stop()
    finally:
        engine.dispose()
    if status.link is Link.OFFLINE:
        raise click.ClickException(f"Sync failed, HQ could not be reached: {status.last_error}")
    if status.link is not Link.ONLINE:
        raise click.ClickException(f"Sync failed, HQ refused: {status.last_error}")
    click.echo(
        f"Synced with HQ at {status.hq_url}: {status.pending_ops:,} ops pending, "
        f"{status.open_conflicts:,} open conflicts at HQ."
    )
