"""The hall's queue as a service: one lock, the day in memory, every change written and published.

Why in memory with write-through, not a query per call: *call next* must stay under 20 ms at the
99th percentile with 100 windows and 20,000 tickets a day (the benchmark), and the pick over
heaps in :mod:`counterdesk.queue.model` takes microseconds. The database is still the truth: each
change commits (ticket, window and event rows in one transaction) before anyone is told, and if
the commit fails the day is read back from the database, so memory never runs ahead of it.

One hall server process owns a hall's queue (ARCHITECTURE.md); the lock serialises its actions,
so two counters pressing F1 at the same moment get two different customers.

Requests may carry a ``request_id``; the answer to a repeated id is the first answer, so a
retried HTTP call or a double click delivered twice never calls two customers.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any, Final
from uuid import UUID

from sqlalchemy import Connection, Engine

from counterdesk.queue import store
from counterdesk.queue.errors import BadSetupError, QueueError, StillServingError
from counterdesk.queue.model import (
    Category,
    Change,
    HallQueue,
    Ticket,
    Window,
    WindowState,
)
from counterdesk.services.common import business_day
from counterdesk.store import settings

log = logging.getLogger(__name__)

Event = dict[str, Any]
Listener = Callable[[Event], None]
Clock = Callable[[], datetime]

REMEMBERED_REQUESTS: Final = 4096
RECENT_CALLS: Final = 12


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat()


def ticket_json(ticket: Ticket) -> dict[str, Any]:
    return {
        "uid": str(ticket.uid),
        "number": ticket.number,
        "category": ticket.category,
        "state": ticket.state.value,
        "priority": ticket.priority,
        "source": ticket.source,
        "issued_at": _iso(ticket.issued_at),
        "window": ticket.window,
        "target_window": ticket.target_window,
        "clerk_no": ticket.clerk_no,
        "called_at": _iso(ticket.called_at),
        "first_called_at": _iso(ticket.first_called_at),
        "finished_at": _iso(ticket.finished_at),
        "recalls": ticket.recalls,
        "transfers": ticket.transfers,
        "rating": ticket.rating,
    }


def category_json(category: Category) -> dict[str, Any]:
    return {
        "code": category.code,
        "name": category.name,
        "name_en": category.name_en,
        "priority": category.priority,
        "active": category.active,
        "sort": category.sort,
    }


class QueueService:
    def __init__(self, engine: Engine, *, clock: Clock | None = None, windows: int = 3) -> None:
        self._engine = engine
        self._clock = clock or (lambda: datetime.now(UTC))
        self._default_windows = windows
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._answers: OrderedDict[str, Event] = OrderedDict()
        self._recent: deque[dict[str, Any]] = deque(maxlen=RECENT_CALLS)
        self._notice = ""
        self._settings: dict[str, Any] = {}
        self._last_id = 0
        self._stale = False
        """A change failed to be stored and the day could not be read back yet (see _recover)."""
        self._queue = self._load(self._clock())

    # --- loading and the day ------------------------------------------------------------------

    def _load(self, now: datetime) -> HallQueue:
        day = business_day(now)
        with self._engine.begin() as connection:
            store.ensure_setup(connection, windows=self._default_windows)
            for earlier in store.open_days_before(connection, day):
                count = store.expire_day(connection, earlier)
                log.info(
                    "Queue: %d tickets of %s expired (the server was off at midnight).",
                    count,
                    earlier,
                )
            windows = store.load_windows(connection)
            for window in windows:
                if self._fresh(window, day):  # only then: reading back must not need a write
                    store.save_window(connection, window)
            queue = HallQueue(day, store.load_categories(connection), windows)
            for ticket in store.load_day(connection, day):
                queue.restore(ticket)
            self._settings = settings.read_all(connection)
            self._last_id = store.last_event_id(connection)
        queue.no_show_after_recalls = self._settings["queue.no_show_after_recalls"]
        self._notice = self._settings["queue.notice"]
        self._recent.clear()
        called = sorted(
            (t for t in queue.tickets.values() if t.called_at is not None),
            key=lambda t: t.called_at or now,
        )
        for ticket in called[-RECENT_CALLS:]:
            self._recent.appendleft(self._call_json(ticket, queue))
        for window in queue.windows.values():
            if window.current is not None and window.current not in queue.tickets:
                window.current, window.state = None, WindowState.OPEN
        return queue

    @staticmethod
    def _fresh(window: Window, day: date) -> bool:
        """A window left open on an earlier day starts today closed and empty; True if it was."""
        if window.since is None or business_day(window.since) >= day:
            return False
        was = (window.state, window.current, window.last_finished, window.clerk_no)
        window.state, window.current, window.last_finished = WindowState.CLOSED, None, None
        window.clerk_no = window.clerk_name = None
        return was != (WindowState.CLOSED, None, None, None)

    def _recover(self, now: datetime) -> None:
        """After a failed write, make memory the database again before anyone reads it.

        The action already changed the day in memory; reading the day back undoes it. When even
        that fails (the database is gone, not just refusing writes), nothing is answered from
        memory until a later call manages to read the day back (:meth:`_current_day`).
        """
        self._stale = True
        try:
            self._queue = self._load(now)
        except Exception:
            log.exception("Queue: the day cannot be read back from the database; will retry.")
            return
        self._stale = False

    def _current_day(self, now: datetime) -> None:
        """Called under the lock before every read and action: back from a failure, then the day."""
        if self._stale:
            self._queue = self._load(now)
            self._stale = False
        self._roll(now)

    def _roll(self, now: datetime) -> None:
        """At the first action of a new business day, close the old day and start clean."""
        if business_day(now) == self._queue.day:
            return
        old_day = self._queue.day
        changes = self._queue.expire(now)
        try:
            with self._engine.begin() as connection:
                for change in changes:
                    self._last_id = store.write(connection, change, old_day)
            self._queue = self._load(now)
        except Exception:
            log.exception("Queue: the end of %s could not be stored.", old_day)
            self._recover(now)
            raise
        self._publish_raw({"kind": "day", "at": _iso(now), "state": self._state_locked()})

    # --- listening ----------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every event, in order, from the thread that made the change."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _publish_raw(self, event: Event) -> None:
        event.setdefault("id", self._last_id)
        event.setdefault("waiting", self._queue.waiting())
        event.setdefault("oldest", {k: _iso(v) for k, v in self._queue.oldest_waiting().items()})
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a broken listener must not stop the hall
                log.exception("A queue listener failed on event %s", event.get("id"))

    # --- reading ------------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        """The hall database, for read-only statistics beside the live queue."""
        return self._engine

    @property
    def day(self) -> date:
        return self._queue.day

    def now(self) -> datetime:
        """The hall's clock: statistics measure current waits against the queue's own time."""
        return self._clock()

    def state(self) -> dict[str, Any]:
        """Everything a client needs to draw the hall now; events then keep it current."""
        with self._lock:
            self._current_day(self._clock())
            return self._state_locked()

    def _state_locked(self) -> dict[str, Any]:
        queue = self._queue
        return {
            "id": self._last_id,
            "day": queue.day.isoformat(),
            "categories": [category_json(c) for c in queue.categories.values()],
            "windows": [self._window_json(w) for w in queue.windows.values()],
            "waiting": queue.waiting(),
            "oldest": {k: _iso(v) for k, v in queue.oldest_waiting().items()},
            "recent": list(self._recent),
            "notice": self._notice,
            "no_show_after_recalls": queue.no_show_after_recalls,
            "wait_target_minutes": self._settings["queue.wait_target_minutes"],
        }

    def ticket(self, ref: str | UUID) -> dict[str, Any]:
        """One ticket by its number (``A023``, any case) or its uid, as text or a UUID."""
        if isinstance(ref, str):
            ref = store.ticket_uid(ref) or ref.strip().upper()
        with self._lock:
            self._current_day(self._clock())
            ticket = self._queue.ticket(ref)
            found = ticket_json(ticket)
            if ticket.state.value == "waiting":
                found["ahead"] = self._queue.people_ahead(ticket)
            return found

    def waiting_tickets(self, category: str | None = None) -> list[dict[str, Any]]:
        """Who is waiting, in the order they would be called within their line."""
        with self._lock:
            self._current_day(self._clock())
            tickets = [
                t
                for t in self._queue.tickets.values()
                if t.state.value == "waiting" and category in (None, t.category)
            ]
            tickets.sort(key=lambda t: (t.category, t.order_key()))
            return [ticket_json(t) for t in tickets]

    def _window_json(self, window: Window) -> dict[str, Any]:
        current = self._queue.tickets.get(window.current) if window.current else None
        return {
            "number": window.number,
            "name": window.name,
            "state": window.state.value,
            "clerk_no": window.clerk_no,
            "clerk_name": window.clerk_name,
            "since": _iso(window.since),
            "weights": {code: int(weight) for code, weight in window.weights.items()},
            "current": ticket_json(current) if current else None,
            "last_finished": str(window.last_finished) if window.last_finished else None,
        }

    def _call_json(self, ticket: Ticket, queue: HallQueue | None = None) -> dict[str, Any]:
        windows = (queue or self._queue).windows
        window = windows.get(ticket.window) if ticket.window else None
        return {
            "number": ticket.number,
            "window": ticket.window,
            "window_name": window.name if window else None,
            "at": _iso(ticket.called_at),
        }

    # --- acting -------------------------------------------------------------------------------

    def _act(
        self,
        request_id: str | None,
        action: Callable[[HallQueue, datetime], Change],
        *,
        store_also: Callable[[Connection, datetime], None] | None = None,
    ) -> Event:
        """Do ``action`` on the day in memory, store it (with ``store_also`` in the same
        transaction), then publish it; a failed write undoes it in memory (:meth:`_recover`)."""
        with self._lock:
            if request_id and request_id in self._answers:
                return self._answers[request_id]
            now = self._clock()
            self._current_day(now)
            change = action(self._queue, now)
            try:
                with self._engine.begin() as connection:
                    if store_also is not None:
                        store_also(connection, now)
                    event_id = store.write(connection, change, self._queue.day)
            except Exception:
                log.exception(
                    "Queue change %s could not be stored; reloading the day.", change.kind
                )
                self._recover(now)
                raise
            self._last_id = event_id
            if change.kind == "notice":
                self._notice = str(change.detail["text"])
            event = self._event(event_id, change)
            if change.kind in ("called", "recalled") and change.ticket is not None:
                self._recent.appendleft(self._call_json(change.ticket))
            if request_id:
                self._answers[request_id] = event
                while len(self._answers) > REMEMBERED_REQUESTS:
                    self._answers.popitem(last=False)
            self._publish_raw(event)
            return event

    def _event(self, event_id: int, change: Change) -> Event:
        return {
            "id": event_id,
            "kind": change.kind,
            "at": _iso(change.at),
            "day": self._queue.day.isoformat(),
            "ticket": ticket_json(change.ticket) if change.ticket else None,
            "window": self._window_json(change.window) if change.window else None,
            "detail": dict(change.detail),
        }

    def issue(
        self,
        category: str,
        *,
        priority: int | None = None,
        source: str = "kiosk",
        request_id: str | None = None,
    ) -> Event:
        return self._act(
            request_id,
            lambda q, now: q.issue(category, now, priority=priority, source=source),
        )

    def open_window(
        self, window: int, clerk_no: str, clerk_name: str, *, request_id: str | None = None
    ) -> Event:
        return self._act(
            request_id, lambda q, now: q.open_window(window, clerk_no, clerk_name, now)
        )

    def close_window(self, window: int, *, request_id: str | None = None) -> Event:
        return self._act(request_id, lambda q, now: q.close_window(window, now))

    def call_next(self, window: int, *, request_id: str | None = None) -> Event:
        return self._act(request_id, lambda q, now: q.call_next(window, now))

    def call(self, window: int, ticket: str, *, request_id: str | None = None) -> Event:
        ref: str | UUID = store.ticket_uid(ticket) or ticket
        return self._act(request_id, lambda q, now: q.call(window, ref, now))

    def recall(
        self, window: int, *, expected: UUID | None = None, request_id: str | None = None
    ) -> Event:
        return self._act(request_id, lambda q, now: q.recall(window, now, expected))

    def no_show(
        self, window: int, *, expected: UUID | None = None, request_id: str | None = None
    ) -> Event:
        return self._act(request_id, lambda q, now: q.no_show(window, now, expected))

    def finish(
        self, window: int, *, expected: UUID | None = None, request_id: str | None = None
    ) -> Event:
        return self._act(request_id, lambda q, now: q.finish(window, now, expected))

    def transfer(
        self,
        window: int,
        *,
        category: str | None = None,
        to_window: int | None = None,
        expected: UUID | None = None,
        request_id: str | None = None,
    ) -> Event:
        return self._act(
            request_id,
            lambda q, now: q.transfer(
                window, now, category=category, to_window=to_window, expected=expected
            ),
        )

    def pause(self, window: int, *, request_id: str | None = None) -> Event:
        return self._act(request_id, lambda q, now: q.pause(window, now))

    def resume(self, window: int, *, request_id: str | None = None) -> Event:
        return self._act(request_id, lambda q, now: q.resume(window, now))

    def rate(
        self,
        *,
        score: int,
        ticket: str | None = None,
        window: int | None = None,
        request_id: str | None = None,
    ) -> Event:
        """Rate a ticket, or the one finished last at ``window`` (an evaluator keypad's view)."""
        if ticket is not None:
            ref: str | UUID = store.ticket_uid(ticket) or ticket
            return self._act(request_id, lambda q, now: q.rate(ref, score, now))
        if window is None:
            raise BadSetupError("a rating names its ticket or its window")
        return self._act(request_id, lambda q, now: q.rate_last(window, score, now))

    def set_notice(self, text: str, *, request_id: str | None = None) -> Event:
        """The hall screen's notice line; stored with its event, so both or neither."""
        notice = text.strip()

        def change(queue: HallQueue, now: datetime) -> Change:  # noqa: ARG001
            return Change("notice", now, detail={"text": notice})

        def remember(connection: Connection, now: datetime) -> None:
            settings.write(connection, "queue.notice", notice, now=now)

        return self._act(request_id, change, store_also=remember)

    # --- setup --------------------------------------------------------------------------------

    def configure(
        self, categories: Iterable[Category], windows: Iterable[Window]
    ) -> dict[str, Any]:
        """Replace the categories and the windows' weights; windows at work keep their state."""
        categories, windows = list(categories), list(windows)
        codes = {c.code for c in categories}
        if not codes:
            raise BadSetupError("at least one category is needed")
        with self._lock:
            self._current_day(self._clock())
            for window in windows:
                unknown = set(window.weights) - codes
                if unknown:
                    raise BadSetupError(
                        f"window {window.number} names unknown categories {sorted(unknown)}"
                    )
            kept = {w.number for w in windows}
            for number, existing in self._queue.windows.items():
                if number not in kept and existing.current is not None:
                    raise StillServingError(self._queue.tickets[existing.current].number)
            now = self._clock()
            with self._engine.begin() as connection:
                store.save_categories(connection, categories)
                for number in set(self._queue.windows) - kept:
                    store.remove_window(connection, number)
                for window in windows:
                    live = self._queue.windows.get(window.number)
                    if live is not None:
                        window.state, window.clerk_no = live.state, live.clerk_no
                        window.clerk_name, window.current = live.clerk_name, live.current
                        window.last_finished, window.since = live.last_finished, live.since
                    store.save_window(connection, window)
                self._last_id = store.write(connection, Change("setup", now), self._queue.day)
            try:
                self._queue = self._load(now)
            except Exception:
                self._recover(now)
                raise
            state = self._state_locked()
            self._publish_raw({"kind": "setup", "at": _iso(now), "state": state})
            return state

    def check(self) -> None:
        """Raise when the database cannot be reached (the server's health check)."""
        with self._engine.connect() as connection:
            store.last_event_id(connection)


__all__ = ["Event", "QueueError", "QueueService", "category_json", "ticket_json"]
