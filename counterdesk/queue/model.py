"""The day's queue in memory: tickets, windows and the rule for who is called next. No I/O.

The rules (DOMAIN.md "Queue", the issue):

- Categories (A payments, B business, C inquiries, V green channel by default) number their tickets
  from 1 each business day: A001, A002…
- A window serves categories with a weight, as in QSystem: ``EXCLUDE`` (never), ``RESERVE`` (only
  when no normal or VIP category has anyone waiting: QSystem's "remains"), ``NORMAL`` and ``VIP``
  (before the normal ones). *Call next* takes the head of the highest-weight queue that has someone
  waiting; ties between queues of the same weight go by the ticket's priority, then by how long it
  has waited (its issue time), then by its number.
- A ticket transferred to a window waits for that window alone and comes before the window's
  other queues: the customer was already served once and sent there.
- A transfer keeps the original issue time, so the customer does not go to the back of the line.
- A no-show needs ``no_show_after_recalls`` recalls first (a setting), so one missed call does not
  send a customer home; a no-show ticket may be called again by its number if they come back.

Every action returns the :class:`Change` it made, which the service persists and publishes.
The pick is O(categories × log n) with a heap per category and lazy removal, so call next stays
fast with 20,000 tickets a day (the benchmark).
"""

from __future__ import annotations

import heapq
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import IntEnum, StrEnum
from typing import Final

from counterdesk.queue.errors import (
    AlreadyRatedError,
    BadRatingError,
    BadSetupError,
    CategoryClosedError,
    NobodyWaitingError,
    NoCurrentTicketError,
    NotRatableError,
    NotYourTicketError,
    StillServingError,
    TicketClosedError,
    TicketTakenError,
    TooFewRecallsError,
    TransferTargetError,
    UnknownCategoryError,
    UnknownTicketError,
    UnknownWindowError,
    WindowBusyError,
    WindowClosedError,
)

RATING_SCORES: Final = range(2, 6)
"""An evaluator has four keys: 不满意 2, 基本满意 3, 满意 4, 非常满意 5 (devices.events)."""


class Weight(IntEnum):
    """How much a window wants a category (QSystem's service priorities for a user)."""

    EXCLUDE = 0
    RESERVE = 1
    NORMAL = 2
    VIP = 3


class TicketState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    FINISHED = "finished"
    NO_SHOW = "no_show"
    EXPIRED = "expired"
    """Still waiting when the business day ended: kept for the statistics, never called."""


class WindowState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    SERVING = "serving"
    PAUSED = "paused"


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    name_en: str = ""
    priority: int = 0
    """Given to every ticket of the category (the green channel's tickets outrank others)."""
    active: bool = True
    sort: int = 0


DEFAULT_CATEGORIES: Final = (
    Category("A", "缴费业务", "Payments", sort=1),
    Category("B", "业扩报装", "Applications", sort=2),
    Category("C", "咨询查询", "Inquiries", sort=3),
    Category("V", "绿色通道", "Green channel", priority=1, sort=0),
)


@dataclass
class Ticket:
    uid: uuid.UUID
    day: date
    number: str
    """Printed on the paper the customer holds; kept through transfers (the category may change)."""
    category: str
    seq: int
    priority: int
    issued_at: datetime
    state: TicketState = TicketState.WAITING
    source: str = "kiosk"
    window: int | None = None
    """The window that called it last."""
    target_window: int | None = None
    """Set by a transfer to a window: only that window calls it."""
    clerk_no: str | None = None
    called_at: datetime | None = None
    first_called_at: datetime | None = None
    recalls: int = 0
    finished_at: datetime | None = None
    transfers: int = 0
    rating: int | None = None
    rated_at: datetime | None = None
    version: int = 0
    """Bumped whenever the ticket re-enters a line, so stale heap entries are recognised."""

    def order_key(self) -> tuple[int, datetime, int]:
        return (-self.priority, self.issued_at, self.seq)


