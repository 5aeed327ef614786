"""The records a counter leaves for auditors and HQ: the hash-chained audit log (审计日志), the
gapless number series and the outbox, on a real database file.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import IntegrityError

from counterdesk.documents.receipts import Tender
from counterdesk.domain.ids import new_uid
from counterdesk.domain.permissions import Permission, Role
from counterdesk.services import auth, payments, shifts
from counterdesk.store import audit, outbox
from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade
from counterdesk.store.sequences import next_number
from tests.helpers.counter import (
    MANAGER_PASSWORD,
    NOW,
    PASSWORD,
    Counter,
    account_with_bills,
    add_people,
    audit_actions,
    later,
    open_shift,
)


def _write(engine: Engine, count: int) -> list[int]:
    with engine.begin() as connection:
        return [
            audit.append(
                connection,
                at=later(i),
                actor="0107",
                action="payment.posted",
                subject=f"QS03-20261121-{i:04d}",
                detail={"received_fen": 100 * i, "account_no": "3301020456", "name": "张晓三"},
            )
            for i in range(1, count + 1)
        ]


def _raw(db_path: Path, *statements: str) -> None:
    """Edit the file as someone with the sqlite3 shell would: triggers first."""
    with closing(sqlite3.connect(db_path, isolation_level=None)) as raw:
        raw.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
        raw.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete")
        for statement in statements:
            raw.execute(statement)


def _verify(engine: Engine) -> audit.Verdict:
    with engine.connect() as connection:
        return audit.verify(connection)


# --- the chain ------------------------------------------------------------------------------------


def test_an_empty_log_is_intact(engine: Engine) -> None:
    assert _verify(engine) == audit.Verdict(checked=0)


def test_entries_are_chained_by_hash(engine: Engine) -> None:
    assert _write(engine, 4) == [1, 2, 3, 4]
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT id, at, actor, action, subject, detail, prev_hash, entry_hash "
                "FROM audit_entry ORDER BY id"
            )
        ).all()
    previous = audit.GENESIS
    for entry_id, _at, actor, action, subject, detail, prev_hash, entry_hash in rows:
        assert prev_hash == previous
        stamp = (NOW + timedelta(minutes=entry_id)).replace(tzinfo=None)
        assert entry_hash == audit.entry_hash(
            prev_hash, entry_id, stamp, actor, action, subject, detail
        )
        previous = entry_hash
    # Canonical JSON: sorted keys, no spaces, Chinese as written.
    assert rows[0][5] == '{"account_no":"3301020456","name":"张晓三","received_fen":100}'
    verdict = _verify(engine)
    assert (verdict.intact, verdict.checked, verdict.broken_at) == (True, 4, None)


def test_an_entry_without_a_time_zone_is_refused(engine: Engine) -> None:
    with pytest.raises(ValueError, match="zone"), engine.begin() as connection:
        audit.append(
            connection, at=NOW.replace(tzinfo=None), actor="0107", action="x.y", subject="s"
        )
    assert _verify(engine).checked == 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entry SET detail = '{}' WHERE id = 2",
        "UPDATE audit_entry SET entry_hash = prev_hash",
        "DELETE FROM audit_entry WHERE id = 3",
        "DELETE FROM audit_entry",
    ],
)
def test_the_program_cannot_rewrite_history(engine: Engine, statement: str) -> None:
    _write(engine, 3)
    with engine.connect() as connection:
        before = connection.execute(text("SELECT * FROM audit_entry ORDER BY id")).all()
    with pytest.raises(IntegrityError, match="append-only"), engine.begin() as connection:
        connection.execute(text(statement))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT * FROM audit_entry ORDER BY id")).all() == before
    assert _verify(engine).intact


def test_a_changed_detail_is_named(engine: Engine, db_path: Path) -> None:
    _write(engine, 5)
    _raw(db_path, "UPDATE audit_entry SET detail = '{\"received_fen\":1}' WHERE id = 3")
    verdict = _verify(engine)
    assert (verdict.intact, verdict.broken_at, verdict.checked) == (False, 3, 2)
    assert "changed" in verdict.problem


@pytest.mark.parametrize(
    "change",
    [
        "actor = '0001'",
        "action = 'payment.reversed'",
        "subject = 'QS03-20261121-0099'",
        "at = '2026-11-21 02:31:00.000001'",
    ],
)
def test_any_changed_field_is_named(engine: Engine, db_path: Path, change: str) -> None:
    _write(engine, 3)
    _raw(db_path, f"UPDATE audit_entry SET {change} WHERE id = 2")
    assert _verify(engine).broken_at == 2


def test_a_deleted_entry_in_the_middle_is_named(engine: Engine, db_path: Path) -> None:
    _write(engine, 5)
    _raw(db_path, "DELETE FROM audit_entry WHERE id = 3")
    verdict = _verify(engine)
    assert (verdict.broken_at, verdict.checked) == (3, 2)
    assert verdict.problem == "entry 3 is missing (next is 4)"


def test_a_rehashed_entry_breaks_the_link_to_the_next(engine: Engine, db_path: Path) -> None:
    """Someone who changes entry 2 and writes a fitting hash for it is caught at entry 3."""
    _write(engine, 4)
    with engine.connect() as connection:
        prev, at, actor, action, subject = connection.execute(
            text("SELECT prev_hash, at, actor, action, subject FROM audit_entry WHERE id = 2")
        ).one()
    forged_detail = '{"received_fen":1}'
    forged_hash = audit.entry_hash(
        prev, 2, audit._parse_at(at), actor, action, subject, forged_detail
    )
    _raw(
        db_path,
        f"UPDATE audit_entry SET detail = '{forged_detail}', entry_hash = '{forged_hash}' "
        "WHERE id = 2",
    )
    verdict = _verify(engine)
    assert verdict.broken_at == 3
    assert "link" in verdict.problem


def test_swapped_entries_are_named(engine: Engine, db_path: Path) -> None:
    _write(engine, 4)
    _raw(
        db_path,
        "UPDATE audit_entry SET id = 100 WHERE id = 2",
        "UPDATE audit_entry SET id = 2 WHERE id = 3",
        "UPDATE audit_entry SET id = 3 WHERE id = 100",
    )
    assert _verify(engine).broken_at == 2


def test_entries_cut_off_at_the_end_show_only_in_the_count(engine: Engine, db_path: Path) -> None:
    """The chain's known limit (module docstring): HQ compares the count and the last hash."""
    _write(engine, 5)
    _raw(db_path, "DELETE FROM audit_entry WHERE id > 3")
    verdict = _verify(engine)
    assert (verdict.intact, verdict.checked) == (True, 3)


