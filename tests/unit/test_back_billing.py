"""Back-billing (电量退补) with worked numbers: 供电营业规则 (1996) Art. 80 (1), Art. 81 (1), (3).

Every expected figure is worked out by hand in the comment beside it. Prices are 1/10000 yuan per
kWh (¥0.4883 = 4883); money is fen; positive = the customer pays more (补), negative = refund (退).
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.back_billing import (
    DEFAULT_BACK_BILLING,
    BackBillingError,
    BackBillingKind,
    BackBillingRules,
    MeterErrorCase,
    MultiplierCase,
    WiringErrorCase,
    compute_back_billing,
    fixed,
    parse_back_billing_rules,
    parse_error_percent,
    parse_power,
    percent,
    plain,
)
from counterdesk.domain.refusal import CounterError

PRICE = 4_883  # ¥0.4883/kWh
SINCE = date(2025, 3, 1)  # last test / installation
UNTIL = date(2026, 11, 20)  # the change: 629 days later (2025-03-01 → 2026-03-01 is 365, + 264)


def _error(error_bp: int, units: int = 12_345) -> MeterErrorCase:
    return MeterErrorCase(error_bp=error_bp, recorded_units=units, since=SINCE, until=UNTIL)


# --- meter error: half the period ---------------------------------------------------------------


def test_a_fast_meter_refunds_the_error_over_half_the_period() -> None:
    # W = 12,345 kWh recorded over 629 days; the meter ran 4.00 % fast.
    # Half the time: base W ÷ 2 = 6,172.5 kWh.
    # Actual = 6,172.5 ÷ 1.04 = 5,935.0961… kWh.
    # Correction = 5,935.0961 − 6,172.5 = −237.4038… → −237 kWh (refund).
    # Money: −237 × 0.4883 = −115.7271 → −¥115.73 = −11,573 fen.
    result = compute_back_billing(_error(400), PRICE)
    assert result.kind is BackBillingKind.METER_ERROR
    assert result.period_days == 629
    assert result.counted_days == Fraction(629, 2)
    assert result.basis_units == Fraction(12_345, 2)
    assert result.actual_units == Fraction(12_345, 2) / Fraction(104, 100)
    assert result.correction_units == -237
    assert result.amount_fen == -11_573
    assert result.direction == "退"
    assert not result.owed_by_customer


def test_a_slow_meter_charges_the_error_over_half_the_period() -> None:
    # The meter ran 2.50 % slow: actual = 6,172.5 ÷ 0.975 = 6,330.7692… kWh.
    # Correction = 6,330.7692 − 6,172.5 = +158.2692… → +158 kWh.
    # Money: 158 × 0.4883 = 77.1514 → ¥77.15 = 7,715 fen.
    result = compute_back_billing(_error(-250), PRICE)
    assert result.correction_units == 158
    assert result.amount_fen == 7_715
    assert result.direction == "补"
    assert result.owed_by_customer


def test_the_half_period_rule_halves_the_correction_of_the_full_period() -> None:
    # Over the full period the 4 % fast meter would refund 12,345 × 0.04 / 1.04 = 474.81 kWh;
    # the rule counts half the time, so half of it: 237.40 → 237.
    full = Fraction(12_345) * Fraction(4, 100) / Fraction(104, 100)
    assert fixed(full) == "474.81"
    assert compute_back_billing(_error(400), PRICE).correction_units == -round(full / 2)


def test_the_error_case_is_explained_with_its_numbers() -> None:
    lines = compute_back_billing(_error(400), PRICE).explanation
    text = "\n".join(lines)
    assert "二分之一" in lines[0]
    assert "《供电营业规则》" in lines[0]
    assert "e = +4.00%" in text
    assert "2025年3月1日至2026年11月20日，共629天；按二分之一计314.5天" in text
    assert "W = 12,345 kWh" in text
    assert "W ÷ 2 = 6,172.50 kWh" in text
    assert "6,172.50 ÷ 1.0400 = 5,935.10 kWh" in text
    assert "5,935.10 − 6,172.50 = -237.40 kWh，四舍五入取整为 -237 kWh，退还" in text
    assert "-237 kWh × 0.4883 元/kWh = -¥115.73" in lines[-1]


def test_a_rounding_half_goes_away_from_zero() -> None:
    # W = 2,600 kWh, error +4.00 %: base 1,300; actual 1,300 ÷ 1.04 = 1,250 exactly → −50.
    # W = 26 kWh, error +4.00 %: base 13 ÷ 1.04 = 12.5 → correction −0.5 → −1 (half away from 0).
    assert compute_back_billing(_error(400, 2_600), PRICE).correction_units == -50
    assert compute_back_billing(_error(400, 26), PRICE).correction_units == -1


# --- wiring error: the full period --------------------------------------------------------------


def test_a_three_phase_wiring_error_is_corrected_by_k_over_the_full_period() -> None:
    # Three-phase meter wired so it saw UI·cosφ instead of √3·UI·cosφ: K = 1.732 / 1 = 1.732.
    # W = 10,000 kWh recorded from 2026-01-01 to 2026-11-20 (323 days, all counted).
    # Actual = 10,000 × 1.732 = 17,320 kWh; correction +7,320 kWh.
    # Money: 7,320 × 0.4883 = 3,574.356 → ¥3,574.36 = 357,436 fen.
    case = WiringErrorCase(
        correct_power=parse_power("1.732"),
        wrong_power=parse_power("1"),
        recorded_units=10_000,
        since=date(2026, 1, 1),
        until=UNTIL,
    )
    result = compute_back_billing(case, PRICE)
    assert case.factor == Fraction(1_732, 1_000)
    assert result.period_days == 323
    assert result.counted_days == 323
    assert result.actual_units == 17_320
    assert result.correction_units == 7_320
    assert result.amount_fen == 357_436
    text = "\n".join(result.explanation)
    assert "K = P正确 ÷ P错误 = 1.732 ÷ 1 = 1.7320" in text
    assert "全部时间" in text
    assert "10,000 × 1.7320 = 17,320.00 kWh" in text


def test_a_wiring_error_that_recorded_too_much_is_refunded() -> None:
    # K = 1 / 1.5 (the wrong wiring saw 1.5 times the power): 9,000 × 2/3 = 6,000 → −3,000 kWh.
    # Money: −3,000 × 0.4883 = −1,464.90 → −146,490 fen.
    case = WiringErrorCase(Fraction(1), Fraction(3, 2), 9_000, date(2026, 1, 1), UNTIL)
    result = compute_back_billing(case, PRICE)
    assert result.correction_units == -3_000
    assert result.amount_fen == -146_490


# --- wrong multiplier ---------------------------------------------------------------------------


def test_a_multiplier_of_30_instead_of_40_is_charged_the_difference() -> None:
    # CT 200/5 = 40 on site, 150/5 = 30 in the records. W = 30,000 kWh billed at 30 (1,000 units
    # of register advance). Actual = 30,000 × 40 ÷ 30 = 40,000; correction +10,000 kWh.
    # Money: 10,000 × 0.4883 = ¥4,883.00 = 488,300 fen.
    case = MultiplierCase(40, 30, 30_000, date(2026, 1, 1), UNTIL)
    result = compute_back_billing(case, PRICE)
    assert result.actual_units == 40_000
    assert result.correction_units == 10_000
    assert result.amount_fen == 488_300
    assert "30,000 × 40 ÷ 30 = 40,000.00 kWh" in "\n".join(result.explanation)


def test_a_multiplier_of_40_instead_of_30_is_refunded() -> None:
    # Billed at 40, should be 30: 40,000 × 30 ÷ 40 = 30,000 → −10,000 kWh, −¥4,883.00.
    result = compute_back_billing(MultiplierCase(30, 40, 40_000, date(2026, 1, 1), UNTIL), PRICE)
    assert result.correction_units == -10_000
    assert result.amount_fen == -488_300


def test_no_energy_recorded_means_nothing_to_correct() -> None:
    result = compute_back_billing(MultiplierCase(40, 30, 0, date(2026, 1, 1), UNTIL), PRICE)
    assert result.correction_units == 0
    assert result.direction == "无"
    assert "无需退补" in result.explanation[-2]


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "price", "params"),
    [
        (_error(5_001), PRICE, {"error": "+50.01%", "limit": "50%"}),
        (_error(-5_001), PRICE, {"error": "-50.01%", "limit": "50%"}),
        (
            MeterErrorCase(400, 100, UNTIL, SINCE),
            PRICE,
            {"since": "2026-11-20", "until": "2025-03-01"},
        ),
        (
            MeterErrorCase(400, 100, SINCE, SINCE),
            PRICE,
            {"since": "2025-03-01", "until": "2025-03-01"},
        ),
        (_error(400, -1), PRICE, {"units": "-1"}),
        (_error(400), 0, {"price": "0.0000"}),
        (
            WiringErrorCase(Fraction(0), Fraction(1), 100, SINCE, UNTIL),
            PRICE,
            {"correct": "0", "wrong": "1"},
        ),
        (
            WiringErrorCase(Fraction(1732, 100), Fraction(1), 100, SINCE, UNTIL),
            PRICE,
            {"factor": "17.3200", "limit": "10"},
        ),
        (MultiplierCase(40, 0, 100, SINCE, UNTIL), PRICE, {"correct": "40", "wrong": "0"}),
    ],
)
def test_figures_that_cannot_be_right_are_refused(
    case: MeterErrorCase | WiringErrorCase | MultiplierCase, price: int, params: dict[str, str]
) -> None:
    with pytest.raises(BackBillingError) as refused:
        compute_back_billing(case, price)
    assert isinstance(refused.value, CounterError)
    assert refused.value.params == params


def test_a_negative_wrong_power_is_refused_as_k_not_positive() -> None:
    case = WiringErrorCase(Fraction(1), Fraction(-1), 100, SINCE, UNTIL)
    with pytest.raises(BackBillingError, match="more than zero"):
        compute_back_billing(case, PRICE)


def test_the_limits_are_settings() -> None:
    rules = BackBillingRules(error_limit_percent=60, wiring_factor_limit=20)
    assert compute_back_billing(_error(5_500), PRICE, rules).correction_units < 0
    case = WiringErrorCase(Fraction(1732, 100), Fraction(1), 100, SINCE, UNTIL)
    assert compute_back_billing(case, PRICE, rules).correction_units == 1_632


# --- properties ---------------------------------------------------------------------------------

errors = st.integers(-5_000, 5_000)
units = st.integers(0, 10_000_000)
days = st.integers(1, 3_650)


@given(units=units, length=days)
def test_zero_error_is_zero_correction(units: int, length: int) -> None:
    case = MeterErrorCase(0, units, SINCE, date.fromordinal(SINCE.toordinal() + length))
    result = compute_back_billing(case, PRICE)
    assert result.correction_units == 0
    assert result.amount_fen == 0


@given(error=errors, units=units)
def test_the_sign_follows_the_error(error: int, units: int) -> None:
    """Fast (e > 0) never charges more, slow never refunds; the money has the energy's sign."""
    result = compute_back_billing(_error(error, units), PRICE)
    assert result.correction_units * error <= 0
    assert result.amount_fen * result.correction_units >= 0
    exact = result.actual_units - result.basis_units
    assert abs(result.correction_units - exact) <= Fraction(1, 2)


