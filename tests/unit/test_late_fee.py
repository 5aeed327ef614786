"""Late fee (电费违约金): day counting, rates by customer class and year, rounding, ¥1 minimum."""

from datetime import date, timedelta
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.accounts import CustomerClass
from counterdesk.domain.late_fee import (
    LateFeeRules,
    Overdue,
    days_overdue,
    late_fee_for_bill,
    late_fees,
)

RES = CustomerClass.RESIDENTIAL
NON = CustomerClass.NON_RESIDENTIAL
RULES = LateFeeRules()

BILL_A = UUID(int=1)
BILL_B = UUID(int=2)
BILL_C = UUID(int=3)


# --- day counting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "paid", "days"),
    [
        (date(2025, 3, 15), date(2025, 3, 15), 0),  # paid on the due date
        (date(2025, 3, 15), date(2025, 3, 1), 0),  # paid early
        (date(2025, 3, 15), date(2025, 3, 16), 1),  # the day after: the first day that accrues
        (date(2025, 3, 15), date(2025, 4, 14), 30),  # 16..31 March = 16, 1..14 April = 14
        (date(2025, 12, 20), date(2026, 1, 10), 21),  # 21..31 Dec = 11, 1..10 Jan = 10
        (date(2024, 2, 28), date(2024, 3, 1), 2),  # 29 Feb 2024 exists
        (date(2025, 2, 28), date(2025, 3, 1), 1),  # 2025 has no 29 Feb
    ],
)
def test_days_overdue_counts_from_the_day_after_due_to_the_day_paid(
    due: date, paid: date, days: int
) -> None:
    assert days_overdue(due, paid) == days


# --- one bill -------------------------------------------------------------------------------


def test_residential_thirty_days_on_100_yuan() -> None:
    # ¥100.00 × 1‰ × 30 days = ¥3.00 → 10000 fen × 10/10000 × 30 = 300 fen.
    assert late_fee_for_bill(10_000, date(2025, 3, 15), date(2025, 4, 14), RES, RULES) == 300


def test_residential_rate_does_not_change_across_a_year_end() -> None:
    # 21 days × 1‰ on ¥100.00 = ¥2.10, whatever the year.
    assert late_fee_for_bill(10_000, date(2025, 12, 20), date(2026, 1, 10), RES, RULES) == 210


def test_non_residential_across_the_year_end() -> None:
    # Due 2025-12-20, paid 2026-01-10:
    #   21..31 Dec 2025 = 11 days at 2‰ (current year) = 22‰
    #   1..10 Jan 2026  = 10 days at 3‰ (earlier year's arrears) = 30‰
    # ¥100.00 × 52‰ = ¥5.20 → 520 fen. (All 21 days at 3‰ would be 630; all at 2‰, 420.)
    assert late_fee_for_bill(10_000, date(2025, 12, 20), date(2026, 1, 10), NON, RULES) == 520


@pytest.mark.parametrize(
    ("paid", "fen"),
    [
        (date(2025, 12, 31), 220),  # 11 days × 2‰ on ¥100.00 = ¥2.20: still the same year
        (date(2026, 1, 1), 250),  # + 1 day × 3‰ = ¥2.50: 1 January is the first later-year day
    ],
)
def test_non_residential_year_boundary(paid: date, fen: int) -> None:
    assert late_fee_for_bill(10_000, date(2025, 12, 20), paid, NON, RULES) == fen


def test_non_residential_within_one_year_is_all_current_year_rate() -> None:
    # Due 2025-03-15, paid 2025-04-14: 30 days × 2‰ on ¥100.00 = ¥6.00.
    assert late_fee_for_bill(10_000, date(2025, 3, 15), date(2025, 4, 14), NON, RULES) == 600


def test_non_residential_over_two_year_ends() -> None:
    # Due 2024-12-20, paid 2026-01-10: 11 days in 2024 at 2‰ = 22‰; 365 days of 2025 + 10 of
    # 2026 = 375 days at 3‰ = 1125‰. ¥100.00 × 1147‰ = ¥114.70.
    assert late_fee_for_bill(10_000, date(2024, 12, 20), date(2026, 1, 10), NON, RULES) == 11_470


def test_non_residential_due_on_31_december_is_all_later_year() -> None:
    # Due 2025-12-31, paid 2026-01-05: the first accruing day is already 2026 → 5 × 3‰ = 15‰.
    assert late_fee_for_bill(10_000, date(2025, 12, 31), date(2026, 1, 5), NON, RULES) == 150


@pytest.mark.parametrize("customer_class", [RES, NON])
@pytest.mark.parametrize("paid", [date(2025, 12, 20), date(2025, 12, 1)])
def test_no_fee_when_paid_on_or_before_the_due_date(
    customer_class: CustomerClass, paid: date
) -> None:
    assert late_fee_for_bill(10_000, date(2025, 12, 20), paid, customer_class, RULES) == 0


