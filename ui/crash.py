"""What the clerk sees when CounterDesk itself fails: a calm message, and a report for IT.

Why: an exception escaping a slot or a worker thread would otherwise end as a traceback in a
console nobody looks at, or as a window that silently stopped doing something. Instead
:class:`CrashReporter` (installed as ``sys.excepthook`` and ``threading.excepthook`` by
:func:`ui.app.start_application`) writes a crash report beside the logs
(:func:`counterdesk.logs.write_crash_report`: traceback, versions, the last log lines) and shows
one message in plain words: what happened, that payments already taken are safe (each is
committed before anything else happens to it), where the report is, and *Continue*. Qt keeps
running after an exception in a slot, so the counter carries on where it safely can.

Threads: the report is written on the thread that failed (no file I/O added to the GUI thread
for a worker's error), and only its path crosses to the GUI thread, through a queued signal;
no widget is touched from a worker. While the message is open, further errors are counted on it
instead of stacking a box per error.
"""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import PySide6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot, qVersion
from PySide6.QtWidgets import QApplication, QMessageBox

from counterdesk.logs import log_dir, write_crash_report

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Crash:
    """One unexpected error as the GUI thread hears of it."""

    report: Path | None
    """The report written, or None when it could not be (``problem`` says why)."""
    summary: str
    problem: str = ""


def qt_versions() -> dict[str, str]:
    return {"Qt": qVersion(), "PySide6": PySide6.__version__}


class CrashReporter(QObject):
    """Reports unexpected exceptions. Signals: ``crashed(Crash)``, queued to the GUI thread,
    emitted once per error (tests and the status bar may listen)."""

    crashed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._box: QMessageBox | None = None
        self._more = 0
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._lock = threading.Lock()
        self._reporting = threading.local()
        self.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)

    # --- hooks (any thread) ------------------------------------------------------------------

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self.thread_excepthook:
            threading.excepthook = self._previous_thread_hook

    def excepthook(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            self._previous_hook(kind, error, trace)
            return
        self.report((kind, error, trace), where=threading.current_thread().name)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        where = args.thread.name if args.thread is not None else "a thread"
        self.report((args.exc_type, args.exc_value, args.exc_traceback), where=where)

    def report(
        self,
        exc_info: tuple[type[BaseException], BaseException, TracebackType | None],
        *,
        where: str,
    ) -> None:
        """Log, write the report here, and tell the GUI thread. Never raises: a hook that fails
        would hide the error it was reporting."""
        if getattr(self._reporting, "busy", False):  # the report itself failed: stop there
            sys.__excepthook__(*exc_info)
            return
        self._reporting.busy = True
        try:
            log.critical("Unexpected error in %s", where, exc_info=exc_info)
            summary = f"{exc_info[0].__name__}: {exc_info[1]}"[:300]
            try:
                path = write_crash_report(exc_info, where=where, extra_versions=qt_versions())
                crash = Crash(path, summary)
            except Exception as error:  # a full disk must still show the clerk the message
                log.exception("The crash report could not be written")
                crash = Crash(None, summary, problem=str(error))
            self.crashed.emit(crash)
        except Exception:
            sys.__excepthook__(*exc_info)
        finally:
            self._reporting.busy = False

    # --- the message (GUI thread) ------------------------------------------------------------

    @property
    def box(self) -> QMessageBox | None:
        """The message on screen, if any."""
        return self._box

    @Slot(object)
    def _show(self, crash: Crash) -> None:
        if self._box is not None and self._box.isVisible():
            self._more += 1
            self._box.setInformativeText(self._details(crash) + "\n\n" + self._more_text())
            return
        self._more = 0
        box = QMessageBox(QApplication.activeWindow())
        box.setObjectName("crashMessage")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(
            QCoreApplication.translate("CrashReporter", "CounterDesk: something went wrong")
        )
        box.setText(
            QCoreApplication.translate(
                "CrashReporter",
                "Something unexpected went wrong in CounterDesk, and the last thing you did may "
                "not have finished. Payments already taken are safe: each one is saved before "
                "anything else happens to it.",
            )
        )
        box.setInformativeText(self._details(crash))
        box.addButton(
            QCoreApplication.translate("CrashReporter", "Continue"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        box.setWindowModality(Qt.WindowModality.ApplicationModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._closed)
        self._box = box
        box.show()

    def _details(self, crash: Crash) -> str:
        if crash.report is None:
            where = QCoreApplication.translate(
                "CrashReporter", "A report for IT support could not be written (%1)."
            ).replace("%1", crash.problem)
        else:
            where = QCoreApplication.translate(
                "CrashReporter", "A report for IT support was written to:\n%1"
            ).replace("%1", str(crash.report))
        return (
            where
            + "\n\n"
            + QCoreApplication.translate(
                "CrashReporter",
                "You can continue working. Check the last payment or order on the screen; if "
                "the problem comes back, call IT support and give them the report.",
            )
        )

    def _more_text(self) -> str:
        text = QCoreApplication.translate(
            "CrashReporter",
            "Further unexpected errors since this message appeared: %1 (each has its own "
            "report in %2).",
        )
        return text.replace("%1", str(self._more)).replace("%2", str(log_dir()))

    @Slot()
    def _closed(self) -> None:
        self._box = None
        self._more = 0


_reporters: dict[int, CrashReporter] = {}


def install_crash_reporter(app: QCoreApplication) -> CrashReporter:
    """The application's reporter, made and installed once per application."""
    reporter = _reporters.get(id(app))
    if reporter is None:
        reporter = CrashReporter(app)
        _reporters[id(app)] = reporter
        reporter.destroyed.connect(lambda: _reporters.pop(id(app), None))
    reporter.install()
    return reporter
