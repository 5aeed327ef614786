"""The overdue board (超时、压单): every open order with its next deadline, for clerks and managers.

Why two flags: an order past its step's deadline is *overdue* (超时) whatever the reason; an order
nobody has touched for several working days is *held* (压单) even while its deadline is still
ahead, which is how a manager catches a delay before it becomes a broken promise. A paused order
waits on the customer and is neither. Lines come grouped by department and responsible person,
the way the supervision (督办) meeting goes through them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Final

from sqlalchemy import Connection, text

from counterdesk.domain.orders.steps import DEFAULT_HELD_AFTER_WORKDAYS
from counterdesk.domain.orders.workflow import PAUSED
from counterdesk.domain.workdays import WorkCalendar
from counterdesk.orders.records import OrderKind
from counterdesk.services.common import aware_utc, business_day


@dataclass(frozen=True)
class BoardLine:
    order_uid: uuid.UUID
    order_no: str
    kind: OrderKind
    subtype: str
    state: str
    customer_name: str
    account_no: str
    first_owner_no: str
    department: str
    handler_no: str
    step: str | None
    """The next step not yet done; None when every step is done and only closing is left."""
    due_at: datetime
    provisional: bool
    overdue: bool
    workdays_overdue: int
    held: bool
    idle_workdays: int
    supervisions: int
    last_supervision: str
    version: int


_BOARD_SQL: Final = """
SELECT o.uid, o.order_no, o.kind, o.subtype, o.state, o.customer_name, coalesce(a.number, ''),
       o.first_owner_no, o.department, o.handler_no, s.step, coalesce(s.due_at, o.due_at),
       coalesce(s.provisional, 0), coalesce(o.updated_at, o.created_at),
       (SELECT count(*) FROM work_order_event AS e
         WHERE e.order_id = o.id AND e.action = 'supervise'),
       (SELECT e.note FROM work_order_event AS e
         WHERE e.order_id = o.id AND e.action = 'supervise' ORDER BY e.id DESC LIMIT 1),
       o.version
FROM work_order AS o
LEFT JOIN account AS a ON a.id = o.account_id
LEFT JOIN work_order_step AS s ON s.id = (
    SELECT s2.id FROM work_order_step AS s2
     WHERE s2.order_id = o.id AND s2.done_at IS NULL ORDER BY s2.seq LIMIT 1)
WHERE o.closed_at IS NULL AND o.state NOT IN ('closed', 'cancelled', 'archived')
"""


def board(
    connection: Connection,
    now: datetime,
    calendar: WorkCalendar,
    *,
    held_after_workdays: int = DEFAULT_HELD_AFTER_WORKDAYS,
) -> list[BoardLine]:
    """Every open order, most overdue first within each department and person."""
    today = business_day(now)
    lines: list[BoardLine] = []
    for row in connection.execute(text(_BOARD_SQL)):
        due_at = aware_utc(row[11])
        last_touched = aware_utc(row[13])
        # An order with no open step (a service awaiting its fee, one only left to close) has no
        # deadline running, so it cannot be late.
        overdue = row[10] is not None and now > due_at
        workdays_over = (
            max(calendar.workdays_between(business_day(due_at), today), 0) if overdue else 0
        )
        idle = max(calendar.workdays_between(business_day(last_touched), today), 0)
        state = str(row[4])
        held = not overdue and state != PAUSED and idle >= held_after_workdays
        lines.append(
            BoardLine(
                order_uid=uuid.UUID(bytes=bytes(row[0])),
                order_no=str(row[1]),
                kind=OrderKind(str(row[2])),
                subtype=str(row[3]),
                state=state,
                customer_name=str(row[5]),
                account_no=str(row[6]),
                first_owner_no=str(row[7]),
                department=str(row[8]),
                handler_no=str(row[9]),
                step=None if row[10] is None else str(row[10]),
                due_at=due_at,
                provisional=bool(row[12]),
                overdue=overdue,
                workdays_overdue=workdays_over,
                held=held,
                idle_workdays=idle,
                supervisions=int(row[14]),
                last_supervision=str(row[15] or ""),
                version=int(row[16]),
            )
        )
    lines.sort(key=lambda line: (line.department, line.handler_no, not line.overdue,
                                 not line.held, line.due_at))  # fmt: skip
    return lines


@dataclass(frozen=True)
class BoardGroup:
    """One department and person with their open orders (超时 and 压单 counted)."""

    department: str
    handler_no: str
    lines: tuple[BoardLine, ...]

    @property
    def overdue(self) -> int:
        return sum(1 for line in self.lines if line.overdue)

    @property
    def held(self) -> int:
        return sum(1 for line in self.lines if line.held)


def grouped(lines: Iterable[BoardLine]) -> list[BoardGroup]:
    """Groups by department and person; the groups with the most overdue orders first."""
    groups = [
        BoardGroup(department, handler, tuple(members))
        for (department, handler), members in groupby(
            sorted(lines, key=lambda line: (line.department, line.handler_no)),
            key=lambda line: (line.department, line.handler_no),
        )
    ]
    groups.sort(key=lambda group: (-group.overdue, -group.held, group.department, group.handler_no))
    return groups
