"""The account as the counter panel reads it: arrears and late fee to date, from real rows."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Connection, Engine, text

from counterdesk.domain.accounts import CustomerClass
from counterdesk.domain.ids import new_uid
from counterdesk.domain.late_fee import LateFeeRules
from counterdesk.store.account_view import AccountNotFoundError, load_account_view
from tests.helpers.rows import add_account, add_customer

RULES = LateFeeRules()


def _bill(
    connection: Connection, account: int, period: int, amount: int, paid: int, due: str
) -> None:
    connection.execute(
        text(
            "INSERT INTO bill (uid, account_id, period, units, amount_fen, due_date, paid_fen) "
            "VALUES (:uid, :account, :period, 100, :amount, :due, :paid)"
        ),
        {"uid": new_uid().bytes, "account": account, "period": period, "amount": amount,
         "due": due, "paid": paid},
    )  # fmt: skip


@pytest.fixture
def account(engine: Engine) -> int:
    with engine.begin() as connection:
        customer = add_customer(connection, "张伟", "13800000000")
        account_id = add_account(connection, customer, "3010000001", "云溪市东湖区幸福路1号",
                                 meter="110000000001")  # fmt: skip
        _bill(connection, account_id, 202609, 10_000, 10_000, "2026-10-25")  # paid
        _bill(connection, account_id, 202610, 10_000, 4_000, "2026-11-10")  # 11 days late
        _bill(connection, account_id, 202611, 8_000, 0, "2026-12-25")  # not due yet
    return account_id


def test_arrears_and_late_fee_to_date(engine: Engine, account: int) -> None:
    with engine.connect() as connection:
        view = load_account_view(connection, account, date(2026, 11, 21), RULES)
    assert view.name == "张伟"
    assert view.meter_number == "110000000001"
    assert view.customer_class is CustomerClass.RESIDENTIAL
    assert [b.period for b in view.bills] == [202611, 202610, 202609]
    assert [b.overdue_days for b in view.bills] == [0, 11, 0]
    # ¥60.00 owed 11 days at 1‰ a day = 66 fen, under the ¥1 minimum → ¥1.00.
    assert [b.late_fee_fen for b in view.bills] == [0, 100, 0]
    assert view.arrears_fen == 6_000
    assert view.outstanding_fen == 14_000
    assert view.due_today_fen == 14_100


def test_a_longer_delay_and_prepaid_credit(engine: Engine, account: int) -> None:
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE account SET prepaid_fen = 500 WHERE id = :id"), {"id": account}
        )
    with engine.connect() as connection:
        view = load_account_view(connection, account, date(2027, 1, 9), RULES)
    # ¥60.00 × 60 days × 1‰ = ¥3.60; ¥80.00 × 15 days × 1‰ = ¥1.20.
    assert [b.late_fee_fen for b in view.bills] == [120, 360, 0]
    assert view.due_today_fen == 14_000 + 480 - 500


def test_unknown_account(engine: Engine) -> None:
    with engine.connect() as connection, pytest.raises(AccountNotFoundError):
        load_account_view(connection, 999, date(2026, 11, 21), RULES)
