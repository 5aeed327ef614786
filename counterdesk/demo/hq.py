"""The demo's own HQ: made from the demo database, served in the demo's process, joined once.

``counterdesk demo`` shows sync working end to end, so it runs HQ (总部) beside the hall's queue in
one server (role ``all``) on loopback, on an SQLite file next to the demo database
(``demo.db`` → ``demo-hq.db``). The terminal joins it exactly as a hall's terminal joins the real
one: a token from :func:`~counterdesk.hq.terminals.add_terminal`, checked by
:func:`~counterdesk.sync.link.join`, and the app's sync engine does the rest.

Why HQ is made only from a terminal whose outbox is empty: the import copies the terminal's
balances and orders as they stand, and an operation still queued is already in those figures;
pushed afterwards, HQ would book it a second time (a payment counted twice, an order created
twice). The demo therefore makes HQ right after the city is seeded and its people added, before
its orders are made or a payment is taken; from then on every operation reaches HQ through the
outbox. A demo database that queued operations before it had an HQ (one made by an older
CounterDesk) is refused with the reason, and the demo runs without HQ.

Why the HQ file is made again whenever the terminal is not joined: nothing but this terminal ever
writes to it, so until the join it holds only a copy of the demo database (an interrupted first
start, or a demo database made afresh beside an old HQ). Once joined it is kept, and a restart
only starts the server; if the port moved (the usual one was taken), the terminal joins again
with the token it already holds, and reloads its areas from HQ, as any terminal does when its
HQ's address changes.
"""

from __future__ import annotations

import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sqlalchemy import Engine, text

from counterdesk.hq.database import make_hq_engine, upgrade_hq
from counterdesk.hq.importer import HqImportError, ImportReport, import_terminal_db
from counterdesk.hq.terminals import TerminalError, add_terminal
from counterdesk.server.run import ServerThread, build
from counterdesk.store import settings
from counterdesk.store.database import DatabaseError, make_engine
from counterdesk.sync import store
from counterdesk.sync.client import SyncError
from counterdesk.sync.link import join

if TYPE_CHECKING:
    from fastapi import FastAPI

HOST: Final = "127.0.0.1"
"""Loopback only: the demo's HQ and queue are for this PC."""


@dataclass(frozen=True, slots=True)
class DemoServer:
    """The demo's server (the hall's queue, and HQ unless :attr:`problem` says why not)."""

    server: ServerThread
    hq_path: Path
    terminal_id: str
    imported: ImportReport | None
    """What this start copied into a new HQ; None when HQ was there already (or not made)."""
    joined: bool
    """Whether this start (re)joined the terminal: first start, or the server's port moved."""
    problem: str
    """Why the demo runs without HQ, for the person starting it; empty when the link is set."""
    seconds: float
    """The whole set-up: HQ's database, the server's start and the join."""

    @property
    def url(self) -> str:
        return self.server.url

    def stop(self) -> None:
        self.server.stop()
        hq = self.server.app.state.hq
        if hq is not None:
            hq.dispose()


@dataclass(frozen=True, slots=True)
class _Plan:
    """What this start does about HQ, decided before the server opens HQ's file."""

    token: str = ""
    """The token to join with (new, or the one the terminal holds); empty: no HQ."""
    linked_url: str = ""
    imported: ImportReport | None = None
    terminal_id: str = ""
    problem: str = ""


def hq_path_for(terminal_db: Path) -> Path:
    """HQ's file beside the terminal's, named after it: ``demo.db`` → ``demo-hq.db``."""
    return terminal_db.with_name(f"{terminal_db.stem}-hq.db")


