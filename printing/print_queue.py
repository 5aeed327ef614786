"""The print queue's workers: take persisted jobs in order and put them on paper.

One worker thread per configured printer (never the Qt GUI thread: a printer that times out
must not freeze the counter). A worker claims the head of its printer's queue
(:func:`counterdesk.store.print_jobs.claim_next`), lays the printout out for that printer's
paper and encoding, checks the printer is ready, sends, and records the outcome:

- printed, when the printer answered after the job;
- waiting, when the printer was not ready and nothing was sent (paper out, cover open, switched
  off): the job keeps its place, the jobs behind it wait, and it is tried again every
  ``retry_seconds`` until the printer is back or the clerk moves or discards it;
- uncertain, when bytes went out but the printer did not confirm (a network printer switched
  off mid-job loses it silently, python-escpos issue #253): the clerk looks and decides;
- failed, when the stored facts cannot be laid out.

Listeners hear every change through :class:`QueueEvent`, on the worker's thread; the UI re-emits
them as Qt signals. Nothing here decides money: the payment committed before its job existed.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, Final

from sqlalchemy import Engine

from counterdesk.documents.receipts import DocumentError, PrinterTestPage
from counterdesk.domain.workdays import CHINA_STANDARD_TIME
from counterdesk.logs import log_context
from counterdesk.store import print_jobs, settings
from counterdesk.store.models import PrintJobState
from counterdesk.store.print_jobs import PrintJob
from printing.columns import LayoutError
from printing.escpos_out import encode
from printing.layouts import CopyMark, layout
from printing.profile import PrinterProfile
from printing.slip import Slip
from printing.status import PrinterState, PrinterStatus
from printing.transports import PrinterError, PrinterProblem, deliver, open_link

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class QueueEvent:
    """Something changed: a job moved, or what the queue knows of a printer changed."""

    printer: str
    status: PrinterStatus | None
    job: PrintJob | None = None


Listener = Callable[[QueueEvent], None]


def slip_for(
    job: PrintJob, profile: PrinterProfile, local_time: tzinfo = CHINA_STANDARD_TIME
) -> Slip:
    """The job laid out for ``profile``'s paper; a copy carries its 副本 mark.

    Jobs are stamped in UTC; the copy's reprint time is printed in the hall's ``local_time``,
    like every other time on the slip.
    """
    copy = None
    if job.is_copy:
        copy = CopyMark(
            printed_at=job.created_at.astimezone(local_time), copy_number=job.copy_number
        )
    return layout(job.printout(), profile.paper, copy=copy)


class PrintQueue:
    """Persisted print jobs and the workers that print them.

    ``start()`` first turns jobs left unfinished by the last run into interrupted ones (returned,
    for the clerk to resume or discard), then starts one worker per printer. Every method that
    changes a job commits at once and wakes the worker; none of them waits on a printer.
    """

    def __init__(
        self,
        engine: Engine,
        profiles: Mapping[str, PrinterProfile],
        *,
        retry_seconds: float = 3.0,
        idle_check_seconds: float = 20.0,
        clock: Clock = utc_now,
        local_time: tzinfo = CHINA_STANDARD_TIME,
    ) -> None:
        self._engine = engine
        self._profiles = dict(profiles)
        self._retry = retry_seconds
        self._idle_check = idle_check_seconds
        self._clock = clock
        self._local_time = local_time
        self._listeners: list[Listener] = []
        self._stop = threading.Event()
        self._wake = {name: threading.Event() for name in self._profiles}
        self._threads: list[threading.Thread] = []
        self._status: dict[str, PrinterStatus] = {}
        self._lock = threading.Lock()

    # --- set-up -----------------------------------------------------------------------------

    @property
    def printers(self) -> Mapping[str, PrinterProfile]:
        return dict(self._profiles)

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def start(self) -> list[PrintJob]:
        with self._engine.begin() as connection:
            interrupted = print_jobs.recover(connection, now=self._clock())
        for job in interrupted:
            with log_context(**print_jobs.log_fields(job)):
                log.warning("Print job %s was left unfinished by the last run", job.title)
        for name in self._profiles:
            thread = threading.Thread(
                target=self._work, args=(name,), name=f"print-{name}", daemon=True
            )
            thread.start()
            self._threads.append(thread)
        return interrupted

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the workers after the job in hand; queued jobs stay queued in the database."""
        self._stop.set()
        for event in self._wake.values():
            event.set()
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()

    # --- what the counter asks --------------------------------------------------------------

    def submit(
        self, printout: object, printer: str, *, source_uid: uuid.UUID | None = None
    ) -> PrintJob:
        """Queue a printout that has no business act of its own (a ticket, a test page)."""
        self._require(printer)
        with self._engine.begin() as connection:
            job = print_jobs.enqueue(
                connection, printout, printer=printer, now=self._clock(), source_uid=source_uid
            )
        return self._changed(job)

    def submit_test_page(self, printer: str) -> PrintJob:
        """Queue the test page (打印测试页) for ``printer``, headed with this hall's identity."""
        profile = self._require(printer)
        with self._engine.connect() as connection:
            hall = settings.load_hall_identity(connection)
        page = PrinterTestPage(
            issuer=hall,
            printer=profile.address,
            printed_at=self._clock().astimezone(self._local_time),
        )
        return self.submit(page, printer)

    def reprint(self, uid: uuid.UUID, printer: str | None = None) -> PrintJob:
        if printer is not None:
            self._require(printer)
        with self._engine.begin() as connection:
            job = print_jobs.reprint(connection, uid, now=self._clock(), printer=printer)
        return self._changed(job)

    def resume(self, uid: uuid.UUID, printer: str | None = None) -> PrintJob:
        if printer is not None:
            self._require(printer)
        with self._engine.begin() as connection:
            job = print_jobs.resume(connection, uid, now=self._clock(), printer=printer)
        return self._changed(job)

    def move_all(self, source: str, target: str) -> int:
        """Move every job queued or waiting for ``source`` to ``target``, keeping their order."""
        self._require(target)
        with self._engine.begin() as connection:
            moved = [
                print_jobs.resume(connection, job.uid, now=self._clock(), printer=target)
                for job in print_jobs.pending(connection, source)
            ]
        for job in moved:
            self._emit(QueueEvent(source, self.status(source), job))
        self.wake(target)
        return len(moved)

    def discard(self, uid: uuid.UUID) -> PrintJob:
        with self._engine.begin() as connection:
            job = print_jobs.discard(connection, uid, now=self._clock())
        return self._changed(job)

    def confirm_printed(self, uid: uuid.UUID) -> PrintJob:
        with self._engine.begin() as connection:
            job = print_jobs.confirm_printed(connection, uid, now=self._clock())
        return self._changed(job)

    def wake(self, printer: str | None = None) -> None:
        """Look at the queue now (after a job was enqueued by a business act's transaction)."""
        for name in [printer] if printer else list(self._wake):
            if name in self._wake:
                self._wake[name].set()

    def recent(self, limit: int = 50) -> list[PrintJob]:
        with self._engine.connect() as connection:
            return print_jobs.recent(connection, limit=limit)

    def needing_clerk(self) -> list[PrintJob]:
        with self._engine.connect() as connection:
            return print_jobs.needing_clerk(connection)

    def status(self, printer: str) -> PrinterStatus | None:
        """The last status seen for ``printer`` (None before the first look)."""
        with self._lock:
            return self._status.get(printer)

    def preview(self, job: PrintJob, printer: str | None = None) -> Slip:
        """The job laid out as it prints (or would print) on ``printer``."""
        return slip_for(job, self._require(printer or job.printer), self._local_time)

    # --- the workers ------------------------------------------------------------------------

    def _require(self, printer: str) -> PrinterProfile:
        profile = self._profiles.get(printer)
        if profile is None:
            known = ", ".join(sorted(self._profiles)) or "none"
            raise PrinterError(
                PrinterProblem.BAD_ADDRESS,
                f"No printer named {printer!r} is configured (configured: {known}).",
            )
        return profile

    def _changed(self, job: PrintJob) -> PrintJob:
        with log_context(**print_jobs.log_fields(job)):
            log.info("Print job %s is %s (asked at the counter)", job.title, job.state.value)
        self._emit(QueueEvent(job.printer, self.status(job.printer), job))
        self.wake(job.printer)
        return job

    def _emit(self, event: QueueEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a broken listener must not stop the printer
                log.exception("A print queue listener failed on %s", event)

    def _set_status(self, printer: str, status: PrinterStatus, job: PrintJob | None) -> None:
        with self._lock:
            before = self._status.get(printer)
            self._status[printer] = status
        if job is not None or before != status:
            self._emit(QueueEvent(printer, status, job))

    def _work(self, printer: str) -> None:
        profile = self._profiles[printer]
        wake = self._wake[printer]
        self._look(profile)
        while not self._stop.is_set():
            try:
                worked = self._print_next(profile)
            except Exception:  # the database itself failed; log, wait, try again
                log.exception("Print worker %s failed", printer)
                worked = False
            if worked:
                continue
            wake.clear()
            with self._engine.connect() as connection:
                waiting = print_jobs.head_state(connection, printer) is PrintJobState.WAITING
            if not wake.wait(self._retry if waiting else self._idle_check) and not waiting:
                self._look(profile)

    def _look(self, profile: PrinterProfile) -> None:
        """Read the printer's status while idle, so the status bar knows before a payment."""
        try:
            link = open_link(profile.address, timeout=profile.timeout)
        except PrinterError as error:
            self._set_status(profile.name, _status_of(error), None)
            return
        try:
            self._set_status(profile.name, link.status(), None)
        except PrinterError as error:
            self._set_status(profile.name, _status_of(error), None)
        finally:
            link.close()

    def _print_next(self, profile: PrinterProfile) -> bool:
        now = self._clock()
        with self._engine.begin() as connection:
            job = print_jobs.claim_next(
                connection,
                profile.name,
                now=now,
                retry_after=now - timedelta(seconds=self._retry),
            )
        if job is None:
            return False
        with log_context(**print_jobs.log_fields(job)):
            log.info("Printing %s on %s (attempt %s)", job.title, profile.name, job.attempts)
            return self._print_claimed(profile, job)

    def _print_claimed(self, profile: PrinterProfile, job: PrintJob) -> bool:
        self._emit(QueueEvent(profile.name, self.status(profile.name), job))
        try:
            data = encode(slip_for(job, profile, self._local_time), profile).data
        except (DocumentError, LayoutError, ValueError) as error:
            reason = str(error)
            self._finish(
                job, lambda c: print_jobs.mark_failed(c, job.uid, detail=reason, now=self._clock())
            )
            return True
        try:
            with open_link(profile.address, timeout=profile.timeout) as link:
                delivery = deliver(link, data)
        except PrinterError as error:
            return self._undelivered(job, error)
        if delivery.certain or delivery.blind:
            # A blind transport (a file, the Windows spooler) prints on trust: it never knows.
            self._finish(
                job,
                lambda c: print_jobs.mark_printed(c, job.uid, now=self._clock()),
                delivery.status,
            )
        else:
            problem = delivery.problem
            self._finish(
                job,
                lambda c: print_jobs.mark_uncertain(
                    c, job.uid, problem=problem.value, detail=delivery.detail, now=self._clock()
                ),
                delivery.status,
            )
        return True

    def _undelivered(self, job: PrintJob, error: PrinterError) -> bool:
        """Nothing sent: wait and retry in place. Partly sent: the clerk decides."""
        mark = print_jobs.mark_uncertain if error.partial else print_jobs.mark_waiting
        done = self._finish(
            job,
            lambda c: mark(
                c, job.uid, problem=error.problem.value, detail=str(error), now=self._clock()
            ),
            _status_of(error),
        )
        return done.state is not PrintJobState.WAITING

    def _finish(
        self,
        job: PrintJob,
        move: Callable[[Any], PrintJob],
        status: PrinterStatus | None = None,
    ) -> PrintJob:
        with self._engine.begin() as connection:
            done = move(connection)
        problem = f": {done.problem} {done.detail or ''}".rstrip() if done.problem else ""
        log.info("Print job %s is %s%s", done.title, done.state.value, problem)
        if status is not None:
            self._set_status(job.printer, status, done)
        else:
            self._emit(QueueEvent(job.printer, self.status(job.printer), done))
        return done


_STATE_OF_PROBLEM: Final = {
    PrinterProblem.PAPER_OUT: PrinterState.PAPER_OUT,
    PrinterProblem.COVER_OPEN: PrinterState.COVER_OPEN,
    PrinterProblem.OFFLINE: PrinterState.OFFLINE,
    PrinterProblem.UNREACHABLE: PrinterState.UNREACHABLE,
    PrinterProblem.TIMEOUT: PrinterState.UNREACHABLE,
}


def _status_of(error: PrinterError) -> PrinterStatus:
    """What an error says of the printer; a bad address or missing driver is an ERROR."""
    state = _STATE_OF_PROBLEM.get(error.problem, PrinterState.ERROR)
    return PrinterStatus(state=state, paper_low=False, detail=str(error))


def start_queue(
    engine: Engine, profiles: Iterable[PrinterProfile], **options: Any
) -> tuple[PrintQueue, list[PrintJob]]:
    """A started queue for ``profiles`` and the jobs the last run left for the clerk."""
    queue = PrintQueue(engine, {profile.name: profile for profile in profiles}, **options)
    return queue, queue.start()
