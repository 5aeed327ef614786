"""What the records say about an account's meter, for a meter change (换表) and its checks.

"Last known reading" of a register: the newest ``meter_reading`` row of the installation. A
terminal whose mirror has no reading rows (the demo data, accounts installed before this version)
falls back to the installation's initial reading plus the energy billed since the installation
divided by the multiplier (:func:`last_known_readings`), rounded down so that a correct final
reading is never taken for one below the last; only a single-register meter can be estimated that
way, because bills carry the total, not each register.
"""

from __future__ import annotations

import calendar
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, text

from counterdesk.domain.accounts import HUNDREDTHS_PER_UNIT, Meter, Utility
from counterdesk.domain.orders.readings import RegisterHistory
from counterdesk.orders.errors import OrderError
from counterdesk.orders.records import Order, OrderKind, load_order
from counterdesk.services.common import stored_date


class MeterChangeError(OrderError):
    """A meter change refused for what it says about the account or the meters; nothing written."""


@dataclass(frozen=True)
class LastReading:
    """The last reading of a register known here; ``source`` says how it is known."""

    register: str
    reading: int
    read_on: date
    source: str
    """``read`` (a reading row), ``initial`` (the installation's) or ``estimated`` (billed)."""


@dataclass(frozen=True)
class MeterFacts:
    """An account's installed meter as the counter shows it and the checks use it."""

    account_id: int
    account_no: str
    customer_name: str
    contact_phone: str
    address: str
    area_code: str
    utility: Utility
    account_version: int
    closed: bool
    installation_id: int
    installed_on: date
    meter: Meter
    initial_readings: Mapping[str, int]
    last_known: Mapping[str, LastReading]
    recent_units: int | None
    """Billed units of the account's last twelve energy bills, for the plausibility check."""
    recent_days: int | None
    suggested_price: int | None
    """The tariff's price (1/10000 yuan) when the tariff has one price (flat), else None."""

    @property
    def multiplier(self) -> int:
        return self.meter.multiplier

    @property
    def unit(self) -> str:
        return "kWh" if self.utility is Utility.ELECTRICITY else "m³"

    def history(self) -> dict[str, RegisterHistory]:
        """Each register's last reading and the recent daily use, as the checks take it.

        A multi-register meter gets the account's whole consumption for each register: an upper
        bound for any one of them, so the check stays loose rather than wrong.
        """
        return {
            register: RegisterHistory(register, last.reading, last.read_on,
                                      self.recent_units, self.recent_days)
            for register, last in self.last_known.items()
        }  # fmt: skip


def _month_end(period: int) -> date:
    year, month = divmod(period, 100)
    return date(year, month, calendar.monthrange(year, month)[1])


def last_known_readings(
    meter: Meter,
    installed_on: date,
    initial: Mapping[str, int],
    read: Mapping[str, tuple[int, date]],
    billed: Sequence[tuple[int, int]],
) -> dict[str, LastReading]:
    """The last reading of each register: read, else estimated from the bills, else initial.

    ``read`` is the newest reading row per register, ``billed`` the account's energy bills as
    (period, units). The estimate is ``initial + ⌊units since the installation's month × 100 ÷
    multiplier⌋`` (hundredths, round the dial), dated the end of the last billed period. A missing
    initial reading counts as 0: a meter is installed new.
    """
    since = installed_on.year * 100 + installed_on.month
    after = [(period, units) for period, units in billed if period >= since]
    capacity = 10**meter.digits * HUNDREDTHS_PER_UNIT
    found: dict[str, LastReading] = {}
    for register in meter.registers:
        start = initial.get(register, 0)
        if register in read:
            reading, day = read[register]
            found[register] = LastReading(register, reading, day, "read")
        elif after and len(meter.registers) == 1:
            units = sum(units for _, units in after)
            advance = units * HUNDREDTHS_PER_UNIT // meter.multiplier
            day = max(installed_on, _month_end(max(period for period, _ in after)))
            found[register] = LastReading(register, (start + advance) % capacity, day, "estimated")
        else:
            found[register] = LastReading(register, start, installed_on, "initial")
    return found


def _flat_price(definition: object) -> int | None:
    try:
        parsed = json.loads(str(definition or "{}"))
    except ValueError:
        return None
    if not isinstance(parsed, dict):
        return None
    price = parsed.get("flat_price")
    if parsed.get("kind") == "flat" and isinstance(price, int) and price > 0:
        return price
    return None


def meter_from_row(row: Sequence[Any]) -> Meter:
    """A meter from (uid, number, utility, ct, pt, registers, digits)."""
    return Meter(uuid.UUID(bytes=bytes(row[0])), str(row[1]), Utility(str(row[2])), int(row[3]),
                 int(row[4]), tuple(str(row[5]).split(",")), int(row[6]))  # fmt: skip


