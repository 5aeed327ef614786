"""Working days, adjusted working weekends, provisional years and deadline arithmetic.

The holiday facts below were checked against chinesecalendar 1.11.0; the first tests assert them
against the library too, so an update that changes the data shows up here and not as a wrong
deadline at the counter.
"""

import math
from datetime import UTC, date, datetime, time, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.workdays import (
    CHINA_STANDARD_TIME,
    Deadline,
    OverrideLineError,
    WorkCalendar,
    parse_overrides,
)

CST = CHINA_STANDARD_TIME
CALENDAR = WorkCalendar()


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# --- the official calendar ------------------------------------------------------------------

SPRING_FESTIVAL_2026 = _days(date(2026, 2, 15), date(2026, 2, 23))
SPRING_FESTIVAL_2026_WORKING_SATURDAYS = [date(2026, 2, 14), date(2026, 2, 28)]
NATIONAL_DAY_2026 = _days(date(2026, 10, 1), date(2026, 10, 7))
NATIONAL_DAY_2026_WORKING_WEEKENDS = [date(2026, 9, 20), date(2026, 10, 10)]  # Sunday, Saturday


@pytest.mark.parametrize("day", SPRING_FESTIVAL_2026 + NATIONAL_DAY_2026)
def test_holidays_are_days_off(day: date) -> None:
    assert not chinese_calendar.is_workday(day)  # the library agrees with the fact we rely on
    assert not CALENDAR.is_workday(day)
    assert not CALENDAR.is_provisional(day)


@pytest.mark.parametrize(
    "day", SPRING_FESTIVAL_2026_WORKING_SATURDAYS + NATIONAL_DAY_2026_WORKING_WEEKENDS
)
def test_adjusted_working_weekends_are_working_days(day: date) -> None:
    assert day.weekday() >= 5
    assert chinese_calendar.is_workday(day)
    assert CALENDAR.is_workday(day)


def test_the_days_around_the_holidays_are_ordinary() -> None:
    assert CALENDAR.is_workday(date(2026, 2, 13))  # Friday before Spring Festival
    assert CALENDAR.is_workday(date(2026, 2, 24))  # Tuesday after
    assert CALENDAR.is_workday(date(2026, 10, 8))  # Thursday after National Day
    assert not CALENDAR.is_workday(date(2026, 3, 7))  # an ordinary Saturday


# --- working-day deadlines ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accepted", "due"),
    [
        # Friday before Spring Festival: Sat 14 (调休), then Tue 24 .. Fri 27.
        (date(2026, 2, 13), date(2026, 2, 27)),
        (date(2026, 2, 12), date(2026, 2, 26)),
        # Accepted during the holiday: counting starts after it, Sat 28 is a working day.
        (date(2026, 2, 18), date(2026, 2, 28)),
        # Wednesday before National Day: Thu 8, Fri 9, Sat 10 (调休), Mon 12, Tue 13.
        (date(2026, 9, 30), date(2026, 10, 13)),
        (date(2026, 9, 29), date(2026, 10, 12)),
        # Friday 18 Sep: Sunday 20 is an adjusted working day.
        (date(2026, 9, 18), date(2026, 9, 24)),
    ],
)
def test_five_working_days_across_a_holiday(accepted: date, due: date) -> None:
    assert CALENDAR.add_workdays(accepted, 5) == Deadline(due=due, provisional=False)


def test_an_adjusted_working_saturday_is_counted() -> None:
    assert CALENDAR.add_workdays(date(2026, 2, 13), 1).due == date(2026, 2, 14)
    # Without the 调休 Saturday the next working day would be Tuesday 24 Feb.
    assert CALENDAR.add_workdays(date(2026, 2, 14), 1).due == date(2026, 2, 24)


def test_the_start_day_is_not_counted_even_on_a_weekend() -> None:
    saturday, friday = date(2026, 3, 7), date(2026, 3, 6)
    assert CALENDAR.add_workdays(saturday, 1).due == date(2026, 3, 9)
    assert CALENDAR.add_workdays(friday, 1).due == date(2026, 3, 9)


