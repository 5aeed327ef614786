# Qt calls its virtual methods by their camelCase names (rowCount, data…).
# ruff: noqa: N802
"""The receipt tray (打印队列, F11): what was printed, what waits, and what needs the clerk.

Why the clerk decides and the program never guesses: a receipt is proof of payment. A job the
printer may or may not have finished (power lost mid-job, the program closed while printing) is
shown here with the question "did it come out?", and only the clerk's answer moves it: printed,
print again, or discard. A reprint of a printed receipt is always a numbered copy (副本).
Every change runs on the window's worker (:class:`~ui.operations.Op`), never on the GUI thread.
"""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.workdays import CHINA_STANDARD_TIME
from counterdesk.store.models import PrintJobState
from counterdesk.store.print_jobs import PrintJob
from printing.preview import render_png
from printing.print_queue import PrintQueue
from ui.chips import CHIPS_ROLE, ChipDelegate
from ui.operations import Op
from ui.print_bridge import PrintBridge, job_problem_sentence, job_state_word, job_title
from ui.widgets import read_only_table

IndexType = QModelIndex | QPersistentModelIndex

RESUMABLE: Final = frozenset(
    {
        PrintJobState.QUEUED,
        PrintJobState.WAITING,
        PrintJobState.UNCERTAIN,
        PrintJobState.INTERRUPTED,
    }
)
CONFIRMABLE: Final = frozenset({PrintJobState.UNCERTAIN, PrintJobState.INTERRUPTED})
DISCARDABLE: Final = RESUMABLE | {PrintJobState.FAILED}


