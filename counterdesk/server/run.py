"""Running the server: in the foreground for ``counterdesk serve``, or in a thread beside the app.

The demo and the tests run the real server, uvicorn on a loopback port, in a background thread
(:class:`ServerThread`), so the counter, kiosk and hall screen talk HTTP to it exactly as they do
to a hall server on the LAN.
"""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path
from typing import Final

import uvicorn
from fastapi import FastAPI

from counterdesk.hq.database import make_hq_engine, upgrade_hq
from counterdesk.queue.service import Clock, QueueService
from counterdesk.server.app import Role, create_app
from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade

START_TIMEOUT: Final = 10.0


def build(
    db_path: Path | str,
    *,
    role: Role = "all",
    windows: int = 3,
    clock: Clock | None = None,
    hq_db: str | None = None,
) -> FastAPI:
    """The app on its databases, each migrated to the current schema.

    The hall's queue lives in the SQLite file at ``db_path``. HQ lives in ``hq_db`` (a
    ``postgresql://`` URL or an SQLite file); without it HQ shares ``db_path``, which for the hq
    role may itself be a URL. ``clock`` fixes the server's time (tests of the day's end,
    screenshots of a busy morning).
    """
    queue = None
    if role in ("hall", "all"):
        engine = make_engine(db_path)
        upgrade(engine)
        queue = QueueService(engine, windows=windows, clock=clock)
    hq = None
    if role in ("hq", "all"):
        hq = make_hq_engine(hq_db or str(db_path))
        upgrade_hq(hq)
    return create_app(role=role, queue=queue, hq=hq, hq_clock=clock)


def build_hq(hq_db: str, *, clock: Clock | None = None) -> FastAPI:
    """HQ alone on ``hq_db`` (a ``postgresql://`` URL or an SQLite file), migrated."""
    return build(hq_db, role="hq", clock=clock)


def config(
    app: FastAPI,
    host: str,
    port: int,
    *,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
) -> uvicorn.Config:
    """How every CounterDesk server runs; HTTPS when given a certificate (and its key)."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=2,
        lifespan="on",
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
    )


class ServerThread:
    """uvicorn in a daemon thread; :meth:`start` returns once it accepts connections."""

    def __init__(self, app: FastAPI, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self._server = uvicorn.Server(config(app, host, port))
        self._thread = threading.Thread(target=self._server.run, name="hall-server", daemon=True)
        self.host = host
        self.port = port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server on {self.host}:{self.port} did not start")
            time.sleep(0.01)
        sockets = [s for server in self._server.servers for s in server.sockets]
        self.port = int(sockets[0].getsockname()[1])
        return self

    def stop(self) -> None:
        self.app.state.broadcaster.close()
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def serve(
    app: FastAPI,
    host: str,
    port: int,
    *,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
) -> None:
    """Run in the foreground until Ctrl+C (``counterdesk serve``).

    The objects made while starting (the modules, the app, its routes) never become garbage:
    ``gc.freeze`` keeps the cyclic collector from walking them again and again while the server
    builds snapshot pages of 50,000 rows (about a sixth of HQ's time on a page otherwise).
    """
    gc.collect()
    gc.freeze()
    uvicorn.Server(
        config(app, host, port, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile)
    ).run()


__all__ = ["QueueService", "ServerThread", "build", "build_hq", "serve"]
