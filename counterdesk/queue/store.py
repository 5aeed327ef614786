"""The queue's tables: setup (categories, windows), tickets as they stand, and every event.

Each change is written in the caller's transaction: the ticket's row, the window's row and one
``queue_event`` row, whose id becomes the live stream's event id. A restarted server reads the
day's tickets back (:func:`load_day`) and carries on where it stopped.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, update

from counterdesk.queue.model import (
    DEFAULT_CATEGORIES,
    Category,
    Change,
    Ticket,
    TicketState,
    Weight,
    Window,
    WindowState,
)
from counterdesk.services.common import aware_utc, naive_utc
from counterdesk.store.models import (
    QueueCategoryRow,
    QueueEventRow,
    QueueTicketRow,
    QueueWindowRow,
)

_category: Table = QueueCategoryRow.__table__  # type: ignore[assignment]
_window: Table = QueueWindowRow.__table__  # type: ignore[assignment]
_ticket: Table = QueueTicketRow.__table__  # type: ignore[assignment]
_event: Table = QueueEventRow.__table__  # type: ignore[assignment]


def _stored(moment: datetime | None) -> datetime | None:
    return None if moment is None else naive_utc(moment)


def _read(value: Any) -> datetime | None:
    return None if value is None else aware_utc(value)


# --- setup ------------------------------------------------------------------------------------


def load_categories(connection: Connection) -> list[Category]:
    rows = connection.execute(select(_category).order_by(_category.c.sort, _category.c.code))
    return [
        Category(row.code, row.name, row.name_en, row.priority, row.active, row.sort)
        for row in rows
    ]


def save_categories(connection: Connection, categories: Iterable[Category]) -> None:
    for category in categories:
        values = {
            "name": category.name,
            "name_en": category.name_en,
            "priority": category.priority,
            "active": category.active,
            "sort": category.sort,
        }
        done = connection.execute(
            update(_category).where(_category.c.code == category.code).values(**values)
        )
        if done.rowcount == 0:
            connection.execute(insert(_category).values(code=category.code, **values))


def load_windows(connection: Connection) -> list[Window]:
    return [_window_from(row) for row in connection.execute(select(_window).order_by("number"))]


def _window_from(row: Any) -> Window:
    return Window(
        number=row.number,
        name=row.name,
        weights={code: Weight(value) for code, value in json.loads(row.weights).items()},
        state=WindowState(row.state),
        clerk_no=row.clerk_no,
        clerk_name=row.clerk_name,
        current=row.current_uid,
        last_finished=row.last_finished_uid,
        since=_read(row.since),
    )


def save_window(connection: Connection, window: Window) -> None:
    values = {
        "name": window.name,
        "weights": json.dumps({code: int(weight) for code, weight in window.weights.items()}),
        "state": window.state.value,
        "clerk_no": window.clerk_no,
        "clerk_name": window.clerk_name,
        "current_uid": window.current,
        "last_finished_uid": window.last_finished,
        "since": _stored(window.since),
    }
    done = connection.execute(
        update(_window).where(_window.c.number == window.number).values(**values)
    )
    if done.rowcount == 0:
        connection.execute(insert(_window).values(number=window.number, **values))


def remove_window(connection: Connection, number: int) -> None:
    connection.execute(delete(_window).where(_window.c.number == number))


def default_windows(categories: Iterable[Category], count: int = 3) -> list[Window]:
    """A hall as installed: windows 1…count serve every category, the green channel first."""
    weights = {c.code: Weight.VIP if c.priority > 0 else Weight.NORMAL for c in categories}
    return [Window(number, f"{number}号窗口", dict(weights)) for number in range(1, count + 1)]


def ensure_setup(connection: Connection, *, windows: int = 3) -> None:
    """Give an empty hall the default categories and windows, so it works out of the box."""
    if not load_categories(connection):
        save_categories(connection, DEFAULT_CATEGORIES)
    if not load_windows(connection):
        for window in default_windows(DEFAULT_CATEGORIES, windows):
            save_window(connection, window)


# --- tickets ----------------------------------------------------------------------------------


def _ticket_values(ticket: Ticket) -> dict[str, Any]:
    return {
        "day": ticket.day,
        "number": ticket.number,
        "category": ticket.category,
        "seq": ticket.seq,
        "priority": ticket.priority,
        "issued_at": naive_utc(ticket.issued_at),
        "state": ticket.state.value,
        "source": ticket.source,
        "window": ticket.window,
        "target_window": ticket.target_window,
        "clerk_no": ticket.clerk_no,
        "called_at": _stored(ticket.called_at),
        "first_called_at": _stored(ticket.first_called_at),
        "finished_at": _stored(ticket.finished_at),
        "recalls": ticket.recalls,
        "transfers": ticket.transfers,
        "rating": ticket.rating,
        "rated_at": _stored(ticket.rated_at),
    }


def _ticket_from(row: Any) -> Ticket:
    return Ticket(
        uid=row.uid,
        day=row.day,
        number=row.number,
        category=row.category,
        seq=row.seq,
        priority=row.priority,
        issued_at=aware_utc(row.issued_at),
        state=TicketState(row.state),
        source=row.source,
        window=row.window,
        target_window=row.target_window,
        clerk_no=row.clerk_no,
        called_at=_read(row.called_at),
        first_called_at=_read(row.first_called_at),
        finished_at=_read(row.finished_at),
        recalls=row.recalls,
        transfers=row.transfers,
        rating=row.rating,
        rated_at=_read(row.rated_at),
    )


def load_day(connection: Connection, day: date) -> Iterator[Ticket]:
    rows = connection.execute(select(_ticket).where(_ticket.c.day == day).order_by(_ticket.c.id))
    return (_ticket_from(row) for row in rows)


def open_days_before(connection: Connection, day: date) -> list[date]:
    """Earlier days that still have tickets waiting or called: the server was off at midnight."""
    rows = connection.execute(
        select(_ticket.c.day)
        .where(
            _ticket.c.day < day,
            _ticket.c.state.in_([TicketState.WAITING.value, TicketState.CALLED.value]),
        )
        .distinct()
    )
    return sorted(row.day for row in rows)


def expire_day(connection: Connection, day: date) -> int:
    done = connection.execute(
        update(_ticket)
        .where(
            _ticket.c.day == day,
            _ticket.c.state.in_([TicketState.WAITING.value, TicketState.CALLED.value]),
        )
        .values(state=TicketState.EXPIRED.value)
    )
    return done.rowcount


# --- changes ----------------------------------------------------------------------------------


def write(connection: Connection, change: Change, day: date) -> int:
    """Persist one change; returns its event id (the stream's ``id:``)."""
    ticket, window = change.ticket, change.window
    if ticket is not None:
        values = _ticket_values(ticket)
        if change.kind == "issued":
            connection.execute(insert(_ticket).values(uid=ticket.uid, **values))
        else:
            connection.execute(update(_ticket).where(_ticket.c.uid == ticket.uid).values(**values))
    for other in change.moved:
        connection.execute(
            update(_ticket).where(_ticket.c.uid == other.uid).values(**_ticket_values(other))
        )
    if window is not None:
        save_window(connection, window)
    result = connection.execute(
        insert(_event).values(
            at=naive_utc(change.at),
            day=day,
            kind=change.kind,
            ticket_uid=ticket.uid if ticket else None,
            number=ticket.number if ticket else None,
            window=window.number if window else (ticket.window if ticket else None),
            clerk_no=(window.clerk_no if window else None) or (ticket.clerk_no if ticket else None),
            detail=json.dumps(dict(change.detail), ensure_ascii=False, default=str),
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def last_event_id(connection: Connection) -> int:
    found = connection.execute(select(_event.c.id).order_by(_event.c.id.desc()).limit(1)).first()
    return 0 if found is None else int(found.id)


def ticket_uid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
