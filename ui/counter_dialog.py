# Qt calls its virtual methods by their camelCase names (keyPressEvent, sizeHint…).
# ruff: noqa: N802
"""What the counter's small dialogs share: the keys, the busy state, the look and the words.

Why a base class: sign-in, approval, opening and closing a shift and a reversal each run one
business act on the worker and must behave alike under a clerk's hands (UI.md): Enter confirms the
focused step, Esc backs out, a second Enter while the act is under way does nothing, and a refusal
is shown inline in the clerk's language. :class:`CounterDialog` does that once; each dialog only
says what Enter means at each step (:meth:`CounterDialog.enter_pressed`).

Where the work runs: on the window's :class:`~ui.operations.OpRunner` when the dialog has a window
above it (so an act never overtakes a read the clerk asked for earlier), else on a runner of its
own (the sign-in dialog, shown before any window exists), which :meth:`CounterDialog.done` stops.

Strings of this module are translated in the ``CounterDialog`` context (written out literally in
each call: lupdate only reads literal contexts).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Final, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from counterdesk.documents.receipts import Tender
from counterdesk.domain.money import AmountError, AmountProblem, Fen, format_yuan
from ui.chips import money_font
from ui.messages import error_text
from ui.operations import Op, OpRunner, find_runner
from ui.style import STYLE_SHEET
from ui.widgets import label

if TYPE_CHECKING:
    from sqlalchemy import Engine

T = TypeVar("T")
Clock = Callable[[], datetime]

ENTER_KEYS: Final = (Qt.Key.Key_Return, Qt.Key.Key_Enter)

ARROW: Final = (Path(__file__).resolve().parent / "icons" / "chevron-down.svg").as_posix()
"""The combo boxes' arrow: a style sheet that styles a combo box must draw its arrow too."""

DIALOG_STYLE: Final = """
QDialog#counterDialog { background: #FFFFFF; }
QDialog#signIn { background: #F2F4F7; }
QLabel#appTitle { font-size: 22pt; font-weight: 700; color: #101828; }
QLabel#dialogTitle { font-size: 15pt; font-weight: 600; color: #101828; }
QLabel#bigFact { font-size: 13pt; font-weight: 600; color: #101828; }
QLabel#hint { font-size: 9pt; }
QLineEdit#field, QComboBox#field { border: 1px solid #D0D5DD; border-radius: 6px;
    padding: 7px 10px; background: #FFFFFF; selection-background-color: #B2DDFF;
    selection-color: #101828; }
QLineEdit#field:focus, QComboBox#field:focus { border: 2px solid #528BFF; padding: 6px 9px; }
QLineEdit#field:disabled, QComboBox#field:disabled { background: #F9FAFB; color: #98A2B3; }
QComboBox#field::drop-down { subcontrol-origin: padding; subcontrol-position: center right;
    width: 28px; border: none; }
QComboBox#field::down-arrow { image: url("@ARROW@"); width: 12px; height: 12px; }
QLabel#problem { color: #93370D; background: #FEF3F2; border: 1px solid #FECDCA;
    border-radius: 6px; padding: 8px 10px; }
QLabel#problem[tone="info"] { color: #344054; background: #F9FAFB; border-color: #EAECF0; }
QLabel#problem[tone="done"] { color: #085D3A; background: #ECFDF3; border-color: #ABEFC6; }
QPushButton#primary, QPushButton#secondary { border-radius: 6px; }
QPushButton#primary { background: #1570EF; border: 2px solid #1570EF; }
QPushButton#primary:hover { background: #175CD3; border-color: #175CD3; }
QPushButton#primary:focus { border-color: #84CAFF; }
QPushButton#primary:disabled { background: #84ADFF; border-color: #84ADFF; }
QPushButton#primary QLabel { color: #FFFFFF; background: transparent; font-weight: 600; }
QPushButton#primary QLabel#keycap { color: #FFFFFF; background: transparent;
    border: 1px solid #B2CCFF; border-bottom-width: 1px; font-weight: 400; }
QPushButton#secondary { background: #FFFFFF; border: 1px solid #D0D5DD; }
QPushButton#secondary:hover { background: #F9FAFB; }
QPushButton#secondary:focus { border: 2px solid #528BFF; }
QPushButton#secondary QLabel { color: #344054; background: transparent; }
QPushButton#secondary QLabel#keycap { background: #FFFFFF; }
""".replace("@ARROW@", ARROW)


