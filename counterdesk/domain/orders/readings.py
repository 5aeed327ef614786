"""The readings of a meter change (换表示数): entered twice, then checked for plausibility.

Why so much care for two numbers per register: the old meter's final reading closes the customer's
last bill on that meter and the new meter's initial reading opens the next one, and the old meter
leaves the premises, so a misread (抄错表, the first of the hall's three errors to avoid) cannot be
read again later. Two defences, both from DOMAIN.md's practices:

- **Double entry** (:func:`confirm_entry`): every reading is typed twice (or read back to the
  fitter and typed again); two entries that differ are refused with the register named, before any
  check looks at them.
- **Plausibility** (:func:`check_readings`): each problem has a severity. ``BLOCK`` cannot be
  accepted (a final reading below the last one, a multiplier that contradicts the meter on record,
  a register missing); ``CONFIRM`` may be true but is unusual (a large advance, a register that
  rolled over, a new meter that does not start near zero), so the clerk confirms it with the
  customer, and the confirmation is recorded with the order.

Readings are integers in hundredths (``123456`` is 1234.56), as everywhere
(:mod:`counterdesk.domain.accounts`). A consumption is in billed units (after the multiplier), as
bills hold it, so a CT-metered customer's history compares with the same kind of number.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Final

from counterdesk.domain.accounts import HUNDREDTHS_PER_UNIT, Meter, billed_units, format_reading
from counterdesk.domain.refusal import CounterError

DEFAULT_READING_CHECKS: Final[dict[str, int | float]] = {
    "consumption_factor": 3,
    "consumption_floor_units": 50,
    "cap_without_history_units": 3000,
    "new_meter_initial_limit": 1000,
}
"""The settings' defaults. A final reading whose advance since the last reading is more than
``consumption_factor`` × the recent daily average × the days since is unusual, but never below
``consumption_floor_units`` (a customer with almost no history of use may still switch on a
heater); with no history at all the cap is ``cap_without_history_units``. A new meter whose initial
reading is above ``new_meter_initial_limit`` hundredths (10.00) was not new, or was misread."""


class Severity(enum.StrEnum):
    """How a plausibility problem is handled at the counter."""

    BLOCK = "block"
    """Cannot be accepted: the reading or the records are wrong."""
    CONFIRM = "confirm"
    """Unusual but possible: accepted once the clerk confirms it with the customer."""


class ReadingSide(enum.StrEnum):
    """Which reading of a register an entry is."""

    OLD_FINAL = "old_final"
    """The old meter's final reading (旧表止码)."""
    NEW_INITIAL = "new_initial"
    """The new meter's initial reading (新表起码)."""


class ReadingMismatchError(CounterError):
    """The two entries of one reading differ: read the register again."""


class ImplausibleReadingError(CounterError):
    """A reading or a multiplier that failed a plausibility check (see :class:`ReadingProblem`)."""