def test_appending_after_the_end_continues_the_chain(engine: Engine) -> None:
    _write(engine, 2)
    _write(engine, 2)
    assert _verify(engine).checked == 4


def test_recent_lists_the_newest_first_and_by_subject(engine: Engine) -> None:
    _write(engine, 3)
    with engine.connect() as connection:
        newest = audit.recent(connection, limit=2)
        about = audit.recent(connection, subject="QS03-20261121-0002")
    assert [entry.id for entry in newest] == [3, 2]
    assert [entry.id for entry in about] == [2]
    assert about[0].detail == {"received_fen": 200, "account_no": "3301020456", "name": "张晓三"}
    assert about[0].at == (NOW + timedelta(minutes=2)).replace(tzinfo=None)


# --- every money and permission event is audited --------------------------------------------------


@pytest.fixture
def counter(tmp_path: Path) -> Iterator[Counter]:
    engine = make_engine(tmp_path / "terminal.db")
    upgrade(engine)
    yield add_people(engine)
    engine.dispose()


def test_every_money_and_permission_event_leaves_an_entry(counter: Counter) -> None:
    engine = counter.engine
    assert audit_actions(engine) == ["clerk.added"] * 3 + ["signin.ok"] * 3
    for number, password in (("0107", "wrong-pw"), ("5555", PASSWORD)):
        with pytest.raises(auth.SignInError):
            auth.sign_in(engine, number, password, now=NOW)
    with engine.begin() as connection:
        auth.add_clerk(
            connection,
            counter.admin,
            number="0108",
            name="赵六",
            role=Role.CLERK,
            password=PASSWORD,
            now=NOW,
        )
        auth.reset_password(connection, counter.admin, "0108", "second-pw", now=NOW)
        auth.set_active(connection, counter.admin, "0108", active=False, now=NOW)
    with pytest.raises(auth.SignInError):
        auth.sign_in(engine, "0108", "second-pw", now=NOW)
    open_shift(counter)
    _, account_uid = account_with_bills(engine)
    request = payments.PaymentRequest(
        new_uid(), account_uid, (payments.TenderIn(Tender.CASH, 5000),)
    )
    with engine.begin() as connection:
        paid = payments.take_payment(connection, counter.clerk, request, now=later(1))
        payments.reprint_receipt(connection, counter.clerk, paid.payment_uid, now=later(2))
    approval = auth.approve(
        engine,
        "0001",
        MANAGER_PASSWORD,
        permission=Permission.APPROVE,
        act=payments.REVERSE_ACT,
        for_clerk=counter.clerk,
        now=later(3),
    )
    with engine.begin() as connection:
        payments.reverse_payment(
            connection,
            counter.clerk,
            paid.payment_uid,
            reason="输错金额",
            approval=approval,
            now=later(4),
        )
        shifts.x_report(connection, counter.clerk, now=later(5))
        shifts.close_shift(connection, counter.clerk, counted={Tender.CASH: 50_000}, now=later(6))
    assert audit_actions(engine)[6:] == [
        "signin.failed",
        "signin.unknown",
        "clerk.added",
        "clerk.password_reset",
        "clerk.disabled",
        "signin.disabled",
        "shift.opened",
        "payment.posted",
        "receipt.reprinted",
        "approval.granted",
        "approval.used",
        "payment.reversed",
        "shift.x_report",
        "shift.closed",
    ]
    with engine.connect() as connection:
        verdict = audit.verify(connection)
        posted = audit.recent(connection, subject=paid.receipt_no)
    assert verdict == audit.Verdict(checked=20)
    assert [entry.action for entry in posted] == [
        "payment.reversed",
        "receipt.reprinted",
        "payment.posted",
    ]
    assert posted[-1].actor == "0107"
    assert posted[-1].detail["received_fen"] == 5000
    assert posted[0].detail["approved_by"] == "0001"