def test_zero_working_days_is_the_start_itself() -> None:
    assert CALENDAR.add_workdays(date(2026, 2, 16), 0) == Deadline(date(2026, 2, 16), False)
    assert CALENDAR.add_workdays(date(2027, 5, 3), 0) == Deadline(date(2027, 5, 3), False)


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError, match="number of working days cannot be negative"):
        CALENDAR.add_workdays(date(2026, 3, 2), -1)


def test_a_datetime_is_refused_where_a_date_is_meant() -> None:
    with pytest.raises(TypeError, match="not a datetime"):
        CALENDAR.is_workday(datetime(2026, 3, 2, 9, 0, tzinfo=CST))
    with pytest.raises(TypeError, match="not a datetime"):
        CALENDAR.add_workdays(datetime(2026, 3, 2, 9, 0, tzinfo=CST), 5)


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (date(2026, 2, 13), date(2026, 2, 27), 5),
        (date(2026, 2, 13), date(2026, 2, 13), 0),
        (date(2026, 2, 14), date(2026, 2, 23), 0),  # the start, a working Saturday, is excluded
        (date(2026, 2, 13), date(2026, 2, 23), 1),  # only Saturday 14
        (date(2026, 2, 27), date(2026, 3, 2), 2),  # Sat 28 (调休) and Mon 2
        (date(2026, 9, 30), date(2026, 10, 31), 18),
        (date(2026, 2, 27), date(2026, 2, 13), -5),  # overdue: counted backwards
    ],
)
def test_workdays_between(start: date, end: date, count: int) -> None:
    assert CALENDAR.workdays_between(start, end) == count


# --- unknown years, overrides ---------------------------------------------------------------


def test_a_deadline_crossing_into_an_unknown_year_is_provisional() -> None:
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 4))  # the premise: the library stops at 2026
    # Tue 29, Wed 30, Thu 31 are known; Fri 1 Jan and Mon 4 Jan 2027 are guessed Monday-Friday.
    assert CALENDAR.add_workdays(date(2026, 12, 28), 5) == Deadline(date(2027, 1, 4), True)
    # Staying inside the known year is exact.
    assert CALENDAR.add_workdays(date(2026, 12, 28), 3) == Deadline(date(2026, 12, 31), False)
    assert CALENDAR.is_provisional(date(2027, 6, 1))
    assert CALENDAR.is_workday(date(2027, 6, 1))  # a Tuesday
    assert not CALENDAR.is_workday(date(2027, 6, 5))  # a Saturday
    assert CALENDAR.workdays_between(date(2026, 12, 28), date(2027, 1, 4)) == 5


def test_years_before_the_library_are_provisional_too() -> None:
    assert CALENDAR.is_provisional(date(2003, 12, 31))
    assert CALENDAR.add_workdays(date(2003, 12, 30), 1) == Deadline(date(2003, 12, 31), True)


def test_a_complete_override_year_makes_2027_exact() -> None:
    calendar = WorkCalendar({date(2027, 1, 1): False}, complete_years={2027})
    assert calendar.add_workdays(date(2026, 12, 28), 5) == Deadline(date(2027, 1, 5), False)
    assert not calendar.is_provisional(date(2027, 6, 1))
    assert not calendar.is_workday(date(2027, 6, 5))  # unlisted Saturday: Monday-Friday is exact


def test_an_individual_override_date_without_a_complete_year() -> None:
    calendar = WorkCalendar({date(2027, 1, 1): False, date(2027, 2, 6): True})
    assert not calendar.is_workday(date(2027, 1, 1))
    assert not calendar.is_provisional(date(2027, 1, 1))
    assert calendar.is_workday(date(2027, 2, 6))  # a Saturday made a working day
    assert calendar.is_provisional(date(2027, 1, 4))  # its neighbours are still guessed
    assert calendar.add_workdays(date(2026, 12, 28), 5) == Deadline(date(2027, 1, 5), True)
    assert calendar.add_workdays(date(2027, 2, 5), 1).due == date(2027, 2, 6)


def test_an_override_wins_over_the_library_in_a_known_year() -> None:
    # As in 2020, when Spring Festival was extended after the schedule was published.
    calendar = WorkCalendar({date(2026, 2, 24): False, date(2026, 2, 21): True})
    assert not calendar.is_workday(date(2026, 2, 24))
    assert calendar.is_workday(date(2026, 2, 21))
    assert calendar.add_workdays(date(2026, 2, 20), 5).due == date(2026, 2, 28)


