"""A terminal's real outbox booked at HQ: the ops the counter services write (a shift, a payment,
a meter change with its readings) applied to an HQ imported from the same terminal file, and HQ
ends up holding what the terminal holds. Then a second hall's change of the same meter loses."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from counterdesk.hq.importer import import_terminal_db
from counterdesk.hq.ledger import apply_batch, list_conflicts, put_row, resolve
from counterdesk.hq.ops import aware
from counterdesk.store import settings
from counterdesk.sync.protocol import Op, Resolve
from tests.helpers.counter import Counter, account_with_bills, cash, copy_counter, open_shift, pay
from tests.integration.hq.books import NOW, register
from tests.integration.test_meter_change_service import NEW_METER, execute, request

STOCK: str = NEW_METER


@pytest.fixture
def counter(template: Counter, tmp_path: Path) -> Counter:
    return copy_counter(template, tmp_path / "terminal.db")


def _set_up(engine: Engine) -> int:
    """An account whose meter change is plausible (twelve paid bills of 300 kWh, 1000.00 at
    installation, see test_meter_change_service), one bill owing, and a meter in stock."""
    bills = tuple(
        (period, 16_000, date(2026, 12, 25))
        for period in (*range(202511, 202513), *range(202601, 202611))
    )
    account_id, _ = account_with_bills(engine, bills=bills)
    with engine.begin() as connection:
        connection.execute(text("UPDATE bill SET units = 300, paid_fen = amount_fen"))
        connection.execute(
            text(
                "UPDATE meter_installation SET installed_on = '2025-11-01', initial_readings = :r"
            ),
            {"r": json.dumps({"total": 100_000})},
        )
        connection.execute(text("UPDATE bill SET paid_fen = 0 WHERE period = 202610"))
        connection.execute(
            text(
                "INSERT INTO meter (uid, number, utility, ct_ratio, pt_ratio, registers, digits) "
                "VALUES (:uid, :no, 'electricity', 1, 1, 'total', 6)"
            ),
            {"uid": uuid.uuid4().bytes, "no": STOCK},
        )
    return account_id


def outbox(engine: Engine, after: int = 0) -> list[Op]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT op_id, terminal_seq, kind, payload_version, payload, business_time "
                "FROM outbox WHERE terminal_seq > :after ORDER BY terminal_seq"
            ),
            {"after": after},
        ).all()
    return [
        Op(
            op_id=uuid.UUID(bytes=bytes(op)),
            terminal_seq=seq,
            kind=kind,
            payload_version=version,
            payload=json.loads(payload),
            business_time=aware(at) or NOW,
        )
        for op, seq, kind, version, payload, at in rows
    ]


def terminal_books(engine: Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        return {
            "bills": {
                uuid.UUID(bytes=bytes(uid)): int(paid)
                for uid, paid in connection.execute(text("SELECT uid, paid_fen FROM bill"))
            },
            "prepaid": int(
                connection.execute(text("SELECT prepaid_fen FROM account")).scalar_one()
            ),
            "installation": connection.execute(
                text(
                    "SELECT i.uid, m.uid FROM meter_installation AS i JOIN meter AS m "
                    "ON m.id = i.meter_id WHERE i.removed_on IS NULL"
                )
            ).one(),
        }


def hq_books(hq: Engine) -> dict[str, Any]:
    with hq.connect() as connection:
        return {
            "bills": {
                _hq_uuid(uid): int(paid)
                for uid, paid in connection.execute(text("SELECT uid, paid_fen FROM hq_bill"))
            },
            "prepaid": int(
                connection.execute(text("SELECT prepaid_fen FROM hq_account")).scalar_one()
            ),
            "installation": connection.execute(
                text("SELECT uid, meter_uid FROM hq_meter_installation WHERE removed_on IS NULL")
            ).one(),
            "version": int(connection.execute(text("SELECT version FROM hq_account")).scalar_one()),
        }


def _uuid(value: Any) -> uuid.UUID:
    return uuid.UUID(bytes=bytes(value))


def _hq_uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def test_a_counter_s_day_is_booked_at_hq_as_the_terminal_booked_it(
    counter: Counter, hq: Engine
) -> None:
    account_id = _set_up(counter.engine)
    import_terminal_db(hq, Path(str(counter.engine.url.database)))
    terminal, _ = register(hq, "QS03", "青山供电营业厅", "T")
    open_shift(counter)
    with counter.engine.connect() as connection:
        uid = connection.execute(text("SELECT uid FROM account WHERE id = :a"), {"a": account_id})
        account_uid = _uuid(uid.scalar_one())
    pay(counter, account_uid, cash(30_000))
    executed = execute(counter, request(counter, account_id, new_meter=STOCK), 470_000)
    assert executed.order.state == "executed"
    ops = outbox(counter.engine)
    assert [o.kind for o in ops] == ["shift.opened", "payment.posted", "order.create",
                                     "order.notify", "order.execute"]  # fmt: skip
    done = apply_batch(hq, terminal, ops, now=NOW)
    assert [(r.status, r.code) for r in done.results] == [("applied", "")] * 5
    assert done.acked_through == 5
    mine, theirs = terminal_books(counter.engine), hq_books(hq)
    assert theirs["bills"] == mine["bills"]
    assert theirs["prepaid"] == mine["prepaid"] > 0
    installed, meter = mine["installation"]
    hq_installed, hq_meter = theirs["installation"]
    assert _hq_uuid(hq_installed) == _uuid(installed)  # the terminal's own installation id
    assert _hq_uuid(hq_meter) == _uuid(meter)
    assert theirs["version"] == 2  # the meter change, not the payment, moved the master data
    with hq.connect() as connection:
        order = connection.execute(text("SELECT state, version FROM hq_work_order")).one()
    assert tuple(order) == ("executed", 3)


def test_the_second_hall_to_change_a_meter_goes_to_the_inbox(
    counter: Counter, tmp_path: Path, hq: Engine
) -> None:
    """Two halls serve area T and both change the account's meter from the same starting point:
    HQ applies the first and parks the second (meter_changed); first applied wins."""
    account_id = _set_up(counter.engine)
    path = Path(str(counter.engine.url.database))
    import_terminal_db(hq, path)
    second = copy_counter(counter, tmp_path / "second.db")  # the other hall's mirror, same data
    with second.engine.begin() as connection:
        settings.write(connection, "terminal.code", "DH01", now=NOW)
    one, _ = register(hq, "QS03", "青山供电营业厅", "T")
    other, _ = register(hq, "DH01", "东湖营业厅", "T")
    execute(counter, request(counter, account_id, new_meter=STOCK), 470_000)
    execute(second, request(second, account_id, new_meter=STOCK), 470_000)
    first = apply_batch(hq, one, outbox(counter.engine), now=NOW)
    late = apply_batch(hq, other, outbox(second.engine), now=NOW)
    assert [r.status for r in first.results] == ["applied"] * 3
    assert [(r.status, r.code) for r in late.results] == [
        ("applied", ""), ("applied", ""), ("conflict", "meter_changed")]  # fmt: skip
    assert "another change was applied first" in late.results[2].message
    with hq.connect() as connection:
        assert connection.execute(text("SELECT version FROM hq_account")).scalar_one() == 2
        installations = connection.execute(
            text("SELECT count(*) FROM hq_meter_installation")
        ).scalar_one()
        parked = connection.execute(text("SELECT hall, code, state FROM hq_conflict")).one()
    assert installations == 2  # the old one, ended, and the first hall's new one
    assert tuple(parked) == ("东湖营业厅", "meter_changed", "open")


def test_a_new_meter_hq_does_not_know_waits_until_hq_stocks_it(
    counter: Counter, hq: Engine
) -> None:
    account_id = _set_up(counter.engine)
    import_terminal_db(hq, Path(str(counter.engine.url.database)))
    terminal, _ = register(hq, "QS03", "青山供电营业厅", "T")
    execute(counter, request(counter, account_id, new_meter="2200000000001"), 470_000)
    done = apply_batch(hq, terminal, outbox(counter.engine), now=NOW)
    assert [(r.status, r.code) for r in done.results][-1] == ("conflict", "unknown_meter")
    [parked] = list_conflicts(hq, terminal.hall)
    stocked = uuid.uuid4()  # HQ's own id for it: found by its number
    with hq.begin() as connection:
        put_row(connection, "meter", {"uid": stocked, "number": "2200000000001",
                                      "utility": "electricity", "area_code": ""})  # fmt: skip
    resolve(hq, parked.id, Resolve(action="retry", manager_no="0001"), now=NOW)
    assert _hq_uuid(hq_books(hq)["installation"][1]) == stocked
    with hq.connect() as connection:
        status = connection.execute(
            text("SELECT status FROM hq_applied_op WHERE kind = 'order.execute'")
        ).scalar_one()
    assert status == "applied"
