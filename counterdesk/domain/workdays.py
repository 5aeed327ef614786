"""Working days (工作日) in China and the deadlines of service commitments counted in them.

Why this module exists: the service commitments (connection steps, meter tests, complaint replies)
are promised in working days, and a Chinese working day is not simply Monday to Friday. Public
holidays close the hall on weekdays, and an adjusted working day (调休上班) opens it on a
Saturday or Sunday. The PyPI package ``chinesecalendar`` knows the official schedule, but only for
the years it was released with (1.11.0 knows 2004–2026), while the State Council publishes the next
year's schedule in November or December. So the calendar combines three sources, the most
specific first:

1. the override table from the settings, one entry per date (``True`` = working day, ``False`` =
   day off): IT staff paste a new schedule there before ``chinesecalendar`` is updated, and it also
   corrects a late change to a known year (as in the extended Spring Festival of 2020);
2. ``chinesecalendar`` for the years it knows;
3. Monday to Friday for every other day. In a year the override table declares complete this is
   exact (the table lists every exception of that year); in any other year it is a guess, and the
   day and every deadline that looked at it are marked *provisional* so the UI can say "to be
   confirmed" instead of promising a date. Nothing here ever crashes on an unknown year.

A complete year only changes step 3: for a year ``chinesecalendar`` knows, an unlisted date still
follows ``chinesecalendar``, so declaring a known year complete can never drop its holidays; a date
it gets wrong is corrected by listing that date.

The counting convention, written down once: "within N working days" counted from an acceptance on
day D means the due date is the N-th working day after D. D itself is not counted, whether or not
it is a working day, so an order accepted on a Saturday with N = 1 is due on the Monday after, the
same as one accepted on the Friday before. N = 0 means the start itself.

Nothing here reads the clock or a file: callers pass dates and aware datetimes in, and the override
table comes from the settings as a mapping (:func:`parse_overrides` turns pasted text into one).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Final, NamedTuple

import chinese_calendar

CHINA_STANDARD_TIME: Final[tzinfo] = timezone(timedelta(hours=8), "Asia/Shanghai")
"""UTC+8, the hall's wall clock. A fixed offset (China has had no daylight saving since 1991), so it
needs no time-zone database (Windows has none unless the ``tzdata`` package is installed)."""

DEFAULT_OFFICE_OPENS: Final = time(8, 30)
DEFAULT_OFFICE_CLOSES: Final = time(17, 30)
"""Default office hours, 08:30–17:30 local: 9 working hours a day (a setting)."""

_ONE_DAY: Final = timedelta(days=1)


@dataclass(frozen=True)
class Deadline:
    """When a commitment falls due, and whether that date rests on guessed calendar data.

    ``due`` is a :class:`~datetime.date` for commitments in working days and an aware
    :class:`~datetime.datetime` for commitments in hours. ``provisional`` is True when any day the
    computation looked at lies in a year with no real holiday data (Monday to Friday was assumed),
    so the date may move once the State Council's schedule is entered.
    """

    due: date | datetime
    provisional: bool


class _Day(NamedTuple):
    """The decision for one date: is the hall open, and is that decision a guess."""

    workday: bool
    provisional: bool


class WorkCalendar:
    """The official working-day calendar (工作日, with 调休上班 Saturdays) plus the local overrides.

    Build one from the settings and share it: it remembers each day's decision, because deadline
    arithmetic for a list of orders asks about the same few hundred days again and again. The
    override table and the complete years are copied at construction so that the remembered
    decisions cannot go stale; after the settings change, build a new calendar.
    """

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        complete_years: Iterable[int] = (),
        *,
        office_opens: time = DEFAULT_OFFICE_OPENS,
        office_closes: time = DEFAULT_OFFICE_CLOSES,
        local_time: tzinfo = CHINA_STANDARD_TIME,
    ) -> None:
        """Take the override table, the years it declares complete, and the office hours.

        ``office_opens`` and ``office_closes`` are wall-clock times in ``local_time`` and only
        matter to :meth:`add_working_hours`; they must be naive times with opening before closing.
        """
        if office_opens.tzinfo is not None or office_closes.tzinfo is not None:
            raise ValueError("Office hours are wall-clock times: pass times without a time zone.")
        if office_opens >= office_closes:
            raise ValueError(
                f"The office must open before it closes (opens {office_opens:%H:%M}, "
                f"closes {office_closes:%H:%M})."
            )
        self._overrides: dict[date, bool] = {}
        for day, workday in (overrides or {}).items():
            self._overrides[_require_date(day)] = bool(workday)
        self._complete_years = frozenset(complete_years)
        self._opens = office_opens
        self._closes = office_closes
        self._local_time = local_time
        self._decisions: dict[date, _Day] = {}

    @property
    def office_hours_per_day(self) -> timedelta:
        """How long the hall is open on a working day (9 h with the defaults)."""
        return datetime.combine(date.min, self._closes) - datetime.combine(date.min, self._opens)

    def is_workday(self, day: date) -> bool:
        """Whether the hall is open on ``day``: adjusted working weekends count, holidays do not."""
        return self._decide(_require_date(day)).workday

    def is_provisional(self, day: date) -> bool:
        """Whether the answer for ``day`` is the Monday-to-Friday guess rather than real data."""
        return self._decide(_require_date(day)).provisional

    def add_workdays(self, start: date, n: int) -> Deadline:
        """The N-th working day after ``start`` ("within N working days" of an acceptance).

        ``start`` itself is never counted (see the module docstring); ``n == 0`` gives ``start``
        back and, having looked at no day, is never provisional.
        """
        day = _require_date(start)
        _require_not_negative(n, "number of working days")
        provisional = False
        remaining = n
        while remaining > 0:
            day += _ONE_DAY
            decision = self._decide(day)
            provisional = provisional or decision.provisional
            if decision.workday:
                remaining -= 1
        return Deadline(due=day, provisional=provisional)

    def workdays_between(self, start: date, end: date) -> int:
        """Count the working days in (start, end]: how many working days of a commitment are used.

        The same convention as :meth:`add_workdays`, so ``workdays_between(d, add_workdays(d,
        n).due) == n``. When ``end`` is before ``start`` the count is negative, which is how a
        dashboard shows "2 working days overdue" from ``workdays_between(today, due)``. Use
        :meth:`is_provisional` on the end date to learn whether the count may still change.
        """
        first, last = _require_date(start), _require_date(end)
        if last < first:
            return -self.workdays_between(last, first)
        count = 0
        day = first
        while day < last:
            day += _ONE_DAY
            if self._decide(day).workday:
                count += 1
        return count

    def add_hours(self, start: datetime, hours: int) -> Deadline:
        """Plain elapsed hours, holidays included: the 24-hour reconnection commitment (复电).

        The arithmetic is done in UTC so that an offset change in ``start``'s time zone (none in
        China, but a caller may pass any zone) cannot lengthen or shorten the promise. The due time
        is returned in ``start``'s time zone. No calendar data is involved, so it is never
        provisional.
        """
        _require_aware(start)
        _require_not_negative(hours, "number of hours")
        due = (start.astimezone(UTC) + timedelta(hours=hours)).astimezone(start.tzinfo)
        return Deadline(due=due, provisional=False)

    def add_working_hours(self, start: datetime, hours: float) -> Deadline:
        """Count ``hours`` of office time on working days only, from ``start``.

        A start outside office hours (evening, weekend, holiday) starts counting at the next
        opening. Hours that run out exactly at closing time are due at closing, not at the next
        opening. Office hours are read in the calendar's local time, whatever zone ``start`` is in;
        the due time is returned in ``start``'s time zone. ``hours == 0`` gives ``start`` back.
        """
        _require_aware(start)
        if not math.isfinite(hours):
            raise ValueError(f"The number of working hours must be a finite number, not {hours}.")
        _require_not_negative(hours, "number of working hours")
        if hours == 0:
            return Deadline(due=start, provisional=False)
        remaining = timedelta(hours=hours)
        cursor = start.astimezone(self._local_time)
        day = cursor.date()
        provisional = False
        while True:
            closes = datetime.combine(day, self._closes, tzinfo=self._local_time)
            if cursor < closes:
                decision = self._decide(day)
                provisional = provisional or decision.provisional
                if decision.workday:
                    opens = datetime.combine(day, self._opens, tzinfo=self._local_time)
                    begin = max(cursor, opens)
                    available = closes - begin
                    if remaining <= available:
                        due = (begin + remaining).astimezone(start.tzinfo)
                        return Deadline(due=due, provisional=provisional)
                    remaining -= available
            day += _ONE_DAY
            cursor = datetime.combine(day, time.min, tzinfo=self._local_time)

    def _decide(self, day: date) -> _Day:
        """Decide one date once and remember it (the three sources in the module docstring)."""
        decision = self._decisions.get(day)
        if decision is None:
            decision = self._decide_uncached(day)
            self._decisions[day] = decision
        return decision

    def _decide_uncached(self, day: date) -> _Day:
        override = self._overrides.get(day)
        if override is not None:
            return _Day(workday=override, provisional=False)
        try:
            official = bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            # chinesecalendar's way of saying "no available data for year 2027".
            pass
        else:
            return _Day(workday=official, provisional=False)
        monday_to_friday = day.weekday() < 5
        return _Day(workday=monday_to_friday, provisional=day.year not in self._complete_years)


def _require_date(value: date) -> date:
    """Refuse a datetime where a date is meant.

    A datetime is a date to Python, but it never equals one, so ``datetime(2027, 2, 6)`` would
    silently miss the override for 2027-02-06; and which day an instant falls on depends on the
    time zone, which only the caller knows.
    """
    if isinstance(value, datetime):
        raise TypeError(
            f"Pass a date, not a datetime ({value.isoformat()}): convert to the local day first."
        )
    return value


def _require_aware(value: datetime) -> None:
    """Refuse a naive datetime: a deadline in hours must be a definite instant."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{value.isoformat()} has no time zone: pass an aware datetime "
            "(for the hall, tzinfo=CHINA_STANDARD_TIME)."
        )