def meter_facts(connection: Connection, account_id: int) -> MeterFacts:
    """The account's installed meter with its last readings; refused when none is installed."""
    account = connection.execute(
        text(
            "SELECT a.number, c.name, coalesce(c.phone, ''), a.address, a.area_code, a.utility, "
            "a.version, a.closed_on, t.definition FROM account AS a "
            "JOIN customer AS c ON c.id = a.customer_id "
            "LEFT JOIN tariff AS t ON t.code = a.tariff_code WHERE a.id = :a"
        ),
        {"a": account_id},
    ).one_or_none()
    if account is None:
        raise MeterChangeError("This account is not in this terminal's records; search again.")
    installed = connection.execute(
        text(
            "SELECT i.id, i.installed_on, i.initial_readings, m.uid, m.number, m.utility, "
            "m.ct_ratio, m.pt_ratio, m.registers, m.digits FROM meter_installation AS i "
            "JOIN meter AS m ON m.id = i.meter_id WHERE i.account_id = :a AND i.removed_on IS NULL "
            "ORDER BY i.installed_on DESC, i.id DESC LIMIT 1"
        ),
        {"a": account_id},
    ).one_or_none()
    if installed is None:
        raise MeterChangeError(
            "Account {account} has no meter installed, so there is none to change.",
            account=str(account[0]),
        )
    meter = meter_from_row(installed[3:])
    installed_on = stored_date(installed[1])
    initial = {str(k): int(v) for k, v in json.loads(str(installed[2]) or "{}").items()}
    read: dict[str, tuple[int, date]] = {}
    for register, reading, day in connection.execute(
        text(
            "SELECT register, reading, read_on FROM meter_reading WHERE installation_id = :i "
            "ORDER BY read_on, id"
        ),
        {"i": installed[0]},
    ):
        read[str(register)] = (int(reading), stored_date(day))
    billed = [
        (int(period), int(units))
        for period, units in connection.execute(
            text(
                "SELECT period, units FROM bill WHERE account_id = :a AND kind = 'energy' "
                "ORDER BY period DESC"
            ),
            {"a": account_id},
        )
    ]
    recent = billed[:12]
    recent_days = None
    if recent:
        first = date(recent[-1][0] // 100, recent[-1][0] % 100, 1)
        recent_days = (_month_end(recent[0][0]) - first).days + 1
    return MeterFacts(
        account_id=account_id,
        account_no=str(account[0]),
        customer_name=str(account[1]),
        contact_phone=str(account[2]),
        address=str(account[3]),
        area_code=str(account[4]),
        utility=Utility(str(account[5])),
        account_version=int(account[6]),
        closed=account[7] is not None,
        installation_id=int(installed[0]),
        installed_on=installed_on,
        meter=meter,
        initial_readings=initial,
        last_known=last_known_readings(meter, installed_on, initial, read, billed),
        recent_units=sum(units for _, units in recent) if recent else None,
        recent_days=recent_days,
        suggested_price=_flat_price(account[8]),
    )


def load_meter_change(connection: Connection, order_uid: uuid.UUID) -> Order:
    order = load_order(connection, order_uid)
    if order.kind is not OrderKind.METER_CHANGE or order.account_id is None:
        raise MeterChangeError("Order {order} is not a meter change.", order=order.order_no)
    return order


def _stock_meter(connection: Connection, number: str) -> tuple[int, Meter, str | None] | None:
    """A meter row with this number: its id, the meter, and the account it is installed on."""
    row = connection.execute(
        text(
            "SELECT m.id, m.uid, m.number, m.utility, m.ct_ratio, m.pt_ratio, m.registers, "
            "m.digits, (SELECT a.number FROM meter_installation AS i JOIN account AS a "
            "ON a.id = i.account_id WHERE i.meter_id = m.id AND i.removed_on IS NULL LIMIT 1) "
            "FROM meter AS m WHERE m.number = :n"
        ),
        {"n": number},
    ).one_or_none()
    if row is None:
        return None
    return int(row[0]), meter_from_row(row[1:8]), None if row[8] is None else str(row[8])


def check_stock(connection: Connection, meter: Meter, old: Meter) -> tuple[Meter, int | None]:
    """The new meter as the records know it (row id), or as typed when it is not on record."""
    stock = _stock_meter(connection, meter.number)
    if stock is None:
        return meter, None
    row_id, known, installed_on = stock
    if known.id == old.id:
        return known, row_id  # the readings check blocks it, naming it
    if installed_on is not None:
        raise MeterChangeError(
            "Meter {meter} is installed on account {account}; it cannot be installed here too.",
            meter=meter.number,
            account=installed_on,
            field="new_meter_no",
        )
    if known.utility is not meter.utility:
        raise MeterChangeError(
            "Meter {meter} measures another utility than this account's.",
            meter=meter.number,
            field="new_meter_no",
        )
    return known, row_id
