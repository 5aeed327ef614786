"""A counter ready to take money: a clerk, a manager, an admin, bills and an open shift.

Tests call the services exactly as the window does: one ``engine.begin()`` per business act.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, Engine, text

from counterdesk.domain.ids import new_uid
from counterdesk.domain.permissions import Role
from counterdesk.services import auth, shifts
from counterdesk.services.auth import SignedIn
from counterdesk.store import settings
from tests.helpers.rows import add_account, add_customer

NOW = datetime(2026, 11, 21, 2, 30, tzinfo=UTC)
"""10:30 in the hall (UTC+8) on Saturday 21 November 2026."""
TODAY = date(2026, 11, 21)
PASSWORD = "counter-2026"
MANAGER_PASSWORD = "manager-2026"


@dataclass(frozen=True)
class Counter:
    engine: Engine
    clerk: SignedIn
    manager: SignedIn
    admin: SignedIn


def add_people(engine: Engine) -> Counter:
    with engine.begin() as connection:
        auth.add_clerk(connection, auth.CLI_ADMIN, number="0107", name="张敏", role=Role.CLERK,
                       password=PASSWORD, now=NOW)  # fmt: skip
        auth.add_clerk(connection, auth.CLI_ADMIN, number="0001", name="李强",
                       role=Role.MANAGER, password=MANAGER_PASSWORD, now=NOW)  # fmt: skip
        auth.add_clerk(connection, auth.CLI_ADMIN, number="9001", name="王工", role=Role.ADMIN,
                       password=PASSWORD, now=NOW)  # fmt: skip
        settings.write(connection, "terminal.code", "QS03", now=NOW)
        settings.write(connection, "terminal.window", "3", now=NOW)
        settings.write(connection, "hall.utility_name", "国网云溪市供电公司", now=NOW)
        settings.write(connection, "hall.name", "青山供电营业厅", now=NOW)
    return Counter(
        engine,
        auth.sign_in(engine, "0107", PASSWORD, now=NOW),
        auth.sign_in(engine, "0001", MANAGER_PASSWORD, now=NOW),
        auth.sign_in(engine, "9001", PASSWORD, now=NOW),
    )


def open_shift(counter: Counter, float_fen: int = 50_000, now: datetime = NOW) -> shifts.Shift:
    with counter.engine.begin() as connection:
        return shifts.open_shift(connection, counter.clerk, float_fen=float_fen, now=now)


def add_bill(
    connection: Connection,
    account_id: int,
    period: int,
    amount_fen: int,
    *,
    due: date,
    units: int = 100,
    paid_fen: int = 0,
) -> uuid.UUID:
    uid = new_uid()
    connection.execute(
        text(
            "INSERT INTO bill (uid, account_id, period, units, amount_fen, due_date, paid_fen) "
            "VALUES (:uid, :account, :period, :units, :amount, :due, :paid)"
        ),
        {"uid": uid.bytes, "account": account_id, "period": period, "units": units,
         "amount": amount_fen, "due": due, "paid": paid_fen},
    )  # fmt: skip
    return uid


def account_with_bills(
    engine: Engine,
    number: str = "3301020456",
    *,
    bills: tuple[tuple[int, int, date], ...] = (
        (202609, 16_947, date(2026, 10, 15)),
        (202610, 15_494, date(2026, 11, 25)),
    ),
    status: str = "normal",
    prepaid_fen: int = 0,
) -> tuple[int, uuid.UUID]:
    """An electricity account with ``bills`` (period, amount, due); returns its id and uid."""
    with engine.begin() as connection:
        customer = add_customer(connection, "张晓三", "13812345678")
        account_id = add_account(connection, customer, number, "云溪市青山区春晖路18号",
                                 meter=f"M{number}", status=status)  # fmt: skip
        connection.execute(
            text("UPDATE account SET prepaid_fen = :p WHERE id = :id"),
            {"p": prepaid_fen, "id": account_id},
        )
        for period, amount, due in bills:
            add_bill(connection, account_id, period, amount, due=due)
        uid = connection.execute(
            text("SELECT uid FROM account WHERE id = :id"), {"id": account_id}
        ).scalar_one()
    return account_id, uuid.UUID(bytes=bytes(uid))


def later(minutes: int) -> datetime:
    return NOW + timedelta(minutes=minutes)