def test_declaring_a_known_year_complete_keeps_its_holidays() -> None:
    calendar = WorkCalendar(complete_years={2026})
    assert not calendar.is_workday(date(2026, 2, 16))
    assert calendar.is_workday(date(2026, 2, 14))


def test_the_override_table_is_copied_at_construction() -> None:
    overrides = {date(2027, 1, 1): False}
    calendar = WorkCalendar(overrides)
    overrides[date(2027, 1, 1)] = True
    assert not calendar.is_workday(date(2027, 1, 1))


def test_each_day_is_decided_once(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[date] = []
    real_is_workday = chinese_calendar.is_workday

    def counting_is_workday(day: date) -> bool:
        asked.append(day)
        return bool(real_is_workday(day))

    monkeypatch.setattr(chinese_calendar, "is_workday", counting_is_workday)
    calendar = WorkCalendar()
    for _ in range(3):
        calendar.add_workdays(date(2026, 2, 13), 5)
    assert sorted(asked) == _days(date(2026, 2, 14), date(2026, 2, 27))


# --- deadlines in hours ---------------------------------------------------------------------


def test_plain_hours_ignore_the_holiday() -> None:
    paid = datetime(2026, 9, 30, 16, 0, tzinfo=CST)  # arrears settled the day before National Day
    reconnect_by = datetime(2026, 10, 1, 16, 0, tzinfo=CST)
    assert CALENDAR.add_hours(paid, 24) == Deadline(reconnect_by, False)
    new_year_eve = datetime(2026, 12, 31, 20, 0, tzinfo=CST)
    assert CALENDAR.add_hours(new_year_eve, 24) == Deadline(
        datetime(2027, 1, 1, 20, 0, tzinfo=CST), False
    )


def test_plain_hours_keep_the_callers_time_zone() -> None:
    due = CALENDAR.add_hours(datetime(2026, 9, 30, 8, 0, tzinfo=UTC), 24).due
    assert isinstance(due, datetime)
    assert due.tzinfo is UTC
    assert due == datetime(2026, 10, 1, 8, 0, tzinfo=UTC)


def test_hours_need_an_aware_datetime_and_a_forward_count() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        CALENDAR.add_hours(datetime(2026, 3, 2, 9, 0), 24)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="no time zone"):
        CALENDAR.add_working_hours(datetime(2026, 3, 2, 9, 0), 2)  # noqa: DTZ001
    with pytest.raises(ValueError, match="cannot be negative"):
        CALENDAR.add_hours(datetime(2026, 3, 2, 9, 0, tzinfo=CST), -1)
    with pytest.raises(ValueError, match="cannot be negative"):
        CALENDAR.add_working_hours(datetime(2026, 3, 2, 9, 0, tzinfo=CST), -0.5)
    with pytest.raises(ValueError, match="finite"):
        CALENDAR.add_working_hours(datetime(2026, 3, 2, 9, 0, tzinfo=CST), math.nan)


def _cst(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CST)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (_cst(3, 10, 9), 2, _cst(3, 10, 11)),  # inside one day
        (_cst(3, 10, 16), 3, _cst(3, 11, 10)),  # 1.5 h today, 1.5 h tomorrow from 08:30
        (_cst(3, 10, 8, 30), 9, _cst(3, 10, 17, 30)),  # a full day ends at closing, not next day
        (_cst(3, 10, 7), 1, _cst(3, 10, 9, 30)),  # before opening: counting starts at 08:30
        (_cst(3, 10, 18), 1, _cst(3, 11, 9, 30)),  # after closing: next opening
        (_cst(3, 10, 9), 0.5, _cst(3, 10, 9, 30)),
        (_cst(3, 6, 15, 30), 4, _cst(3, 9, 10, 30)),  # Friday 2 h, Monday 2 h
        (_cst(3, 7, 10), 1, _cst(3, 9, 9, 30)),  # a Saturday start waits for Monday
        # Friday before Spring Festival: 0.5 h, the 调休 Saturday's 9 h, then Tuesday 24.
        (_cst(2, 13, 17), 10, _cst(2, 24, 9)),
    ],
)
def test_working_hours(start: datetime, hours: float, due: datetime) -> None:
    assert CALENDAR.add_working_hours(start, hours) == Deadline(due, False)


