"""The persisted print queue: order, waiting heads, crash recovery, copies, and refused moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from counterdesk.documents import samples
from counterdesk.store import print_jobs
from counterdesk.store.models import PrintJobState
from counterdesk.store.print_jobs import PrintJobError

NOW = datetime(2026, 11, 21, 2, 42, tzinfo=UTC)
LATER = NOW + timedelta(seconds=30)


def _enqueue(engine: Engine, printer: str = "receipt", **kwargs: object) -> print_jobs.PrintJob:
    with engine.begin() as connection:
        return print_jobs.enqueue(
            connection, samples.payment_receipt(**kwargs), printer=printer, now=NOW
        )


def _claim(engine: Engine, printer: str = "receipt", *, now: datetime = NOW):
    with engine.begin() as connection:
        return print_jobs.claim_next(connection, printer, now=now, retry_after=now)


def test_a_job_keeps_the_printout_facts_and_reads_them_back(engine: Engine) -> None:
    job = _enqueue(engine)
    assert job.state is PrintJobState.QUEUED
    assert job.title == "payment_receipt QS03-20261121-0042"
    assert job.printout() == samples.payment_receipt()
    assert job.copy_number == 1
    assert not job.is_copy


def test_jobs_are_claimed_in_order_and_one_at_a_time_per_printer(engine: Engine) -> None:
    first = _enqueue(engine)
    second = _enqueue(engine)
    other = _enqueue(engine, printer="kiosk")
    claimed = _claim(engine)
    assert claimed is not None
    assert claimed.uid == first.uid
    assert claimed.state is PrintJobState.PRINTING
    assert claimed.attempts == 1
    assert claimed.maybe_printed
    # A worker finishes its job before it claims again; the store itself hands out the next one.
    following = _claim(engine)
    assert following is not None
    assert following.uid == second.uid
    assert _claim(engine) is None
    kiosk = _claim(engine, "kiosk")
    assert kiosk is not None
    assert kiosk.uid == other.uid


def test_a_waiting_head_holds_back_the_jobs_behind_it_until_it_is_due(engine: Engine) -> None:
    first = _enqueue(engine)
    second = _enqueue(engine)
    claimed = _claim(engine)
    assert claimed is not None
    with engine.begin() as connection:
        waiting = print_jobs.mark_waiting(
            connection, claimed.uid, problem="paper_out", detail="Paper out.", now=NOW
        )
    assert waiting.state is PrintJobState.WAITING
    assert not waiting.maybe_printed
    with engine.begin() as connection:
        # Not due yet: nothing is claimed, not even the second job (receipts stay in order).
        assert (
            print_jobs.claim_next(
                connection, "receipt", now=NOW, retry_after=NOW - timedelta(seconds=3)
            )
            is None
        )
        again = print_jobs.claim_next(
            connection, "receipt", now=LATER, retry_after=LATER - timedelta(seconds=3)
        )
    assert again is not None
    assert again.uid == first.uid
    assert again.attempts == 2
    with engine.begin() as connection:
        print_jobs.mark_printed(connection, again.uid, now=LATER)
        nxt = print_jobs.claim_next(connection, "receipt", now=LATER, retry_after=LATER)
    assert nxt is not None
    assert nxt.uid == second.uid


def test_start_up_turns_unfinished_jobs_into_interrupted_ones_for_the_clerk(engine: Engine) -> None:
    printing = _enqueue(engine)
    queued = _enqueue(engine)
    done = _enqueue(engine)
    with engine.begin() as connection:
        print_jobs.claim_next(connection, "receipt", now=NOW, retry_after=NOW)
    # ``done`` is printed through the normal moves after the first is claimed.
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE print_job SET state = 'printed' WHERE id = ?", (done.id,)
        )
        found = print_jobs.recover(connection, now=LATER)
    assert [job.uid for job in found] == [printing.uid, queued.uid]
    assert all(job.state is PrintJobState.INTERRUPTED for job in found)
    assert [job.maybe_printed for job in found] == [True, False]
    # The worker never picks interrupted jobs up on its own.
    assert _claim(engine, now=LATER) is None
    with engine.connect() as connection:
        assert [job.uid for job in print_jobs.needing_clerk(connection)] == [
            printing.uid,
            queued.uid,
        ]


def test_the_clerk_resumes_confirms_or_discards_each_interrupted_job(engine: Engine) -> None:
    a, b, c = _enqueue(engine), _enqueue(engine), _enqueue(engine)
    with engine.begin() as connection:
        print_jobs.recover(connection, now=NOW)
        print_jobs.resume(connection, a.uid, now=LATER, printer="spare")
        print_jobs.confirm_printed(connection, b.uid, now=LATER)
        print_jobs.discard(connection, c.uid, now=LATER)
        states = [print_jobs.get(connection, job.uid) for job in (a, b, c)]
    assert [job.state for job in states] == [
        PrintJobState.QUEUED,
        PrintJobState.PRINTED,
        PrintJobState.DISCARDED,
    ]
    assert states[0].printer == "spare"
    assert _claim(engine, "spare", now=LATER).uid == a.uid  # type: ignore[union-attr]


def test_a_printed_job_is_never_resumed_only_reprinted_as_a_numbered_copy(engine: Engine) -> None:
    job = _enqueue(engine)
    _claim(engine)
    with engine.begin() as connection:
        print_jobs.mark_printed(connection, job.uid, now=NOW)
        with pytest.raises(PrintJobError, match="printed"):
            print_jobs.resume(connection, job.uid, now=LATER)
        with pytest.raises(PrintJobError):
            print_jobs.discard(connection, job.uid, now=LATER)
        first_copy = print_jobs.reprint(connection, job.uid, now=LATER)
        second_copy = print_jobs.reprint(connection, first_copy.uid, now=LATER, printer="spare")
    assert (first_copy.copy_number, second_copy.copy_number) == (2, 3)
    assert first_copy.original_id == second_copy.original_id == job.id
    assert first_copy.is_copy
    assert second_copy.printer == "spare"
    assert first_copy.printout() == job.printout()


def test_uncertain_and_failed_jobs_wait_for_the_clerk(engine: Engine) -> None:
    a, b = _enqueue(engine), _enqueue(engine)
    with engine.begin() as connection:
        claimed = print_jobs.claim_next(connection, "receipt", now=NOW, retry_after=NOW)
        assert claimed is not None
        uncertain = print_jobs.mark_uncertain(
            connection, a.uid, problem="unreachable", detail="No reply after sending.", now=NOW
        )
        second = print_jobs.claim_next(connection, "receipt", now=NOW, retry_after=NOW)
        assert second is not None
        failed = print_jobs.mark_failed(connection, b.uid, detail="Bad facts.", now=NOW)
        assert print_jobs.claim_next(connection, "receipt", now=LATER, retry_after=LATER) is None
    assert uncertain.state is PrintJobState.UNCERTAIN
    assert uncertain.maybe_printed
    assert failed.state is PrintJobState.FAILED


def test_only_a_printing_job_can_be_marked_printed(engine: Engine) -> None:
    job = _enqueue(engine)
    with engine.begin() as connection, pytest.raises(PrintJobError, match="queued"):
        print_jobs.mark_printed(connection, job.uid, now=NOW)


def test_a_job_in_the_same_transaction_as_a_rolled_back_act_does_not_exist(engine: Engine) -> None:
    connection = engine.connect()
    transaction = connection.begin()
    print_jobs.enqueue(connection, samples.queue_ticket(), printer="receipt", now=NOW)
    transaction.rollback()
    connection.close()
    with engine.connect() as reader:
        assert print_jobs.recent(reader) == []


def test_held_counts_say_what_waits_for_the_printer_and_for_the_clerk(engine: Engine) -> None:
    a, b = _enqueue(engine), _enqueue(engine)
    _enqueue(engine, printer="kiosk")
    with engine.begin() as connection:
        print_jobs.claim_next(connection, "receipt", now=NOW, retry_after=NOW)
        print_jobs.mark_waiting(connection, a.uid, problem="paper_out", detail="x", now=NOW)
        assert print_jobs.held_counts(connection, "receipt") == (1, 0)
        print_jobs.discard(connection, a.uid, now=NOW)
        print_jobs.claim_next(connection, "receipt", now=NOW, retry_after=NOW)
        print_jobs.mark_uncertain(connection, b.uid, problem="unreachable", detail="x", now=NOW)
        assert print_jobs.held_counts(connection, "receipt") == (0, 1)
        assert print_jobs.held_counts(connection, "kiosk") == (0, 1)
