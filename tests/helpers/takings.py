"""A business day at a counter, taken through the real services, for the report tests.

Two clerks on one terminal on Saturday 21 November 2026 (hall time, UTC+8), after a day before
that the reports must leave out:

=====  ======  =====  ============================  ==========  =========================
time   clerk   hour   tenders                        utility     note
=====  ======  =====  ============================  ==========  =========================
10:31  0107    10     cash ¥200.00 (handed ¥250)     electric
10:40  0107    10     bank card ¥150.00              electric
11:05  0107    11     cash ¥100.00 + WeChat ¥70.00   water       split payment
11:20  0107    11     cash ¥88.00                    electric    reversed at 11:25
12:00  0107                                                      shift closed, Z report
14:10  0108    14     Alipay ¥120.00                 electric
14:30  0108    14     cash ¥55.50                    electric    shift left open
=====  ======  =====  ============================  ==========  =========================

Gross ¥783.50 in 6 payments, reversed ¥88.00 in 1, net ¥695.50.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, text

from counterdesk.documents.receipts import Tender
from counterdesk.domain.ids import new_uid
from counterdesk.domain.permissions import Permission, Role
from counterdesk.services import auth, payments, shifts
from counterdesk.services.auth import SignedIn
from tests.helpers.counter import (
    MANAGER_PASSWORD,
    NOW,
    PASSWORD,
    Counter,
    account_with_bills,
    add_people,
    later,
)

SECOND_CLERK = "0108"
SECOND_NAME = "赵丽"


@dataclass(frozen=True)
class Day:
    counter: Counter
    second: SignedIn
    receipts: tuple[str, ...]
    """The day's receipt numbers in the order taken (10:31 first)."""
    reversal_no: str
    z_no: str


def _pay(
    engine: Engine, clerk: SignedIn, account: uuid.UUID, minutes: int, *tenders: payments.TenderIn
) -> payments.PaymentResult:
    request = payments.PaymentRequest(new_uid(), account, tenders)
    with engine.begin() as connection:
        return payments.take_payment(connection, clerk, request, now=later(minutes))


def _cash(fen: int, handed: int | None = None) -> payments.TenderIn:
    return payments.TenderIn(Tender.CASH, fen, handed_fen=handed)


def _other(tender: Tender, fen: int, reference: str) -> payments.TenderIn:
    return payments.TenderIn(tender, fen, reference=reference)


def take_a_day(engine: Engine) -> Day:
    """Everything in the module docstring, one ``engine.begin()`` per business act."""
    counter = add_people(engine)
    clerk = counter.clerk
    with engine.begin() as connection:
        auth.add_clerk(
            connection,
            auth.CLI_ADMIN,
            number=SECOND_CLERK,
            name=SECOND_NAME,
            role=Role.CLERK,
            password=PASSWORD,
            now=NOW,
        )
    second = auth.sign_in(engine, SECOND_CLERK, PASSWORD, now=NOW)
    a, b, water, d, e = (
        account_with_bills(engine, number)[1]
        for number in ("3301020456", "3301020457", "5501000123", "3301020458", "3301020459")
    )
    with engine.begin() as connection:
        connection.execute(text("UPDATE account SET utility = 'water' WHERE number = '5501000123'"))

    # The day before: a shift with one payment, closed; no report of the 21st may count it.
    day_before = NOW - timedelta(days=1)
    with engine.begin() as connection:
        shifts.open_shift(connection, clerk, float_fen=50_000, now=day_before)
    _pay(engine, clerk, e, -1440 + 5, _cash(9_999))
    with engine.begin() as connection:
        counted = {Tender.CASH: 59_999}
        shifts.close_shift(connection, clerk, counted=counted, now=day_before + timedelta(hours=2))

    with engine.begin() as connection:
        shifts.open_shift(connection, clerk, float_fen=50_000, now=NOW)
    taken = [
        _pay(engine, clerk, a, 1, _cash(20_000, 25_000)),
        _pay(engine, clerk, b, 10, _other(Tender.BANK_CARD, 15_000, "6222021234")),
        _pay(engine, clerk, water, 35, _cash(10_000), _other(Tender.WECHAT, 7_000, "4200001234")),
        _pay(engine, clerk, d, 50, _cash(8_800)),
    ]
    approval = auth.approve(
        engine,
        "0001",
        MANAGER_PASSWORD,
        permission=Permission.APPROVE,
        act=payments.REVERSE_ACT,
        for_clerk=clerk,
        now=later(54),
    )
    with engine.begin() as connection:
        reversal = payments.reverse_payment(
            connection, clerk, taken[3].payment_uid, reason="金额输错", approval=approval,
            now=later(55),
        )  # fmt: skip
    with engine.begin() as connection:
        counted = {Tender.CASH: 80_000, Tender.BANK_CARD: 15_000, Tender.WECHAT: 7_000}
        z = shifts.close_shift(connection, clerk, counted=counted, now=later(90))

    with engine.begin() as connection:
        shifts.open_shift(connection, second, float_fen=30_000, now=later(150))
    taken.append(_pay(engine, second, e, 220, _other(Tender.ALIPAY, 12_000, "2026112122001")))
    taken.append(_pay(engine, second, a, 240, _cash(5_550)))
    receipts = tuple(result.receipt_no for result in taken)
    return Day(counter, second, receipts, reversal.reversal_no, z.z_no)
