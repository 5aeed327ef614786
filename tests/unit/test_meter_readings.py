"""A meter change's readings: double entry, then plausibility with a severity per problem.

Readings are hundredths (123456 is 1234.56). The worked numbers are written out beside each case.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.accounts import Meter, Utility
from counterdesk.domain.orders.readings import (
    DEFAULT_READING_CHECKS,
    ChangeReadings,
    ImplausibleReadingError,
    ReadingChecks,
    ReadingMismatchError,
    ReadingProblem,
    ReadingSide,
    RegisterHistory,
    Severity,
    accept_readings,
    check_readings,
    confirm_entries,
    confirm_entry,
    parse_reading_checks,
    plausible_maximum,
)
from counterdesk.domain.refusal import CounterError

CHANGED_ON = date(2026, 11, 20)
LAST_READ_ON = date(2026, 10, 21)  # 30 days before the change
OLD = Meter(UUID(int=1), "1100123456789", Utility.ELECTRICITY, registers=("peak", "valley"))
NEW = Meter(UUID(int=2), "1100987654321", Utility.ELECTRICITY, registers=("peak", "valley"))


def _history(last: int, *, units: int | None = 3_650, days: int | None = 365) -> RegisterHistory:
    # 3,650 kWh over 365 days: 10 kWh a day on average.
    return RegisterHistory("peak", last, LAST_READ_ON, units, days)


def _change(
    old_final: dict[str, int] | None = None,
    new_initial: dict[str, int] | None = None,
    *,
    old: Meter = OLD,
    new: Meter = NEW,
    old_multiplier: int = 1,
    new_multiplier: int = 1,
) -> ChangeReadings:
    return ChangeReadings(
        old_meter=old,
        new_meter=new,
        old_multiplier=old_multiplier,
        new_multiplier=new_multiplier,
        old_final={"peak": 512_340, "valley": 722_227} if old_final is None else old_final,
        new_initial={"peak": 0, "valley": 0} if new_initial is None else new_initial,
        changed_on=CHANGED_ON,
    )


def _codes(problems: tuple[ReadingProblem, ...]) -> list[tuple[str, Severity, str | None]]:
    return [(p.code, p.severity, p.register) for p in problems]


# --- double entry -------------------------------------------------------------------------------


def test_two_equal_entries_give_the_reading() -> None:
    assert confirm_entry("peak", ReadingSide.OLD_FINAL, 512_340, 512_340) == 512_340


@pytest.mark.parametrize(
    ("side", "words"),
    [
        (ReadingSide.OLD_FINAL, "old meter's final"),
        (ReadingSide.NEW_INITIAL, "new meter's initial"),
    ],
)
def test_two_different_entries_are_refused_naming_the_register(
    side: ReadingSide, words: str
) -> None:
    with pytest.raises(ReadingMismatchError) as refused:
        confirm_entry("peak", side, 512_340, 512_430)  # 5123.40 typed as 5124.30 the second time
    assert isinstance(refused.value, CounterError)
    assert words in refused.value.template
    assert refused.value.params == {"register": "peak", "first": "5123.40", "second": "5124.30"}


def test_every_register_is_confirmed_from_two_rounds() -> None:
    first = {"peak": 512_340, "valley": 722_227}
    assert confirm_entries(ReadingSide.OLD_FINAL, first, dict(first)) == first
    with pytest.raises(ReadingMismatchError, match="valley"):
        confirm_entries(ReadingSide.OLD_FINAL, first, {"peak": 512_340, "valley": 722_272})
    with pytest.raises(ImplausibleReadingError, match="entered only once"):
        confirm_entries(ReadingSide.NEW_INITIAL, {"peak": 0}, {"peak": 0, "valley": 0})


# --- plausibility -------------------------------------------------------------------------------


def test_a_sound_change_has_no_problem() -> None:
    # peak: 5000.00 → 5123.40 is 123.40 → 123 kWh in 30 days; allowed 30 × 10 × 3 = 900.
    problems = check_readings(_change(), {"peak": _history(500_000)})
    assert problems == ()
    accept_readings(problems, confirmed=False)


def test_a_final_reading_below_the_last_one_is_blocked() -> None:
    # 5123.40 after 5200.00 on a 6-digit dial would be a rollover of 999,923.40 kWh: a misread.
    problems = check_readings(_change(), {"peak": _history(520_000)})
    assert _codes(problems) == [("below_last_reading", Severity.BLOCK, "peak")]
    error = problems[0].error
    assert error.params == {
        "register": "peak",
        "last": "5200.00",
        "final": "5123.40",
        "last_day": "2026-10-21",
    }
    with pytest.raises(ImplausibleReadingError, match="below its last reading"):
        accept_readings(problems, confirmed=True)


def test_a_register_that_rolled_over_is_confirmed_not_blocked() -> None:
    # A 4-digit dial: 9990.00 → 0040.00 is 9990.00 → 10000.00 → 10040.00, i.e. 50 kWh in 30 days.
    old = Meter(UUID(int=1), "1100123456789", Utility.ELECTRICITY, registers=("peak",), digits=4)
    new = Meter(UUID(int=2), "1100987654321", Utility.ELECTRICITY, registers=("peak",))
    change = _change({"peak": 4_000}, {"peak": 0}, old=old, new=new)
    problems = check_readings(change, {"peak": _history(999_000)})
    assert _codes(problems) == [("rolled_over", Severity.CONFIRM, "peak")]
    assert problems[0].error.params["units"] == "50"
    with pytest.raises(ImplausibleReadingError, match="rolled over"):
        accept_readings(problems, confirmed=False)
    accept_readings(problems, confirmed=True)


def test_a_large_advance_needs_confirmation() -> None:
    # 30 days × 10 kWh/day × 3 = 900 kWh allowed; 4000.00 → 5123.40 is 1123.40 → 1123 kWh.
    problems = check_readings(_change(), {"peak": _history(400_000)})
    assert _codes(problems) == [("high_consumption", Severity.CONFIRM, "peak")]
    assert problems[0].error.params["units"] == "1123"
    assert problems[0].error.params["limit"] == "900"


def test_the_advance_is_counted_after_the_multiplier() -> None:
    # CT 50/5 = 10: 5100.00 → 5123.40 is 23.40 × 10 = 234 kWh; allowed 900 → fine.
    # With 5000.00 as the last reading: 123.40 × 10 = 1234 kWh > 900 → confirm.
    old = Meter(UUID(int=1), "M1", Utility.ELECTRICITY, ct_ratio=10, registers=("peak", "valley"))
    new = Meter(UUID(int=2), "M2", Utility.ELECTRICITY, ct_ratio=10, registers=("peak", "valley"))
    change = _change(old=old, new=new, old_multiplier=10, new_multiplier=10)
    assert check_readings(change, {"peak": _history(510_000)}) == ()
    problems = check_readings(change, {"peak": _history(500_000)})
    assert problems[0].error.params["units"] == "1234"


def test_the_plausible_maximum_has_a_floor_and_a_cap_without_history() -> None:
    checks = ReadingChecks()
    # 1 kWh over 365 days: 30 × 1/365 × 3 = 0.25 → 1, below the floor of 50.
    assert plausible_maximum(30, _history(0, units=1), checks) == 50
    # 30 days × 3650/365 × 3 = 900.
    assert plausible_maximum(30, _history(0), checks) == 900
    # 7 days × 10 × 2.5 = 175.
    assert plausible_maximum(7, _history(0), ReadingChecks(Fraction(5, 2))) == 175
    # No history (a new account): the fixed cap, however many days.
    assert plausible_maximum(30, _history(0, units=None, days=None), checks) == 3000
    assert plausible_maximum(30, _history(0, units=100, days=0), checks) == 3000


def test_without_history_the_cap_applies() -> None:
    # 0.00 → 5123.40 = 5123 kWh > 3000 cap → confirm.
    problems = check_readings(_change(), {"peak": _history(0, units=None, days=None)})
    assert _codes(problems) == [("high_consumption", Severity.CONFIRM, "peak")]


def test_a_change_before_the_last_reading_is_blocked() -> None:
    history = RegisterHistory("peak", 500_000, date(2026, 11, 25), 3_650, 365)
    problems = check_readings(_change(), {"peak": history})
    assert _codes(problems) == [("before_last_reading", Severity.BLOCK, "peak")]


@pytest.mark.parametrize("which", ["old", "new"])
def test_a_multiplier_that_contradicts_the_meter_on_record_is_blocked(which: str) -> None:
    # The meter on record: CT 200/5 = 40, PT 1 → 40; the work sheet says 30.
    ct40 = Meter(UUID(int=3), "CT40", Utility.ELECTRICITY, ct_ratio=40, registers=("peak",))
    if which == "old":
        change = _change({"peak": 0}, {"peak": 0, "valley": 0}, old=ct40, old_multiplier=30)
    else:
        change = _change(new=ct40, new_initial={"peak": 0}, new_multiplier=30)
    problems = check_readings(change, {})
    assert _codes(problems) == [("multiplier", Severity.BLOCK, None)]
    assert problems[0].error.params == {
        "order": "30",
        "meter": "CT40",
        "ct": "40",
        "pt": "1",
        "recorded": "40",
    }


def test_a_new_meter_that_does_not_start_near_zero_needs_confirmation() -> None:
    # 10.00 is still new; 10.01 is not.
    assert check_readings(_change(new_initial={"peak": 1_000, "valley": 0}), {}) == ()
    problems = check_readings(_change(new_initial={"peak": 1_001, "valley": 0}), {})
    assert _codes(problems) == [("new_meter_not_new", Severity.CONFIRM, "peak")]
    assert problems[0].error.params == {"reading": "10.01", "register": "peak", "limit": "10.00"}


def test_every_register_of_both_meters_must_be_read() -> None:
    problems = check_readings(_change({"peak": 512_340}, {"valley": 0, "sharp": 5}), {})
    assert _codes(problems) == [
        ("missing_register", Severity.BLOCK, "valley"),
        ("missing_register", Severity.BLOCK, "peak"),
        ("unknown_register", Severity.BLOCK, "sharp"),
    ]
    assert "old meter" in problems[0].error.template
    assert "new meter" in problems[1].error.template


def test_a_reading_the_dial_cannot_show_is_blocked() -> None:
    # A 6-digit dial shows up to 999999.99 = 99,999,999 hundredths.
    problems = check_readings(_change({"peak": 100_000_000, "valley": -1}), {})
    assert _codes(problems) == [
        ("out_of_range", Severity.BLOCK, "peak"),
        ("out_of_range", Severity.BLOCK, "valley"),
    ]


def test_the_same_meter_or_another_utility_is_blocked() -> None:
    water = Meter(UUID(int=9), "W1", Utility.WATER, registers=("peak", "valley"))
    assert _codes(check_readings(_change(new=OLD), {}))[0][0] == "same_meter"
    assert _codes(check_readings(_change(new=water), {}))[0][0] == "other_utility"


def test_blocking_problems_come_first() -> None:
    problems = check_readings(
        _change({"peak": 512_340, "valley": 722_227}, {"peak": 5_000, "valley": 0}),
        {"peak": _history(400_000), "valley": RegisterHistory("valley", 730_000, LAST_READ_ON)},
    )
    assert [p.severity for p in problems] == [Severity.BLOCK, Severity.CONFIRM, Severity.CONFIRM]


@given(
    last=st.integers(0, 99_999_999),
    advance=st.integers(0, 5_000),
)
def test_a_final_reading_a_little_above_the_last_is_never_blocked(last: int, advance: int) -> None:
    # Up to 50.00 kWh more than the last reading (the floor), on any reading of the dial.
    final = (last + advance) % 100_000_000
    change = _change({"peak": final, "valley": 0})
    problems = check_readings(change, {"peak": _history(last)})
    assert all(p.severity is Severity.CONFIRM for p in problems)


# --- the settings -------------------------------------------------------------------------------


def test_the_defaults_parse_to_the_default_checks() -> None:
    assert parse_reading_checks(DEFAULT_READING_CHECKS) == ReadingChecks()
    assert parse_reading_checks({}) == ReadingChecks()
    assert parse_reading_checks({"consumption_factor": 2.5}).consumption_factor == Fraction(5, 2)


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ([], "object"),
        ({"factor": 3}, "'factor'"),
        ({"consumption_factor": "3"}, "consumption_factor"),
        ({"consumption_factor": True}, "consumption_factor"),
        ({"consumption_factor": 0.5}, "consumption_factor"),
        ({"consumption_floor_units": 2.5}, "consumption_floor_units"),
        ({"cap_without_history_units": 0}, "cap_without_history_units"),
        ({"new_meter_initial_limit": -1}, "new_meter_initial_limit"),
    ],
)
def test_a_bad_setting_names_its_entry(value: object, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        parse_reading_checks(value)
