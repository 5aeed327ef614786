"""Bills from readings: multiplier, registers, rollover only when confirmed, utility mismatch."""

from uuid import uuid4

import pytest

from counterdesk.domain.accounts import Meter, ReadingError, Utility
from counterdesk.domain.billing import charge_for_readings, usage_from_readings
from counterdesk.domain.tariff import (
    beijing_residential_monthly,
    beijing_water_residential,
    commercial_time_of_use,
)

HOME = Meter(uuid4(), "110000000001", Utility.ELECTRICITY)
FACTORY = Meter(
    uuid4(), "110000000002", Utility.ELECTRICITY, ct_ratio=40, pt_ratio=100,
    registers=("peak", "flat", "valley"),
)  # fmt: skip


def test_residential_bill_from_readings() -> None:
    # 1234.56 → 1534.56 kWh: 300 kWh on Beijing monthly tiers:
    # 240 × 0.4883 = 117.192 → ¥117.19; 60 × 0.5383 = 32.298 → ¥32.30; total ¥149.49.
    charge = charge_for_readings(
        HOME, beijing_residential_monthly(), {"total": 123456}, {"total": 153456}
    )
    assert [(line.units, line.amount_fen) for line in charge.lines] == [(240, 11719), (60, 3230)]
    assert charge.amount_fen == 14949


def test_multiplier_applies_to_every_register() -> None:
    # Each register advanced 1.25 units on the meter: × CT 40 × PT 100 = 5,000 kWh.
    last = {"peak": 10000, "flat": 20000, "valley": 30000}
    this = {"peak": 10125, "flat": 20125, "valley": 30125}
    assert usage_from_readings(FACTORY, last, this) == {"peak": 5000, "flat": 5000, "valley": 5000}
    charge = charge_for_readings(FACTORY, commercial_time_of_use(), last, this)
    assert charge.units == 15000


def test_backwards_reading_is_refused_unless_confirmed_as_rollover() -> None:
    last, this = {"total": 99995000}, {"total": 500}  # 999950.00 → 5.00 on a six-digit register
    with pytest.raises(ReadingError):
        usage_from_readings(HOME, last, this)
    assert usage_from_readings(HOME, last, this, rolled_over=frozenset({"total"})) == {"total": 55}


def test_registers_must_match_the_meter() -> None:
    with pytest.raises(ReadingError, match="registers"):
        usage_from_readings(FACTORY, {"total": 1}, {"total": 2})


def test_a_water_tariff_on_an_electricity_meter_is_refused() -> None:
    with pytest.raises(ValueError, match="measures electricity"):
        charge_for_readings(HOME, beijing_water_residential(), {"total": 0}, {"total": 100})
