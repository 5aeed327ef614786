"""Sending the outbox to HQ (SYNC.md): FIFO batches, an op done only when HQ acknowledges it.

Rows go in ``terminal_seq`` order, :data:`~counterdesk.sync.protocol.MAX_PUSH_OPS` at a time,
and a batch that fails stops the push: the next attempt starts again from the oldest pending row,
never from a later one, so HQ sees the ops in the order they were taken. A lost response is
harmless: the rows are still pending, the batch goes again, and HQ answers ``duplicate`` with the
result it stored the first time.

Each batch's answers are written in one local transaction: every op's state (``sent`` for
``applied`` and ``duplicate``, ``rejected`` for ``conflict`` and ``rejected``), HQ's status and
result, and the acknowledgement time, together with the overlay of the accounts and bills the
acknowledged payments touch (:mod:`counterdesk.sync.apply`).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from sqlalchemy import Connection, Engine

from counterdesk.logs import log_context
from counterdesk.store.models import OutboxState
from counterdesk.sync import apply
from counterdesk.sync.client import SyncClient, SyncError, TransientSyncError
from counterdesk.sync.protocol import MAX_PUSH_OPS, Op, OpResult, PushResponse

log = logging.getLogger(__name__)

DONE_STATE: Final = {
    "applied": OutboxState.SENT,
    "duplicate": OutboxState.SENT,
    "conflict": OutboxState.REJECTED,
    "rejected": OutboxState.REJECTED,
}


@dataclass(frozen=True, slots=True)
class PushOutcome:
    sent: int = 0
    """Ops HQ applied (or had applied already)."""
    rejected: int = 0
    """Ops HQ parked in its conflict inbox."""
    batches: int = 0
    gap: str = ""
    """HQ's report of a gap in this terminal's sequence numbers, in English."""


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def pending_batch(connection: Connection, limit: int = MAX_PUSH_OPS, *, after: int = 0) -> list[Op]:
    """The oldest pending ops (past sequence number ``after``), in sequence order."""
    rows = connection.exec_driver_sql(
        "SELECT op_id, terminal_seq, kind, payload_version, payload, business_time FROM outbox "
        "WHERE state = ? AND terminal_seq > ? ORDER BY terminal_seq LIMIT ?",
        (OutboxState.PENDING.value, after, limit),
    ).all()
    return [
        Op(
            op_id=uuid.UUID(bytes=bytes(op_id)),
            terminal_seq=int(seq),
            kind=str(kind),
            payload_version=int(version),
            payload=json.loads(payload),
            business_time=_business_time(business),
        )
        for op_id, seq, kind, version, payload, business in rows
    ]


def _business_time(value: object) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC)


def _describe_gap(response: PushResponse) -> str:
    if response.gap is None:
        return ""
    return (
        f"HQ expected op {response.gap.expected} of this terminal next but received "
        f"{response.gap.received}: ops are missing from the outbox."
    )


def record_results(
    connection: Connection, results: list[OpResult], sent: list[Op], now: datetime
) -> tuple[int, int]:
    """Write HQ's answers for one batch in the caller's transaction; returns (sent, rejected)."""
    by_id = {op.op_id: op for op in sent}
    for result in results:
        op = by_id.get(result.op_id)
        if op is None or op.terminal_seq != result.terminal_seq:
            raise TransientSyncError(
                f"HQ answered for op {result.op_id} (#{result.terminal_seq}), which was not sent "
                "in this batch."
            )
    # The ops of the batch still pending here (the engine's thread is the only one answering
    # them, but a repeated answer must not count twice).
    ids = [result.op_id.bytes for result in results]
    waiting: set[bytes] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        waiting.update(
            bytes(op_id)
            for (op_id,) in connection.exec_driver_sql(
                f"SELECT op_id FROM outbox WHERE state = ? "  # noqa: S608 - placeholders only
                f"AND op_id IN ({', '.join('?' * len(chunk))})",
                (OutboxState.PENDING.value, *chunk),
            )
        )
    done = rejected = 0
    tell = log.isEnabledFor(logging.INFO)  # a week's backlog is thousands of ops: ask once
    acked: list[bytes] = []
    updates: list[tuple[object, ...]] = []
    for result in results:
        key = result.op_id.bytes
        if key not in waiting:
            continue
        waiting.discard(key)
        op = by_id[result.op_id]
        state = DONE_STATE[result.status]
        reason = f"{result.code}: {result.message}".strip(": ") if result.code else result.message
        updates.append(
            (
                state.value,
                result.status,
                json.dumps(result.result, ensure_ascii=False, sort_keys=True),
                _naive(now),
                reason or None,
                key,
                OutboxState.PENDING.value,
            )
        )
        payment = op.payload.get("payment_uid") if op.kind in apply.PAYMENT_KINDS else None
        with log_context(op=op.op_id, payment=payment or None):
            if state is OutboxState.SENT:
                done += 1
                if op.kind in apply.PAYMENT_KINDS:
                    acked.append(key)
                if tell:
                    log.info("HQ %s op #%s (%s)", result.status, op.terminal_seq, op.kind)
            else:
                rejected += 1
                log.warning("HQ parked op %s (%s) in its conflict inbox: %s", result.op_id,
                            op.kind, reason)  # fmt: skip
    if updates:
        connection.exec_driver_sql(
            "UPDATE outbox SET state = ?, hq_status = ?, hq_result = ?, acked_at = ?, "
            "attempts = attempts + 1, last_error = ? WHERE op_id = ? AND state = ?",
            updates,
        )
    if acked:
        # HQ's rows pulled while these were pending counted them; now HQ has booked them at a
        # ledger version, and the rows that already contain them must stop counting them.
        accounts, bills = apply.touched_by_ops(connection, acked)
        apply.refresh_accounts(connection, accounts)
        apply.refresh_bills(connection, bills)
    return done, rejected


def record_failure(connection: Connection, ops: list[Op], error: str) -> None:
    """Count the attempt on the batch that could not be sent, with the reason (for IT)."""
    connection.exec_driver_sql(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE op_id = ? AND state = ?",
        [(error[:500], op.op_id.bytes, OutboxState.PENDING.value) for op in ops],
    )


def push_all(
    engine: Engine,
    client: SyncClient,
    *,
    now: Callable[[], datetime],
    stop: Callable[[], bool] = lambda: False,
    batch_size: int = MAX_PUSH_OPS,
) -> PushOutcome:
    """Send every pending op, batch after batch, until none is left or one batch fails.

    A batch goes only once HQ has answered the one before, so HQ applies them in order. The
    local work around each request runs beside the next one (a helper thread reads the next
    batch while HQ applies this one, and writes this batch's answers while the next is on its
    way): a week's outbox drains at HQ's pace, not at HQ's plus SQLite's. An answer not yet
    written when the terminal stops leaves its ops pending; they are sent again and HQ answers
    ``duplicate``.
    """
    sent = rejected = batches = 0
    gap = ""

    def read(after: int) -> list[Op]:
        with engine.connect() as connection:
            return pending_batch(connection, batch_size, after=after)

    def record(ops: list[Op], response: PushResponse) -> tuple[int, int]:
        with engine.begin() as connection:
            return record_results(connection, response.results, ops, now())

    def settle(recording: Future[tuple[int, int]] | None) -> None:
        nonlocal sent, rejected, batches
        if recording is None:
            return
        done, parked = recording.result()
        if done + parked == 0:
            # HQ answered, but for none of the ops still pending here: sending the same batch
            # again would loop, so stop and let the timer try later.
            raise TransientSyncError("HQ's answer acknowledged none of the ops sent.")
        sent += done
        rejected += parked
        batches += 1

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-push") as helper:
        recording: Future[tuple[int, int]] | None = None
        try:
            ops = read(0)
            while ops and not stop():
                upcoming = helper.submit(read, ops[-1].terminal_seq)
                try:
                    response = client.push(ops)
                except SyncError as error:
                    settle(recording)
                    recording = None
                    with engine.begin() as connection:
                        record_failure(connection, ops, str(error))
                    raise
                if not response.results:
                    raise TransientSyncError("HQ answered the push without a result for any op.")
                settle(recording)
                recording = helper.submit(record, ops, response)
                gap = _describe_gap(response) or gap
                ops = upcoming.result()
        finally:
            if recording is not None:
                # Waits: the answers are written even when a later batch failed.
                failed = recording.exception()
                if failed is not None:
                    log.warning("HQ's answers to a batch could not be written here (%s); its "
                                "ops stay pending and go again.", failed)  # fmt: skip
        settle(recording)
    return PushOutcome(sent, rejected, batches, gap)
