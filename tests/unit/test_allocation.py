"""Payment allocation (销账): oldest bill first, late fee before principal, the rest prepaid."""

from collections import defaultdict
from datetime import date, timedelta
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.allocation import (
    Allocation,
    AllocationKind,
    Debt,
    allocate,
    amount_due,
)

LATE_FEE = AllocationKind.LATE_FEE
PRINCIPAL = AllocationKind.PRINCIPAL
PREPAYMENT = AllocationKind.PREPAYMENT

OLD = UUID(int=1)
NEW = UUID(int=2)

# January's bill: ¥100.00 owed, ¥3.00 late fee. February's: ¥80.00 owed, ¥0.80 late fee.
# Everything owed: 10000 + 300 + 8000 + 80 = 18380 fen.
JANUARY = Debt(OLD, 202501, date(2025, 2, 15), principal_fen=10_000, late_fee_fen=300)
FEBRUARY = Debt(NEW, 202502, date(2025, 3, 15), principal_fen=8_000, late_fee_fen=80)
DEBTS = [FEBRUARY, JANUARY]  # newest first on purpose: input order must not matter


def test_amount_due_is_principal_plus_late_fee() -> None:
    assert amount_due(DEBTS) == 18_380
    assert amount_due([]) == 0


def test_exact_amount_settles_everything_in_order() -> None:
    assert allocate(18_380, DEBTS) == (
        Allocation(LATE_FEE, 300, OLD),
        Allocation(PRINCIPAL, 10_000, OLD),
        Allocation(LATE_FEE, 80, NEW),
        Allocation(PRINCIPAL, 8_000, NEW),
    )


def test_partial_covers_only_part_of_the_oldest_late_fee() -> None:
    # ¥2.00 < January's ¥3.00 late fee: all of it goes there, none to any principal.
    assert allocate(200, DEBTS) == (Allocation(LATE_FEE, 200, OLD),)


def test_partial_covers_exactly_the_oldest_late_fee() -> None:
    assert allocate(300, DEBTS) == (Allocation(LATE_FEE, 300, OLD),)


def test_partial_within_a_principal() -> None:
    # ¥53.00: ¥3.00 January late fee, then ¥50.00 of January's ¥100.00 principal.
    assert allocate(5_300, DEBTS) == (
        Allocation(LATE_FEE, 300, OLD),
        Allocation(PRINCIPAL, 5_000, OLD),
    )


def test_partial_reaching_into_the_second_bill() -> None:
    # ¥103.50: January in full (10300), then 50 fen of February's 80 fen late fee.
    assert allocate(10_350, DEBTS) == (
        Allocation(LATE_FEE, 300, OLD),
        Allocation(PRINCIPAL, 10_000, OLD),
        Allocation(LATE_FEE, 50, NEW),
    )


def test_overpayment_becomes_one_prepayment() -> None:
    # ¥200.00 − ¥183.80 owed = ¥16.20 prepaid.
    assert allocate(20_000, DEBTS) == (
        Allocation(LATE_FEE, 300, OLD),
        Allocation(PRINCIPAL, 10_000, OLD),
        Allocation(LATE_FEE, 80, NEW),
        Allocation(PRINCIPAL, 8_000, NEW),
        Allocation(PREPAYMENT, 1_620, None),
    )


def test_no_debts_is_all_prepayment() -> None:
    assert allocate(5_000, []) == (Allocation(PREPAYMENT, 5_000, None),)


def test_input_order_does_not_matter() -> None:
    assert allocate(10_350, [JANUARY, FEBRUARY]) == allocate(10_350, [FEBRUARY, JANUARY])


def test_no_zero_allocations_for_a_bill_without_late_fee() -> None:
    not_late = Debt(OLD, 202501, date(2025, 2, 15), principal_fen=1_000, late_fee_fen=0)
    assert allocate(1_500, [not_late]) == (
        Allocation(PRINCIPAL, 1_000, OLD),
        Allocation(PREPAYMENT, 500, None),
    )


def test_a_fully_paid_bill_gets_nothing() -> None:
    settled = Debt(OLD, 202501, date(2025, 2, 15), principal_fen=0, late_fee_fen=0)
    # ¥1.00: February's 80 fen late fee, then 20 fen of its principal.
    assert allocate(100, [settled, FEBRUARY]) == (
        Allocation(LATE_FEE, 80, NEW),
        Allocation(PRINCIPAL, 20, NEW),
    )


def test_same_due_date_orders_by_period_then_bill_id() -> None:
    due = date(2025, 3, 15)
    earlier_period = Debt(UUID(int=9), 202501, due, principal_fen=100, late_fee_fen=0)
    later_period_low_id = Debt(UUID(int=3), 202502, due, principal_fen=100, late_fee_fen=0)
    later_period_high_id = Debt(UUID(int=4), 202502, due, principal_fen=100, late_fee_fen=0)
    debts = [later_period_high_id, later_period_low_id, earlier_period]
    assert [a.bill_id for a in allocate(300, debts)] == [UUID(int=9), UUID(int=3), UUID(int=4)]


