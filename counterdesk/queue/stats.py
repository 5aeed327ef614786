"""The hall's numbers for the manager (营业厅排队统计): waits, service times, ratings and alerts.

Why SQL over the stored tickets and not the live queue: every change is written before anyone is
told (:mod:`counterdesk.queue.service`), so the database is the truth; reading it never takes the
queue's lock, works for any past day (tickets are kept), and lets SQLite do the sums with
``GROUP BY`` even on the benchmark's 20,000-ticket day.

The definitions (DOMAIN.md "Queue"):

- **wait** = first call − issue (a transfer keeps the issue time, and a recall is not a new wait);
  a customer still in line has waited ``now − issue`` so far;
- **service time** = finish − (last) call, for tickets finished (served);
- **within target**: called within ``queue.wait_target_minutes``. The share's denominator is every
  customer whose outcome is known: those called, those still waiting beyond the target (they have
  missed it already) and those the day ended on before they were called;
- **satisfaction** (满意率) = ratings of 4 or 5 (满意, 非常满意) ÷ all ratings.

Issued, served, waits and no-shows count in the line the customer *joined* (the letter of the
ticket number: A023 stays an A customer after a transfer to B); "waiting now" and the longest
current wait count in the line the ticket waits in now, as the live hall state does.

Times are stored naive UTC; hours are the hall's local hours (UTC+8, no daylight saving).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar, Final

from sqlalchemy import Connection, Float, Integer, Table, and_, case, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from counterdesk.domain.workdays import CHINA_STANDARD_TIME
from counterdesk.queue.model import TicketState, WindowState
from counterdesk.queue.store import load_categories
from counterdesk.services.common import aware_utc, naive_utc, stored_date
from counterdesk.store.models import ClerkRow, QueueTicketRow, QueueWindowRow

_ticket: Table = QueueTicketRow.__table__  # type: ignore[assignment]
_window: Table = QueueWindowRow.__table__  # type: ignore[assignment]
_clerk: Table = ClerkRow.__table__  # type: ignore[assignment]

_offset = CHINA_STANDARD_TIME.utcoffset(None)
assert _offset is not None
LOCAL_OFFSET_HOURS: Final = int(_offset.total_seconds() // 3600)
OPENING_HOURS: Final = range(8, 18)
"""The hours a hall is usually open (08:30–17:30): the hourly table always shows them, and any
other hour that had tickets."""
GOOD_RATING: Final = 4
"""满意 (4) and 非常满意 (5) count as satisfied; 基本满意 (3) and 不满意 (2) do not."""
SHARE_NEEDS: Final = 5
"""Customers with a known outcome before the within-target share can raise an alert: the first
late customer of the morning is not yet a 0 % day."""
_EPSILON: Final = 0.001
"""Seconds of slack in comparisons: SQLite's julianday arithmetic is exact to about 20 µs, so a
wait of exactly 15:00 must not read as 15:00.00002 and miss the target."""


# --- SQL helpers: seconds between two stored times, and the local hour of one -----------------


class _Seconds(FunctionElement[float]):
    """``_Seconds(later, earlier)``: seconds from ``earlier`` to ``later`` (NULL if either is)."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


class _LocalHour(FunctionElement[int]):
    """The hall's local hour (0–23) of a stored UTC time."""

    type = Integer()
    inherit_cache = True
    name = "local_hour"


