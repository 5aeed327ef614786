"""Payment allocation (销账): which bills, and which part of each, a payment settles.

The order, fixed (not a setting):

1. Oldest bill first — by due date, then billing period, then bill id, so the result never depends
   on the order the bills were read in. The oldest arrears (欠费) are the ones whose late fee
   (电费违约金) has run longest, the ones that move to the higher rate for arrears of an earlier
   year once they cross a year end, and the ones closest to disconnection. Clearing them first
   stops the most expensive accrual and the nearest disconnection.
2. Within a bill, its late fee before its principal. This follows 民法典 (Civil Code) Art. 561:
   a payment that does not cover everything settles costs first, then interest, then the principal
   debt. A customer who pays part of a bill clears the penalty first, which is the usual utility
   practice.
3. Whatever remains after every bill is settled becomes one prepayment (预收), prepaid credit on the
   account.

Amounts are integer fen; nothing is rounded here, so the allocations always add up to the payment.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from counterdesk.domain.money import Fen


@dataclass(frozen=True)
class Debt:
    """What one bill still owes: its outstanding principal (电费) and its late fee, in fen.

    ``period`` is the billing month as ``YYYYMM`` (202503 for March 2025); it breaks ties between
    bills with the same due date.
    """

    bill_id: UUID
    period: int
    due_date: date
    principal_fen: Fen
    late_fee_fen: Fen

    def __post_init__(self) -> None:
        # A negative amount owed would let allocation pay one bill with another bill's money.
        if self.principal_fen < 0:
            raise ValueError(f"bill {self.bill_id}: principal cannot be negative")
        if self.late_fee_fen < 0:
            raise ValueError(f"bill {self.bill_id}: late fee cannot be negative")
        if self.period < 100 or not 1 <= self.period % 100 <= 12:
            raise ValueError(f"bill {self.bill_id}: period {self.period} is not YYYYMM")

    @property
    def total_fen(self) -> Fen:
        """Principal plus late fee: what settles this bill in full."""
        return self.principal_fen + self.late_fee_fen


class AllocationKind(enum.StrEnum):
    """What part of a debt an allocation settles; the values are stored."""

    LATE_FEE = "late_fee"
    PRINCIPAL = "principal"
    PREPAYMENT = "prepayment"


@dataclass(frozen=True)
class Allocation:
    """One piece of a payment: an amount applied to a bill's late fee or principal, or prepaid.

    ``bill_id`` is ``None`` exactly for a prepayment, which belongs to the account, not a bill.
    """

    kind: AllocationKind
    amount_fen: Fen
    bill_id: UUID | None

    def __post_init__(self) -> None:
        if self.amount_fen <= 0:
            raise ValueError(f"an allocation must be more than zero, got {self.amount_fen}")
        if (self.kind is AllocationKind.PREPAYMENT) != (self.bill_id is None):
            raise ValueError("a prepayment has no bill; a late fee or principal needs one")


def _oldest_first(debt: Debt) -> tuple[date, int, UUID]:
    return (debt.due_date, debt.period, debt.bill_id)


def amount_due(debts: Iterable[Debt]) -> Fen:
    """Return everything owed: the principal and late fee of every bill."""
    return sum(debt.total_fen for debt in debts)


def allocate(amount_fen: Fen, debts: Sequence[Debt]) -> tuple[Allocation, ...]:
    """Split a payment over the debts, oldest bill first, late fee before principal.

    Returns the allocations in that order; a remainder becomes one prepayment at the end. No
    allocation is zero, and together they add up to ``amount_fen``. A payment of zero or less is
    refused (a reversal is its own entry, never a negative payment), and so is a bill listed twice.
    """
    if amount_fen <= 0:
        raise ValueError(f"a payment must be more than zero, got {amount_fen}")
    if len({debt.bill_id for debt in debts}) != len(debts):
        raise ValueError("a bill is listed twice")

    remaining = amount_fen
    allocations: list[Allocation] = []
    for debt in sorted(debts, key=_oldest_first):
        for kind, owed in (
            (AllocationKind.LATE_FEE, debt.late_fee_fen),
            (AllocationKind.PRINCIPAL, debt.principal_fen),
        ):
            paid = min(remaining, owed)
            if paid > 0:
                allocations.append(Allocation(kind, paid, debt.bill_id))
                remaining -= paid
        if remaining == 0:
            break
    if remaining > 0:
        allocations.append(Allocation(AllocationKind.PREPAYMENT, remaining, None))
    return tuple(allocations)