@pytest.mark.parametrize("amount", [0, -1, -10_000])
def test_a_payment_of_zero_or_less_is_refused(amount: int) -> None:
    with pytest.raises(ValueError, match="more than zero"):
        allocate(amount, DEBTS)


def test_a_bill_listed_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        allocate(100, [JANUARY, JANUARY])


@pytest.mark.parametrize(
    ("principal", "late_fee", "period", "message"),
    [
        (-1, 0, 202501, "principal"),
        (0, -1, 202501, "late fee"),
        (0, 0, 202513, "YYYYMM"),
        (0, 0, 202500, "YYYYMM"),
        (0, 0, 12, "YYYYMM"),
    ],
)
def test_a_bad_debt_is_refused(principal: int, late_fee: int, period: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Debt(OLD, period, date(2025, 2, 15), principal_fen=principal, late_fee_fen=late_fee)


@pytest.mark.parametrize(
    ("kind", "amount", "bill_id"),
    [
        (LATE_FEE, 0, OLD),
        (PRINCIPAL, -5, OLD),
        (PREPAYMENT, 100, OLD),
        (PRINCIPAL, 100, None),
    ],
)
def test_a_bad_allocation_is_refused(
    kind: AllocationKind, amount: int, bill_id: UUID | None
) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - two different messages, both ValueError
        Allocation(kind, amount, bill_id)


# --- properties -------------------------------------------------------------------------------

_BASE = date(2024, 1, 1)
_debt = st.builds(
    Debt,
    bill_id=st.uuids(),
    # A narrow range so that equal due dates and periods (the tie-breaks) come up often.
    period=st.integers(0, 5).map(lambda m: 202401 + m),
    due_date=st.integers(0, 5).map(lambda d: _BASE + timedelta(days=d)),
    principal_fen=st.integers(0, 10**7),
    late_fee_fen=st.integers(0, 10**7),
)
_debts = st.lists(_debt, max_size=15, unique_by=lambda d: d.bill_id)
_amounts = st.integers(1, 10**9)


def _oldest_first(debts: list[Debt]) -> list[Debt]:
    return sorted(debts, key=lambda d: (d.due_date, d.period, d.bill_id))


@given(amount=_amounts, debts=_debts)
def test_allocations_respect_every_invariant(amount: int, debts: list[Debt]) -> None:
    allocations = allocate(amount, debts)

    # Every fen is accounted for, and no piece is zero or negative.
    assert sum(a.amount_fen for a in allocations) == amount
    assert all(a.amount_fen > 0 for a in allocations)

    paid: dict[tuple[UUID | None, AllocationKind], int] = defaultdict(int)
    for a in allocations:
        key = (a.bill_id, a.kind)
        assert key not in paid, "one allocation per bill and kind"
        paid[key] = a.amount_fen

    # No bill receives more than it owes, and only bills in the list receive anything.
    by_id = {d.bill_id: d for d in debts}
    for a in allocations:
        if a.kind is PREPAYMENT:
            continue
        assert a.bill_id in by_id
    for d in debts:
        assert paid[d.bill_id, LATE_FEE] <= d.late_fee_fen
        assert paid[d.bill_id, PRINCIPAL] <= d.principal_fen

    # At most one prepayment, and only once everything owed is covered.
    prepayments = [a for a in allocations if a.kind is PREPAYMENT]
    assert len(prepayments) <= 1
    owed = amount_due(debts)
    assert sum(a.amount_fen for a in prepayments) == max(0, amount - owed)

    # A bill's principal gets money only when its own late fee and all older bills are covered;
    # its late fee only when all older bills are covered.
    older_fully_paid = True
    for d in _oldest_first(debts):
        late_fee_paid = paid[d.bill_id, LATE_FEE]
        principal_paid = paid[d.bill_id, PRINCIPAL]
        if late_fee_paid:
            assert older_fully_paid
        if principal_paid:
            assert older_fully_paid
            assert late_fee_paid == d.late_fee_fen
        older_fully_paid = older_fully_paid and late_fee_paid + principal_paid == d.total_fen


@given(amount=_amounts, debts=_debts, data=st.data())
def test_input_order_never_matters(amount: int, debts: list[Debt], data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(debts))
    assert allocate(amount, shuffled) == allocate(amount, debts)


@given(amount=_amounts, debts=_debts)
def test_allocations_come_oldest_first_late_fee_before_principal(
    amount: int, debts: list[Debt]
) -> None:
    rank = {d.bill_id: i for i, d in enumerate(_oldest_first(debts))}
    kind_rank = {LATE_FEE: 0, PRINCIPAL: 1}
    keys = [
        (rank[a.bill_id], kind_rank[a.kind]) if a.bill_id is not None else (len(rank), 2)
        for a in allocate(amount, debts)
    ]
    assert keys == sorted(keys)
