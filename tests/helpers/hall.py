"""A real hall server on a loopback port for tests: uvicorn in a thread on a fresh SQLite file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from counterdesk.queue.client import HallClient
from counterdesk.queue.service import QueueService
from counterdesk.server.run import ServerThread, build

MORNING = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)
"""09:30 in the hall (Asia/Shanghai), a Friday."""


class StepClock:
    """A clock the test moves: ``clock.advance(minutes=3)``; every read returns the same time."""

    def __init__(self, start: datetime = MORNING) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@contextmanager
def hall_server(
    db_path: Path, *, clock: Callable[[], datetime] | None = None, windows: int = 3
) -> Iterator[tuple[ServerThread, HallClient]]:
    """``(server, client)``; ``server.app.state.queue`` is the :class:`QueueService` behind it."""
    app = build(db_path, windows=windows, clock=clock)
    with ServerThread(app) as server:
        client = HallClient(server.url)
        try:
            yield server, client
        finally:
            client.close()


def queue_of(server: ServerThread) -> QueueService:
    queue = server.app.state.queue
    assert isinstance(queue, QueueService)
    return queue
