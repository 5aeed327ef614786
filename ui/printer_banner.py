"""The printer banner over the counter, and the printer's word in the status bar.

Why a banner and not a dialog: a printer out of paper must not stop the clerk (the payment is
already saved and its receipt waits in the queue), but it must not go unseen either, or a
customer leaves without a receipt. The banner stays while something waits for the printer or for
the clerk, says what to do, and offers the two ways out: print elsewhere, or open the queue (F11).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from printing.status import ERROR_STATES, PrinterStatus
from ui.chips import Tone
from ui.print_bridge import printer_state_word, printer_trouble_sentence


class PrinterBanner(QFrame):
    """A strip that tells the clerk about receipts held back, hidden when there are none.

    Signals:
        open_queue(): the clerk wants the receipt tray (the same as F11).
        print_elsewhere(): the clerk wants the waiting receipts on another printer.
    """

    open_queue = Signal()
    print_elsewhere = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerBanner")
        self.setStyleSheet(
            "QFrame#printerBanner { background: #FEF3F2; border: 1px solid #FECDCA;"
            " border-radius: 6px; }"
            "QFrame#printerBanner QLabel { color: #7A271A; }"
        )
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.elsewhere = QPushButton(self.tr("Print on another printer…"), self)
        self.elsewhere.clicked.connect(self.print_elsewhere)
        self.queue_button = QPushButton(self.tr("Print queue (F11)"), self)
        self.queue_button.clicked.connect(self.open_queue)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.elsewhere)
        layout.addWidget(self.queue_button)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.hide()

    def show_state(
        self, status: PrinterStatus | None, waiting: int, needs_clerk: int, *, spare: bool
    ) -> None:
        """Show what is held back, or hide when nothing is; ``spare``: another printer exists."""
        parts: list[str] = []
        if waiting and status is not None and status.state in ERROR_STATES:
            parts.append(printer_trouble_sentence(status.state))
            parts.append(self.tr("%n receipt(s) waiting.", "", waiting))
        if needs_clerk:
            parts.append(
                self.tr(
                    "%n printout(s) need you to check whether they came out: open the print queue.",
                    "",
                    needs_clerk,
                )
            )
        self.elsewhere.setVisible(bool(waiting) and spare)
        self.message.setText(" ".join(parts))
        self.setVisible(bool(parts))


class PrinterIndicator(QLabel):
    """The receipt printer's state in the status bar: a dot, its words, a tooltip with detail."""

    def show_status(self, status: PrinterStatus | None) -> None:
        text, tone = printer_state_word(status)
        colour = {Tone.NEUTRAL: "#12B76A", Tone.ORANGE: "#F79009", Tone.RED: "#F04438"}.get(
            tone, "#98A2B3"
        )
        if status is None:
            colour = "#98A2B3"
        self.setText(f'<span style="color:{colour}">●</span> {text}')
        self.setToolTip(status.detail if status is not None else "")