def test_no_principal_no_fee() -> None:
    assert late_fee_for_bill(0, date(2025, 3, 15), date(2025, 4, 14), RES, RULES) == 0


@pytest.mark.parametrize(
    ("principal", "fen"),
    [
        (1500, 2),  # ¥15.00 × 1‰ × 1 day = 1.5 fen → rounds half up to 2
        (1499, 1),  # 1.499 fen → 1
        (1450, 1),  # 1.45 fen → 1: rounded once, not 1.45 → 1.5 → 2
        (2500, 3),  # 2.5 fen → 3 (half away from zero, not to even)
    ],
)
def test_round_half_a_fen_up(principal: int, fen: int) -> None:
    assert late_fee_for_bill(principal, date(2025, 3, 15), date(2025, 3, 16), RES, RULES) == fen


def test_rounded_once_per_bill_not_per_day() -> None:
    # ¥10.40 × 1‰ = 1.04 fen a day; 30 days = 31.2 fen → 31. Rounding each day would give 30.
    assert late_fee_for_bill(1040, date(2025, 3, 15), date(2025, 4, 14), RES, RULES) == 31


def test_negative_principal_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        late_fee_for_bill(-1, date(2025, 3, 15), date(2025, 4, 14), RES, RULES)


# --- rules from settings ----------------------------------------------------------------------


def test_rates_come_from_the_rules() -> None:
    rules = LateFeeRules(
        residential_rate=5,  # 0.5‰
        non_residential_current_year_rate=15,  # 1.5‰
        non_residential_earlier_years_rate=25,  # 2.5‰
        minimum_fen=0,
    )
    # Residential: ¥100.00 × 0.5‰ × 30 = ¥1.50.
    assert late_fee_for_bill(10_000, date(2025, 3, 15), date(2025, 4, 14), RES, rules) == 150
    # Non-residential over the year end: 11 × 1.5‰ + 10 × 2.5‰ = 41.5‰ of ¥100.00 = ¥4.15.
    assert late_fee_for_bill(10_000, date(2025, 12, 20), date(2026, 1, 10), NON, rules) == 415


def test_minimum_comes_from_the_rules() -> None:
    # ¥100.00 × 1‰ × 5 days = 50 fen; with a ¥2 minimum → 200, with no minimum → 50.
    items = [Overdue(BILL_A, date(2025, 3, 15), 10_000)]
    paid = date(2025, 3, 20)
    assert late_fees(items, paid, RES, LateFeeRules(minimum_fen=200)) == {BILL_A: 200}
    assert late_fees(items, paid, RES, LateFeeRules(minimum_fen=0)) == {BILL_A: 50}


@pytest.mark.parametrize(
    "name",
    [
        "residential_rate",
        "non_residential_current_year_rate",
        "non_residential_earlier_years_rate",
        "minimum_fen",
    ],
)
def test_negative_settings_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        LateFeeRules(**{name: -1})


def test_a_fractional_rate_is_refused() -> None:
    # 1.5 per 10,000 cannot be kept exact in integer arithmetic; the settings table must say 15/…
    with pytest.raises(TypeError, match="residential_rate"):
        LateFeeRules(residential_rate=1.5)  # type: ignore[arg-type]


def test_defaults_are_the_1996_rule() -> None:
    assert LateFeeRules() == LateFeeRules(
        residential_rate=10,
        non_residential_current_year_rate=20,
        non_residential_earlier_years_rate=30,
        minimum_fen=100,
    )


# --- one payment over several bills: the ¥1 minimum -------------------------------------------


def test_minimum_one_bill() -> None:
    # ¥100.00 × 1‰ × 5 days = ¥0.50 computed; under ¥1 → charged ¥1.00.
    items = [Overdue(BILL_A, date(2025, 3, 15), 10_000)]
    assert late_fees(items, date(2025, 3, 20), RES, RULES) == {BILL_A: 100}


def test_minimum_tops_up_the_oldest_bill() -> None:
    # A: due 1 Mar, ¥10.00, 30 days × 1‰ = 30 fen.  B: due 21 Mar, ¥40.00, 10 days × 1‰ = 40 fen.
    # Total 70 fen < ¥1 → top-up 30 fen to A, the oldest: A = 60, B = 40.
    # B is listed first so that "oldest" cannot mean "first in the list".
    items = [
        Overdue(BILL_B, date(2025, 3, 21), 4_000),
        Overdue(BILL_A, date(2025, 3, 1), 1_000),
    ]
    assert late_fees(items, date(2025, 3, 31), RES, RULES) == {BILL_A: 60, BILL_B: 40}