def test_zero_working_hours_is_the_start_itself() -> None:
    start = _cst(3, 7, 22)
    assert CALENDAR.add_working_hours(start, 0) == Deadline(start, False)


def test_working_hours_use_the_hall_clock_for_any_time_zone() -> None:
    start = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # 17:00 in the hall
    due = CALENDAR.add_working_hours(start, 1).due
    assert due == datetime(2026, 3, 11, 1, 0, tzinfo=UTC)  # 09:00 next morning in the hall
    assert isinstance(due, datetime)
    assert due.tzinfo is UTC


def test_office_hours_are_configurable() -> None:
    calendar = WorkCalendar(office_opens=time(9, 0), office_closes=time(17, 0))
    assert calendar.office_hours_per_day == timedelta(hours=8)
    assert CALENDAR.office_hours_per_day == timedelta(hours=9)
    assert calendar.add_working_hours(_cst(3, 10, 16), 2).due == _cst(3, 11, 10)
    with pytest.raises(ValueError, match="open before it closes"):
        WorkCalendar(office_opens=time(17, 0), office_closes=time(9, 0))


def test_working_hours_into_an_unknown_year_are_provisional() -> None:
    assert CALENDAR.add_working_hours(_cst(12, 31, 17), 1) == Deadline(
        _cst(1, 1, 9, year=2027), True
    )
    exact = WorkCalendar({date(2027, 1, 1): False}, complete_years={2027})
    assert exact.add_working_hours(_cst(12, 31, 17), 1) == Deadline(_cst(1, 4, 9, year=2027), False)


# --- the pasted override table --------------------------------------------------------------


def test_parse_overrides_reads_a_pasted_schedule() -> None:
    text = """
    # 2027 schedule, State Council notice

    2027-02-06 work   # 调休上班
    2027-02-10 off
    2027-02-11\tOFF
    ２０２７-０２-１２ off
    2027-02-10 off    # the same line twice is harmless
    """
    assert parse_overrides(text) == {
        date(2027, 2, 6): True,
        date(2027, 2, 10): False,
        date(2027, 2, 11): False,
        date(2027, 2, 12): False,
    }
    assert parse_overrides("") == {}
    assert parse_overrides("# nothing yet\n\n") == {}


@pytest.mark.parametrize(
    ("text", "line_number", "problem"),
    [
        ("2027-02-06", 1, "expected 'YYYY-MM-DD work'"),
        ("# header\n\n2027-02-06 work extra", 3, "expected 'YYYY-MM-DD work'"),
        ("2027-02-06 work\n2027/02/10 off", 2, "not a date in YYYY-MM-DD form"),
        ("20270210 off", 1, "not a date in YYYY-MM-DD form"),
        ("2027-02-30 off", 1, "2027-02-30 is not a real date"),
        ("2027-02-06 holiday", 1, "expected 'work' or 'off'"),
        ("2027-02-06 work\n2027-02-07 off\n2027-02-06 off", 3, "already given as work on line 1"),
    ],
)
def test_parse_overrides_names_the_bad_line(text: str, line_number: int, problem: str) -> None:
    with pytest.raises(ValueError, match=f"^Line {line_number}: ") as caught:
        parse_overrides(text)
    assert isinstance(caught.value, OverrideLineError)
    assert caught.value.line_number == line_number
    assert problem in str(caught.value)


def test_parsed_overrides_drive_the_calendar() -> None:
    overrides = parse_overrides("2027-01-01 off\n2027-02-06 work\n")
    calendar = WorkCalendar(overrides, complete_years={2027})
    assert calendar.add_workdays(date(2027, 2, 5), 1) == Deadline(date(2027, 2, 6), False)


# --- the property that ties the two directions together -------------------------------------


@given(
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    n=st.integers(min_value=0, max_value=40),
)
def test_workdays_between_undoes_add_workdays(start: date, n: int) -> None:
    deadline = CALENDAR.add_workdays(start, n)
    assert isinstance(deadline.due, date)
    assert CALENDAR.workdays_between(start, deadline.due) == n
    if n > 0:
        assert CALENDAR.is_workday(deadline.due)
        assert deadline.due > start
