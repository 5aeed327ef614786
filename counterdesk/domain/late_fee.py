"""Late fee (电费违约金) on overdue electricity bills (arrears — 欠费).

Source: 供电营业规则 (Rules for Electricity Supply Business, 1996) Art. 98. The 2024 revision (NDRC
Order No. 14, in force 2024-06-01) may renumber the article or change its details, so every rate
and the minimum are settings (:class:`LateFeeRules`, filled from the settings table); the defaults
below are the 1996 numbers and must be checked against the text the utility applies.

What Art. 98 says, as implemented here:

- The fee accrues from the day after the due date until the day paid, both inclusive, day by day.
- Residential customers: 1‰ of the arrears per day.
- Other customers: 2‰ per day on the current year's arrears (当年欠费), 3‰ per day on arrears
  carried across a year end (跨年度欠费).
- A total under ¥1 is charged as ¥1.

Interpretation of "current year" for non-residential customers: each *day* of delay is rated by
the calendar year it falls in, compared with the year of the due date (the year the arrears
arose). Days in that same year accrue at the current-year rate; days in any later year accrue at
the earlier-years rate, because from 1 January on those arrears *are* arrears of an earlier year.
The alternative — rating the whole delay by the year of payment — would raise the rate
retroactively on days that were already past when the year turned, so paying on 2 January would
cost more for the December days than paying on 31 December; day-by-day rating avoids that jump
and matches "day by day" in the rule. Confirm this reading against the 2024 text.

Rounding: one bill's fee is ``round_div(principal × Σ daily rates, 10000)``, rounded once per bill
(the money module's rule: round at the end of each line item), never per day, so thirty days of
1.04 fen come to 31 fen and not 30.

The ¥1 minimum applies to the total late fee of one payment across all the account's overdue bills,
not to each bill: per bill, a customer with six small overdue bills would pay at least ¥6 for what
the rule calls one late fee. When the total is above zero and under the minimum, the top-up goes to
the oldest bill's late-fee item, so a receipt still shows one fee per bill. A total of zero stays
zero. A waiver (减免) is out of scope here: it is an approved adjustment recorded elsewhere.

Pure: the caller passes the payment date; nothing here reads the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Final
from uuid import UUID

from counterdesk.domain.accounts import CustomerClass
from counterdesk.domain.money import Fen, round_div

RATE_DENOMINATOR: Final = 10_000
"""Rates are integers in parts per 10,000 per day (万分之): 1‰ per day is 10."""


@dataclass(frozen=True)
class LateFeeRules:
    """The late-fee settings, in parts per 10,000 per day, and the minimum total in fen.

    Integers, not fractions, so that the arithmetic stays exact until the one rounding per bill.
    The defaults are 供电营业规则 (1996) Art. 98; a settings table overrides them.
    """

    residential_rate: int = 10
    non_residential_current_year_rate: int = 20
    non_residential_earlier_years_rate: int = 30
    minimum_fen: Fen = 100

    def __post_init__(self) -> None:
        # Settings come from a table a person edits: refuse what would silently compute nonsense.
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{field.name} must be an integer, got {value!r}")
            if value < 0:
                raise ValueError(f"{field.name} cannot be negative, got {value}")


@dataclass(frozen=True)
class Overdue:
    """One bill's outstanding principal (the arrears, 欠费) and its due date, as of the payment."""

    bill_id: UUID
    due_date: date
    principal_fen: Fen


def days_overdue(due_date: date, paid_on: date) -> int:
    """Count the days that accrue a fee: the day after ``due_date`` through ``paid_on``, inclusive.

    Zero when paid on or before the due date. Due 2025-12-20 and paid 2026-01-10 gives 21
    (11 days in December, 10 in January).
    """
    return max(0, (paid_on - due_date).days)


def _rate_days(
    due_date: date, paid_on: date, customer_class: CustomerClass, rules: LateFeeRules
) -> int:
    """Sum the daily rates over the overdue days (in parts per 10,000)."""
    days = days_overdue(due_date, paid_on)
    if customer_class is CustomerClass.RESIDENTIAL:
        return days * rules.residential_rate
    # Days up to 31 December of the due date's year are current-year arrears; later days are not.
    last_day_of_year = date(due_date.year, 12, 31)
    current_year_days = min(days, days_overdue(due_date, last_day_of_year))
    earlier_years_days = days - current_year_days
    return (
        current_year_days * rules.non_residential_current_year_rate
        + earlier_years_days * rules.non_residential_earlier_years_rate
    )


def late_fee_for_bill(
    principal_fen: Fen,
    due_date: date,
    paid_on: date,
    customer_class: CustomerClass,
    rules: LateFeeRules,
) -> Fen:
    """Return one bill's late fee in fen, before the minimum (which applies per payment).

    Zero when paid on or before the due date. A negative principal is refused: a credit is not
    arrears, and a negative fee would pay the customer for being late.
    """
    if principal_fen < 0:
        raise ValueError(f"principal cannot be negative, got {principal_fen}")
    rate_days = _rate_days(due_date, paid_on, customer_class, rules)
    return round_div(principal_fen * rate_days, RATE_DENOMINATOR)


def late_fees(
    items: Sequence[Overdue],
    paid_on: date,
    customer_class: CustomerClass,
    rules: LateFeeRules,
) -> dict[UUID, Fen]:
    """Return each bill's late fee for one payment on ``paid_on``, the minimum applied to the total.

    Every item gets an entry (zero when not overdue). If the total is above zero and below
    ``rules.minimum_fen``, the difference is added to the oldest bill (earliest due date, then
    bill id) that is overdue with arrears, the bill whose fee the customer has owed longest. A
    bill listed twice is refused: its fee would be counted twice.
    """
    fees: dict[UUID, Fen] = {}
    for item in items:
        if item.bill_id in fees:
            raise ValueError(f"bill {item.bill_id} is listed twice")
        fees[item.bill_id] = late_fee_for_bill(
            item.principal_fen, item.due_date, paid_on, customer_class, rules
        )

    total = sum(fees.values())
    if 0 < total < rules.minimum_fen:
        # A positive total needs at least one overdue bill with arrears, so this is never empty.
        accruing = [i for i in items if i.principal_fen > 0 and days_overdue(i.due_date, paid_on)]
        oldest = min(accruing, key=lambda i: (i.due_date, i.bill_id))
        fees[oldest.bill_id] += rules.minimum_fen - total
    return fees
