"""Step deadlines of a work order, counted in working days or hours from the acceptance.

Why each step gets its own date: the acceptance receipt promises the customer a date per step
(survey, scheme reply, completion, energizing), and the overdue board (超时、压单) needs to know,
for every open order, which step is late and since when. The standards come from the settings
(DOMAIN.md's defaults: residential connection 5 working days in all, complaint contact within 1
working day and reply within 5, the 24-hour reconnection), so a rule here is data, not code.

A step counts either from the acceptance or from the due date of the step before it
(``from_start``). A due date in working days falls due at the close of the hall on that day, so
"overdue" is one comparison of instants for every kind of step. A date computed over a year the
calendar has no data for is *provisional*: the receipt says "暂定" beside it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Final

from counterdesk.domain.workdays import CHINA_STANDARD_TIME, DEFAULT_OFFICE_CLOSES, WorkCalendar

DEFAULT_HELD_AFTER_WORKDAYS: Final = 3
"""An open order untouched for this many working days is held (压单) on the board; a setting."""


class Unit(enum.StrEnum):
    WORKDAYS = "workdays"
    """Working days (工作日), holidays and adjusted weekends as the official calendar has them."""
    HOURS = "hours"
    """Elapsed hours, nights and holidays included (the 24-hour reconnection)."""


@dataclass(frozen=True)
class StepRule:
    """A step of an order type and how long the standard allows for it."""

    step: str
    amount: int
    unit: Unit = Unit.WORKDAYS
    from_start: bool = False
    """Counted from the acceptance instead of from the previous step's due date."""

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError(f"Step {self.step}: the allowance cannot be negative ({self.amount}).")


@dataclass(frozen=True)
class PlannedStep:
    """A step with the instant it falls due; ``done_at`` once it is done."""

    step: str
    due_at: datetime
    provisional: bool = False
    done_at: datetime | None = None
    unit: Unit = Unit.WORKDAYS

    @property
    def due_day(self) -> date:
        """The hall's date of the deadline, as printed on the receipt."""
        return self.due_at.astimezone(CHINA_STANDARD_TIME).date()

    def overdue(self, now: datetime) -> bool:
        """Open past its due instant, or done after it (a late step stays late in the history)."""
        finished = self.done_at if self.done_at is not None else now
        return finished > self.due_at


def close_of(day: date, closes: time = DEFAULT_OFFICE_CLOSES) -> datetime:
    """The instant a working-day deadline on ``day`` runs out: the hall's closing time."""
    return datetime.combine(day, closes, tzinfo=CHINA_STANDARD_TIME)


def plan_steps(
    calendar: WorkCalendar, start: datetime, rules: Sequence[StepRule]
) -> tuple[PlannedStep, ...]:
    """Each step's due instant for an order accepted at ``start`` (aware)."""
    if start.tzinfo is None:
        raise ValueError("An order's start needs a time zone.")
    planned: list[PlannedStep] = []
    accepted_day = start.astimezone(CHINA_STANDARD_TIME).date()
    for rule in rules:
        previous = planned[-1] if planned and not rule.from_start else None
        if rule.unit is Unit.HOURS:
            base = start if previous is None else previous.due_at
            deadline = calendar.add_hours(base, rule.amount)
            assert isinstance(deadline.due, datetime)
            due_at = deadline.due
        else:
            base_day = accepted_day if previous is None else previous.due_day
            deadline = calendar.add_workdays(base_day, rule.amount)
            due_at = close_of(deadline.due if isinstance(deadline.due, date) else base_day)
        provisional = deadline.provisional or (previous is not None and previous.provisional)
        planned.append(PlannedStep(rule.step, due_at, provisional, unit=rule.unit))
    return tuple(planned)


def shift_open_steps(
    calendar: WorkCalendar, steps: Iterable[PlannedStep], paused_at: datetime, resumed_at: datetime
) -> tuple[PlannedStep, ...]:
    """Move the steps not yet done by the time the order waited on the customer (暂停).

    Working-day steps move by the working days that passed while paused; hour steps by the
    elapsed time. Steps already done keep their dates.
    """
    paused_day = paused_at.astimezone(CHINA_STANDARD_TIME).date()
    resumed_day = resumed_at.astimezone(CHINA_STANDARD_TIME).date()
    lost_days = max(calendar.workdays_between(paused_day, resumed_day), 0)
    lost_time = max(resumed_at - paused_at, timedelta(0))
    moved: list[PlannedStep] = []
    for step in steps:
        if step.done_at is not None:
            moved.append(step)
            continue
        if step.unit is Unit.WORKDAYS:
            deadline = calendar.add_workdays(step.due_day, lost_days)
            assert isinstance(deadline.due, date)
            due_at = close_of(deadline.due)
            provisional = step.provisional or deadline.provisional
        else:
            due_at = step.due_at + lost_time
            provisional = step.provisional
        moved.append(replace(step, due_at=due_at, provisional=provisional))
    return tuple(moved)


def next_open(steps: Iterable[PlannedStep]) -> PlannedStep | None:
    """The first step not yet done: what the overdue board shows for the order."""
    return next((step for step in steps if step.done_at is None), None)
