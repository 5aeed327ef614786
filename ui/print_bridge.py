"""The Qt side of the print queue: its events as signals, and the words a clerk reads for them.

The queue (:mod:`printing.print_queue`) is Qt-free and calls its listeners on its worker threads;
:class:`PrintBridge` re-emits each event as a signal, which Qt delivers on the GUI thread because
the bridge lives there (STYLE.md, example 8). The sentences say what happened and what to do,
never a code (UI.md, "Messages").
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal

from counterdesk.store.models import PrintJobState
from counterdesk.store.print_jobs import PrintJob
from printing.print_queue import PrintQueue, QueueEvent
from printing.status import PrinterState, PrinterStatus
from ui.chips import Tone


class PrintBridge(QObject):
    """Print queue events on the GUI thread.

    Signals:
        job_changed(PrintJob): a job was queued, claimed, printed, held or moved.
        printer_changed(str, PrinterStatus): what the queue knows of a printer changed.
    """

    job_changed = Signal(object)
    printer_changed = Signal(str, object)

    def __init__(self, queue: PrintQueue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        queue.add_listener(self._on_event)

    def _on_event(self, event: QueueEvent) -> None:  # runs on a print worker thread
        if event.status is not None:
            self.printer_changed.emit(event.printer, event.status)
        if event.job is not None:
            self.job_changed.emit(event.job)


def printer_state_word(status: PrinterStatus | None) -> tuple[str, Tone]:
    """A printer's state in two or three words, for the status bar."""
    if status is None:
        return QCoreApplication.translate("Printing", "Printer: checking…"), Tone.NEUTRAL
    words = {
        PrinterState.READY: (QCoreApplication.translate("Printing", "Printer ready"), Tone.NEUTRAL),
        PrinterState.PAPER_OUT: (
            QCoreApplication.translate("Printing", "Printer out of paper"),
            Tone.RED,
        ),
        PrinterState.COVER_OPEN: (
            QCoreApplication.translate("Printing", "Printer cover open"),
            Tone.RED,
        ),
        PrinterState.OFFLINE: (
            QCoreApplication.translate("Printing", "Printer offline"),
            Tone.ORANGE,
        ),
        PrinterState.ERROR: (QCoreApplication.translate("Printing", "Printer fault"), Tone.RED),
        PrinterState.UNREACHABLE: (
            QCoreApplication.translate("Printing", "Printer not reachable"),
            Tone.RED,
        ),
        PrinterState.UNKNOWN: (
            QCoreApplication.translate("Printing", "Printer (no status)"),
            Tone.NEUTRAL,
        ),
    }
    text, tone = words[status.state]
    if status.state is PrinterState.READY and status.paper_low:
        return QCoreApplication.translate("Printing", "Printer ready, paper low"), Tone.ORANGE
    return text, tone


def printer_trouble_sentence(state: PrinterState) -> str:
    """What happened to the receipts and what to do, for the banner over the counter."""
    sentences = {
        PrinterState.PAPER_OUT: QCoreApplication.translate(
            "Printing",
            "The printer is out of paper. Receipts are saved and print by themselves once "
            "paper is loaded.",
        ),
        PrinterState.COVER_OPEN: QCoreApplication.translate(
            "Printing",
            "The printer cover is open. Receipts are saved and print by themselves once it "
            "is closed.",
        ),
        PrinterState.OFFLINE: QCoreApplication.translate(
            "Printing",
            "The printer is offline. Receipts are saved and print by themselves once it is "
            "back online.",
        ),
        PrinterState.UNREACHABLE: QCoreApplication.translate(
            "Printing",
            "The printer does not answer: check that it is switched on and its cable is in. "
            "Receipts are saved and print by themselves once it answers.",
        ),
        PrinterState.ERROR: QCoreApplication.translate(
            "Printing",
            "The printer reports a fault. Receipts are saved; check the printer, or print "
            "them on another one.",
        ),
    }
    return sentences.get(state, "")


def job_state_word(job: PrintJob) -> tuple[str, Tone]:
    """A job's state for the receipt tray; a copy says 副本 in its title, not here."""
    words = {
        PrintJobState.QUEUED: (QCoreApplication.translate("Printing", "Queued"), Tone.NEUTRAL),
        PrintJobState.PRINTING: (QCoreApplication.translate("Printing", "Printing"), Tone.BLUE),
        PrintJobState.WAITING: (
            QCoreApplication.translate("Printing", "Waiting for printer"),
            Tone.ORANGE,
        ),
        PrintJobState.PRINTED: (QCoreApplication.translate("Printing", "Printed"), Tone.NEUTRAL),
        PrintJobState.UNCERTAIN: (
            QCoreApplication.translate("Printing", "Check: printed?"),
            Tone.RED,
        ),
        PrintJobState.INTERRUPTED: (
            QCoreApplication.translate("Printing", "Interrupted"),
            Tone.RED,
        ),
        PrintJobState.FAILED: (QCoreApplication.translate("Printing", "Cannot print"), Tone.RED),
        PrintJobState.DISCARDED: (
            QCoreApplication.translate("Printing", "Discarded"),
            Tone.NEUTRAL,
        ),
    }
    return words[job.state]


def job_title(job: PrintJob) -> str:
    """The job as the clerk knows it: what it is and its number, and 副本 N for a copy."""
    kind, _, number = job.title.partition(" ")
    kinds = {
        "payment_receipt": QCoreApplication.translate("Printing", "Receipt"),
        "reversal_slip": QCoreApplication.translate("Printing", "Reversal slip"),
        "queue_ticket": QCoreApplication.translate("Printing", "Queue ticket"),
        "shift_slip": QCoreApplication.translate("Printing", "Shift slip"),
        "acceptance_slip": QCoreApplication.translate("Printing", "Acceptance slip"),
        "reconnection_notice": QCoreApplication.translate("Printing", "Reconnection notice"),
        "meter_change_slip": QCoreApplication.translate("Printing", "Meter change slip"),
        "test_page": QCoreApplication.translate("Printing", "Test page"),
    }
    text = f"{kinds.get(kind, kind)} {number}".strip()
    if job.is_copy:
        text += " · " + QCoreApplication.translate("Printing", "copy %1").replace(
            "%1", str(job.copy_number)
        )
    return text


def job_problem_sentence(job: PrintJob) -> str:
    """Why a job is held, and what to do, in the clerk's language (the detail stays in the log)."""
    if job.state is PrintJobState.UNCERTAIN:
        return QCoreApplication.translate(
            "Printing",
            "The printer stopped answering while this was printing. Look at the printer: if it "
            "came out whole, choose “It came out”; if not, choose “Print again”.",
        )
    if job.state is PrintJobState.INTERRUPTED:
        if job.maybe_printed:
            return QCoreApplication.translate(
                "Printing",
                "CounterDesk was closed while this was printing. Look at the printer: if it came "
                "out whole, choose “It came out”; if not, choose “Print again”.",
            )
        return QCoreApplication.translate(
            "Printing",
            "CounterDesk was closed before this was printed. Print it now, or discard it if "
            "the customer has gone.",
        )
    if job.state is PrintJobState.FAILED:
        return QCoreApplication.translate(
            "Printing",
            "This printout's stored details are damaged and cannot be printed. Discard it and "
            "print the record again from its screen.",
        )
    if job.state is not PrintJobState.WAITING:
        return ""
    states = {state.value: state for state in PrinterState}
    return printer_trouble_sentence(states.get(job.problem or "", PrinterState.UNREACHABLE))