@dataclass(frozen=True)
class ReadingChecks:
    """The plausibility limits (settings ``meter_change.reading_checks``)."""

    consumption_factor: Fraction = Fraction(3)
    consumption_floor_units: int = 50
    cap_without_history_units: int = 3000
    new_meter_initial_limit: int = 1000

    def __post_init__(self) -> None:
        if self.consumption_factor < 1:
            raise ValueError(
                f"consumption_factor must be 1 or more, not {self.consumption_factor}."
            )
        for name in ("consumption_floor_units", "cap_without_history_units"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be more than zero, not {getattr(self, name)}.")
        if self.new_meter_initial_limit < 0:
            raise ValueError(
                f"new_meter_initial_limit cannot be negative, not {self.new_meter_initial_limit}."
            )


def parse_reading_checks(value: object) -> ReadingChecks:
    """Read the settings value (shaped like :data:`DEFAULT_READING_CHECKS`); missing keys default.

    ``consumption_factor`` may have decimals (2.5); the others are whole numbers. Raises
    ``ValueError`` naming the bad entry.
    """
    if not isinstance(value, dict):
        raise ValueError(f"Reading checks must be an object, not {value!r}.")
    unknown = sorted(set(value) - set(DEFAULT_READING_CHECKS))
    if unknown:
        raise ValueError(f"Unknown reading check {unknown[0]!r}.")
    merged = {**DEFAULT_READING_CHECKS, **value}
    factor = merged["consumption_factor"]
    if isinstance(factor, bool) or not isinstance(factor, int | float) or not math.isfinite(factor):
        raise ValueError(f"Reading check 'consumption_factor' must be a number, not {factor!r}.")
    whole: dict[str, int] = {}
    for key in ("consumption_floor_units", "cap_without_history_units", "new_meter_initial_limit"):
        entry = merged[key]
        if isinstance(entry, bool) or not isinstance(entry, int):
            raise ValueError(f"Reading check {key!r} must be a whole number, not {entry!r}.")
        whole[key] = entry
    # str() first: Fraction(2.1) would keep the float's binary error, Fraction("2.1") is 21/10.
    return ReadingChecks(consumption_factor=Fraction(str(factor)), **whole)


# --- double entry --------------------------------------------------------------------------------


def confirm_entry(register: str, side: ReadingSide, first: int, second: int) -> int:
    """The reading when both entries agree, else a :class:`ReadingMismatchError` naming it."""
    if first == second:
        return first
    if side is ReadingSide.OLD_FINAL:
        raise ReadingMismatchError(
            "The two entries of the old meter's final reading of register {register} differ "
            "({first} and {second}); read the register again.",
            register=register,
            first=format_reading(first),
            second=format_reading(second),
        )
    raise ReadingMismatchError(
        "The two entries of the new meter's initial reading of register {register} differ "
        "({first} and {second}); read the register again.",
        register=register,
        first=format_reading(first),
        second=format_reading(second),
    )


def confirm_entries(
    side: ReadingSide, first: Mapping[str, int], second: Mapping[str, int]
) -> dict[str, int]:
    """Every register's reading from two rounds of entry; a register typed once is a mismatch."""
    readings: dict[str, int] = {}
    for register in dict.fromkeys([*first, *second]):
        if register not in first or register not in second:
            raise ImplausibleReadingError(
                "Register {register} was entered only once; enter every reading twice.",
                register=register,
            )
        readings[register] = confirm_entry(register, side, first[register], second[register])
    return readings


# --- plausibility --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterHistory:
    """What the records say about one register of the old meter before the change.

    ``last_reading`` was read on ``last_read_on`` (a bill's reading, or the meter's initial
    reading). ``recent_units`` over ``recent_days`` (say the last twelve bills and the days they
    cover) gives the daily average; ``None`` or zero days when there is no history yet.
    """

    register: str
    last_reading: int
    last_read_on: date
    recent_units: int | None = None
    recent_days: int | None = None

    @property
    def daily_average(self) -> Fraction | None:
        if self.recent_units is None or not self.recent_days or self.recent_days < 0:
            return None
        return Fraction(max(self.recent_units, 0), self.recent_days)


@dataclass(frozen=True)
class ChangeReadings:
    """The readings and multipliers of a meter change order, as confirmed by double entry.

    ``old_multiplier`` and ``new_multiplier`` are what the order says (typed from the work sheet);
    the meters carry their CT and PT ratios on record, and the two must agree.
    """

    old_meter: Meter
    new_meter: Meter
    old_multiplier: int
    new_multiplier: int
    old_final: Mapping[str, int]
    new_initial: Mapping[str, int]
    changed_on: date


@dataclass(frozen=True)
class ReadingProblem:
    """One finding of :func:`check_readings`: a stable ``code``, how bad, and the message.

    ``error`` is the refusal to raise (a :class:`ImplausibleReadingError` with its template and
    values), so the counter shows the same words whether it warns or refuses.
    """

    code: str
    severity: Severity
    register: str | None
    error: ImplausibleReadingError


def plausible_maximum(days: int, history: RegisterHistory, checks: ReadingChecks) -> int:
    """The most billed units that pass without confirmation after ``days`` since the last reading.

    ``max(floor, ⌈days × daily average × factor⌉)`` with history; the fixed cap without.
    """
    average = history.daily_average
    if average is None:
        return checks.cap_without_history_units
    return max(
        checks.consumption_floor_units, math.ceil(days * average * checks.consumption_factor)
    )


def _check_meters(readings: ChangeReadings) -> Iterable[ReadingProblem]:
    old, new = readings.old_meter, readings.new_meter
    if old.id == new.id or old.number == new.number:
        yield ReadingProblem(
            "same_meter",
            Severity.BLOCK,
            None,
            ImplausibleReadingError(
                "The new meter {meter} is the meter being removed.", meter=new.number
            ),
        )
    if old.utility is not new.utility:
        yield ReadingProblem(
            "other_utility",
            Severity.BLOCK,
            None,
            ImplausibleReadingError(
                "The new meter {new} measures another utility than the old meter {old}.",
                new=new.number,
                old=old.number,
            ),
        )
    for meter, on_order in ((old, readings.old_multiplier), (new, readings.new_multiplier)):
        if on_order != meter.multiplier:
            yield ReadingProblem(
                "multiplier",
                Severity.BLOCK,
                None,
                ImplausibleReadingError(
                    "The multiplier {order} on the order differs from meter {meter}'s CT × PT on "
                    "record ({ct} × {pt} = {recorded}).",
                    order=on_order,
                    meter=meter.number,
                    ct=meter.ct_ratio,
                    pt=meter.pt_ratio,
                    recorded=meter.multiplier,
                ),
            )


def _check_registers(
    meter: Meter, readings: Mapping[str, int], *, old: bool
) -> Iterable[ReadingProblem]:
    """Every register of ``meter`` present, no stranger, none negative or too wide for the dial."""
    capacity = 10**meter.digits * HUNDREDTHS_PER_UNIT
    for register in meter.registers:
        if register in readings:
            continue
        error: ImplausibleReadingError
        if old:
            error = ImplausibleReadingError(
                "Register {register} of the old meter {meter} has no final reading.",
                register=register,
                meter=meter.number,
            )
        else:
            error = ImplausibleReadingError(
                "Register {register} of the new meter {meter} has no initial reading.",
                register=register,
                meter=meter.number,
            )
        yield ReadingProblem("missing_register", Severity.BLOCK, register, error)
    for register, reading in readings.items():
        if register not in meter.registers:
            yield ReadingProblem(
                "unknown_register",
                Severity.BLOCK,
                register,
                ImplausibleReadingError(
                    "Meter {meter} has no register {register}; check the register names.",
                    meter=meter.number,
                    register=register,
                ),
            )
        elif not 0 <= reading < capacity:
            yield ReadingProblem(
                "out_of_range",
                Severity.BLOCK,
                register,
                ImplausibleReadingError(
                    "The reading {reading} of register {register} cannot be shown by a dial of "
                    "{digits} digits.",
                    reading=format_reading(reading),
                    register=register,
                    digits=meter.digits,
                ),
            )


def _check_history(
    readings: ChangeReadings,
    register: str,
    final: int,
    history: RegisterHistory,
    checks: ReadingChecks,
) -> Iterable[ReadingProblem]:
    """The final reading against the last one: not below (unless rolled over), not far above."""
    days = (readings.changed_on - history.last_read_on).days
    shown = {
        "register": register,
        "last": format_reading(history.last_reading),
        "final": format_reading(final),
        "last_day": history.last_read_on.isoformat(),
    }
    if days < 0:
        yield ReadingProblem(
            "before_last_reading",
            Severity.BLOCK,
            register,
            ImplausibleReadingError(
                "The change on {day} is before the last reading of register {register} "
                "on {last_day}.",
                day=readings.changed_on.isoformat(),
                register=register,
                last_day=shown["last_day"],
            ),
        )
        return
    meter = readings.old_meter
    rolled = final < history.last_reading
    # With the dial's digits a lower reading counts as gone round; whether that is believable is
    # decided below by the size of the advance. A last reading the dial cannot show is a broken
    # record, and billed_units raises ReadingError for it.
    units = billed_units(history.last_reading, final, meter.multiplier, digits=meter.digits)
    limit = plausible_maximum(days, history, checks)
    if rolled and units > limit:
        # Past the end of the dial *and* implausibly far: a reading below the last one, misread.
        yield ReadingProblem(
            "below_last_reading",
            Severity.BLOCK,
            register,
            ImplausibleReadingError(
                "The old meter's final reading {final} of register {register} is below its last "
                "reading {last} of {last_day}; read the meter again.",
                **shown,
            ),
        )
    elif rolled:
        yield ReadingProblem(
            "rolled_over",
            Severity.CONFIRM,
            register,
            ImplausibleReadingError(
                "Register {register} went past its end ({last} on {last_day}, now {final}: "
                "{units} units); confirm that it rolled over.",
                units=units,
                **shown,
            ),
        )
    elif units > limit:
        yield ReadingProblem(
            "high_consumption",
            Severity.CONFIRM,
            register,
            ImplausibleReadingError(
                "Register {register} advanced {units} units since {last_day} ({last} → {final}), "
                "more than the plausible {limit}; confirm the reading.",
                units=units,
                limit=limit,
                **shown,
            ),
        )


def check_readings(
    readings: ChangeReadings,
    history: Mapping[str, RegisterHistory],
    checks: ReadingChecks | None = None,
) -> tuple[ReadingProblem, ...]:
    """Every plausibility problem of a meter change's readings, blocking ones first.

    ``history`` holds what is known of each register of the old meter; a register without history
    is checked for presence and range only. An empty result means the readings can be taken.
    """
    checks = checks or ReadingChecks()
    problems = [*_check_meters(readings)]
    problems += _check_registers(readings.old_meter, readings.old_final, old=True)
    problems += _check_registers(readings.new_meter, readings.new_initial, old=False)
    bad = {problem.register for problem in problems if problem.severity is Severity.BLOCK}
    for register, final in readings.old_final.items():
        known = history.get(register)
        if known is not None and register not in bad:
            problems += _check_history(readings, register, final, known, checks)
    for register, initial in readings.new_initial.items():
        if register not in bad and initial > checks.new_meter_initial_limit:
            problems.append(
                ReadingProblem(
                    "new_meter_not_new",
                    Severity.CONFIRM,
                    register,
                    ImplausibleReadingError(
                        "The new meter's initial reading {reading} of register {register} is "
                        "above {limit}; a new meter starts near zero. Confirm the reading.",
                        reading=format_reading(initial),
                        register=register,
                        limit=format_reading(checks.new_meter_initial_limit),
                    ),
                )
            )
    order = {Severity.BLOCK: 0, Severity.CONFIRM: 1}
    return tuple(sorted(problems, key=lambda problem: order[problem.severity]))


def accept_readings(problems: Iterable[ReadingProblem], *, confirmed: bool) -> None:
    """Raise the first blocking problem, or the first unusual one the clerk has not confirmed."""
    found = list(problems)
    for problem in found:
        if problem.severity is Severity.BLOCK:
            raise problem.error
    if not confirmed and found:
        raise found[0].error
