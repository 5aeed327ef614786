"""Print jobs (打印任务) in the terminal database: the queue that never loses a receipt.

Why in the database: a payment commits first and its receipt is a job written in the same
transaction (ARCHITECTURE.md: printing never decides money). The printer can then be out of
paper, switched off or the program can crash, and the job is still there, in order, to be
printed, moved to another printer or discarded by the clerk. A job holds the printout's facts
(:mod:`counterdesk.documents.codec`), not bytes, so it can be laid out again for another printer.

The moves::

    queued ──claim──▶ printing ──▶ printed
       ▲                  │ printer not ready, nothing sent ──▶ waiting ──(retry)──▶ printing
       │                  │ sent but not confirmed ──▶ uncertain  (clerk: printed / print again)
       │                  │ cannot be laid out ──▶ failed
       │   start-up finds queued/printing/waiting from before ──▶ interrupted (clerk decides)
       └──── resume / redirect ◀── waiting, uncertain, interrupted, failed
    discard: anything not printed ──▶ discarded          reprint: a new job, copy_number + 1 (副本)

A job is never printed twice unless the clerk asks: only ``resume`` and ``reprint`` put an
unfinished or printed job back in the queue, and a reprint always says 副本.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import Connection, Table, func, select, update

from counterdesk.documents import codec
from counterdesk.domain.ids import new_uid
from counterdesk.logs import log_context
from counterdesk.store.models import PrintJobRow, PrintJobState

_JOB: Final[Table] = PrintJobRow.__table__  # type: ignore[assignment]

UNFINISHED: Final = frozenset({PrintJobState.QUEUED, PrintJobState.PRINTING, PrintJobState.WAITING})
"""States a job left by a crashed or closed program can be found in."""

NEEDS_CLERK: Final = frozenset(
    {PrintJobState.UNCERTAIN, PrintJobState.INTERRUPTED, PrintJobState.FAILED}
)
"""States that wait for a decision at the counter; the worker never touches them."""

_RESUMABLE: Final = NEEDS_CLERK | {PrintJobState.WAITING, PrintJobState.QUEUED}

PAYMENT_KINDS: Final = frozenset({"payment_receipt"})
"""Printouts whose ``source_uid`` is the payment's uid (a reversal slip's is the reversal's)."""

log = logging.getLogger(__name__)


class PrintJobError(ValueError):
    """A move the job's state does not allow (resume a printed job, discard a printing one)."""


@dataclass(frozen=True)
class PrintJob:
    """One job as the queue and the receipt tray see it; times are UTC."""

    id: int
    uid: uuid.UUID
    kind: str
    title: str
    printer: str
    state: PrintJobState
    copy_number: int
    original_id: int | None
    source_uid: uuid.UUID | None
    attempts: int
    problem: str | None
    detail: str | None
    maybe_printed: bool
    created_at: datetime
    updated_at: datetime
    printed_at: datetime | None
    content: str

    @property
    def is_copy(self) -> bool:
        return self.copy_number > 1

    def printout(self) -> Any:
        """The facts to print, read back and checked (:class:`DocumentError` if they do not fit)."""
        return codec.loads(self.kind, self.content)