class PrintJobsModel(QAbstractTableModel):
    """Print jobs, newest first: time, printout, printer, state (a chip)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs: list[PrintJob] = []

    def set_jobs(self, jobs: list[PrintJob]) -> None:
        self.beginResetModel()
        self.jobs = jobs
        self.endResetModel()

    def rowCount(self, parent: IndexType = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.jobs)

    def columnCount(self, parent: IndexType = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Time"), self.tr("Printout"), self.tr("Printer"), self.tr("State"))[
                section
            ]
        return None

    def data(self, index: IndexType, role: int = 0) -> Any:
        if not index.isValid():
            return None
        job = self.jobs[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole and column < 3:
            return (
                job.created_at.astimezone(CHINA_STANDARD_TIME).strftime("%H:%M:%S"),
                job_title(job),
                job.printer,
            )[column]
        if column != 3:
            return None
        if role == CHIPS_ROLE:
            return [job_state_word(job)]
        return job.detail or None if role == Qt.ItemDataRole.ToolTipRole else None


class ReceiptTray(QDialog):
    """The print queue dialog: recent jobs, the selected one's preview, and what can be done.

    ``message`` is shown on top (after a crash: "these did not finish, check each one").
    """

    def __init__(
        self, bridge: PrintBridge, parent: QWidget | None = None, *, message: str = ""
    ) -> None:
        super().__init__(parent)
        self.queue: PrintQueue = bridge.queue
        self.setWindowTitle(self.tr("Print queue"))
        self.model = PrintJobsModel(self)
        self.table = read_only_table(self, "printJobs", self.model, row_height=30)
        self.table.setItemDelegateForColumn(3, ChipDelegate(self.table))
        self.table.setSelectionBehavior(self.table.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.note = QLabel(message, self)
        self.note.setWordWrap(True)
        self.note.setVisible(bool(message))
        self.note.setStyleSheet("color: #7A271A; background: #FEF3F2; padding: 8px;")
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #93370D;")

        self.preview = QLabel(self)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.preview)
        self.scroll.setWidgetResizable(True)
        self.scroll.setMinimumWidth(440)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        actions = self._make_actions()

        left = QVBoxLayout()
        left.addWidget(self.note)
        left.addWidget(self.table, 1)
        left.addWidget(self.problem)
        left.addLayout(actions)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(self.scroll, 2)
        self.resize(1180, 680)
        bridge.job_changed.connect(self.refresh)
        self._update_buttons(None)
        self.refresh()

    def _make_actions(self) -> QHBoxLayout:
        """The target printer and the four things a clerk can do with the selected job."""
        self.target = QComboBox(self)
        self.target.addItems(sorted(self.queue.printers))
        self.reprint_button = QPushButton(self.tr("Reprint as copy"), self)
        self.resume_button = QPushButton(self.tr("Print again"), self)
        self.confirm_button = QPushButton(self.tr("It came out"), self)
        self.discard_button = QPushButton(self.tr("Discard"), self)
        self.test_button = QPushButton(self.tr("Test page"), self)
        self.test_button.setToolTip(self.tr("Print a test page on the chosen printer."))
        self.test_button.clicked.connect(self._test_page)
        self.reprint_button.clicked.connect(lambda: self._act(self.queue.reprint, True))
        self.resume_button.clicked.connect(lambda: self._act(self.queue.resume, True))
        self.confirm_button.clicked.connect(lambda: self._act(self.queue.confirm_printed, False))
        self.discard_button.clicked.connect(lambda: self._act(self.queue.discard, False))
        actions = QHBoxLayout()
        actions.addWidget(QLabel(self.tr("Printer:"), self))
        actions.addWidget(self.target)
        actions.addWidget(self.test_button)
        actions.addStretch(1)
        for button in (
            self.reprint_button,
            self.resume_button,
            self.confirm_button,
            self.discard_button,
        ):
            actions.addWidget(button)
        return actions

    # --- reading ----------------------------------------------------------------------------

    def refresh(self, *_: object) -> None:
        Op(self, lambda: self.queue.recent(100), key="tray-jobs").success(self._show_jobs).run()

    def _show_jobs(self, jobs: list[PrintJob]) -> None:
        chosen = self.current_job()
        self.model.set_jobs(jobs)
        rows = [i for i, job in enumerate(jobs) if chosen and job.uid == chosen.uid]
        if not rows:
            # After a crash the jobs that need the clerk come first; otherwise the newest.
            rows = [i for i, job in enumerate(jobs) if job.state in CONFIRMABLE] or [0]
        if jobs:
            self.table.selectRow(rows[0])
        self._update_buttons(self.current_job())

    def current_job(self) -> PrintJob | None:
        row = self.table.currentIndex().row()
        return self.model.jobs[row] if 0 <= row < len(self.model.jobs) else None

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        job = self.model.jobs[current.row()] if current.isValid() else None
        self._update_buttons(job)
        self.problem.setText(job_problem_sentence(job) if job else "")
        if job is None:
            self.preview.clear()
            return
        queue = self.queue
        Op(self, lambda: render_png(queue.preview(job)), key="tray-preview").success(
            self._show_preview
        ).failure(lambda _e: self.preview.setText(self.tr("No preview for this printout."))).run()

    def _show_preview(self, png: bytes) -> None:
        """The slip as printed, scaled down to the pane's width when the pane is narrower."""
        image = QImage.fromData(png)
        room = self.scroll.viewport().width() - 8
        if 0 < room < image.width():
            image = image.scaledToWidth(room, Qt.TransformationMode.SmoothTransformation)
        self.preview.setPixmap(QPixmap.fromImage(image))

    def _update_buttons(self, job: PrintJob | None) -> None:
        state = job.state if job else None
        self.reprint_button.setEnabled(state is PrintJobState.PRINTED)
        self.resume_button.setEnabled(state in RESUMABLE)
        self.confirm_button.setEnabled(state in CONFIRMABLE)
        self.discard_button.setEnabled(state in DISCARDABLE)

    # --- acting -----------------------------------------------------------------------------

    def _test_page(self) -> None:
        printer = self.target.currentText()
        Op(self, lambda: self.queue.submit_test_page(printer), key="tray-act").success(
            lambda _job: self.refresh()
        ).failure(lambda error: self.problem.setText(str(error))).run()

    def _act(self, action: Any, with_printer: bool) -> None:
        job = self.current_job()
        if job is None:
            return
        printer = self.target.currentText() or None
        uid = job.uid

        def run() -> PrintJob:
            return action(uid, printer) if with_printer else action(uid)

        Op(self, run, key="tray-act").success(lambda _job: self.refresh()).failure(
            lambda error: self.problem.setText(str(error))
        ).run()