@dataclass
class Window:
    number: int
    name: str
    weights: dict[str, Weight] = field(default_factory=dict)
    state: WindowState = WindowState.CLOSED
    clerk_no: str | None = None
    clerk_name: str | None = None
    current: uuid.UUID | None = None
    last_finished: uuid.UUID | None = None
    """The ticket the evaluator rates: the one finished last at this window."""
    since: datetime | None = None
    """When the window entered its state (a pause shows how long it has been paused)."""


@dataclass(frozen=True)
class Change:
    """One action's effect, for the store and for the clients' live view."""

    kind: str
    at: datetime
    ticket: Ticket | None = None
    window: Window | None = None
    detail: Mapping[str, object] = field(default_factory=dict)
    moved: tuple[Ticket, ...] = ()
    """Other tickets the action changed (those sent back to their line when a window closes)."""


def ticket_number(code: str, seq: int) -> str:
    """A001… A999, then A1000: three digits are what the hall's displays and tickets expect."""
    return f"{code}{seq:03d}"


class HallQueue:
    """One business day of one hall; the service keeps one and replaces it at midnight."""

    def __init__(
        self,
        day: date,
        categories: Iterable[Category],
        windows: Iterable[Window],
        *,
        no_show_after_recalls: int = 1,
    ) -> None:
        self.day = day
        self.no_show_after_recalls = no_show_after_recalls
        self.categories: dict[str, Category] = {}
        self.windows: dict[int, Window] = {}
        self.tickets: dict[uuid.UUID, Ticket] = {}
        self.by_number: dict[str, Ticket] = {}
        self._seq: dict[str, int] = {}
        self._lines: dict[str, list[tuple[int, datetime, int, int, uuid.UUID]]] = {}
        self._targeted: dict[int, list[tuple[int, datetime, int, int, uuid.UUID]]] = {}
        self._waiting: dict[str, int] = {}
        self.set_categories(categories)
        for window in windows:
            self.windows[window.number] = window

    # --- setup ------------------------------------------------------------------------------

    def set_categories(self, categories: Iterable[Category]) -> None:
        for category in categories:
            if not category.code.isascii() or not category.code.isalpha():
                raise BadSetupError(f"category code {category.code!r} must be letters A–Z")
            self.categories[category.code] = category
            self._lines.setdefault(category.code, [])
            self._waiting.setdefault(category.code, 0)
            self._seq.setdefault(category.code, 0)

    def set_window(self, window: Window) -> None:
        for code in window.weights:
            if code not in self.categories:
                raise UnknownCategoryError(code)
        existing = self.windows.get(window.number)
        if existing is None:
            self.windows[window.number] = window
        else:
            existing.name = window.name
            existing.weights = dict(window.weights)

    # --- loading (a restarted server continues the day) ----------------------------------------

    def restore(self, ticket: Ticket) -> None:
        """Put back a stored ticket of this day, as it was."""
        self.tickets[ticket.uid] = ticket
        self.by_number[ticket.number] = ticket
        origin = ticket.number.rstrip("0123456789")  # A023 transferred to B is still A's 23rd
        self._seq[origin] = max(self._seq.get(origin, 0), ticket.seq)
        if ticket.state is TicketState.WAITING:
            self._enqueue(ticket)

    # --- reading ------------------------------------------------------------------------------

    def ticket(self, ref: str | uuid.UUID) -> Ticket:
        found = self.tickets.get(ref) if isinstance(ref, uuid.UUID) else self.by_number.get(ref)
        if found is None:
            raise UnknownTicketError(str(ref))
        return found

    def window(self, number: int) -> Window:
        found = self.windows.get(number)
        if found is None:
            raise UnknownWindowError(number)
        return found

    def waiting(self) -> dict[str, int]:
        return dict(self._waiting)

    def oldest_waiting(self) -> dict[str, datetime]:
        """Each category's longest-waiting ticket's issue time (the dashboard's longest wait)."""
        oldest: dict[str, datetime] = {}
        for ticket in self._waiting_tickets():
            known = oldest.get(ticket.category)
            if known is None or ticket.issued_at < known:
                oldest[ticket.category] = ticket.issued_at
        return oldest

    def people_ahead(self, ticket: Ticket) -> int:
        """Who will be called before ``ticket`` in its own line (what the kiosk prints)."""
        key = ticket.order_key()
        return sum(
            1
            for other in self._waiting_tickets()
            if other.category == ticket.category
            and other.uid != ticket.uid
            and other.target_window is None
            and other.order_key() < key
        )

    def _waiting_tickets(self) -> Iterable[Ticket]:
        for entries in (*self._lines.values(), *self._targeted.values()):
            for *_, version, uid in entries:
                ticket = self.tickets[uid]
                if ticket.state is TicketState.WAITING and ticket.version == version:
                    yield ticket

    # --- tickets ------------------------------------------------------------------------------

    def issue(
        self,
        category: str,
        now: datetime,
        *,
        uid: uuid.UUID | None = None,
        priority: int | None = None,
        source: str = "kiosk",
    ) -> Change:
        known = self.categories.get(category)
        if known is None:
            raise UnknownCategoryError(category)
        if not known.active:
            raise CategoryClosedError(category)
        seq = self._seq[category] + 1
        self._seq[category] = seq
        ticket = Ticket(
            uid=uid or uuid.uuid4(),
            day=self.day,
            number=ticket_number(category, seq),
            category=category,
            seq=seq,
            priority=known.priority if priority is None else max(priority, known.priority),
            issued_at=now,
            source=source,
        )
        self.tickets[ticket.uid] = ticket
        self.by_number[ticket.number] = ticket
        self._enqueue(ticket)
        return self._change("issued", now, ticket, None, ahead=self.people_ahead(ticket))

    # --- windows ------------------------------------------------------------------------------

    def open_window(self, number: int, clerk_no: str, clerk_name: str, now: datetime) -> Change:
        window = self.window(number)
        if window.state is not WindowState.CLOSED and window.clerk_no not in (None, clerk_no):
            raise WindowBusyError(number, window.clerk_no or "")
        if window.state is WindowState.CLOSED:
            window.state = WindowState.SERVING if window.current else WindowState.OPEN
            window.since = now
        window.clerk_no, window.clerk_name = clerk_no, clerk_name
        # The name travels with the event, so past months' statistics can still name the clerk.
        return self._change("opened", now, None, window, clerk_name=clerk_name)

    def close_window(self, number: int, now: datetime) -> Change:
        """Close the window; customers sent to it alone go back to their line, keeping their
        place (their issue time), so nobody waits all day for a window that will not call."""
        window = self.window(number)
        if window.current is not None:
            raise StillServingError(self.tickets[window.current].number)
        window.state, window.since = WindowState.CLOSED, now
        window.clerk_no = window.clerk_name = None
        moved = []
        for *_, version, uid in self._targeted.pop(number, []):
            ticket = self.tickets[uid]
            if ticket.state is TicketState.WAITING and ticket.version == version:
                self._waiting[ticket.category] -= 1
                ticket.target_window = None
                self._enqueue(ticket)
                moved.append(replace(ticket))
        change = self._change("closed", now, None, window, returned=[t.number for t in moved])
        return replace(change, moved=tuple(moved))

    def pause(self, number: int, now: datetime) -> Change:
        window = self._open_window(number)
        if window.current is not None:
            raise StillServingError(self.tickets[window.current].number)
        window.state, window.since = WindowState.PAUSED, now
        return self._change("paused", now, None, window)

    def resume(self, number: int, now: datetime) -> Change:
        window = self._open_window(number)
        if window.state is WindowState.PAUSED:
            window.state, window.since = WindowState.OPEN, now
        return self._change("resumed", now, None, window)

    def _open_window(self, number: int) -> Window:
        window = self.window(number)
        if window.state is WindowState.CLOSED:
            raise WindowClosedError(number)
        return window

    # --- calling ------------------------------------------------------------------------------

    def next_for(self, number: int) -> Ticket | None:
        """Who *call next* would take at window ``number``; changes nothing."""
        window = self.window(number)
        targeted = self._head(self._targeted.get(number, []))
        if targeted is not None:
            return targeted
        best: tuple[int, tuple[int, datetime, int], Ticket] | None = None
        for code, weight in window.weights.items():
            if weight is Weight.EXCLUDE:
                continue
            head = self._head(self._lines.get(code, []))
            if head is None:
                continue
            candidate = (-int(weight), head.order_key(), head)
            if best is None or candidate[:2] < best[:2]:
                best = candidate
        return None if best is None else best[2]

    def call_next(self, number: int, now: datetime) -> Change:
        window = self._callable_window(number)
        ticket = self.next_for(number)
        if ticket is None:
            raise NobodyWaitingError(number)
        return self._call(window, ticket, now, "called")

    def call(self, number: int, ref: str | uuid.UUID, now: datetime) -> Change:
        """Call one ticket by number: a customer back after a no-show, or one the clerk picks."""
        window = self._callable_window(number)
        ticket = self.ticket(ref)
        if ticket.state is TicketState.CALLED:
            raise TicketTakenError(ticket.number, ticket.window or "?")
        if ticket.state not in (TicketState.WAITING, TicketState.NO_SHOW):
            raise TicketClosedError(ticket.number)
        return self._call(window, ticket, now, "called")

    def _callable_window(self, number: int) -> Window:
        """A paused window that calls is back at work: pressing F1 says so plainly."""
        window = self._open_window(number)
        if window.current is not None:
            raise StillServingError(self.tickets[window.current].number)
        return window

    def _call(self, window: Window, ticket: Ticket, now: datetime, kind: str) -> Change:
        if ticket.state is TicketState.WAITING:
            self._dequeue(ticket)
        ticket.state = TicketState.CALLED
        ticket.window, ticket.clerk_no = window.number, window.clerk_no
        ticket.called_at = now
        ticket.first_called_at = ticket.first_called_at or now
        ticket.target_window = None
        ticket.recalls = 0
        window.current, window.state, window.since = ticket.uid, WindowState.SERVING, now
        return self._change(kind, now, ticket, window)

    def recall(self, number: int, now: datetime, expected: uuid.UUID | None = None) -> Change:
        window, ticket = self._current(number, expected)
        ticket.recalls += 1
        return self._change("recalled", now, ticket, window, recalls=ticket.recalls)

    def no_show(self, number: int, now: datetime, expected: uuid.UUID | None = None) -> Change:
        window, ticket = self._current(number, expected)
        if ticket.recalls < self.no_show_after_recalls:
            raise TooFewRecallsError(ticket.number, self.no_show_after_recalls, ticket.recalls)
        ticket.state, ticket.finished_at = TicketState.NO_SHOW, now
        window.current, window.state, window.since = None, WindowState.OPEN, now
        return self._change("no_show", now, ticket, window)

    def finish(self, number: int, now: datetime, expected: uuid.UUID | None = None) -> Change:
        window, ticket = self._current(number, expected)
        ticket.state, ticket.finished_at = TicketState.FINISHED, now
        window.current, window.last_finished = None, ticket.uid
        window.state, window.since = WindowState.OPEN, now
        return self._change("finished", now, ticket, window)

    def transfer(
        self,
        number: int,
        now: datetime,
        *,
        category: str | None = None,
        to_window: int | None = None,
        expected: uuid.UUID | None = None,
    ) -> Change:
        """Send the current customer on, to another category's line or to one window."""
        window, ticket = self._current(number, expected)
        if category is None and to_window is None:
            raise TransferTargetError()
        if to_window is not None:
            self.window(to_window)
            if to_window == number:
                raise TransferTargetError()
        if category is not None and category not in self.categories:
            raise UnknownCategoryError(category)
        if category == ticket.category and to_window is None:
            raise TransferTargetError()
        origin = {"from_category": ticket.category, "from_window": number}
        ticket.category = category or ticket.category
        ticket.target_window = to_window
        ticket.state, ticket.window, ticket.called_at = TicketState.WAITING, None, None
        ticket.recalls = 0
        ticket.transfers += 1
        self._enqueue(ticket)
        window.current, window.state, window.since = None, WindowState.OPEN, now
        return self._change("transferred", now, ticket, window, **origin)

    def _current(self, number: int, expected: uuid.UUID | None) -> tuple[Window, Ticket]:
        window = self.window(number)
        if window.current is None:
            if expected is not None and expected in self.tickets:
                ticket = self.tickets[expected]
                if ticket.state is TicketState.CALLED and ticket.window is not None:
                    raise NotYourTicketError(ticket.number, number)
                if ticket.state is not TicketState.WAITING:
                    raise TicketClosedError(ticket.number)
            raise NoCurrentTicketError(number)
        ticket = self.tickets[window.current]
        if expected is not None and expected != ticket.uid:
            other = self.tickets.get(expected)
            raise NotYourTicketError(other.number if other else str(expected), number)
        return window, ticket

    # --- ratings ------------------------------------------------------------------------------

    def rate(self, ref: str | uuid.UUID, score: int, now: datetime) -> Change:
        if isinstance(score, bool) or not isinstance(score, int) or score not in RATING_SCORES:
            raise BadRatingError(score)
        ticket = self.ticket(ref)
        if ticket.state is not TicketState.FINISHED:
            raise NotRatableError(ticket.number)
        if ticket.rating is not None:
            raise AlreadyRatedError(ticket.number)
        ticket.rating, ticket.rated_at = score, now
        window = self.windows.get(ticket.window) if ticket.window is not None else None
        return self._change("rated", now, ticket, window, score=score)

    def rate_last(self, number: int, score: int, now: datetime) -> Change:
        """The evaluator keypad knows its window, not the ticket: rate the one finished last."""
        window = self.window(number)
        if window.last_finished is None:
            raise NoCurrentTicketError(number)
        return self.rate(window.last_finished, score, now)

    # --- the end of the day ---------------------------------------------------------------------

    def expire(self, now: datetime) -> list[Change]:
        """Close the day: waiting and called tickets expire, windows close (history is kept)."""
        changes: list[Change] = []
        for ticket in self.tickets.values():
            if ticket.state in (TicketState.WAITING, TicketState.CALLED):
                ticket.state = TicketState.EXPIRED
                changes.append(self._change("expired", now, ticket, None))
        for window in self.windows.values():
            window.current = window.last_finished = None
            window.state, window.since = WindowState.CLOSED, now
            window.clerk_no = window.clerk_name = None
            changes.append(self._change("closed", now, None, window))
        for line in (*self._lines.values(), *self._targeted.values()):
            line.clear()
        self._waiting = dict.fromkeys(self._waiting, 0)
        return changes

    # --- lines --------------------------------------------------------------------------------

    def _enqueue(self, ticket: Ticket) -> None:
        ticket.version += 1
        entry = (*ticket.order_key(), ticket.version, ticket.uid)
        if ticket.target_window is not None:
            heapq.heappush(self._targeted.setdefault(ticket.target_window, []), entry)
        else:
            heapq.heappush(self._lines.setdefault(ticket.category, []), entry)
        self._waiting[ticket.category] = self._waiting.get(ticket.category, 0) + 1

    def _dequeue(self, ticket: Ticket) -> None:
        ticket.version += 1  # its heap entry is now stale and will be dropped when it surfaces
        self._waiting[ticket.category] -= 1

    def _head(self, line: list[tuple[int, datetime, int, int, uuid.UUID]]) -> Ticket | None:
        while line:
            *_, version, uid = line[0]
            ticket = self.tickets[uid]
            if ticket.state is TicketState.WAITING and ticket.version == version:
                return ticket
            heapq.heappop(line)
        return None

    def _change(
        self,
        kind: str,
        at: datetime,
        ticket: Ticket | None,
        window: Window | None,
        **detail: object,
    ) -> Change:
        return Change(
            kind,
            at,
            replace(ticket) if ticket else None,
            replace(window, weights=dict(window.weights)) if window else None,
            detail,
        )