def title_of(printout: object) -> str:
    """A short name for the tray and logs: the printout's kind and its human number."""
    for attribute in (
        "receipt_no",
        "reversal_no",
        "number",
        "shift_no",
        "order_no",
        "case_no",
        "notice_no",
        "printer",
    ):
        value = getattr(printout, attribute, None)
        if isinstance(value, str) and value:
            return f"{codec.kind_of(printout)} {value}"[:100]
    return codec.kind_of(printout)


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _aware(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


def _job(row: Any) -> PrintJob:
    return PrintJob(
        id=row.id,
        uid=row.uid,
        kind=row.kind,
        title=row.title,
        printer=row.printer,
        state=PrintJobState(row.state),
        copy_number=row.copy_number,
        original_id=row.original_id,
        source_uid=row.source_uid,
        attempts=row.attempts,
        problem=row.problem,
        detail=row.detail,
        maybe_printed=bool(row.maybe_printed),
        created_at=row.created_at.replace(tzinfo=UTC),
        updated_at=row.updated_at.replace(tzinfo=UTC),
        printed_at=_aware(row.printed_at),
        content=row.content,
    )


def enqueue(
    connection: Connection,
    printout: object,
    *,
    printer: str,
    now: datetime,
    source_uid: uuid.UUID | None = None,
) -> PrintJob:
    """Add a job at the end of the queue, inside the caller's transaction (the business act's)."""
    uid = new_uid()
    connection.execute(
        _JOB.insert().values(
            uid=uid,
            kind=codec.kind_of(printout),
            content=codec.dumps(printout),
            title=title_of(printout),
            printer=printer,
            state=PrintJobState.QUEUED,
            copy_number=1,
            source_uid=source_uid,
            attempts=0,
            maybe_printed=False,
            created_at=_naive(now),
            updated_at=_naive(now),
        )
    )
    job = get(connection, uid)
    with log_context(**log_fields(job)):
        log.info("Print job queued: %s on printer %s", job.title, printer)
    return job


def log_fields(job: PrintJob) -> dict[str, str | None]:
    """The :func:`~counterdesk.logs.log_context` of a job: its uid, and the payment it prints
    (or the act it belongs to, as ``source``), so its records turn up in a grep for the payment."""
    source = None if job.source_uid is None else str(job.source_uid)
    if job.kind in PAYMENT_KINDS:
        return {"print_job": str(job.uid), "payment": source}
    return {"print_job": str(job.uid), "source": source}


def get(connection: Connection, uid: uuid.UUID) -> PrintJob:
    row = connection.execute(select(_JOB).where(_JOB.c.uid == uid)).one_or_none()
    if row is None:
        raise PrintJobError(f"No print job {uid}.")
    return _job(row)


def recent(connection: Connection, *, limit: int = 50) -> list[PrintJob]:
    """The newest jobs first, for the receipt tray."""
    rows = connection.execute(select(_JOB).order_by(_JOB.c.id.desc()).limit(limit))
    return [_job(row) for row in rows]


def pending(connection: Connection, printer: str) -> list[PrintJob]:
    """``printer``'s queued and waiting jobs in the order they will print."""
    rows = connection.execute(
        select(_JOB)
        .where(
            _JOB.c.printer == printer,
            _JOB.c.state.in_([PrintJobState.QUEUED, PrintJobState.WAITING]),
        )
        .order_by(_JOB.c.id)
    )
    return [_job(row) for row in rows]


def held_counts(connection: Connection, printer: str) -> tuple[int, int]:
    """How many jobs wait for ``printer`` to recover, and how many wait for the clerk (banner)."""
    waiting = connection.execute(
        select(func.count())
        .select_from(_JOB)
        .where(_JOB.c.printer == printer, _JOB.c.state == PrintJobState.WAITING)
    ).scalar_one()
    needing = connection.execute(
        select(func.count()).select_from(_JOB).where(_JOB.c.state.in_(sorted(NEEDS_CLERK)))
    ).scalar_one()
    return int(waiting), int(needing)


def needing_clerk(connection: Connection) -> list[PrintJob]:
    """Jobs that wait for the clerk to resume, confirm or discard them, oldest first."""
    rows = connection.execute(
        select(_JOB).where(_JOB.c.state.in_(sorted(NEEDS_CLERK))).order_by(_JOB.c.id)
    )
    return [_job(row) for row in rows]


def head_state(connection: Connection, printer: str) -> PrintJobState | None:
    """The state of the job at the head of ``printer``'s queue (queued or waiting), if any."""
    state = connection.execute(
        select(_JOB.c.state)
        .where(
            _JOB.c.printer == printer,
            _JOB.c.state.in_([PrintJobState.QUEUED, PrintJobState.WAITING]),
        )
        .order_by(_JOB.c.id)
        .limit(1)
    ).scalar_one_or_none()
    return None if state is None else PrintJobState(state)


def claim_next(
    connection: Connection, printer: str, *, now: datetime, retry_after: datetime
) -> PrintJob | None:
    """Take the head of ``printer``'s queue and mark it printing, in one statement.

    The head is the oldest queued or waiting job. A waiting head that was last tried after
    ``retry_after`` is not due yet, and then nothing is claimed: the jobs behind it wait too, so
    receipts come out in the order the customers paid. ``maybe_printed`` is set now, before any
    byte is sent, so that a crash from here on shows the job as "may have printed".
    """
    head = connection.execute(
        select(_JOB.c.id, _JOB.c.state, _JOB.c.updated_at)
        .where(
            _JOB.c.printer == printer,
            _JOB.c.state.in_([PrintJobState.QUEUED, PrintJobState.WAITING]),
        )
        .order_by(_JOB.c.id)
        .limit(1)
    ).one_or_none()
    if head is None:
        return None
    if head.state == PrintJobState.WAITING and head.updated_at > _naive(retry_after):
        return None
    claimed = connection.execute(
        update(_JOB)
        .where(_JOB.c.id == head.id, _JOB.c.state == head.state)
        .values(
            state=PrintJobState.PRINTING,
            attempts=_JOB.c.attempts + 1,
            maybe_printed=True,
            updated_at=_naive(now),
        )
    )
    if claimed.rowcount != 1:
        return None
    row = connection.execute(select(_JOB).where(_JOB.c.id == head.id)).one()
    return _job(row)


def _move(
    connection: Connection,
    uid: uuid.UUID,
    allowed: frozenset[PrintJobState],
    now: datetime,
    **values: Any,
) -> PrintJob:
    job = get(connection, uid)
    if job.state not in allowed:
        raise PrintJobError(f"Print job {job.title} is {job.state.value}; it cannot be changed so.")
    connection.execute(
        update(_JOB)
        .where(_JOB.c.id == job.id, _JOB.c.state == job.state)
        .values(updated_at=_naive(now), **values)
    )
    return get(connection, uid)


_PRINTING: Final = frozenset({PrintJobState.PRINTING})


def mark_printed(connection: Connection, uid: uuid.UUID, *, now: datetime) -> PrintJob:
    return _move(
        connection,
        uid,
        _PRINTING,
        now,
        state=PrintJobState.PRINTED,
        printed_at=_naive(now),
        problem=None,
        detail=None,
    )


def mark_waiting(
    connection: Connection, uid: uuid.UUID, *, problem: str, detail: str, now: datetime
) -> PrintJob:
    """The printer was not ready and nothing was sent: try again later, in the same place."""
    return _move(
        connection,
        uid,
        _PRINTING,
        now,
        state=PrintJobState.WAITING,
        problem=problem,
        detail=detail[:300],
        maybe_printed=False,
    )


def mark_uncertain(
    connection: Connection, uid: uuid.UUID, *, problem: str, detail: str, now: datetime
) -> PrintJob:
    """Bytes went out but the printer did not confirm: the clerk looks and decides."""
    return _move(
        connection,
        uid,
        _PRINTING,
        now,
        state=PrintJobState.UNCERTAIN,
        problem=problem,
        detail=detail[:300],
        maybe_printed=True,
    )


def mark_failed(connection: Connection, uid: uuid.UUID, *, detail: str, now: datetime) -> PrintJob:
    """The job cannot be laid out or encoded (damaged facts): printing it again will not help."""
    return _move(
        connection,
        uid,
        _PRINTING,
        now,
        state=PrintJobState.FAILED,
        problem="layout",
        detail=detail[:300],
        maybe_printed=False,
    )


def recover(connection: Connection, *, now: datetime) -> list[PrintJob]:
    """At start-up: every job left unfinished by the last run becomes interrupted.

    None of them is printed again on its own; the clerk sees the list and resumes or discards
    each one. A job that was printing keeps ``maybe_printed`` so the dialog can say "check the
    printer: this may have come out already".
    """
    rows = connection.execute(
        select(_JOB.c.uid).where(_JOB.c.state.in_(sorted(UNFINISHED))).order_by(_JOB.c.id)
    ).all()
    connection.execute(
        update(_JOB)
        .where(_JOB.c.state.in_(sorted(UNFINISHED)))
        .values(
            state=PrintJobState.INTERRUPTED,
            maybe_printed=_JOB.c.state == PrintJobState.PRINTING,
            updated_at=_naive(now),
        )
    )
    return [get(connection, row.uid) for row in rows]


def resume(
    connection: Connection, uid: uuid.UUID, *, now: datetime, printer: str | None = None
) -> PrintJob:
    """Put a job back at its place in the queue (optionally on another printer), as asked."""
    job = get(connection, uid)
    return _move(
        connection,
        uid,
        _RESUMABLE,
        now,
        state=PrintJobState.QUEUED,
        printer=printer or job.printer,
        problem=None,
        detail=None,
    )


def confirm_printed(connection: Connection, uid: uuid.UUID, *, now: datetime) -> PrintJob:
    """The clerk saw an uncertain or interrupted job on paper: record it as printed."""
    return _move(
        connection,
        uid,
        frozenset({PrintJobState.UNCERTAIN, PrintJobState.INTERRUPTED}),
        now,
        state=PrintJobState.PRINTED,
        printed_at=_naive(now),
        problem=None,
        detail=None,
    )


def discard(connection: Connection, uid: uuid.UUID, *, now: datetime) -> PrintJob:
    """Give up a job that has not printed; the record stays, marked discarded."""
    return _move(connection, uid, _RESUMABLE, now, state=PrintJobState.DISCARDED)


def reprint(
    connection: Connection, uid: uuid.UUID, *, now: datetime, printer: str | None = None
) -> PrintJob:
    """A new job for a copy (副本) of ``uid``'s printout, numbered after every earlier copy."""
    job = get(connection, uid)
    original_id = job.original_id or job.id
    highest = connection.execute(
        select(func.max(_JOB.c.copy_number)).where(
            (_JOB.c.id == original_id) | (_JOB.c.original_id == original_id)
        )
    ).scalar_one()
    new = new_uid()
    connection.execute(
        _JOB.insert().values(
            uid=new,
            kind=job.kind,
            content=job.content,
            title=job.title,
            printer=printer or job.printer,
            state=PrintJobState.QUEUED,
            copy_number=int(highest) + 1,
            original_id=original_id,
            source_uid=job.source_uid,
            attempts=0,
            maybe_printed=False,
            created_at=_naive(now),
            updated_at=_naive(now),
        )
    )
    return get(connection, new)