# --- number series --------------------------------------------------------------------------------


def _last(engine: Engine, name: str) -> int | None:
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT last FROM number_sequence WHERE name = :n"), {"n": name}
        ).scalar_one_or_none()


def test_a_number_series_starts_at_one_and_counts_up(engine: Engine) -> None:
    with engine.begin() as connection:
        numbers = [next_number(connection, "receipt:QS03:20261121") for _ in range(3)]
        other = next_number(connection, "receipt:QS03:20261122")
    with engine.begin() as connection:
        numbers.append(next_number(connection, "receipt:QS03:20261121"))
    assert numbers == [1, 2, 3, 4]
    assert other == 1
    assert _last(engine, "receipt:QS03:20261121") == 4


def test_a_rolled_back_number_is_given_back(engine: Engine) -> None:
    with engine.begin() as connection:
        assert next_number(connection, "z:QS03") == 1

    def fails_after_taking_a_number() -> None:
        with engine.begin() as connection:
            assert next_number(connection, "z:QS03") == 2
            raise RuntimeError("the act failed after taking its number")

    with pytest.raises(RuntimeError):
        fails_after_taking_a_number()
    assert _last(engine, "z:QS03") == 1
    with engine.begin() as connection:
        assert next_number(connection, "z:QS03") == 2


# --- the outbox -----------------------------------------------------------------------------------


def _add(connection: Connection, op_id: uuid.UUID, kind: str = "payment.posted") -> int:
    return outbox.add(
        connection,
        op_id=op_id,
        terminal_id="QS03",
        kind=kind,
        payload={"名": "张晓三", "fen": 1},
        business_time=NOW,
        now=later(1),
    )


def test_outbox_rows_are_numbered_without_gaps(engine: Engine) -> None:
    first, second, third = new_uid(), new_uid(), new_uid()
    with engine.begin() as connection:
        assert _add(connection, first) == 1
        assert _add(connection, second) == 2

    def rolled_back() -> None:
        with engine.begin() as connection:
            _add(connection, new_uid())
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        rolled_back()
    with engine.begin() as connection:
        assert _add(connection, third, kind="shift.opened") == 3
        assert outbox.pending_count(connection) == 3
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT op_id, terminal_id, terminal_seq, kind, payload_version, payload, state, "
                "business_time FROM outbox ORDER BY terminal_seq"
            )
        ).all()
    assert [uuid.UUID(bytes=bytes(row[0])) for row in rows] == [first, second, third]
    assert [row[2] for row in rows] == [1, 2, 3]
    assert rows[0][1] == "QS03"
    assert rows[2][3] == "shift.opened"
    assert rows[0][4] == 1
    assert json.loads(rows[0][5]) == {"fen": 1, "名": "张晓三"}
    assert rows[0][6] == "pending"
    assert str(rows[0][7]).startswith("2026-11-21 02:30:00")


def test_one_operation_is_queued_once(engine: Engine) -> None:
    """``op_id`` is the business record's identity: HQ's apply is idempotent on it."""
    op_id = new_uid()
    with engine.begin() as connection:
        _add(connection, op_id)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        _add(connection, op_id)
    with engine.connect() as connection:
        assert outbox.pending_count(connection) == 1
