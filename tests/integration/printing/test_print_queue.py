"""The print queue against the printer emulator on loopback: order, trouble, crashes, copies."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from counterdesk.documents import samples
from counterdesk.store import print_jobs
from counterdesk.store.models import PrintJobState
from counterdesk.store.print_jobs import PrintJob
from printing.emulator import PrinterEmulator
from printing.print_queue import PrintQueue, QueueEvent
from printing.profile import PrinterProfile
from printing.slip import Paper
from printing.status import PrinterState
from printing.transports import PrinterError

COPY_MARK_GB18030 = "副本".encode("gb18030")
DRAWER_KICK = b"\x1bp\x00"


@pytest.fixture
def printer() -> Iterator[PrinterEmulator]:
    with PrinterEmulator(name="window-3") as emulator:
        yield emulator


@pytest.fixture
def spare() -> Iterator[PrinterEmulator]:
    with PrinterEmulator(name="spare") as emulator:
        yield emulator


def _profiles(*pairs: tuple[str, PrinterEmulator]) -> dict[str, PrinterProfile]:
    return {
        name: PrinterProfile(name, emulator.address, paper=Paper.MM80, timeout=1.0)
        for name, emulator in pairs
    }


@pytest.fixture
def make_queue(engine: Engine) -> Iterator[Callable[..., PrintQueue]]:
    made: list[PrintQueue] = []

    def make(profiles: dict[str, PrinterProfile]) -> PrintQueue:
        queue = PrintQueue(engine, profiles, retry_seconds=0.2, idle_check_seconds=0.5)
        made.append(queue)
        return queue

    yield make
    for queue in made:
        queue.stop()


def _wait_for(queue: PrintQueue, job: PrintJob, *states: PrintJobState, timeout: float = 5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = next(j for j in queue.recent(200) if j.uid == job.uid)
        if current.state in states:
            return current
        time.sleep(0.02)
    raise AssertionError(f"{job.title} stayed {current.state}, not {states}")


def test_receipts_print_in_the_order_they_were_paid(
    make_queue: Callable[..., PrintQueue], printer: PrinterEmulator
) -> None:
    queue = make_queue(_profiles(("receipt", printer)))
    events: list[QueueEvent] = []
    queue.add_listener(events.append)
    assert queue.start() == []
    first = queue.submit(samples.payment_receipt(), "receipt")
    second = queue.submit(samples.queue_ticket(), "receipt")
    _wait_for(queue, second, PrintJobState.PRINTED)
    assert _wait_for(queue, first, PrintJobState.PRINTED).printed_at is not None
    jobs = printer.wait_for_jobs(2, 5)
    assert b"QS03-20261121-0042" in jobs[0]
    assert DRAWER_KICK in jobs[0]  # cash: the drawer opens
    assert "排队号票".encode("gb18030") in jobs[1]
    assert COPY_MARK_GB18030 not in jobs[0]
    assert queue.status("receipt").state is PrinterState.READY  # type: ignore[union-attr]
    seen = [(event.job.uid, event.job.state) for event in events if event.job is not None]
    assert (first.uid, PrintJobState.PRINTING) in seen
    assert (first.uid, PrintJobState.PRINTED) in seen


def test_paper_out_holds_the_queue_and_it_prints_when_paper_is_loaded(
    make_queue: Callable[..., PrintQueue], printer: PrinterEmulator
) -> None:
    printer.paper_out = True
    queue = make_queue(_profiles(("receipt", printer)))
    queue.start()
    first = queue.submit(samples.payment_receipt(), "receipt")
    waiting = _wait_for(queue, first, PrintJobState.WAITING)
    assert waiting.problem == "paper_out"
    second = queue.submit(samples.payment_receipt(cash=False), "receipt")
    time.sleep(0.5)  # several retries go by; nothing is sent while the paper is out
    assert printer.jobs == []
    assert printer.held == []
    assert next(j for j in queue.recent() if j.uid == second.uid).state is PrintJobState.QUEUED
    assert queue.status("receipt").state is PrinterState.PAPER_OUT  # type: ignore[union-attr]
    printer.paper_out = False
    _wait_for(queue, second, PrintJobState.PRINTED)
    jobs = printer.wait_for_jobs(2, 5)
    assert DRAWER_KICK in jobs[0]
    assert DRAWER_KICK not in jobs[1]  # WeChat: no drawer
    done = _wait_for(queue, first, PrintJobState.PRINTED)
    assert done.attempts >= 2


def test_a_printer_switched_off_gets_the_job_when_it_is_back_on(
    make_queue: Callable[..., PrintQueue], printer: PrinterEmulator
) -> None:
    printer.power_off()
    queue = make_queue(_profiles(("receipt", printer)))
    queue.start()
    job = queue.submit(samples.payment_receipt(), "receipt")
    waiting = _wait_for(queue, job, PrintJobState.WAITING)
    assert waiting.problem in {"unreachable", "timeout"}
    assert not waiting.maybe_printed
    printer.power_on()
    _wait_for(queue, job, PrintJobState.PRINTED)
    assert len(printer.wait_for_jobs(1, 5)) == 1


def test_power_lost_mid_job_asks_the_clerk_and_never_repeats_on_its_own(
    make_queue: Callable[..., PrintQueue], printer: PrinterEmulator
) -> None:
    printer.lose_power_after(200)
    queue = make_queue(_profiles(("receipt", printer)))
    queue.start()
    job = queue.submit(samples.payment_receipt(), "receipt")
    uncertain = _wait_for(queue, job, PrintJobState.UNCERTAIN)
    assert uncertain.maybe_printed
    printer.power_on()
    time.sleep(0.5)
    # Only the torn first part came out; it is not printed again behind the clerk's back.
    (torn,) = printer.jobs
    assert len(torn) <= 200
    assert [j.uid for j in queue.needing_clerk()] == [job.uid]
    queue.resume(job.uid)  # the clerk asks for it again
    _wait_for(queue, job, PrintJobState.PRINTED)
    assert "谢谢惠顾".encode("gb18030") in printer.wait_for_jobs(2, 5)[1]


def test_a_job_on_a_dead_printer_is_moved_to_another_one(
    make_queue: Callable[..., PrintQueue], printer: PrinterEmulator, spare: PrinterEmulator
) -> None:
    printer.cover_open = True
    queue = make_queue(_profiles(("receipt", printer), ("spare", spare)))
    queue.start()
    job = queue.submit(samples.payment_receipt(), "receipt")
    assert _wait_for(queue, job, PrintJobState.WAITING).problem == "cover_open"
    moved = queue.resume(job.uid, printer="spare")
    assert moved.printer == "spare"
    _wait_for(queue, job, PrintJobState.PRINTED)
    assert b"QS03-20261121-0042" in spare.wait_for_jobs(1, 5)[0]
    assert printer.jobs == []


def test_a_reprint_says_copy_and_never_opens_the_drawer(
    make_queue: Callable[..., PrintQueue], printer: PrinterEmulator
) -> None:
    queue = make_queue(_profiles(("receipt", printer)))
    queue.start()
    job = queue.submit(samples.payment_receipt(), "receipt")
    _wait_for(queue, job, PrintJobState.PRINTED)
    copy = queue.reprint(job.uid)
    _wait_for(queue, copy, PrintJobState.PRINTED)
    original, reprint = printer.wait_for_jobs(2, 5)
    assert COPY_MARK_GB18030 not in original
    assert reprint.count(COPY_MARK_GB18030) >= 2
    assert "第2次打印".encode("gb18030") in reprint
    assert DRAWER_KICK not in reprint


def test_after_a_crash_unfinished_jobs_wait_for_the_clerk(
    engine: Engine, make_queue: Callable[..., PrintQueue], printer: PrinterEmulator
) -> None:
    # The last run: one job was being sent when the program died, one was still queued.
    with engine.begin() as connection:
        sending = print_jobs.enqueue(
            connection, samples.payment_receipt(), printer="receipt", now=_now()
        )
        queued = print_jobs.enqueue(
            connection, samples.queue_ticket(), printer="receipt", now=_now()
        )
        print_jobs.claim_next(connection, "receipt", now=_now(), retry_after=_now())
    queue = make_queue(_profiles(("receipt", printer)))
    interrupted = queue.start()
    assert [(job.uid, job.maybe_printed) for job in interrupted] == [
        (sending.uid, True),
        (queued.uid, False),
    ]
    time.sleep(0.5)
    assert printer.jobs == []  # nothing is silently reprinted
    queue.discard(sending.uid)  # the clerk found the receipt in the tray
    queue.resume(queued.uid)
    _wait_for(queue, queued, PrintJobState.PRINTED)
    assert len(printer.wait_for_jobs(1, 5)) == 1


def test_a_job_whose_facts_are_damaged_fails_and_the_next_one_prints(
    engine: Engine, make_queue: Callable[..., PrintQueue], printer: PrinterEmulator
) -> None:
    queue = make_queue(_profiles(("receipt", printer)))
    queue.start()
    with engine.begin() as connection:
        broken = print_jobs.enqueue(
            connection, samples.payment_receipt(), printer="receipt", now=_now()
        )
        connection.exec_driver_sql(
            "UPDATE print_job SET content = '{\"receipt_no\": 1}' WHERE id = ?", (broken.id,)
        )
    good = queue.submit(samples.queue_ticket(), "receipt")
    failed = _wait_for(queue, broken, PrintJobState.FAILED)
    assert "cannot be read" in (failed.detail or "")
    _wait_for(queue, good, PrintJobState.PRINTED)


def test_a_listener_that_raises_does_not_stop_printing(
    make_queue: Callable[..., PrintQueue],
    printer: PrinterEmulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    queue = make_queue(_profiles(("receipt", printer)))
    calls = threading.Event()

    def broken(_event: QueueEvent) -> None:
        calls.set()
        raise RuntimeError("listener bug")

    queue.add_listener(broken)
    queue.start()
    job = queue.submit(replace(samples.queue_ticket(), number="A024"), "receipt")
    _wait_for(queue, job, PrintJobState.PRINTED)
    assert calls.is_set()
    assert "listener failed" in caplog.text


def test_an_unknown_printer_is_refused_with_its_name(
    make_queue: Callable[..., PrintQueue], printer: PrinterEmulator
) -> None:
    queue = make_queue(_profiles(("receipt", printer)))
    with pytest.raises(PrinterError, match="No printer named 'kiosk'"):
        queue.submit(samples.queue_ticket(), "kiosk")


def _now() -> datetime:
    return datetime.now(UTC)


def test_all_waiting_receipts_move_to_a_working_printer_in_order(
    make_queue: Callable[..., PrintQueue], printer: PrinterEmulator, spare: PrinterEmulator
) -> None:
    printer.paper_out = True
    queue = make_queue(_profiles(("receipt", printer), ("spare", spare)))
    queue.start()
    first = queue.submit(samples.payment_receipt(), "receipt")
    second = queue.submit(samples.queue_ticket(), "receipt")
    _wait_for(queue, first, PrintJobState.WAITING)
    assert queue.move_all("receipt", "spare") == 2
    _wait_for(queue, second, PrintJobState.PRINTED)
    on_spare = spare.wait_for_jobs(2, 5)
    assert b"QS03-20261121-0042" in on_spare[0]
    assert "排队号票".encode("gb18030") in on_spare[1]
    assert printer.jobs == []


def test_a_test_page_carries_the_halls_name_from_settings(
    engine: Engine, make_queue: Callable[..., PrintQueue], printer: PrinterEmulator
) -> None:
    from counterdesk.store import settings

    with engine.begin() as connection:
        settings.write(connection, "hall.utility_name", "云溪水务集团", now=_now())
    queue = make_queue(_profiles(("receipt", printer)))
    queue.start()
    job = queue.submit_test_page("receipt")
    _wait_for(queue, job, PrintJobState.PRINTED)
    (data,) = printer.wait_for_jobs(1, 5)
    assert "云溪水务集团".encode("gb18030") in data
    assert printer.address.encode() in data


def test_a_copy_and_a_test_page_print_the_halls_local_time(engine: Engine) -> None:
    """Jobs are stamped in UTC; what the customer reads is the hall's clock (UTC+8)."""
    from printing.print_queue import slip_for

    utc = datetime(2026, 11, 21, 2, 50, 0, tzinfo=UTC)
    with engine.begin() as connection:
        job = print_jobs.enqueue(connection, samples.payment_receipt(), printer="receipt", now=utc)
        copy = print_jobs.reprint(connection, job.uid, now=utc)
    profile = PrinterProfile("receipt", "file:x.bin")
    lines = [getattr(block, "text", "") for block in slip_for(copy, profile).blocks]
    assert any("2026-11-21 10:50:00" in line for line in lines)
    assert not any("02:50:00" in line for line in lines)
    queue = PrintQueue(engine, {"receipt": profile}, clock=lambda: utc)
    page = queue.submit_test_page("receipt").printout()
    assert page.printed_at.utcoffset().total_seconds() == 8 * 3600
