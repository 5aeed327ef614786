"""The sync engine: a background thread that pushes the outbox to HQ and pulls HQ's changes.

One round is: ask HQ for this terminal's status (scopes, open conflicts; it also checks the
token), push every pending op, load any scope not loaded yet, pull every scope. The thread runs a
round every ``interval`` seconds while HQ answers; after a transient failure it retries with
exponential backoff (1, 2, 4 … 60 s, with jitter) **on a timer**, never waiting for a new local
write to try again (SYNC.md: the PowerSync bug). A local write may wake it early
(:meth:`SyncEngine.notify_write`). A refusal (revoked token, a version HQ no longer takes) stops
the automatic retries: IT must act, then :meth:`SyncEngine.sync_now` tries once more.

Everything the app shows comes from one immutable :class:`~counterdesk.sync.status.SyncStatus`
(:meth:`SyncEngine.status`, cheap and without I/O); listeners hear of every change on the
engine's thread, so a Qt window must re-emit it as a signal to reach the GUI thread.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import httpx
from sqlalchemy import Engine

from counterdesk.sync import pull, push, snapshot, store
from counterdesk.sync.client import RefusedSyncError, SyncClient, SyncError, TransientSyncError
from counterdesk.sync.protocol import Conflict, Resolve
from counterdesk.sync.status import Link, LoadProgress, SyncStatus

log = logging.getLogger(__name__)

BACKOFF_CAP: Final = 60.0
JITTER: Final = 0.2
"""Each delay is stretched or shrunk by up to 20 %, so a hall's terminals that lost HQ together
do not all come back in the same second."""

Listener = Callable[[SyncStatus], None]


def backoff_delay(failures: int, jitter: float = 0.5) -> float:
    """Seconds before the next try after ``failures`` failures in a row: 1, 2, 4 … capped at
    60, times a factor between 0.8 and 1.2 picked by ``jitter`` in [0, 1)."""
    base = min(BACKOFF_CAP, 2.0 ** max(failures - 1, 0))
    return min(BACKOFF_CAP, base * (1 - JITTER + 2 * JITTER * jitter))


def _utcnow() -> datetime:
    return datetime.now(UTC)


class SyncEngine:
    """Push and pull for one terminal database; see the module docstring."""

    def __init__(
        self,
        engine: Engine,
        *,
        interval: float = 15.0,
        transport: httpx.BaseTransport | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        if interval <= 0:
            raise ValueError(f"the sync interval must be more than 0 seconds, not {interval}")
        self._engine = engine
        self._interval = interval
        self._transport = transport
        self._now = now or _utcnow
        self._lock = threading.Lock()
        self._round_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._listeners: list[Listener] = []
        self._client: SyncClient | None = None
        self._client_key: tuple[str, str] = ("", "")
        self._failures = 0
        self._due: float | None = None
        """Monotonic time of the next automatic round; None while held (refused)."""
        self._forced = False
        self._write_hint = False
        self._status = self._read_status()

    @classmethod
    def from_database(cls, engine: Engine, **kw: Any) -> SyncEngine | None:
        """The engine for a terminal that has joined HQ; None for one that has not."""
        with engine.connect() as connection:
            if store.read_link(connection) is None:
                return None
        return cls(engine, **kw)

    # --- the thread --------------------------------------------------------------------------

    def start(self) -> None:
        """Start the background thread; the first round runs at once."""
        with self._lock:
            if self._thread is not None:
                return
            self._stopping.clear()
            self._due = time.monotonic()
            self._thread = threading.Thread(target=self._run, name="sync-engine", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread: a round under way stops between pages (a load resumes later)."""
        self._stopping.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)  # (a listener may stop the engine from the engine's thread)
        with self._lock:
            self._thread = None
        if thread is None or not thread.is_alive():
            self._close_client()

    def _close_client(self) -> None:
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()

    def sync_now(self) -> None:
        """Wake the thread for a round now, also after a refusal. Never blocks."""
        with self._lock:
            self._forced = True
        self._wake.set()

    def notify_write(self) -> None:
        """A local write queued an op: refresh the counts, and push now if HQ is reachable.

        While offline the backoff timer alone decides when to try (a busy counter must not turn
        into a stream of attempts at a dead link)."""
        with self._lock:
            self._write_hint = True
        self._wake.set()

    def _run(self) -> None:
        while not self._stopping.is_set():
            with self._lock:
                due = self._due
            timeout = None if due is None else max(0.0, due - time.monotonic())
            self._wake.wait(timeout)
            self._wake.clear()
            if self._stopping.is_set():
                break
            with self._lock:
                forced, self._forced = self._forced, False
                hinted, self._write_hint = self._write_hint, False
                due = self._due
            time_up = due is not None and time.monotonic() >= due
            try:
                if forced or time_up or (hinted and self._status.link is Link.ONLINE):
                    self._round()
                    if forced:
                        self._publish(always=True)
                elif hinted:
                    self._publish(**self._local_facts())
            except Exception:  # the thread must outlive any surprise; the round logs its own
                log.exception("The sync thread hit an unexpected error.")
        self._close_client()

    # --- one round -----------------------------------------------------------------------------

    def run_once(self) -> SyncStatus:
        """One round in the caller's thread (push all, then pull all); returns the status."""
        self._round()
        return self.status()

    def _round(self) -> None:
        with self._round_lock:
            try:
                self._sync()
            except TransientSyncError as error:
                self._failed(Link.OFFLINE, str(error))
            except RefusedSyncError as error:
                self._failed(Link.REFUSED, str(error))
            except Exception as error:
                # A local problem (the database busy or full): retried like a network one, with
                # the reason for IT.
                log.exception("A sync round failed.")
                self._failed(Link.OFFLINE, f"Local error during sync: {error}")

    def _sync(self) -> None:
        with self._engine.connect() as connection:
            link = store.read_link(connection)
        if link is None:
            with self._lock:
                self._due = time.monotonic() + self._interval
            self._publish(link=Link.NOT_CONFIGURED, hq_url="", terminal_id="", next_attempt=None)
            return
        client = self._client_for(link)
        stop = self._stopping.is_set
        hq = client.status()
        if hq.terminal_id != link.terminal_id:
            raise RefusedSyncError(
                f"HQ now knows this token as terminal {hq.terminal_id}, but this terminal joined "
                f"as {link.terminal_id}: join again with the right token."
            )
        scopes = store.with_global(hq.scopes)
        known = self.status()
        if (scopes, hq.open_conflicts) != (known.scopes, known.open_conflicts):
            with self._engine.begin() as connection:
                store.update_scopes(connection, scopes, hq.open_conflicts)
            self._publish(scopes=scopes, open_conflicts=hq.open_conflicts)

        pushed = push.push_all(self._engine, client, now=self._now, stop=stop)
        if pushed.rejected:
            # HQ just parked ops of this terminal: its inbox count grew since the status above.
            hq = client.status()
            with self._engine.begin() as connection:
                store.update_scopes(connection, scopes, hq.open_conflicts)
        self._publish(gap=pushed.gap, open_conflicts=hq.open_conflicts, **self._local_facts())

        with self._engine.connect() as connection:
            to_load = snapshot.scopes_to_load(connection, scopes)
        if not snapshot.load_all(
            self._engine, client, to_load, now=self._now, progress=self._loading, stop=stop
        ):
            return  # stopping
        for scope in scopes:
            if stop():
                return
            try:
                pull.pull_scope(self._engine, client, scope, scopes, now=self._now, stop=stop)
            except pull.MustRefetchError:
                log.warning("Scope %s must be loaded again: HQ compacted its change log.", scope)
                with self._engine.begin() as connection:
                    snapshot.start_load(connection, scope, self._now())
                if not snapshot.load_all(
                    self._engine, client, [scope], now=self._now, progress=self._loading,
                    stop=stop,
                ):  # fmt: skip
                    return
        now = self._now()
        with self._engine.begin() as connection:
            store.record_outcome(
                connection, link=Link.ONLINE.value, error="", success_at=now, gap=pushed.gap
            )
        with self._lock:
            self._failures = 0
            self._due = time.monotonic() + self._interval
        self._publish(
            link=Link.ONLINE,
            last_success=now,
            last_error="",
            next_attempt=now + timedelta(seconds=self._interval),
            loading=None,
            **self._local_facts(),
        )

    def _failed(self, link: Link, error: str) -> None:
        now = self._now()
        if link is Link.REFUSED:
            log.error("HQ refused this terminal: %s", error)
            with self._lock:
                self._due = None
            next_attempt = None
        else:
            log.warning("Sync failed, will retry: %s", error)
            with self._lock:
                self._failures += 1
                delay = backoff_delay(self._failures, random.random())
                self._due = time.monotonic() + delay
            next_attempt = now + timedelta(seconds=delay)
        try:
            with self._engine.begin() as connection:
                store.record_outcome(connection, link=link.value, error=error, success_at=None)
            facts = self._local_facts()
        except Exception:
            log.exception("Cannot record the sync failure in the database.")
            facts = {}
        self._publish(link=link, last_error=error, next_attempt=next_attempt, **facts)

    def _loading(self, progress: LoadProgress) -> None:
        self._publish(loading=progress)

    def _client_for(self, link: store.LinkRecord) -> SyncClient:
        key = (link.hq_url, link.token)
        with self._lock:
            if self._client is None or self._client_key != key:
                if self._client is not None:
                    self._client.close()
                self._client = SyncClient(link.hq_url, link.token, transport=self._transport)
                self._client_key = key
            return self._client

    # --- status ------------------------------------------------------------------------------

    def status(self) -> SyncStatus:
        """The current status: an immutable record, no I/O."""
        with self._lock:
            return self._status

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` (on the engine's thread) after every status change; returns the
        function that unsubscribes it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _publish(self, *, always: bool = False, **changes: Any) -> None:
        """Store the new status and tell the listeners if it changed, or ``always`` (the end of
        a round someone asked for: "sync now" must hear back even when nothing changed)."""
        with self._lock:
            new = replace(self._status, **changes)
            if new == self._status and not always:
                return
            self._status = new
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(new)
            except Exception:
                log.exception("A sync status listener failed.")

    def _local_facts(self) -> dict[str, Any]:
        with self._engine.connect() as connection:
            counts = store.outbox_counts(connection)
            cursors = store.cursors(connection)
        return {
            "pending_ops": counts.pending,
            "oldest_pending": counts.oldest_pending,
            "rejected_ops": counts.rejected,
            "cursors": cursors,
        }

    def _read_status(self) -> SyncStatus:
        with self._engine.connect() as connection:
            link = store.read_link(connection)
            counts = store.outbox_counts(connection)
            cursors = store.cursors(connection)
            loading = None
            if link is not None:
                for scope in snapshot.scopes_to_load(connection, link.scopes):
                    state = snapshot.load_state(connection, scope)
                    if state is not None and state.rows_done:
                        loading = LoadProgress(
                            scope, state.next_table or "", state.rows_done, state.rows_total
                        )
                        break
        return SyncStatus(
            link=Link.NOT_CONFIGURED if link is None else Link(link.link),
            hq_url="" if link is None else link.hq_url,
            terminal_id="" if link is None else link.terminal_id,
            pending_ops=counts.pending,
            oldest_pending=counts.oldest_pending,
            last_success=None if link is None else link.last_success_at,
            last_error="" if link is None else link.last_error,
            next_attempt=None,
            open_conflicts=0 if link is None else link.open_conflicts,
            rejected_ops=counts.rejected,
            scopes=() if link is None else link.scopes,
            loading=loading,
            gap="" if link is None else link.gap,
            cursors=cursors,
        )

    # --- the conflict inbox (blocking HTTP, for the manager's screen) --------------------------

    def conflicts(self, state: str = "open") -> list[Conflict]:
        """This hall's parked ops at HQ; raises :class:`SyncError` when HQ cannot be asked."""
        with self._own_client() as client:
            return client.conflicts(state)

    def resolve(self, conflict_id: int, decision: Resolve) -> Conflict:
        """A manager's decision on a parked op; the open count is refreshed from HQ after."""
        with self._own_client() as client:
            resolved = client.resolve(conflict_id, decision)
            try:
                self._publish(open_conflicts=client.status().open_conflicts)
            except SyncError as error:
                log.warning("Cannot refresh the open conflicts after a decision: %s", error)
        return resolved

    def _own_client(self) -> SyncClient:
        """A client of its own for the calling thread (the engine's may be mid-round)."""
        with self._engine.connect() as connection:
            link = store.read_link(connection)
        if link is None:
            raise RefusedSyncError("This terminal has not joined HQ: run `counterdesk sync join`.")
        return SyncClient(link.hq_url, link.token, transport=self._transport)