def start_demo_server(
    terminal_db: Path,
    hall_db: Path,
    *,
    port: int = 0,
    making: Callable[[Path], None] | None = None,
) -> DemoServer:
    """Make HQ if it is due, start the server on ``port`` (any free one if that is taken), and
    join the terminal to it if it is not joined at this address yet.

    ``making(hq_path)`` is called before a new HQ is made, which takes a few seconds for the
    default demo (so the person waiting hears why).
    """
    started = time.perf_counter()
    hq_path = hq_path_for(terminal_db)
    terminal = make_engine(terminal_db)
    try:
        plan = _plan(terminal, terminal_db, hq_path, making)
        server = _serve(hall_db, None if plan.problem else hq_path, port)
        joined, problem = False, plan.problem
        if plan.token and plan.linked_url != server.url:
            try:
                join(terminal, server.url, plan.token)
                joined = True
            except SyncError as error:
                problem = f"the terminal could not join the demo's HQ at {server.url}: {error}"
            except BaseException:
                server.stop()
                raise
    finally:
        terminal.dispose()
    return DemoServer(
        server=server,
        hq_path=hq_path,
        terminal_id=plan.terminal_id,
        imported=plan.imported,
        joined=joined,
        problem=problem,
        seconds=time.perf_counter() - started,
    )


def _plan(
    terminal: Engine, terminal_db: Path, hq_path: Path, making: Callable[[Path], None] | None
) -> _Plan:
    with terminal.connect() as connection:
        link = store.read_link(connection)
        queued = connection.execute(text("SELECT count(*) FROM outbox")).scalar_one()
        code = settings.load(connection).terminal_code
    if link is not None:
        if not hq_path.exists():
            return _Plan(
                terminal_id=link.terminal_id,
                problem=f"{terminal_db} was joined to an HQ whose database {hq_path} is gone, "
                "and a new HQ made from it now would not match what it already sent. Delete "
                f"{terminal_db} too to start the demo afresh with HQ.",
            )
        return _Plan(token=link.token, linked_url=link.hq_url, terminal_id=link.terminal_id)
    if queued:
        return _Plan(
            terminal_id=code,
            problem=f"{terminal_db} holds {queued:,} operations queued before the demo had an "
            "HQ; HQ made from it would book them twice. Delete it to start the demo afresh "
            "with HQ (it holds demo data only).",
        )
    if making is not None:
        making(hq_path)
    try:
        token, report = _make_hq(terminal, terminal_db, hq_path)
    except (HqImportError, TerminalError, DatabaseError) as error:
        return _Plan(terminal_id=code, problem=f"HQ could not be made from {terminal_db}: {error}")
    return _Plan(token=token, imported=report, terminal_id=code)


def _make_hq(terminal: Engine, terminal_db: Path, hq_path: Path) -> tuple[str, ImportReport]:
    """A new HQ holding the terminal's data, with the terminal registered: its token."""
    for stale in (hq_path, *(hq_path.with_name(hq_path.name + end) for end in ("-wal", "-shm"))):
        stale.unlink(missing_ok=True)
    with terminal.connect() as connection:
        code = settings.load(connection).terminal_code
        hall = settings.load_hall_identity(connection).hall_name or code
        areas = list(
            connection.execute(
                text(
                    "SELECT DISTINCT area_code FROM account WHERE area_code != '' "
                    "ORDER BY area_code"
                )
            ).scalars()
        )
    hq = make_hq_engine(str(hq_path))
    try:
        upgrade_hq(hq)
        report = import_terminal_db(hq, terminal_db)
        token = add_terminal(hq, code, hall, areas)
    finally:
        hq.dispose()
    return token, report


def _serve(hall_db: Path, hq_path: Path | None, port: int) -> ServerThread:
    """The server on ``port`` when it is free, else on any free port (another demo or a real
    server runs here). Without ``hq_path``, the hall's queue alone."""

    def app() -> FastAPI:
        if hq_path is None:
            return build(hall_db, role="hall")
        return build(hall_db, role="all", hq_db=str(hq_path))

    if port and _port_free(port):
        first = app()
        try:
            return ServerThread(first, host=HOST, port=port).start()
        except RuntimeError:  # taken in the meantime
            if first.state.hq is not None:
                first.state.hq.dispose()
    return ServerThread(app(), host=HOST, port=0).start()


def _port_free(port: int) -> bool:
    """Whether the server can listen on ``port``, asked before uvicorn tries: when it cannot,
    uvicorn logs an error and ends its thread, which would alarm the person starting the demo.

    The probe reuses the address as uvicorn does on POSIX (a port the last demo left in
    TIME_WAIT is free); on Windows that option would let it share a port already in use.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if sys.platform != "win32":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True
