"""A terminal that worked a week with HQ out of reach, and the books to compare after it syncs.

:func:`make_week` takes real payments through the counter services, day after day: the clerk
opens the shift with a float in the morning, takes cash, WeChat and card payments until the
evening (now and then a manager approves a reversal), counts the drawer and closes the shift.
Nothing reaches HQ meanwhile, so every act waits in the outbox, in ``terminal_seq`` order.

The file before the week (``base``) is what HQ was imported from: the accounts and bills as both
sides knew them when the line went down.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import uuid
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, text

from counterdesk.demo.seed import seed_database
from counterdesk.documents.receipts import Tender
from counterdesk.domain.ids import new_uid
from counterdesk.domain.permissions import Permission
from counterdesk.services import auth, payments, shifts
from counterdesk.store.database import make_engine
from tests.conftest import SEED_AS_OF
from tests.helpers.counter import MANAGER_PASSWORD, Counter, add_people

FIRST_MORNING = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)
"""08:30 in the hall on Monday 23 November 2026, the first day offline."""
WORKING_DAY = timedelta(hours=8)


@dataclass(frozen=True)
class Week:
    base: Path
    """The terminal before the week: HQ's import source."""
    terminal: Path
    """The terminal after the week, its outbox full."""
    ops: int


def _live_accounts(engine: Engine) -> list[uuid.UUID]:
    with engine.connect() as connection:
        return [
            uuid.UUID(bytes=bytes(uid))
            for (uid,) in connection.execute(
                text("SELECT uid FROM account WHERE status != 'closed' AND closed_on IS NULL")
            )
        ]


def _tender(rng: random.Random, amount: int, index: int) -> payments.TenderIn:
    roll = rng.random()
    if roll < 0.5:
        return payments.TenderIn(Tender.CASH, amount, handed_fen=amount + rng.choice((0, 50, 1000)))
    if roll < 0.85:
        return payments.TenderIn(Tender.WECHAT, amount, reference=f"4200{index:014d}")
    return payments.TenderIn(Tender.ALIPAY, amount, reference=f"2026{index:016d}")


def _work_a_day(
    counter: Counter,
    accounts: list[uuid.UUID],
    rng: random.Random,
    morning: datetime,
    count: int,
    reverse_every: int,
    first_index: int,
) -> None:
    engine = counter.engine
    with engine.begin() as connection:
        shift = shifts.open_shift(connection, counter.clerk, float_fen=50_000, now=morning)
    step = WORKING_DAY / max(count, 1)
    for n in range(count):
        index = first_index + n
        at = morning + step * n
        amount = rng.randrange(500, 40_000)
        request = payments.PaymentRequest(
            new_uid(), rng.choice(accounts), (_tender(rng, amount, index),)
        )
        with engine.begin() as connection:
            result = payments.take_payment(connection, counter.clerk, request, now=at)
        if reverse_every and index % reverse_every == reverse_every - 1:
            approval = auth.approve(
                engine,
                "0001",
                MANAGER_PASSWORD,
                permission=Permission.APPROVE,
                act=payments.REVERSE_ACT,
                for_clerk=counter.clerk,
                now=at,
            )
            with engine.begin() as connection:
                payments.reverse_payment(
                    connection,
                    counter.clerk,
                    result.payment_uid,
                    reason="客户要求更正金额",
                    approval=approval,
                    now=at + timedelta(seconds=1),
                )
    evening = morning + WORKING_DAY + timedelta(minutes=10)
    with engine.begin() as connection:
        counted = shifts.totals(connection, shift.id).expected()
        shifts.close_shift(connection, counter.clerk, counted=counted, now=evening)


def make_week(
    folder: Path,
    *,
    accounts: int,
    payments_per_day: int,
    days: int = 7,
    reverse_every: int = 0,
    seed: int = 23,
) -> Week:
    """Seed a city of ``accounts``, keep a copy as ``base``, then work ``days`` days offline.

    ``reverse_every``: one payment in that many is reversed (0: none). Each reversal costs a
    manager's password check (argon2, about 0.1 s), so keep it rare in large weeks.
    """
    folder.mkdir(parents=True, exist_ok=True)
    base = folder / "before-the-week.db"
    terminal = folder / "after-the-week.db"
    for stale in folder.glob("*.db*"):
        stale.unlink()
    seed_database(make_engine(base), accounts=accounts, seed=seed, as_of=SEED_AS_OF, workers=0)
    counter = add_people(make_engine(base))
    live = _live_accounts(counter.engine)
    counter.engine.dispose()
    with closing(sqlite3.connect(base)) as src, closing(sqlite3.connect(terminal)) as dst:
        src.backup(dst)
    counter = Counter(make_engine(terminal), counter.clerk, counter.manager, counter.admin)
    rng = random.Random(seed)
    for day in range(days):
        _work_a_day(
            counter,
            live,
            rng,
            FIRST_MORNING + timedelta(days=day),
            payments_per_day,
            reverse_every,
            day * payments_per_day,
        )
    with counter.engine.connect() as connection:
        ops = int(connection.execute(text("SELECT count(*) FROM outbox")).scalar_one())
    counter.engine.dispose()
    return Week(base, terminal, ops)


def copy_week(week: Week, folder: Path) -> Week:
    """A working copy (the sync writes to the terminal; the cached week stays as it was)."""
    folder.mkdir(parents=True, exist_ok=True)
    terminal = folder / "terminal.db"
    with closing(sqlite3.connect(week.terminal)) as src, closing(sqlite3.connect(terminal)) as dst:
        src.backup(dst)
    base = folder / "base.db"
    shutil.copyfile(week.base, base)
    return Week(base, terminal, week.ops)


def terminal_books(path: Path) -> dict[str, object]:
    """What HQ must end up holding, read from the terminal file."""
    with closing(sqlite3.connect(path)) as db:
        return {
            "payments": dict(
                db.execute(
                    "SELECT lower(hex(uid)), received_fen || ':' || state FROM payment"
                ).fetchall()
            ),
            "prepaid": dict(db.execute("SELECT lower(hex(uid)), prepaid_fen FROM account")),
            "bills": dict(db.execute("SELECT lower(hex(uid)), paid_fen FROM bill")),
            "shifts": dict(db.execute("SELECT lower(hex(uid)), state FROM shift")),
        }


def hq_books(hq: Engine) -> dict[str, object]:
    """The same figures from HQ's tables."""
    with hq.connect() as connection:

        def pairs(sql: str) -> dict[str, object]:
            return {uuid.UUID(str(k)).hex: v for k, v in connection.execute(text(sql))}

        return {
            "payments": pairs(
                "SELECT uid, CAST(received_fen AS TEXT) || ':' || state FROM hq_payment"
            ),
            "prepaid": pairs("SELECT uid, prepaid_fen FROM hq_account"),
            "bills": pairs("SELECT uid, paid_fen FROM hq_bill"),
            "shifts": pairs("SELECT uid, state FROM hq_shift"),
        }