def test_minimum_applies_to_the_total_not_to_each_bill() -> None:
    # Three bills at ¥40.00, 10 days × 1‰ = 40 fen each → 120 fen in total, over ¥1: no top-up.
    # Per bill, the customer would pay 3 × ¥1 = ¥3.
    due = date(2025, 3, 21)
    items = [Overdue(b, due, 4_000) for b in (BILL_A, BILL_B, BILL_C)]
    assert late_fees(items, date(2025, 3, 31), RES, RULES) == {BILL_A: 40, BILL_B: 40, BILL_C: 40}


def test_zero_total_stays_zero() -> None:
    # A: paid on its due date → 0.  B: ¥0.10 × 1‰ × 1 day = 0.01 fen → rounds to 0.
    items = [
        Overdue(BILL_A, date(2025, 3, 31), 10_000),
        Overdue(BILL_B, date(2025, 3, 30), 10),
    ]
    assert late_fees(items, date(2025, 3, 31), RES, RULES) == {BILL_A: 0, BILL_B: 0}


def test_no_bills_no_fees() -> None:
    assert late_fees([], date(2025, 3, 31), RES, RULES) == {}


def test_top_up_skips_an_older_bill_with_nothing_owed() -> None:
    # A is older but has no principal left, so it has no late-fee item to top up; B gets it.
    # B: ¥100.00 × 1‰ × 5 days = 50 fen → 100.
    items = [
        Overdue(BILL_A, date(2025, 1, 15), 0),
        Overdue(BILL_B, date(2025, 3, 15), 10_000),
    ]
    assert late_fees(items, date(2025, 3, 20), RES, RULES) == {BILL_A: 0, BILL_B: 100}


def test_minimum_for_non_residential_uses_the_same_rule() -> None:
    # ¥10.00 × 2‰ × 2 days = 4 fen → ¥1.00.
    items = [Overdue(BILL_A, date(2025, 6, 10), 1_000)]
    assert late_fees(items, date(2025, 6, 12), NON, RULES) == {BILL_A: 100}


def test_a_bill_listed_twice_is_refused() -> None:
    items = [Overdue(BILL_A, date(2025, 3, 1), 1_000), Overdue(BILL_A, date(2025, 3, 1), 1_000)]
    with pytest.raises(ValueError, match="twice"):
        late_fees(items, date(2025, 3, 31), RES, RULES)


# --- properties -------------------------------------------------------------------------------

_BASE = date(2024, 1, 1)
_overdue = st.builds(
    Overdue,
    bill_id=st.uuids(),
    due_date=st.integers(0, 800).map(lambda d: _BASE + timedelta(days=d)),
    principal_fen=st.integers(0, 10**7),
)


@given(
    items=st.lists(_overdue, max_size=15, unique_by=lambda o: o.bill_id),
    paid_after_base=st.integers(0, 900),
    customer_class=st.sampled_from(CustomerClass),
    minimum=st.integers(0, 1_000),
)
def test_minimum_changes_only_the_oldest_bill_and_only_up_to_the_minimum(
    items: list[Overdue], paid_after_base: int, customer_class: CustomerClass, minimum: int
) -> None:
    rules = LateFeeRules(minimum_fen=minimum)
    paid = _BASE + timedelta(days=paid_after_base)
    raw = {
        o.bill_id: late_fee_for_bill(o.principal_fen, o.due_date, paid, customer_class, rules)
        for o in items
    }
    fees = late_fees(items, paid, customer_class, rules)
    raw_total = sum(raw.values())

    assert fees.keys() == raw.keys()
    assert sum(fees.values()) == (max(raw_total, minimum) if raw_total > 0 else 0)
    changed = [b for b in fees if fees[b] != raw[b]]
    assert len(changed) <= 1
    for bill_id in changed:
        accruing = [o for o in items if o.principal_fen > 0 and o.due_date < paid]
        assert bill_id == min(accruing, key=lambda o: (o.due_date, o.bill_id)).bill_id
        assert fees[bill_id] > raw[bill_id]


@given(
    principal=st.integers(0, 10**7),
    due_after_base=st.integers(0, 800),
    days=st.integers(0, 900),
)
def test_non_residential_lies_between_the_two_rates_and_grows_with_each_day(
    principal: int, due_after_base: int, days: int
) -> None:
    # Every day accrues at 2‰ or 3‰, so the fee lies between "all days at 2‰" and "all at 3‰";
    # paying a day later never costs less.
    due = _BASE + timedelta(days=due_after_base)
    paid = due + timedelta(days=days)
    fee = late_fee_for_bill(principal, due, paid, NON, RULES)
    all_current = late_fee_for_bill(principal, due, paid, NON, LateFeeRules(30, 20, 20))
    all_earlier = late_fee_for_bill(principal, due, paid, NON, LateFeeRules(30, 30, 30))
    assert all_current <= fee <= all_earlier
    assert late_fee_for_bill(principal, due, paid + timedelta(days=1), NON, RULES) >= fee