def utc_now() -> datetime:
    """The default clock: the services take aware UTC instants."""
    return datetime.now(UTC)


def tender_word(tender: Tender) -> str:
    """The tender's name as the hall says it (支付方式)."""
    words = {
        Tender.CASH: QCoreApplication.translate("CounterDialog", "Cash"),
        Tender.BANK_CARD: QCoreApplication.translate("CounterDialog", "Bank card"),
        Tender.WECHAT: QCoreApplication.translate("CounterDialog", "WeChat Pay"),
        Tender.ALIPAY: QCoreApplication.translate("CounterDialog", "Alipay"),
        Tender.CHEQUE: QCoreApplication.translate("CounterDialog", "Cheque"),
        Tender.PREPAID: QCoreApplication.translate("CounterDialog", "Prepaid credit"),
    }
    return words[tender]


def difference_text(fen: Fen) -> str:
    """A count's difference in words: 长款 (over) or 短款 (short) and the amount, never a minus."""
    if fen == 0:
        return QCoreApplication.translate("CounterDialog", "Balanced")
    if fen > 0:
        return QCoreApplication.translate("CounterDialog", "Over %1").replace(
            "%1", format_yuan(fen)
        )
    return QCoreApplication.translate("CounterDialog", "Short %1").replace("%1", format_yuan(-fen))


def amount_problem_text(error: AmountError) -> str:
    """Why a typed amount was refused, in the clerk's language (the domain's words are English)."""
    texts = {
        AmountProblem.EMPTY: QCoreApplication.translate("CounterDialog", "Enter an amount."),
        AmountProblem.NOT_A_NUMBER: QCoreApplication.translate(
            "CounterDialog", "“%1” is not an amount: use digits and one decimal point."
        ),
        AmountProblem.NEGATIVE: QCoreApplication.translate(
            "CounterDialog", "The amount cannot be negative."
        ),
        AmountProblem.ZERO: QCoreApplication.translate(
            "CounterDialog", "The amount must be more than zero."
        ),
        AmountProblem.TOO_MANY_DECIMALS: QCoreApplication.translate(
            "CounterDialog", "“%1” has more than two decimals: amounts go to the fen."
        ),
        AmountProblem.BAD_GROUPING: QCoreApplication.translate(
            "CounterDialog", "“%1” has misplaced thousands separators (write 1,234.50)."
        ),
        AmountProblem.OVER_MAXIMUM: QCoreApplication.translate(
            "CounterDialog", "The amount is over the maximum of %2."
        ),
    }
    maximum = format_yuan(error.maximum_fen) if error.maximum_fen is not None else ""
    return texts[error.problem].replace("%1", error.text).replace("%2", maximum)


def field(parent: QWidget, placeholder: str = "", *, password: bool = False) -> QLineEdit:
    """A text field in the dialogs' look; ``password`` hides what is typed."""
    made = QLineEdit(parent)
    made.setObjectName("field")
    made.setPlaceholderText(placeholder)
    if password:
        made.setEchoMode(QLineEdit.EchoMode.Password)
    return made


def amount_field(parent: QWidget, *, point_size: float = 15.0) -> QLineEdit:
    """A money field: right-aligned tabular digits, large enough to check at a glance."""
    made = field(parent)
    made.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    made.setFont(money_font(made.font(), point_size=point_size))
    made.setMaxLength(16)
    return made


def chain_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab through ``widgets`` in the order given (reading order)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