@given(units=units, length=days)
def test_k_of_one_or_equal_multipliers_correct_nothing(units: int, length: int) -> None:
    until = date.fromordinal(SINCE.toordinal() + length)
    wiring = WiringErrorCase(Fraction(7, 4), Fraction(7, 4), units, SINCE, until)
    assert compute_back_billing(wiring, PRICE).correction_units == 0
    assert compute_back_billing(MultiplierCase(40, 40, units, SINCE, until), PRICE).amount_fen == 0


@given(
    correct=st.integers(1, 10_000),
    wrong=st.integers(1, 10_000),
    units=st.integers(0, 1_000_000),
)
def test_the_wiring_sign_follows_k(correct: int, wrong: int, units: int) -> None:
    factor = Fraction(correct, wrong)
    if not Fraction(1, 10) <= factor <= 10:
        return
    case = WiringErrorCase(Fraction(correct), Fraction(wrong), units, SINCE, UNTIL)
    result = compute_back_billing(case, PRICE)
    assert result.correction_units * (correct - wrong) >= 0


# --- reading what is typed, and the settings ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("+4.00", 400), ("4", 400), ("-2.5%", -250), ("－２．５％", -250), ("0.01", 1), (".5", 50)],
)
def test_an_error_is_read_as_basis_points(text: str, expected: int) -> None:
    assert parse_error_percent(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "not an error"),
        ("abc", "not an error"),
        ("4.001", "more than 2 decimals"),
        ("+-4", "not an error"),
        ("4..0", "not an error"),
    ],
)
def test_a_bad_error_is_refused(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_error_percent(text)


def test_a_power_is_exact_and_positive() -> None:
    assert parse_power("1.732") == Fraction(433, 250)
    assert parse_power("１") == 1
    for bad, says in (
        ("0", "more than zero"),
        ("-1", "more than zero"),
        ("1.23456", "more than 4 decimals"),
        ("x", "not a power"),
    ):
        with pytest.raises(ValueError, match=says):
            parse_power(bad)


def test_numbers_are_written_the_notice_way() -> None:
    assert percent(400) == "+4.00%"
    assert percent(-250) == "-2.50%"
    assert percent(0) == "0.00%"
    assert fixed(Fraction(-47_481, 100)) == "-474.81"
    assert fixed(Fraction(1, 200)) == "0.01"  # 0.005 → half away from zero
    assert fixed(Fraction(12_345)) == "12,345.00"
    assert plain(Fraction(629, 2)) == "314.5"
    assert plain(Fraction(1_732, 1_000)) == "1.732"
    assert plain(Fraction(1, 3)) == "0.3333"


def test_the_default_rules_parse() -> None:
    assert parse_back_billing_rules(DEFAULT_BACK_BILLING) == BackBillingRules()
    assert parse_back_billing_rules({"error_limit_percent": 20}).error_limit_percent == 20


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("x", "object"),
        ({"error_limit": 5}, "'error_limit'"),
        ({"error_limit_percent": 4.5}, "error_limit_percent"),
        ({"error_limit_percent": 100}, "error_limit_percent"),
        ({"wiring_factor_limit": 1}, "wiring_factor_limit"),
        ({"wiring_factor_limit": True}, "wiring_factor_limit"),
    ],
)
def test_a_bad_rule_names_its_entry(value: object, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        parse_back_billing_rules(value)