def _require_not_negative(amount: float, what: str) -> None:
    """Refuse counting backwards: a commitment runs forward from the acceptance."""
    if amount < 0:
        raise ValueError(f"The {what} cannot be negative (got {amount}): deadlines count forward.")


@dataclass(frozen=True)
class OverrideLineError(ValueError):
    """A pasted override line that cannot be read. ``str()`` names the line and the problem."""

    line_number: int
    problem: str

    def __str__(self) -> str:
        return f"Line {self.line_number}: {self.problem}"


_KINDS: Final[dict[str, bool]] = {"work": True, "off": False}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_overrides(text: str) -> dict[date, bool]:
    """Read the override table as IT staff paste it, one date per line.

    Format: ``2027-02-06 work`` (an adjusted working day) or ``2027-02-10 off`` (a holiday);
    ``#`` starts a comment, blank lines are skipped, full-width digits from a Chinese input method
    are accepted. A bad line raises :class:`OverrideLineError` (a :class:`ValueError`) naming its
    line number, so the settings screen can point at it; nothing is half-read. The same date
    twice is accepted only when both lines agree.
    """
    overrides: dict[date, bool] = {}
    first_seen: dict[date, int] = {}
    for line_number, raw in enumerate(text.splitlines(), start=1):
        line = unicodedata.normalize("NFKC", raw).split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split()
        if len(fields) != 2:
            raise OverrideLineError(
                line_number, f"expected 'YYYY-MM-DD work' or 'YYYY-MM-DD off', got {line!r}"
            )
        day_text, kind_text = fields
        if not _ISO_DAY.fullmatch(day_text):
            raise OverrideLineError(line_number, f"{day_text!r} is not a date in YYYY-MM-DD form")
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            raise OverrideLineError(line_number, f"{day_text} is not a real date") from None
        kind = _KINDS.get(kind_text.lower())
        if kind is None:
            raise OverrideLineError(
                line_number, f"expected 'work' or 'off' after the date, got {kind_text!r}"
            )
        if day in overrides and overrides[day] != kind:
            raise OverrideLineError(
                line_number,
                f"{day} is already given as {'work' if overrides[day] else 'off'} "
                f"on line {first_seen[day]}",
            )
        overrides[day] = kind
        first_seen.setdefault(day, line_number)
    return overrides
