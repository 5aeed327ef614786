"""Accounts, meters and readings: billed units from two readings, multiplier and rollover."""

from datetime import date
from uuid import uuid4

import pytest

from counterdesk.domain.accounts import (
    Account,
    AccountStatus,
    Bill,
    CustomerClass,
    Meter,
    MeterInstallation,
    ReadingError,
    Utility,
    billed_units,
    format_reading,
    period_of,
)


def test_enum_values_are_the_stored_strings() -> None:
    assert [u.value for u in Utility] == ["electricity", "water", "gas"]
    assert CustomerClass("non_residential") is CustomerClass.NON_RESIDENTIAL
    assert AccountStatus("disconnected") is AccountStatus.DISCONNECTED


def test_plain_reading_difference() -> None:
    # 1234.56 → 1334.56 kWh on a direct meter: 100.00 kWh, multiplier 1.
    assert billed_units(123456, 133456, 1) == 100


def test_units_round_half_away_from_zero_after_the_multiplier() -> None:
    # 100.00 → 112.50: 12.50 kWh → 13 (四舍五入); 100.00 → 112.49: 12.49 → 12.
    assert billed_units(10000, 11250, 1) == 13
    assert billed_units(10000, 11249, 1) == 12
    # Multiplied before rounding: 0.01 kWh × 4000 = 40 kWh, not round(0.01) × 4000 = 0.
    assert billed_units(10000, 10001, 4000) == 40


def test_ct_40_times_pt_100() -> None:
    # CT 200/5 A = 40, PT 10 kV/100 V = 100, multiplier 4000.
    meter = Meter(uuid4(), "HV-0001", Utility.ELECTRICITY, ct_ratio=40, pt_ratio=100)
    assert meter.multiplier == 4000
    # 1234.56 → 1240.78: 6.22 on the register × 4000 = 24,880 kWh.
    assert billed_units(123456, 124078, meter.multiplier) == 24_880


def test_rollover_of_a_six_digit_register() -> None:
    # 999990.00 → 000015.00 on a 6-digit register: 10.00 to the wrap + 15.00 after = 25 kWh.
    assert billed_units(99_999_000, 1_500, 1, digits=6) == 25
    # With multiplier 100 every hundredth shows: 25.00 × 100 = 2500, not 2499 or 2501.
    assert billed_units(99_999_000, 1_500, 100, digits=6) == 2500


def test_rollover_of_a_four_digit_register_with_multiplier() -> None:
    # 9998.00 → 0003.00 on 4 digits: 2.00 + 3.00 = 5.00 on the register × 30 = 150 kWh.
    assert billed_units(999_800, 300, 30, digits=4) == 150


def test_no_rollover_when_digits_given_but_reading_advanced() -> None:
    assert billed_units(1_000, 2_000, 1, digits=6) == 10


def test_backwards_reading_without_digits_is_a_reading_error() -> None:
    with pytest.raises(ReadingError, match=r"150\.00.*200\.00"):
        billed_units(20000, 15000, 1)


def test_reading_error_is_a_value_error() -> None:
    assert issubclass(ReadingError, ValueError)


@pytest.mark.parametrize(("last", "this"), [(-1, 100), (100, -1)])
def test_negative_readings_are_refused(last: int, this: int) -> None:
    with pytest.raises(ReadingError, match="negative"):
        billed_units(last, this, 1)


def test_reading_beyond_the_register_is_refused() -> None:
    # A 4-digit register cannot show 12345.00.
    with pytest.raises(ReadingError, match="4-digit"):
        billed_units(0, 1_234_500, 1, digits=4)


def test_multiplier_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="multiplier"):
        billed_units(0, 100, 0)


def test_format_reading() -> None:
    assert format_reading(123456) == "1234.56"
    assert format_reading(5) == "0.05"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ct_ratio": 0}, "CT ratio"),
        ({"pt_ratio": -1}, "PT ratio"),
        ({"registers": ()}, "at least one register"),
        ({"registers": ("peak", "peak")}, "twice"),
        ({"digits": 0}, "digit"),
    ],
)
def test_meter_validation(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Meter(uuid4(), "M-1", Utility.ELECTRICITY, **kwargs)  # type: ignore[arg-type]


def test_installation_copies_readings_and_knows_its_days() -> None:
    readings = {"total": 100}
    installation = MeterInstallation(
        uuid4(), uuid4(), uuid4(), date(2024, 1, 10), date(2024, 6, 30), readings
    )
    readings["total"] = 999
    assert installation.initial_readings == {"total": 100}
    assert installation.is_active_on(date(2024, 1, 10))
    assert installation.is_active_on(date(2024, 6, 30))
    assert not installation.is_active_on(date(2024, 7, 1))
    assert not installation.is_active_on(date(2024, 1, 9))
    hash(installation)  # a frozen value stays hashable despite the mapping


def test_installation_removed_before_installed_is_refused() -> None:
    with pytest.raises(ValueError, match="before it was installed"):
        MeterInstallation(uuid4(), uuid4(), uuid4(), date(2024, 2, 1), date(2024, 1, 1), {})


def test_installation_negative_initial_reading_is_refused() -> None:
    with pytest.raises(ReadingError, match="peak"):
        MeterInstallation(uuid4(), uuid4(), uuid4(), date(2024, 2, 1), None, {"peak": -5})


def _account(**changes: object) -> Account:
    fields: dict[str, object] = {
        "id": uuid4(),
        "number": "0100123456",
        "customer_id": uuid4(),
        "utility": Utility.ELECTRICITY,
        "customer_class": CustomerClass.RESIDENTIAL,
        "tariff_code": "bj-res-tiered-monthly",
        "status": AccountStatus.NORMAL,
        "key_customer": False,
        "address": "北京市东城区某街1号",
    }
    fields.update(changes)
    return Account(**fields)  # type: ignore[arg-type]


def test_account_needs_number_and_tariff() -> None:
    assert _account().number == "0100123456"
    with pytest.raises(ValueError, match="account number"):
        _account(number=" ")
    with pytest.raises(ValueError, match="tariff code"):
        _account(tariff_code="")


def test_bill_outstanding() -> None:
    bill = Bill(uuid4(), uuid4(), 202406, 300, 14949, date(2024, 7, 20), paid_fen=4949)
    assert bill.outstanding_fen == 10000
    assert (bill.year, bill.month) == (2024, 6)
    refund = Bill(uuid4(), uuid4(), 202406, -10, -488, date(2024, 7, 20))
    assert refund.outstanding_fen == 0


@pytest.mark.parametrize("period", [202413, 202400, 2024, 20240601])
def test_bill_period_must_be_yyyymm(period: int) -> None:
    with pytest.raises(ValueError, match="YYYYMM"):
        Bill(uuid4(), uuid4(), period, 1, 100, date(2024, 7, 20))


def test_bill_cannot_be_paid_beyond_its_amount() -> None:
    with pytest.raises(ValueError, match="prepaid credit"):
        Bill(uuid4(), uuid4(), 202406, 1, 100, date(2024, 7, 20), paid_fen=101)
    with pytest.raises(ValueError, match="negative"):
        Bill(uuid4(), uuid4(), 202406, 1, 100, date(2024, 7, 20), paid_fen=-1)


def test_period_of() -> None:
    assert period_of(2024, 6) == 202406
    with pytest.raises(ValueError, match="month"):
        period_of(2024, 13)
