"""The sync engine's status on the GUI thread: one QObject every sync widget listens to.

Why a bridge: the engine (:class:`counterdesk.sync.engine.SyncEngine`) calls its listeners on its
own thread, and a widget may only be touched on the GUI thread. As in
:class:`~ui.operations.OpRunner`, the engine's thread only stores the newest status under a lock
and emits an argument-less queued signal; the GUI thread then takes the newest status and
re-emits it. Statuses that arrive faster than the GUI takes them (a snapshot load reports every
page) collapse into the newest one, so the status bar never lags behind a queue of stale ones.

Reading :meth:`SyncBridge.status` is free: it is the status last delivered, kept on the GUI
thread. The terminal that is not joined to HQ has no engine; the bridge then reports a status of
its own (:data:`~counterdesk.sync.status.Link.NOT_CONFIGURED`) and never changes it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, Qt, Signal, Slot

from counterdesk.sync.status import Link, SyncStatus
from ui.operations import OpRunner

if TYPE_CHECKING:  # the engine loads httpx: a window without HQ does not need it
    from counterdesk.sync.engine import SyncEngine

log = logging.getLogger(__name__)

HQ_WORKER: Final = "counterdesk-hq"
"""The thread that makes the UI's own calls to HQ (the conflict inbox): never the window's
database worker, so a slow HQ cannot hold up the clerk's next search."""


def not_joined_status(terminal_id: str = "") -> SyncStatus:
    """The status of a terminal with no HQ address: alone, nothing ever synced."""
    return SyncStatus(
        link=Link.NOT_CONFIGURED,
        hq_url="",
        terminal_id=terminal_id,
        pending_ops=0,
        oldest_pending=None,
        last_success=None,
        last_error="",
        next_attempt=None,
        open_conflicts=0,
        rejected_ops=0,
    )


class SyncBridge(QObject):
    """The engine's statuses as a Qt signal on the GUI thread, and its non-blocking commands.

    ``sync`` is the running engine, or ``None`` when the terminal is not joined. The bridge does
    not own the engine (the application starts and stops it); :meth:`close` stops listening and
    stops :attr:`runner`, the worker for the UI's blocking calls to HQ (``None`` when not
    joined), waiting for a call in hand.

    Signals:
        status_changed(SyncStatus): a new status, on the GUI thread; also :meth:`status`.
        sync_requested(): the clerk asked for a sync (the page shows "syncing…" until the next
            status).
    """

    status_changed = Signal(object)
    sync_requested = Signal()
    _pending = Signal()

    def __init__(self, sync: SyncEngine | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sync = sync
        self._lock = threading.Lock()
        self._latest: SyncStatus | None = None
        self._queued = False
        self._closed = False
        self._unsubscribe: Callable[[], None] | None = None
        self._gap: tuple[datetime, str] | None = None
        self._pending.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.runner: OpRunner | None = None
        if sync is None:
            self._status = not_joined_status()
            return
        self.runner = OpRunner(self, name=HQ_WORKER)
        self._status = sync.status()
        self._unsubscribe = sync.subscribe(self._heard)
        # A status may have changed between status() and subscribe(): ask once more, cheaply.
        self._heard(sync.status())

    @property
    def joined(self) -> bool:
        """Whether there is an engine: the terminal has an HQ address and a token."""
        return self.sync is not None

    def status(self) -> SyncStatus:
        """The newest status delivered to the GUI thread (no I/O)."""
        return self._status

    @property
    def gap_seen(self) -> tuple[datetime, str] | None:
        """When HQ last reported a gap in this terminal's sequence numbers, and its words.

        The engine's status carries a gap only until the next push that has none, seconds
        later; the alert is for IT, who may look hours later, so the bridge keeps the last one
        for as long as the app runs (HQ keeps it in its alerts for good)."""
        with self._lock:
            return self._gap

    def _heard(self, status: SyncStatus) -> None:
        """Runs on the engine's thread: keep the newest status, wake the GUI thread once."""
        with self._lock:
            if self._closed:
                return
            if status.gap:  # kept here: a newer status may replace this one before delivery
                self._gap = (datetime.now(UTC), status.gap)
            self._latest = status
            if self._queued:
                return
            self._queued = True
            # Emitted under the lock so that close() cannot let the object go in between.
            self._pending.emit()

    @Slot()
    def _deliver(self) -> None:
        with self._lock:
            status, self._latest, self._queued = self._latest, None, False
            closed = self._closed
        if status is None or closed:
            return
        self._status = status
        self.status_changed.emit(status)

    def sync_now(self) -> bool:
        """Ask the engine to sync at once (it does not block); False when not joined."""
        if self.sync is None or self._closed:
            return False
        self.sync.sync_now()
        self.sync_requested.emit()
        return True

    def notify_write(self) -> None:
        """The window wrote something that may have queued an op (after every act): the engine
        counts again, and pushes at once while HQ answers. Does not block."""
        if self.sync is not None and not self._closed:
            self.sync.notify_write()

    def close(self) -> None:
        """Stop listening to the engine; safe to call more than once."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            unsubscribe, self._unsubscribe = self._unsubscribe, None
        if unsubscribe is not None:
            try:
                unsubscribe()
            except Exception:
                log.exception("Unsubscribing from the sync engine failed.")
        if self.runner is not None:
            self.runner.shutdown()