@compiles(_Seconds)
def _seconds_sqlite(element: _Seconds, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"((julianday({later}) - julianday({earlier})) * 86400.0)"


@compiles(_Seconds, "postgresql")
def _seconds_postgresql(element: _Seconds, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"


@compiles(_LocalHour)
def _hour_sqlite(element: _LocalHour, compiler: SQLCompiler, **kw: Any) -> str:
    (moment,) = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST(strftime('%H', {moment}, '+{LOCAL_OFFSET_HOURS} hours') AS INTEGER)"


@compiles(_LocalHour, "postgresql")
def _hour_postgresql(element: _LocalHour, compiler: SQLCompiler, **kw: Any) -> str:
    (moment,) = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST(EXTRACT(HOUR FROM {moment} + INTERVAL '{LOCAL_OFFSET_HOURS} hours') AS INTEGER)"


def _count_if(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


_origin = case(
    (
        func.substr(_ticket.c.number, 2, 1).between("A", "Z"),
        func.substr(_ticket.c.number, 1, 2),
    ),
    else_=func.substr(_ticket.c.number, 1, 1),
)
"""The line a ticket joined: the letters of its number (model.ticket_number: code + digits)."""
_wait = _Seconds(_ticket.c.first_called_at, _ticket.c.issued_at)
_service = _Seconds(_ticket.c.finished_at, _ticket.c.called_at)
_finished = _ticket.c.state == TicketState.FINISHED.value


# --- settings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Targets:
    """The service targets (settings ``queue.*``): 85 % of customers called within 15 minutes."""

    wait_minutes: int = 15
    within_percent: int = 85
    waiting_per_window: int = 10

    @classmethod
    def from_settings(cls, values: Mapping[str, Any]) -> Targets:
        """From :func:`counterdesk.store.settings.read_all`."""
        return cls(
            wait_minutes=int(values["queue.wait_target_minutes"]),
            within_percent=int(values["queue.served_within_target_percent"]),
            waiting_per_window=int(values["queue.waiting_per_window_limit"]),
        )

    @property
    def wait_seconds(self) -> int:
        return self.wait_minutes * 60


# --- results ------------------------------------------------------------------------------------


def _ratio(part: float, whole: float) -> float | None:
    return None if whole == 0 else part / whole


@dataclass(frozen=True)
class Ratings:
    """Evaluator scores 2..5: how many, their sum, and how many were 4 or 5."""

    count: int = 0
    total: int = 0
    good: int = 0

    derived: ClassVar[tuple[str, ...]] = ("average", "satisfaction")

    @property
    def average(self) -> float | None:
        return _ratio(self.total, self.count)

    @property
    def satisfaction(self) -> float | None:
        """满意率: the share of ratings that were 满意 or 非常满意."""
        return _ratio(self.good, self.count)

    def __add__(self, other: Ratings) -> Ratings:
        return Ratings(self.count + other.count, self.total + other.total, self.good + other.good)


@dataclass(frozen=True)
class CategoryDay:
    """One line's day; ``code`` is empty for the whole hall."""

    code: str
    issued: int = 0
    served: int = 0
    no_shows: int = 0
    called: int = 0
    within_target: int = 0
    missed_target: int = 0
    """Called after the target, waiting beyond it now, or never called before the day ended."""
    wait_total: float = 0.0
    longest_wait: float | None = None
    """The longest wait of a customer already called, seconds."""
    service_count: int = 0
    service_total: float = 0.0
    waiting: int = 0
    oldest_issued_at: datetime | None = None
    longest_current_wait: float | None = None
    """How long the first in line has waited so far (``now − issue``), seconds."""

    derived: ClassVar[tuple[str, ...]] = ("average_wait", "average_service", "within_target_share")

    @property
    def average_wait(self) -> float | None:
        return _ratio(self.wait_total, self.called)

    @property
    def average_service(self) -> float | None:
        return _ratio(self.service_total, self.service_count)

    @property
    def within_target_share(self) -> float | None:
        return _ratio(self.within_target, self.within_target + self.missed_target)


@dataclass(frozen=True)
class HourCount:
    hour: int
    issued: int = 0
    served: int = 0


@dataclass(frozen=True)
class ServiceTally:
    """What one window or one clerk did: served, service time, ratings."""

    key: str
    """The window number (as text) or the clerk's number (工号)."""
    name: str = ""
    served: int = 0
    service_count: int = 0
    service_total: float = 0.0
    ratings: Ratings = field(default_factory=Ratings)

    derived: ClassVar[tuple[str, ...]] = ("average_service",)

    @property
    def average_service(self) -> float | None:
        return _ratio(self.service_total, self.service_count)

    def __add__(self, other: ServiceTally) -> ServiceTally:
        return ServiceTally(
            self.key,
            self.name or other.name,
            self.served + other.served,
            self.service_count + other.service_count,
            self.service_total + other.service_total,
            self.ratings + other.ratings,
        )


@dataclass(frozen=True)
class DayStats:
    day: date
    now: datetime
    targets: Targets
    categories: tuple[CategoryDay, ...]
    total: CategoryDay
    hours: tuple[HourCount, ...]
    windows: tuple[ServiceTally, ...]
    clerks: tuple[ServiceTally, ...]

    derived: ClassVar[tuple[str, ...]] = ("ratings",)

    @property
    def ratings(self) -> Ratings:
        """Today's satisfaction over the whole hall."""
        return sum((w.ratings for w in self.windows), Ratings())


@dataclass(frozen=True)
class ClerkDay:
    day: date
    tally: ServiceTally


@dataclass(frozen=True)
class ClerkMonth:
    """A clerk's month: the totals, served per category (for the workload) and days at work."""

    tally: ServiceTally
    served_by_category: Mapping[str, int]
    days_worked: int


@dataclass(frozen=True)
class MonthStats:
    month: date
    """The first day of the month."""
    clerks: tuple[ClerkMonth, ...]
    days: tuple[ClerkDay, ...]
    category_service: Mapping[str, float]
    """The hall's average service time per category this month, seconds (the star rating's
    standard time for one ticket of that category)."""


@dataclass(frozen=True)
class WindowNow:
    number: int
    name: str
    state: WindowState
    clerk_no: str | None = None
    clerk_name: str | None = None


# --- the day ------------------------------------------------------------------------------------


def day_stats(connection: Connection, day: date, now: datetime, targets: Targets) -> DayStats:
    """Everything the dashboard shows about ``day`` (``now`` measures the current waits)."""
    on_day = _ticket.c.day == day
    cutoff = naive_utc(now - timedelta(seconds=targets.wait_seconds))
    never_called = _ticket.c.first_called_at.is_(None)
    lines = connection.execute(
        select(
            _origin.label("code"),
            func.count().label("issued"),
            _count_if(_finished).label("served"),
            _count_if(_ticket.c.state == TicketState.NO_SHOW.value).label("no_shows"),
            func.count(_ticket.c.first_called_at).label("called"),
            func.coalesce(func.sum(_wait), 0.0).label("wait_total"),
            func.max(_wait).label("longest_wait"),
            _count_if(_wait <= targets.wait_seconds + _EPSILON).label("within"),
            _count_if(_wait > targets.wait_seconds + _EPSILON).label("late"),
            _count_if(
                and_(
                    never_called,
                    _ticket.c.state == TicketState.WAITING.value,
                    _ticket.c.issued_at < cutoff,
                )
            ).label("overdue"),
            _count_if(and_(never_called, _ticket.c.state == TicketState.EXPIRED.value)).label(
                "unserved"
            ),
            func.count(case((_finished, _service))).label("service_count"),
            func.coalesce(func.sum(case((_finished, _service))), 0.0).label("service_total"),
        )
        .where(on_day)
        .group_by(_origin)
    ).all()
    waiting = connection.execute(
        select(_ticket.c.category, func.count(), func.min(_ticket.c.issued_at))
        .where(on_day, _ticket.c.state == TicketState.WAITING.value)
        .group_by(_ticket.c.category)
    ).all()
    now_waiting = {code: (count, aware_utc(oldest)) for code, count, oldest in waiting}
    categories: dict[str, CategoryDay] = {}
    for row in lines:
        categories[row.code] = CategoryDay(
            code=row.code,
            issued=row.issued,
            served=row.served,
            no_shows=row.no_shows,
            called=row.called,
            within_target=row.within,
            missed_target=row.late + row.overdue + row.unserved,
            wait_total=_seconds(row.wait_total),
            longest_wait=None if row.longest_wait is None else _seconds(row.longest_wait),
            service_count=row.service_count,
            service_total=_seconds(row.service_total),
        )
    for code, (count, oldest) in now_waiting.items():
        known = categories.get(code, CategoryDay(code))
        categories[code] = _with_waiting(known, count, oldest, now)
    ordered = tuple(
        categories.get(code) or CategoryDay(code)
        for code in _category_order(connection, categories)
    )
    windows = _tallies(connection, _ticket.c.window, on_day, _window_names(connection))
    clerks = _tallies(connection, _ticket.c.clerk_no, on_day, clerk_names(connection))
    return DayStats(
        day=day,
        now=now,
        targets=targets,
        categories=ordered,
        total=_hall_total(ordered, now),
        hours=_hours(connection, on_day),
        windows=tuple(sorted(windows.values(), key=lambda t: int(t.key))),
        clerks=tuple(sorted(clerks.values(), key=lambda t: t.key)),
    )


def _seconds(value: Any) -> float:
    """Seconds as measured in SQL, to the millisecond (the float noise of julianday removed)."""
    return round(float(value), 3)


def _with_waiting(line: CategoryDay, count: int, oldest: datetime, now: datetime) -> CategoryDay:
    return replace(
        line,
        waiting=count,
        oldest_issued_at=oldest,
        longest_current_wait=max(0.0, (now - oldest).total_seconds()),
    )


def _hall_total(lines: Sequence[CategoryDay], now: datetime) -> CategoryDay:
    oldest = min((c.oldest_issued_at for c in lines if c.oldest_issued_at), default=None)
    longest = [c.longest_wait for c in lines if c.longest_wait is not None]
    return CategoryDay(
        code="",
        issued=sum(c.issued for c in lines),
        served=sum(c.served for c in lines),
        no_shows=sum(c.no_shows for c in lines),
        called=sum(c.called for c in lines),
        within_target=sum(c.within_target for c in lines),
        missed_target=sum(c.missed_target for c in lines),
        wait_total=sum(c.wait_total for c in lines),
        longest_wait=max(longest) if longest else None,
        service_count=sum(c.service_count for c in lines),
        service_total=sum(c.service_total for c in lines),
        waiting=sum(c.waiting for c in lines),
        oldest_issued_at=oldest,
        longest_current_wait=None if oldest is None else max(0.0, (now - oldest).total_seconds()),
    )


def _category_order(connection: Connection, seen: Iterable[str]) -> list[str]:
    """The hall's categories in their set-up order, then any retired one that had tickets."""
    configured = [c.code for c in load_categories(connection)]
    return [*configured, *sorted(set(seen) - set(configured))]


def _hours(connection: Connection, on_day: Any) -> tuple[HourCount, ...]:
    def per_hour(moment: Any, *where: Any) -> dict[int, int]:
        hour = _LocalHour(moment)
        query = select(hour, func.count()).where(on_day, *where).group_by(hour)
        return {int(h): int(n) for h, n in connection.execute(query)}

    issued = per_hour(_ticket.c.issued_at)
    served = per_hour(_ticket.c.finished_at, _finished)
    hours = sorted(set(OPENING_HOURS) | set(issued) | set(served))
    span = range(hours[0], hours[-1] + 1)
    return tuple(HourCount(h, issued.get(h, 0), served.get(h, 0)) for h in span)


def _tallies(
    connection: Connection, key: Any, where: Any, names: Mapping[str, str]
) -> dict[str, ServiceTally]:
    rows = connection.execute(
        select(key.label("key"), *_service_columns())
        .where(where, _finished, key.is_not(None))
        .group_by(key)
    ).all()
    return {str(row.key): _tally(str(row.key), names.get(str(row.key), ""), row) for row in rows}


def _service_columns() -> tuple[Any, ...]:
    return (
        func.count().label("served"),
        func.count(_service).label("service_count"),
        func.coalesce(func.sum(_service), 0.0).label("service_total"),
        func.count(_ticket.c.rating).label("rated"),
        func.coalesce(func.sum(_ticket.c.rating), 0).label("rating_total"),
        _count_if(_ticket.c.rating >= GOOD_RATING).label("good"),
    )


def _tally(key: str, name: str, row: Any) -> ServiceTally:
    return ServiceTally(
        key=key,
        name=name,
        served=row.served,
        service_count=row.service_count,
        service_total=_seconds(row.service_total),
        ratings=Ratings(row.rated, int(row.rating_total), row.good),
    )


def _window_names(connection: Connection) -> dict[str, str]:
    rows = connection.execute(select(_window.c.number, _window.c.name))
    return {str(number): name for number, name in rows}


def clerk_names(connection: Connection) -> dict[str, str]:
    """Clerks' names by number: the people table, and whoever signed in at a window today."""
    names = {
        str(n): str(name) for n, name in connection.execute(select(_clerk.c.number, _clerk.c.name))
    }
    for number, name in connection.execute(
        select(_window.c.clerk_no, _window.c.clerk_name).where(_window.c.clerk_no.is_not(None))
    ):
        if name:
            names[number] = name
    return names


def windows_now(connection: Connection) -> list[WindowNow]:
    """Each window's state as stored (the queue writes it on every change)."""
    rows = connection.execute(select(_window).order_by(_window.c.number))
    return [
        WindowNow(row.number, row.name, WindowState(row.state), row.clerk_no, row.clerk_name)
        for row in rows
    ]


# --- the month ----------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    first = month_start(day)
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def month_stats(connection: Connection, month: date) -> MonthStats:
    """Per clerk per day, and per clerk for the month (with served per category)."""
    first = month_start(month)
    in_month = and_(_ticket.c.day >= first, _ticket.c.day < next_month(first))
    rows = connection.execute(
        select(
            _ticket.c.day,
            _ticket.c.clerk_no.label("key"),
            _ticket.c.category,
            *_service_columns(),
        )
        .where(in_month, _finished, _ticket.c.clerk_no.is_not(None))
        .group_by(_ticket.c.day, _ticket.c.clerk_no, _ticket.c.category)
    ).all()
    names = clerk_names(connection)
    by_day: dict[tuple[date, str], ServiceTally] = {}
    by_clerk: dict[str, ServiceTally] = {}
    served_by: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    days_of: dict[str, set[date]] = defaultdict(set)
    line_count: dict[str, int] = defaultdict(int)
    line_total: dict[str, float] = defaultdict(float)
    for row in rows:
        day = stored_date(row.day)
        part = _tally(row.key, names.get(row.key, ""), row)
        by_day[(day, row.key)] = by_day[(day, row.key)] + part if (day, row.key) in by_day else part
        by_clerk[row.key] = by_clerk[row.key] + part if row.key in by_clerk else part
        served_by[row.key][row.category] += part.served
        days_of[row.key].add(day)
        line_count[row.category] += part.service_count
        line_total[row.category] += part.service_total
    clerks = tuple(
        ClerkMonth(by_clerk[key], dict(served_by[key]), len(days_of[key]))
        for key in sorted(by_clerk)
    )
    days = tuple(ClerkDay(day, tally) for (day, _key), tally in sorted(by_day.items()))
    category_service = {
        code: round(line_total[code] / count, 3) for code, count in line_count.items() if count
    }
    return MonthStats(first, clerks, days, category_service)


# --- alerts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    """Something the manager should act on now, with what to do about it.

    ``template`` and ``suggestion`` are English with ``{name}`` fields; the dashboard shows its own
    translation for each ``kind`` and ``advice`` (the English is for the API and the logs).
    """

    kind: str
    template: str
    params: Mapping[str, str]
    advice: str
    suggestion: str
    suggestion_params: Mapping[str, str] = field(default_factory=dict)

    derived: ClassVar[tuple[str, ...]] = ("message", "suggestion_text")

    @property
    def message(self) -> str:
        return self.template.format(**self.params)

    @property
    def suggestion_text(self) -> str:
        return self.suggestion.format(**self.suggestion_params)


ALERTS: Final = {
    "long_wait": "A customer in line {category} has waited {minutes} minutes, over the "
    "{target}-minute target.",
    "below_target": "Only {share}% of today's customers were called within {target} minutes; "
    "the goal is {goal}%.",
    "crowded": "{waiting} people are waiting for {windows} open windows, more than {limit} a "
    "window.",
    "no_window": "{waiting} people are waiting and no window is open.",
}
"""Each alert's English message; the dashboard translates by kind."""
SUGGESTIONS: Final = {
    "resume": "Window {window} is paused: resume it.",
    "open": "Open window {window}.",
    "all_open": "Every window is open: ask a back-office clerk to help at the counter.",
}


def suggestion(windows: Sequence[WindowNow]) -> tuple[str, dict[str, str]]:
    """Resume a paused window first (a clerk is already there), else open a closed one."""
    for state, advice in ((WindowState.PAUSED, "resume"), (WindowState.CLOSED, "open")):
        spare = next((w for w in windows if w.state is state), None)
        if spare is not None:
            return advice, {"window": spare.name or str(spare.number)}
    return "all_open", {}


def whole_percent(share: float) -> int:
    """84.6 % → 84: rounded down, so a share below the goal never reads as the goal."""
    return int(share * 100 + 1e-9)


def alerts(
    stats: DayStats,
    waiting: Mapping[str, int],
    oldest: Mapping[str, datetime],
    windows: Sequence[WindowNow],
    targets: Targets,
) -> list[Alert]:
    """The alerts now: the longest current wait over the target, today's within-target share
    below the goal, too many people per open window (or none open while people wait).

    ``waiting`` and ``oldest`` are the live hall's (per category now); ``stats.now`` is now.
    """
    advice, advice_params = suggestion(windows)

    def alert(kind: str, **params: object) -> Alert:
        values = {name: str(value) for name, value in params.items()}
        return Alert(kind, ALERTS[kind], values, advice, SUGGESTIONS[advice], advice_params)

    found: list[Alert] = []
    if oldest:
        code, first = min(oldest.items(), key=lambda item: item[1])
        waited = (stats.now - first).total_seconds()
        if waited > targets.wait_seconds + _EPSILON:
            found.append(
                alert(
                    "long_wait",
                    category=code,
                    minutes=int(waited // 60),
                    target=targets.wait_minutes,
                )
            )
    total = stats.total
    share = total.within_target_share
    decided = total.within_target + total.missed_target
    if share is not None and decided >= SHARE_NEEDS and share * 100 < targets.within_percent:
        found.append(
            alert(
                "below_target",
                share=whole_percent(share),
                target=targets.wait_minutes,
                goal=targets.within_percent,
            )
        )
    people = sum(waiting.values())
    working = sum(1 for w in windows if w.state in (WindowState.OPEN, WindowState.SERVING))
    if people and not working:
        found.append(alert("no_window", waiting=people))
    elif working and people > working * targets.waiting_per_window:
        found.append(
            alert("crowded", waiting=people, windows=working, limit=targets.waiting_per_window)
        )
    return found


# --- JSON ---------------------------------------------------------------------------------------


def to_json(value: Any) -> Any:
    """Dataclasses (with their derived figures), dates and times as the HTTP API sends them."""
    if is_dataclass(value) and not isinstance(value, type):
        out = {f.name: to_json(getattr(value, f.name)) for f in fields(value)}
        out.update((name, to_json(getattr(value, name))) for name in getattr(value, "derived", ()))
        return out
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, datetime):
        value = value.astimezone(UTC).isoformat()
    elif isinstance(value, date):
        value = value.isoformat()
    elif isinstance(value, float):
        value = round(value, 3)
    return value
