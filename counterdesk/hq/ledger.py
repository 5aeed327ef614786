"""Applying a terminal's outbox at HQ (SYNC.md: idempotent apply, conflict inbox, gap alerts).

Each op is recorded in ``hq_applied_op``, keyed by the op's id, in the transaction that books it:
an op seen before answers its stored result as ``duplicate`` and changes nothing, so a batch
replayed after a lost response is harmless. A batch is applied in one transaction: its payments
are booked together (:mod:`counterdesk.hq.batch`), every other op in a savepoint of its own. One
op's trouble never holds back the next: a business refusal
(:class:`~counterdesk.hq.ops.OpRefusedError`) rolls back what the op wrote, parks the op in
``hq_conflict`` for a manager and is answered ``conflict`` or ``rejected``; a batch that fails as
a whole is applied again op by op, each in its own transaction. Only a database that cannot be
reached is an exception, which the server answers 503 so the terminal retries later.

The terminal's sequence numbers are gapless. HQ tracks the highest one below which it holds every
op (``acked_through``) and the highest one seen (``max_seq``): an op arriving past
``max_seq + 1`` opens a gap, which raises one alert (ops are applied all the same: holding a
payment back would only strand money). One number with two different ops means the terminal's
database was restored or copied; the second op is parked (``seq_reused``) and alerted.

The booking itself is in :mod:`counterdesk.hq.booking` (money and shifts) and
:mod:`counterdesk.hq.orders` (work orders and the meter change); master-data edits that HQ makes
itself are in :mod:`counterdesk.hq.masterdata` and re-exported here.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import Connection, Engine, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from counterdesk.hq import schema
from counterdesk.hq.batch import PaymentRun
from counterdesk.hq.booking import close_shift, open_shift, post_payment, reverse_payment
from counterdesk.hq.database import is_postgres, key_in
from counterdesk.hq.inbox import acked_through, conflict_of, list_conflicts, open_conflicts
from counterdesk.hq.masterdata import (
    MasterDataError,
    issue_bill,
    move_account,
    put_row,
    upsert_tariff,
)
from counterdesk.hq.ops import Context, OpRefusedError, as_uuid, aware, clean, dumps, utc
from counterdesk.hq.orders import act_on_order
from counterdesk.hq.terminals import Terminal
from counterdesk.sync.protocol import (
    GLOBAL_SCOPE,
    Conflict,
    Gap,
    Op,
    OpResult,
    PushResponse,
    Resolve,
    Versions,
)

__all__ = [
    "MasterDataError",
    "ResolveError",
    "acked_through",
    "apply_batch",
    "issue_bill",
    "list_conflicts",
    "move_account",
    "open_conflicts",
    "put_row",
    "resolve",
    "upsert_tariff",
]

log = logging.getLogger(__name__)

Handler = Callable[[Context], dict[str, Any]]
HANDLERS: Final[dict[str, Handler]] = {
    "payment.posted": post_payment,
    "payment.reversed": reverse_payment,
    "shift.opened": open_shift,
    "shift.closed": close_shift,
}
PAYLOAD_VERSIONS: Final = frozenset({1})
"""Payload versions HQ reads, for every kind."""
_ATTEMPTS: Final = 3


class ResolveError(Exception):
    """A conflict cannot be resolved as asked; the message says why (``not_found``: no such
    conflict in the asker's hall)."""

    def __init__(self, message: str, *, not_found: bool = False) -> None:
        super().__init__(message)
        self.not_found = not_found


def _handler(kind: str) -> Handler | None:
    if kind.startswith("order."):
        return act_on_order
    return HANDLERS.get(kind)


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


# --- applying ------------------------------------------------------------------------------------


def _book(context: Context, *, last_try: bool = True) -> dict[str, Any]:
    """Run the op's handler in a savepoint; a refusal or unusable data undoes what it wrote.

    A unique key the booking ran into is first taken for a race (the caller looks again and
    retries); on the ``last_try`` it is the payload's fault and the op is refused.
    """
    op = context.op
    handler = _handler(op.kind)
    if handler is None:
        raise OpRefusedError(
            "rejected", "unknown_kind", f"HQ does not know the op kind {op.kind!r}."
        )
    if op.payload_version not in PAYLOAD_VERSIONS:
        raise OpRefusedError(
            "rejected",
            "unsupported_payload_version",
            f"HQ reads {op.kind} payload version "
            f"{', '.join(map(str, sorted(PAYLOAD_VERSIONS)))}, not {op.payload_version}.",
        )
    try:
        with context.connection.begin_nested():
            return handler(context)
    except OperationalError:
        raise
    except IntegrityError:
        if not last_try:
            raise
        log.warning("Op %s (%s) collides with a stored row", op.op_id, op.kind, exc_info=True)
        raise OpRefusedError(
            "rejected", "integrity", f"This {op.kind} collides with a record HQ holds already."
        ) from None
    except (OverflowError, ValueError, TypeError, KeyError) as error:
        # A payload that passed its model but not the booking (a time out of range): its fault.
        log.warning("Op %s (%s) cannot be booked: %r", op.op_id, op.kind, error)
        raise OpRefusedError(
            "rejected", "bad_payload", f"HQ cannot book this {op.kind}: {error}."
        ) from None
    except DBAPIError as error:  # a value the database will not store: the payload is at fault
        log.warning("Op %s (%s) refused by the database: %s", op.op_id, op.kind, error.orig)
        raise OpRefusedError(
            "rejected",
            "invalid_data",
            f"HQ's database refused this {op.kind}: {type(error.orig).__name__}.",
        ) from None


def _park(context: Context, refusal: OpRefusedError) -> None:
    op = context.op
    context.connection.execute(
        insert(schema.conflict).values(
            op_id=op.op_id,
            terminal_id=context.terminal.terminal_id,
            hall=context.terminal.hall,
            terminal_seq=op.terminal_seq,
            kind=op.kind,
            payload_version=op.payload_version,
            status=refusal.status,
            code=refusal.code,
            message=clean(refusal.message),
            payload=dumps(op.payload),
            business_time=utc(op.business_time),
            received_at=context.now,
        )
    )


def _alert(
    connection: Connection, terminal_id: str, kind: str, message: str, now: datetime
) -> None:
    log.warning("HQ alert for terminal %s: %s", terminal_id, message)
    connection.execute(
        insert(schema.alert).values(at=now, terminal_id=terminal_id, kind=kind, message=message)
    )


def _result(op: Op, status: str, code: str = "", message: str = "", **result: Any) -> OpResult:
    return OpResult(
        op_id=op.op_id,
        terminal_seq=op.terminal_seq,
        status=status,  # type: ignore[arg-type]
        code=code,
        message=message,
        result=result,
    )


def _apply_one(engine: Engine, terminal: Terminal, op: Op, now: datetime) -> tuple[OpResult, bool]:
    """One op in one transaction; ``True`` when this call recorded it (not a duplicate)."""
    for attempt in range(_ATTEMPTS):
        try:
            with engine.begin() as connection:
                return _apply_in(connection, terminal, op, now, last_try=attempt + 1 == _ATTEMPTS)
        except IntegrityError:
            # Another request took this op's sequence number between our look and our insert:
            # look again, and the stored answer is found.
            if attempt + 1 == _ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _apply_in(
    connection: Connection, terminal: Terminal, op: Op, now: datetime, *, last_try: bool
) -> tuple[OpResult, bool]:
    if is_postgres(connection):
        # The same op arriving twice at once (a retry while the first request still runs, a
        # killed terminal restarted): the second waits here, then finds the first's answer.
        key = int.from_bytes(op.op_id.bytes[:8], "big", signed=True)
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
    seen = _seen_many(connection, [op]).get(op.op_id)
    if seen is not None:
        return seen, False
    context = Context(connection, terminal, op, now)
    a = schema.applied_op.c
    holder = connection.execute(
        select(a.op_id).where(
            (a.terminal_id == terminal.terminal_id) & (a.terminal_seq == op.terminal_seq)
        )
    ).scalar_one_or_none()
    if holder is not None:
        message = (
            f"Terminal {terminal.terminal_id} sent op {op.op_id} with sequence number "
            f"{op.terminal_seq}, which op {holder} already has: was its database restored or "
            "copied? The op is parked for a manager."
        )
        refusal = OpRefusedError("conflict", "seq_reused", message)
        _park(context, refusal)
        _alert(connection, terminal.terminal_id, "seq_reused", message, now)
        return _result(op, "conflict", refusal.code, refusal.message), False
    try:
        booked = _book(context, last_try=last_try)
        status, code, message = "applied", "", ""
    except OpRefusedError as refusal:
        _park(context, refusal)
        booked, status, code, message = {}, refusal.status, refusal.code, clean(refusal.message)
    connection.execute(
        insert(schema.applied_op).values(
            op_id=op.op_id,
            terminal_id=terminal.terminal_id,
            terminal_seq=op.terminal_seq,
            kind=op.kind,
            status=status,
            code=code,
            message=message,
            result=dumps(booked),
            applied_at=now,
        )
    )
    return _result(op, status, code, message, **booked), True


def apply_batch(
    engine: Engine,
    terminal: Terminal,
    ops: Sequence[Op],
    *,
    versions: Versions | None = None,
    now: datetime | None = None,
) -> PushResponse:
    """Apply a terminal's batch in order, in one transaction with a savepoint per unusual op.

    Should the batch fail as a whole (two pushes of one terminal racing for the same ops, a
    payload the database refuses outright), it is applied again op by op, each in its own
    transaction, so one bad op never holds back the ones before it.
    """
    moment = _now(now)
    try:
        with engine.begin() as connection:
            results, recorded = _apply_together(connection, terminal, ops, moment)
            acked, gap = _advance_in(connection, terminal, recorded, versions, moment)
        return PushResponse(results=results, acked_through=acked, gap=gap)
    except DBAPIError as error:
        if error.connection_invalidated:
            raise
        log.warning("A batch of %d ops from terminal %s failed together (%s); applying them "
                    "one by one.", len(ops), terminal.terminal_id, error.orig)  # fmt: skip
    return apply_one_by_one(engine, terminal, ops, versions=versions, now=moment)


def apply_one_by_one(
    engine: Engine,
    terminal: Terminal,
    ops: Sequence[Op],
    *,
    versions: Versions | None = None,
    now: datetime | None = None,
) -> PushResponse:
    """Apply a batch in order, each op in its own transaction (the fallback, and the reference
    the batch path is tested against)."""
    moment = _now(now)
    results: list[OpResult] = []
    recorded: list[int] = []
    for op in ops:
        result, new = _apply_one(engine, terminal, op, moment)
        results.append(result)
        if new:
            recorded.append(op.terminal_seq)
    with engine.begin() as connection:
        acked, gap = _advance_in(connection, terminal, recorded, versions, moment)
    return PushResponse(results=results, acked_through=acked, gap=gap)


def _lock_key(op: Op) -> int:
    return int.from_bytes(op.op_id.bytes[:8], "big", signed=True)


def _apply_together(
    connection: Connection, terminal: Terminal, ops: Sequence[Op], now: datetime
) -> tuple[list[OpResult], list[int]]:
    """The batch in the caller's transaction: payments through a :class:`PaymentRun`, every
    other op (and every payment out of the ordinary) through the one-op path in a savepoint."""
    if is_postgres(connection):
        # As the one-op path does per op, for all of them at once and in key order, so two
        # pushes holding some of the same ops wait for each other instead of deadlocking.
        connection.execute(
            text(
                "SELECT count(pg_advisory_xact_lock(k)) FROM "
                "(SELECT DISTINCT unnest(CAST(:keys AS bigint[])) AS k ORDER BY 1) AS s"
            ),
            {"keys": sorted({_lock_key(op) for op in ops})},
        )
    seen = _seen_many(connection, ops)
    holders = _holders(connection, terminal, ops)
    run = PaymentRun(connection, terminal, now, PAYLOAD_VERSIONS)
    run.expect(ops)
    results: list[OpResult] = []
    recorded: list[int] = []
    for index, op in enumerate(ops):
        earlier = seen.get(op.op_id)
        if earlier is not None:
            results.append(earlier)
            continue
        booked = run.book(op) if op.terminal_seq not in holders else None
        if booked is not None:
            result, new = _result(op, "applied", **booked), True
        else:
            run.flush()  # the one-op path reads the books as they stand
            with connection.begin_nested():
                result, new = _apply_in(connection, terminal, op, now, last_try=False)
            run.expect(ops[index + 1 :], booked=op)
        results.append(result)
        seen[op.op_id] = result.model_copy(update={"status": "duplicate"})
        if new:
            recorded.append(op.terminal_seq)
            holders[op.terminal_seq] = op.op_id
    run.flush()
    return results, recorded


def _seen_many(connection: Connection, ops: Sequence[Op]) -> dict[uuid.UUID, OpResult]:
    """The stored answers of the ops HQ has seen, as ``duplicate``: its applied row, or for an op
    parked without one (a reused sequence number) the conflict's code and message."""
    ids = sorted({op.op_id for op in ops})
    if not ids:
        return {}
    a, c = schema.applied_op.c, schema.conflict.c
    found: dict[uuid.UUID, OpResult] = {}
    for op_id, seq, code, message in connection.execute(
        select(c.op_id, c.terminal_seq, c.code, c.message).where(key_in(c.op_id, ids, connection))
    ):
        found[as_uuid(op_id)] = OpResult(
            op_id=as_uuid(op_id),
            terminal_seq=int(seq),
            status="duplicate",
            code=str(code),
            message=str(message),
        )
    for op_id, seq, code, message, result in connection.execute(
        select(a.op_id, a.terminal_seq, a.code, a.message, a.result).where(
            key_in(a.op_id, ids, connection)
        )
    ):
        found[as_uuid(op_id)] = OpResult(
            op_id=as_uuid(op_id),
            terminal_seq=int(seq),
            status="duplicate",
            code=str(code),
            message=str(message),
            result=json.loads(str(result) or "{}"),
        )
    return found


def _holders(connection: Connection, terminal: Terminal, ops: Sequence[Op]) -> dict[int, Any]:
    """The batch's sequence numbers HQ already holds an op for (the op's id)."""
    a = schema.applied_op.c
    seqs = sorted({op.terminal_seq for op in ops})
    if not seqs:
        return {}
    return {
        int(seq): op_id
        for seq, op_id in connection.execute(
            select(a.terminal_seq, a.op_id).where(
                (a.terminal_id == terminal.terminal_id) & key_in(a.terminal_seq, seqs, connection)
            )
        )
    }


def _advance_in(
    connection: Connection,
    terminal: Terminal,
    recorded: list[int],
    versions: Versions | None,
    now: datetime,
) -> tuple[int, Gap | None]:
    """Move the terminal's ``acked_through`` and ``max_seq``; alert each new gap once."""
    t, a = schema.terminal.c, schema.applied_op.c
    lock = " FOR UPDATE" if is_postgres(connection) else ""
    row = connection.execute(
        text(
            "SELECT acked_through, max_seq FROM hq_terminal "  # noqa: S608 - constants
            f"WHERE terminal_id = :t{lock}"
        ),
        {"t": terminal.terminal_id},
    ).one_or_none()
    if row is None:  # pragma: no cover - the terminal authenticated a moment ago
        return 0, None
    acked, highest = int(row[0]), int(row[1])
    for seq in recorded:
        if seq > highest + 1:
            first, last = highest + 1, seq - 1
            missing = f"op {first}" if first == last else f"ops {first} to {last}"
            _alert(
                connection,
                terminal.terminal_id,
                "seq_gap",
                f"Terminal {terminal.terminal_id} sent op {seq}, but {missing} never "
                "arrived: check its outbox.",
                now,
            )
        highest = max(highest, seq)
    above: int | None = None
    for (seq,) in connection.execute(
        select(a.terminal_seq)
        .where((a.terminal_id == terminal.terminal_id) & (a.terminal_seq > acked))
        .order_by(a.terminal_seq)
        .limit(10_000)
    ):
        if int(seq) != acked + 1:
            above = int(seq)
            break
        acked = int(seq)
    values: dict[str, Any] = {"acked_through": acked, "max_seq": max(highest, acked)}
    if versions is not None:
        values["protocol_version"] = versions.protocol_version
        values["schema_version"] = versions.schema_version
    connection.execute(
        update(schema.terminal).where(t.terminal_id == terminal.terminal_id).values(values)
    )
    gap = None if above is None else Gap(expected=acked + 1, received=above)
    return acked, gap


# --- the conflict inbox ------------------------------------------------------------------------


def resolve(
    engine: Engine,
    conflict_id: int,
    decision: Resolve,
    *,
    hall: str | None = None,
    now: datetime | None = None,
) -> Conflict:
    """A manager's decision on a parked op (only their own hall's when ``hall`` is given).

    ``retry`` applies the stored op again, as its terminal sent it; if it still cannot be booked,
    :class:`ResolveError` says why and the conflict stays open. ``dismiss`` closes it unbooked.
    """
    moment = _now(now)
    c = schema.conflict.c
    with engine.begin() as connection:
        lock = " FOR UPDATE" if is_postgres(connection) else ""
        row = connection.execute(
            text(f"SELECT * FROM hq_conflict WHERE id = :i{lock}"),  # noqa: S608 - constants
            {"i": conflict_id},
        ).one_or_none()
        if row is None or (hall is not None and row.hall != hall):
            raise ResolveError(f"There is no conflict {conflict_id} in this hall.", not_found=True)
        if row.state != "open":
            raise ResolveError(
                f"Conflict {conflict_id} was resolved already ({row.resolution} by "
                f"{row.resolved_by})."
            )
        if decision.action == "retry":
            _retry(connection, row, moment)
        connection.execute(
            update(schema.conflict)
            .where(c.id == conflict_id)
            .values(
                state="resolved",
                resolution=decision.action,
                resolved_by=clean(decision.manager_no),
                resolved_at=moment,
                note=clean(decision.note),
            )
        )
        stored = connection.execute(select(schema.conflict).where(c.id == conflict_id)).one()
    return conflict_of(stored)


def _retry(connection: Connection, row: Any, now: datetime) -> None:
    op = Op(
        op_id=row.op_id,
        terminal_seq=int(row.terminal_seq),
        kind=str(row.kind),
        payload_version=int(row.payload_version),
        payload=json.loads(str(row.payload)),
        business_time=aware(row.business_time) or now,
    )
    t = schema.terminal.c
    areas = connection.execute(
        select(t.areas).where(t.terminal_id == row.terminal_id)
    ).scalar_one_or_none()
    codes = tuple(code for code in str(areas or "").split(",") if code)
    terminal = Terminal(str(row.terminal_id), str(row.hall), (GLOBAL_SCOPE, *codes))
    context = Context(connection, terminal, op, now)
    try:
        booked = _book(context)
    except OpRefusedError as refusal:
        raise ResolveError(
            f"Retried, and HQ still cannot book it ({refusal.code}): {refusal.message}"
        ) from None
    a = schema.applied_op.c
    connection.execute(
        update(schema.applied_op)
        .where(a.op_id == op.op_id)
        .values(status="applied", code="", message="", result=dumps(booked), applied_at=now)
    )