class CounterDialog(QDialog):
    """A dialog that runs one business act on the worker, driven from the keyboard.

    Enter calls :meth:`enter_pressed` (or clicks the button in focus); Esc rejects. While an
    operation is under way (:attr:`busy`) both do nothing and the dialog cannot be closed, so the
    outcome of an act that is writing is never lost. ``clock`` gives the time the services record
    (tests pass a fixed one). Subclasses override :meth:`enter_pressed` and :meth:`busy_changed`.
    """

    def __init__(
        self, engine: Engine | None, parent: QWidget | None = None, *, clock: Clock
    ) -> None:
        super().__init__(parent)
        self.setObjectName("counterDialog")
        self.setStyleSheet(STYLE_SHEET + DIALOG_STYLE)
        self.engine: Engine = engine  # type: ignore[assignment]  # None: the sign-in, opening it
        self.clock = clock
        self.busy = False
        self._focus_before_busy: QWidget | None = None
        self.runner, self._owns_runner = self._find_runner(parent)
        self.problem = label(self, "problem", plain=True)
        self.problem.setWordWrap(True)
        self.problem.hide()

    def _find_runner(self, parent: QWidget | None) -> tuple[OpRunner, bool]:
        if parent is not None:
            try:
                return find_runner(parent), False
            except LookupError:
                pass
        return OpRunner(self), True

    # --- the act on the worker ------------------------------------------------------------------

    def run_op(
        self,
        fn: Callable[[], T],
        on_success: Callable[[T], object],
        on_failure: Callable[[Exception], object] | None = None,
    ) -> bool:
        """Run ``fn`` on the worker with the dialog busy; returns False if something else is.

        ``on_failure`` defaults to showing the refusal in the message area.
        """
        if self.busy:
            return False
        self.set_busy(True)

        def succeeded(value: T) -> None:
            self.set_busy(False)
            on_success(value)

        def failed(error: Exception) -> None:
            self.set_busy(False)
            (on_failure or self.show_error)(error)

        Op(self, fn, runner=self.runner).success(succeeded).failure(failed).run()
        return True

    def set_busy(self, busy: bool) -> None:
        if busy == self.busy:
            return
        if busy:
            self._focus_before_busy = self.focusWidget()
        self.busy = busy
        self.busy_changed(busy)
        if not busy and self._focus_before_busy is not None:
            self._focus_before_busy.setFocus()
            self._focus_before_busy = None

    def busy_changed(self, busy: bool) -> None:
        """Disable what must not change while the act runs, and say so on the button."""

    # --- messages ---------------------------------------------------------------------------

    def say(self, text: str, tone: str = "problem") -> None:
        """Show ``text`` in the message area: ``problem`` (calm red), ``info`` or ``done``."""
        self.problem.setProperty("tone", tone)
        self.problem.style().unpolish(self.problem)
        self.problem.style().polish(self.problem)
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def clear_message(self) -> None:
        self.say("")

    def show_error(self, error: Exception) -> None:
        """A service refusal (or an unexpected failure) in the clerk's language."""
        self.say(error_text(error))

    # --- keys -------------------------------------------------------------------------------

    def enter_pressed(self) -> None:
        """Enter on a field: move to the next step or confirm; subclasses decide."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in ENTER_KEYS:
            event.accept()
            if self.busy:
                return
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):
                if focused.isEnabled():
                    focused.click()
                return
            self.enter_pressed()
            return
        if key == Qt.Key.Key_Escape:
            event.accept()
            if not self.busy:
                self.reject()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        super().done(result)
        self.shutdown()

    def shutdown(self) -> None:
        """Stop the dialog's own worker, if it made one (waits for an act in hand)."""
        if self._owns_runner:
            self.runner.shutdown()


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    """Buttons at the bottom right, the confirming one first (as Windows dialogs have them)."""
    row = QHBoxLayout()
    row.setSpacing(10)
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row
