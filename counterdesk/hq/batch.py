"""Payments of one push, booked together: the few reads and writes a batch needs, not a dozen
round trips per payment (issue 8: a week's outbox drains at thousands of ops a second).

A terminal back from a week offline sends mostly ``payment.posted`` ops, 500 to a request. Booked
one by one, each costs about fifteen statements and a commit. Here the ledger
(:func:`counterdesk.hq.ledger.apply_batch`) hands the batch's payments to a :class:`PaymentRun`,
which reads what they need at once (the payments already booked, the accounts, locked in key
order, and the bills they name), books each in memory with the same rules as the one-op path
(:func:`counterdesk.hq.booking.book`), and writes the accounts, bills, payments, change log and
applied ops in a handful of statements.

Anything out of the ordinary is left to the one-op path, which knows every refusal: a payload
that does not parse, an unknown account, a payment booked already, one that raises a
reconnection order. The ledger then writes what the run holds first, so the one-op path reads
the books as they stand, and the run reads its accounts afresh afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from pydantic import ValidationError
from sqlalchemy import Connection, bindparam, select, text, update

from counterdesk.hq import schema
from counterdesk.hq.booking import PaymentPosted, book, payment_row
from counterdesk.hq.changes import emit_rows
from counterdesk.hq.database import insert_rows, is_postgres, key_in
from counterdesk.hq.ops import as_uuid, dumps
from counterdesk.hq.terminals import Terminal
from counterdesk.sync.protocol import Op

KIND: Final = "payment.posted"
CHUNK: Final = 5_000
"""Keys per ``IN`` list: far below any database's limit on parameters."""


@dataclass
class _Account:
    prepaid_fen: int
    ledger_version: int
    touched: bool = False


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


class PaymentRun:
    """Payments of one batch, booked in memory on the rows read for them, written by
    :meth:`flush` in the ledger's transaction."""

    def __init__(
        self, connection: Connection, terminal: Terminal, now: datetime, versions: frozenset[int]
    ) -> None:
        self._connection = connection
        self._terminal = terminal
        self._now = now
        self._versions = versions
        self._parsed: dict[uuid.UUID, PaymentPosted] = {}
        self._taken: set[uuid.UUID] = set()
        self._accounts: dict[uuid.UUID, _Account] = {}
        self._bills: dict[uuid.UUID, tuple[uuid.UUID, int]] = {}
        """Each bill read: its account and what it owes, as booked so far."""
        self._bill_deltas: dict[uuid.UUID, int] = {}
        self._bill_versions: dict[uuid.UUID, int] = {}
        self._payments: list[dict[str, Any]] = []
        self._applied: list[dict[str, Any]] = []
        self._fresh = False
        self._ahead: Sequence[Op] = ()

    # --- reading ---------------------------------------------------------------------------------

    def expect(self, ops: Sequence[Op], *, booked: Op | None = None) -> None:
        """The ops still to come: their rows are read when the first of them is booked.

        ``booked``: the op the one-op path just booked; a payment it booked is taken.
        """
        self._ahead = ops
        self._fresh = False
        if booked is not None and booked.op_id in self._parsed:
            self._taken.add(self._parsed[booked.op_id].payment_uid)

    def _read(self) -> None:
        """Read (and lock) what the payments ahead need, in one statement per table.

        Payloads are parsed and checked against booked payments once per batch; the accounts
        and bills are read again after the one-op path has booked something (it may have
        changed them).
        """
        self._fresh = True
        self._accounts.clear()
        self._bills.clear()
        unparsed = [
            op
            for op in self._ahead
            if op.kind == KIND
            and op.payload_version in self._versions
            and op.op_id not in self._parsed
        ]
        for op in unparsed:
            try:
                self._parsed[op.op_id] = PaymentPosted.model_validate(op.payload)
            except ValidationError:
                continue  # the one-op path words the rejection
        p, a, b = schema.payment.c, schema.account.c, schema.bill.c
        fresh = sorted(
            {self._parsed[op.op_id].payment_uid for op in unparsed if op.op_id in self._parsed}
        )
        for chunk in _chunks(fresh):
            self._taken.update(
                as_uuid(uid)
                for (uid,) in self._connection.execute(
                    select(p.uid).where(key_in(p.uid, chunk, self._connection))
                )
            )
        payments = [self._parsed[op.op_id] for op in self._ahead if op.op_id in self._parsed]
        if not payments:
            return
        accounts = sorted({payment.account_uid for payment in payments})
        for chunk in _chunks(accounts):
            # Locked in key order, as every booking locks its account: two halls paying into
            # one account queue instead of overwriting each other's balance.
            query = select(a.uid, a.prepaid_fen, a.ledger_version).where(
                key_in(a.uid, chunk, self._connection)
            )
            if is_postgres(self._connection):
                query = query.order_by(a.uid).with_for_update()
            for uid, prepaid, version in self._connection.execute(query):
                self._accounts[as_uuid(uid)] = _Account(int(prepaid), int(version))
        bills = sorted(
            {
                piece.bill_uid
                for payment in payments
                for piece in payment.allocations
                if piece.bill_uid is not None
            }
        )
        for chunk in _chunks(bills):
            for uid, account, owing in self._connection.execute(
                select(b.uid, b.account_uid, b.amount_fen - b.paid_fen).where(
                    key_in(b.uid, chunk, self._connection)
                )
            ):
                self._bills[as_uuid(uid)] = (as_uuid(account), int(owing))

    # --- booking -------------------------------------------------------------------------------

    def book(self, op: Op) -> dict[str, Any] | None:
        """Book ``op`` in memory and return its result, or ``None``: the one-op path must."""
        if op.kind != KIND:
            return None
        if not self._fresh:
            self._read()
        payment = self._parsed.get(op.op_id)
        if payment is None or payment.reconnection_order_uid is not None:
            return None
        if payment.payment_uid in self._taken:
            return None  # booked already: the one-op path parks it as a duplicate payment
        account = self._accounts.get(payment.account_uid)
        if account is None:
            return None  # unknown here: the one-op path parks it for a manager
        owing = {
            piece.bill_uid: self._bills[piece.bill_uid][1]
            for piece in payment.allocations
            if piece.bill_uid is not None
            and piece.bill_uid in self._bills
            and self._bills[piece.bill_uid][0] == payment.account_uid
        }
        booking = book(payment, account.prepaid_fen, owing)
        version = account.ledger_version + 1
        account.prepaid_fen = booking.prepaid_after
        account.ledger_version = version
        account.touched = True
        for bill, fen in booking.placed.items():
            owner, left = self._bills[bill]
            self._bills[bill] = (owner, left - fen)
            self._bill_deltas[bill] = self._bill_deltas.get(bill, 0) + fen
            self._bill_versions[bill] = version
        self._taken.add(payment.payment_uid)
        self._payments.append(
            payment_row(payment, booking, self._terminal.terminal_id, op.payload, self._now)
        )
        result = {"ledger_version": version}
        self._applied.append(
            {
                "op_id": op.op_id,
                "terminal_id": self._terminal.terminal_id,
                "terminal_seq": op.terminal_seq,
                "kind": op.kind,
                "status": "applied",
                "code": "",
                "message": "",
                "result": dumps(result),
                "applied_at": self._now,
            }
        )
        return result

    # --- writing ---------------------------------------------------------------------------------

    def flush(self) -> None:
        """Write what was booked since the last flush; the change log gets each account and
        bill once, as it stands after the run."""
        if not self._applied:
            return
        connection = self._connection
        touched = {uid: state for uid, state in self._accounts.items() if state.touched}
        accounts = [
            (uid, state.prepaid_fen, state.ledger_version) for uid, state in touched.items()
        ]
        bills = [(uid, delta, self._bill_versions[uid]) for uid, delta in self._bill_deltas.items()]
        if is_postgres(connection):
            _update_pg(connection, accounts, bills)
        else:
            _update_each(connection, accounts, bills)
        insert_rows(connection, schema.payment, self._payments)
        emit_rows(connection, "account", [str(uid) for uid in touched], now=self._now)
        emit_rows(connection, "bill", [str(uid) for uid in self._bill_deltas], now=self._now)
        insert_rows(connection, schema.applied_op, self._applied)
        for state in touched.values():
            state.touched = False
        self._bill_deltas.clear()
        self._bill_versions.clear()
        self._payments.clear()
        self._applied.clear()


