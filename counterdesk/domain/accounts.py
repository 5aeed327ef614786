"""Who is supplied, through which meter, and what they were billed.

The nouns of the counter: a :class:`Customer` (客户) holds one or more :class:`Account`
(户/用电户), an account is metered by a :class:`Meter` (电能表; 水表 or 燃气表 for water and gas)
for the time of one :class:`MeterInstallation`, and each period the account gets a :class:`Bill`
(电费账单).

Readings are integers in hundredths of a unit, because a register shows two decimals (1234.56 kWh is
``123456``) and a float would drift. Turning two readings into billed units is
:func:`billed_units`; it rounds with :func:`~counterdesk.domain.money.round_div`, the project's one
rounding rule, so a reading is never rounded twice in two different ways.

Everything here is a frozen value: a change of status or a payment is a new value, written by the
service layer, so that nothing the UI holds can change under it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Final
from uuid import UUID

from counterdesk.domain.money import Fen, round_div

HUNDREDTHS_PER_UNIT: Final = 100
"""Readings are stored in hundredths of a unit: the two decimals a register shows."""


class Utility(enum.StrEnum):
    """The supply an account is for: electricity (电), water (水) or gas (燃气).

    One hall may serve several utilities; tariffs, meters and accounts each say which one they
    belong to so that an electricity tariff can never be put on a water account.
    """

    ELECTRICITY = "electricity"
    WATER = "water"
    GAS = "gas"


class CustomerClass(enum.StrEnum):
    """Residential (居民) or non-residential (非居民) customer.

    It matters beyond the tariff: the late fee (电费违约金) is 1‰ a day for residential customers
    and 2‰ or 3‰ a day for the others (供电营业规则 Art. 98), so the class is kept on the account
    rather than inferred from the tariff code.
    """

    RESIDENTIAL = "residential"
    NON_RESIDENTIAL = "non_residential"


class AccountStatus(enum.StrEnum):
    """Whether supply is on (正常) or cut for arrears (欠费停电).

    A disconnected account is the one case where taking a payment must also raise a reconnection
    order, so the status is explicit rather than derived from the arrears.
    """

    NORMAL = "normal"
    DISCONNECTED = "disconnected"


class ReadingError(ValueError):
    """Two meter readings that cannot give billed units (backwards without rollover, negative).

    A ``ValueError`` so that callers validating input can catch it with the other input errors, but
    named so that the reading screen can ask the clerk to re-read the meter (抄错表 is the error to
    avoid) rather than show a generic message.
    """


def format_reading(hundredths: int) -> str:
    """Show a reading in hundredths as the register shows it: ``123456`` → ``'1234.56'``."""
    sign = "-" if hundredths < 0 else ""
    whole, part = divmod(abs(hundredths), HUNDREDTHS_PER_UNIT)
    return f"{sign}{whole}.{part:02d}"


def billed_units(last: int, this: int, multiplier: int, *, digits: int | None = None) -> int:
    """Units to bill between two readings: ``(this − last) × multiplier``, rounded to whole units.

    Readings are in hundredths; the product is divided by 100 with :func:`round_div` (half away
    from zero), once, after the multiplier (倍率) is applied, so a CT/PT-metered customer is not
    billed on a reading rounded before it was multiplied by thousands.

    A reading lower than the last one is either a register that went past 999999.99 and started
    again (翻转, only when the register's ``digits`` are known) or a misread; without ``digits`` it
    is refused with a :class:`ReadingError`, because silently billing a negative amount is exactly
    the "wrong reading" error the hall must avoid.
    """
    if multiplier < 1:
        raise ValueError(f"The multiplier must be at least 1, not {multiplier}.")
    if last < 0 or this < 0:
        raise ReadingError(
            f"Readings cannot be negative (last {format_reading(last)}, "
            f"this {format_reading(this)})."
        )
    advance = this - last
    if digits is not None:
        if digits < 1:
            raise ValueError(f"A register has at least 1 digit, not {digits}.")
        capacity = 10**digits * HUNDREDTHS_PER_UNIT
        if last >= capacity or this >= capacity:
            raise ReadingError(
                f"A {digits}-digit register cannot show last {format_reading(last)} "
                f"or this {format_reading(this)}."
            )
        if advance < 0:
            advance += capacity
    elif advance < 0:
        raise ReadingError(
            f"This reading {format_reading(this)} is lower than the last reading "
            f"{format_reading(last)}; re-read the meter, or give the register digits "
            f"if it rolled over."
        )
    return round_div(advance * multiplier, HUNDREDTHS_PER_UNIT)


@dataclass(frozen=True, slots=True)
class Customer:
    """A customer (客户): the person or organisation that signs for one or more accounts.

    ``phone`` and ``id_number`` (身份证号 or 统一社会信用代码) are optional because many old
    accounts were opened without them; receipts mask the name and the hall never prints the id
    number.
    """

    id: UUID
    name: str
    phone: str | None
    id_number: str | None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("A customer needs a name.")


@dataclass(frozen=True, slots=True)
class Account:
    """An account (户/用电户): one supply point of one utility, billed under one tariff.

    ``number`` is the utility's account number (户号) the customer quotes at the counter;
    ``key_customer`` (重要客户) sends them to the green channel (绿色通道) and earns them 24-hour
    notice of maintenance outages.
    """

    id: UUID
    number: str
    customer_id: UUID
    utility: Utility
    customer_class: CustomerClass
    tariff_code: str
    status: AccountStatus
    key_customer: bool
    address: str

    def __post_init__(self) -> None:
        if not self.number.strip():
            raise ValueError("An account needs an account number (户号).")
        if not self.tariff_code.strip():
            raise ValueError(f"Account {self.number} needs a tariff code.")


@dataclass(frozen=True, slots=True)
class Meter:
    """A meter (电能表; 水表, 燃气表): the device, independent of where it is installed.

    ``ct_ratio`` and ``pt_ratio`` are the current and voltage transformer ratios
    (电流互感器/电压互感器变比); their product is the multiplier (倍率) every advance of the
    register is multiplied by. A ratio of 0 would bill nothing forever, so ratios below 1 are
    refused here, at the source. ``registers`` names what the meter counts (``"total"``, or
    ``"peak"``/``"flat"``/``"valley"`` for a time-of-use meter) and ``digits`` is the number of
    whole digits on a register, which decides when it rolls over.
    """

    id: UUID
    number: str
    utility: Utility
    ct_ratio: int = 1
    pt_ratio: int = 1
    registers: tuple[str, ...] = ("total",)
    digits: int = 6

    def __post_init__(self) -> None:
        if self.ct_ratio < 1:
            raise ValueError(
                f"Meter {self.number}: the CT ratio must be at least 1, not {self.ct_ratio}."
            )
        if self.pt_ratio < 1:
            raise ValueError(
                f"Meter {self.number}: the PT ratio must be at least 1, not {self.pt_ratio}."
            )
        if not self.registers:
            raise ValueError(f"Meter {self.number} needs at least one register.")
        if len(set(self.registers)) != len(self.registers):
            raise ValueError(f"Meter {self.number} names a register twice: {self.registers}.")
        if self.digits < 1:
            raise ValueError(
                f"Meter {self.number}: a register has at least 1 digit, not {self.digits}."
            )

    @property
    def multiplier(self) -> int:
        """倍率: CT ratio × PT ratio, e.g. 200/5 A (40) × 10/0.1 kV (100) = 4000."""
        return self.ct_ratio * self.pt_ratio


def _empty_readings() -> Mapping[str, int]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class MeterInstallation:
    """One meter on one account from ``installed_on`` until ``removed_on`` (装表/拆表).

    A meter change (换表) ends one installation and starts another, so a reading always belongs to
    exactly one installation and the first bill after a change starts from ``initial_readings``
    (the new meter's start reading per register, in hundredths) rather than from the old meter's
    last one.
    """

    id: UUID
    meter_id: UUID
    account_id: UUID
    installed_on: date
    removed_on: date | None
    initial_readings: Mapping[str, int] = field(default_factory=_empty_readings, hash=False)

    def __post_init__(self) -> None:
        if self.removed_on is not None and self.removed_on < self.installed_on:
            raise ValueError(
                f"A meter cannot be removed ({self.removed_on}) before it was installed "
                f"({self.installed_on})."
            )
        for register, reading in self.initial_readings.items():
            if reading < 0:
                raise ReadingError(
                    f"The initial reading of register {register!r} cannot be negative "
                    f"({format_reading(reading)})."
                )
        # A copy behind a read-only view: the caller's dict cannot change a frozen value later.
        object.__setattr__(self, "initial_readings", MappingProxyType(dict(self.initial_readings)))

    def is_active_on(self, day: date) -> bool:
        """Whether the meter was on the account that day (the removal day counts as on)."""
        return self.installed_on <= day and (self.removed_on is None or day <= self.removed_on)


def period_of(year: int, month: int) -> int:
    """The billing period as ``YYYYMM`` (202406), the form bills and receipts use."""
    if not 1 <= month <= 12:
        raise ValueError(f"A month is 1 to 12, not {month}.")
    if not 1900 <= year <= 9999:
        raise ValueError(f"{year} is not a plausible billing year.")
    return year * 100 + month


@dataclass(frozen=True, slots=True)
class Bill:
    """A bill (电费账单) for one account and one period (YYYYMM, e.g. 202406).

    ``amount_fen`` may be negative for a refund from back-billing (电量退补). ``paid_fen`` is what
    has been allocated to this bill; overpayment becomes prepaid credit (预收) on the account,
    never a bill paid beyond its amount, so that is refused here.
    """

    id: UUID
    account_id: UUID
    period: int
    units: int
    amount_fen: Fen
    due_date: date
    paid_fen: Fen = 0

    def __post_init__(self) -> None:
        year, month = divmod(self.period, 100)
        if not (1900 <= year <= 9999 and 1 <= month <= 12):
            raise ValueError(f"Bill period {self.period} is not a YYYYMM period such as 202406.")
        if self.paid_fen < 0:
            raise ValueError(f"Bill {self.period}: paid cannot be negative ({self.paid_fen} fen).")
        if self.paid_fen > max(self.amount_fen, 0):
            raise ValueError(
                f"Bill {self.period}: paid {self.paid_fen} fen is more than the amount "
                f"{self.amount_fen} fen; overpayment belongs in prepaid credit."
            )

    @property
    def year(self) -> int:
        """Calendar year of the period: annual tiers accumulate within it."""
        return self.period // 100

    @property
    def month(self) -> int:
        """Month (1–12) of the period."""
        return self.period % 100

    @property
    def outstanding_fen(self) -> Fen:
        """What is still owed on this bill; never negative (a refund bill owes nothing)."""
        return max(self.amount_fen - self.paid_fen, 0)