def _update_pg(
    connection: Connection,
    accounts: list[tuple[uuid.UUID, int, int]],
    bills: list[tuple[uuid.UUID, int, int]],
) -> None:
    """Each table's rows in one statement, from arrays (a row-by-row executemany costs PostgreSQL
    a statement per row)."""
    if accounts:
        uids, prepaid, versions = zip(*accounts, strict=True)
        connection.execute(
            text(
                "UPDATE hq_account AS a SET prepaid_fen = v.prepaid, ledger_version = v.version "
                "FROM unnest(CAST(:uids AS uuid[]), CAST(:prepaid AS bigint[]), "
                "CAST(:versions AS bigint[])) AS v(uid, prepaid, version) WHERE a.uid = v.uid"
            ),
            {"uids": list(uids), "prepaid": list(prepaid), "versions": list(versions)},
        )
    if bills:
        uids, deltas, versions = zip(*bills, strict=True)
        connection.execute(
            text(
                "UPDATE hq_bill AS b SET paid_fen = b.paid_fen + v.delta, "
                "ledger_version = v.version FROM unnest(CAST(:uids AS uuid[]), "
                "CAST(:deltas AS bigint[]), CAST(:versions AS bigint[])) AS v(uid, delta, version) "
                "WHERE b.uid = v.uid"
            ),
            {"uids": list(uids), "deltas": list(deltas), "versions": list(versions)},
        )


def _update_each(
    connection: Connection,
    accounts: list[tuple[uuid.UUID, int, int]],
    bills: list[tuple[uuid.UUID, int, int]],
) -> None:
    a, b = schema.account.c, schema.bill.c
    if accounts:
        connection.execute(
            update(schema.account)
            .where(a.uid == bindparam("b_key"))
            .values(prepaid_fen=bindparam("b_prepaid"), ledger_version=bindparam("b_version")),
            [{"b_key": u, "b_prepaid": p, "b_version": v} for u, p, v in accounts],
        )
    if bills:
        connection.execute(
            update(schema.bill)
            .where(b.uid == bindparam("b_key"))
            .values(
                paid_fen=b.paid_fen + bindparam("b_delta", type_=b.paid_fen.type),
                ledger_version=bindparam("b_version"),
            ),
            [{"b_key": u, "b_delta": d, "b_version": v} for u, d, v in bills],
        )
