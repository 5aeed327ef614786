# Qt calls its virtual methods by their camelCase names (keyPressEvent, showEvent…).
# ruff: noqa: N802
"""What every order form in the task column shares: keys, busy state, inline refusals, focus.

Why a base: the application, meter change, case and paid service forms take the same place as the
pay panel and must behave the same way under a clerk's fingers (Ctrl+Enter submits, Enter moves
on, Esc backs out, nothing answers while an act runs on the worker, a refusal lands under the
form with the keyboard in the field it names). Each form adds its fields and its act.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Final, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.refusal import CounterError
from counterdesk.services.auth import SignedIn
from ui.chips import money_font
from ui.messages import error_text
from ui.operations import Op
from ui.orders.host import OrderHost
from ui.widgets import label

T = TypeVar("T")

ENTER_KEYS: Final = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
ARROW: Final = (Path(__file__).resolve().parent.parent / "icons" / "chevron-down.svg").as_posix()
PROBLEM_COLOUR: Final = "#B42318"

FORM_STYLE: Final = """
QLabel#formTitle { font-weight: 600; color: #344054; }
QLabel#keycap { color: #475467; background: #FFFFFF; border: 1px solid #D0D5DD;
    border-bottom-width: 2px; border-radius: 4px; padding: 0px 6px; }
QLabel#caption, QLabel#note { color: #667085; }
QFrame#summary { background: #F9FAFB; border: 1px solid #EAECF0; border-radius: 6px; }
QScrollArea, QWidget#taskForm { background: transparent; border: none; }
QLineEdit, QPlainTextEdit, QComboBox, QSpinBox { border: 1px solid #D0D5DD; border-radius: 6px;
    padding: 4px 8px; background: #FFFFFF; selection-background-color: #B2DDFF;
    selection-color: #101828; }
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QSpinBox:focus {
    border: 2px solid #528BFF; padding: 3px 7px; }
QLineEdit:disabled, QPlainTextEdit:disabled, QComboBox:disabled, QSpinBox:disabled {
    background: #F9FAFB; color: #98A2B3; }
QComboBox::drop-down { subcontrol-origin: padding; subcontrol-position: center right;
    width: 24px; border: none; }
QComboBox::down-arrow { image: url("@ARROW@"); width: 12px; height: 12px; }
QComboBox QAbstractItemView { border: 1px solid #D0D5DD; background: #FFFFFF;
    selection-background-color: #D1E9FF; selection-color: #101828; }
QSpinBox::up-button, QSpinBox::down-button { width: 0px; border: none; }
QToolButton#step { background: #FFFFFF; border: 1px solid #D0D5DD; border-radius: 6px;
    min-width: 30px; min-height: 28px; color: #344054; font-weight: 600; }
QToolButton#step:pressed { background: #D1E9FF; }
QPushButton#segment { background: #FFFFFF; border: 1px solid #D0D5DD; border-radius: 6px;
    padding: 4px 2px; color: #344054; }
QPushButton#segment:checked { background: #D1E9FF; border: 2px solid #528BFF; color: #175CD3; }
QPushButton#primary, QPushButton#secondary { border-radius: 6px; min-height: 38px; }
QPushButton#primary { background: #1570EF; border: 2px solid #1570EF; }
QPushButton#primary:focus { border-color: #84CAFF; }
QPushButton#primary:disabled { background: #84ADFF; border-color: #84ADFF; }
QPushButton#primary QLabel { color: #FFFFFF; background: transparent; font-weight: 600; }
QPushButton#primary QLabel#keycap { border: 1px solid #B2CCFF; font-weight: 400; }
QPushButton#secondary { background: #FFFFFF; border: 1px solid #D0D5DD; }
QPushButton#secondary:focus { border: 2px solid #528BFF; }
QPushButton#secondary QLabel { color: #344054; background: transparent; }
QPushButton#secondary QLabel:disabled { color: #98A2B3; }
QLabel#message { color: #93370D; background: #FEF3F2; border: 1px solid #FECDCA;
    border-radius: 6px; padding: 8px 10px; }
QLabel#doneTitle { color: #085D3A; font-weight: 600; }
QFrame#nextStep { background: #EFF8FF; border: 1px solid #B2DDFF; border-radius: 6px; }
QTableView#services { border: 1px solid #EAECF0; border-radius: 6px; }
QTableView#services::item { padding: 0px 6px; border-bottom: 1px solid #F2F4F7; }
QTableView#services::item:selected { background: #D1E9FF; color: #101828; }
""".replace("@ARROW@", ARROW)


def day_text(day: date) -> str:
    """A deadline's date with its weekday in the clerk's language: ``2026-11-23 周一``."""
    return QLocale().toString(QDate(day.year, day.month, day.day), "yyyy-MM-dd ddd")


class TaskForm(QWidget):
    """What every order form in the task column does the same way.

    Keys: Ctrl+Enter submits from anywhere in the form; Enter moves to the next field (the form
    decides where it submits: :meth:`enter_pressed`); Esc backs out. While an act runs on the
    worker (:attr:`busy`) the form is disabled and none of these keys does anything. A refusal
    is shown under the form (:meth:`refuse`) with the keyboard in the field it names.

    Signals:
        finished(str): the clerk closed the form after the act; a line for the status bar.
        cancelled(): the clerk backed out before anything was saved.
    """

    finished = Signal(str)
    cancelled = Signal()

    def __init__(self, host: OrderHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.setStyleSheet(FORM_STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # holds the keys while busy
        self.busy = False
        self._pending_focus: QWidget | None = None
        self._focus_before_busy: QWidget | None = None
        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)  # the task column's card gives the margins
        outer.addWidget(self.stack)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            self.shortcut(keys, self._ctrl_enter)

    # building

    def shortcut(self, keys: str, action: Callable[[], object]) -> None:
        made = QShortcut(QKeySequence(keys), self)
        made.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        made.activated.connect(action)

    def heading(self, parent: QWidget, title: str, key: str = "") -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(label(parent, "formTitle", title))
        row.addStretch(1)
        if key:
            row.addWidget(label(parent, "keycap", key))
        return row

    def fact_grid(self, parent: QWidget, rows: Sequence[tuple[str, QWidget]]) -> QGridLayout:
        """Caption and value pairs, one per row, as the done pages list what was saved."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        for row, (caption, value) in enumerate(rows):
            grid.addWidget(label(parent, "caption", caption), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        return grid

    def scroller(self, parent: QWidget, form: QWidget) -> QScrollArea:
        """The fields scroll, when they must; the heading and the buttons stay in place."""
        form.setObjectName("taskForm")
        scroll = QScrollArea(parent)
        scroll.setWidget(form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.viewport().setAutoFillBackground(False)
        return scroll

    def message_label(self, parent: QWidget) -> QLabel:
        made = label(parent, "message", plain=True)
        made.setWordWrap(True)
        made.hide()
        return made

    def big(self, widget: QWidget, scale: float) -> None:
        base = self.font()
        widget.setFont(money_font(base, point_size=base.pointSizeF() * scale, bold=True))

    # focus

    def focus(self, widget: QWidget) -> None:
        """Put the keyboard in ``widget``; a form not on screen yet keeps the wish until shown."""
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        self._pending_focus = widget
        if not self.isVisible():
            return
        self._pending_focus = None
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        parent = widget.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if isinstance(parent, QScrollArea) and parent.widget().isAncestorOf(widget):
            parent.ensureWidgetVisible(widget)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        pending = self._pending_focus
        if pending is not None and shiboken6.isValid(pending):
            self.focus(pending)

    # acts on the worker

    def run(
        self,
        fn: Callable[[], T],
        on_success: Callable[[T], object],
        *,
        key: str,
        on_failure: Callable[[Exception], object] | None = None,
    ) -> None:
        """``fn`` on the worker with the form busy; the callbacks back here when it is done."""
        self.set_busy(True)

        def succeeded(value: T) -> None:
            self.set_busy(False)
            on_success(value)

        def failed(error: Exception) -> None:
            self.set_busy(False)
            (on_failure or self.refuse)(error)

        Op(self, fn, key=key).success(succeeded).failure(failed).run()

    def set_busy(self, busy: bool) -> None:
        if busy == self.busy:
            return
        self.busy = busy
        if busy:
            focused = self.focusWidget()
            self._focus_before_busy = focused if focused is not self else None
            self.setFocus(Qt.FocusReason.OtherFocusReason)  # keeps Enter here, not in the window
        self.busy_changed(busy)
        if not busy:
            before, self._focus_before_busy = self._focus_before_busy, None
            if before is not None and shiboken6.isValid(before) and before.isVisible():
                before.setFocus(Qt.FocusReason.OtherFocusReason)

    def busy_changed(self, busy: bool) -> None:
        """Disable what must not change while the act runs, and say so on the button."""

    def fields(self) -> Mapping[str, QWidget]:
        """The widget for each field name a refusal may carry in ``params["field"]``."""
        return {}

    def message(self) -> QLabel | None:
        """Where refusals are shown on the page in sight."""
        return None

    def say(self, text: str) -> None:
        shown = self.message()
        if shown is not None:
            shown.setText(text)
            shown.setVisible(bool(text))

    def refuse(self, error: Exception, field: str | None = None) -> None:
        """A refusal under the form, the keyboard in the field it names; nothing changed."""
        self.say(error_text(error))
        name = field
        if name is None and isinstance(error, CounterError):
            name = error.params.get("field")
        widget = self.fields().get(str(name)) if name else None
        if widget is not None and widget.isEnabled():
            self.focus(widget)

    def actor(self) -> SignedIn | None:
        clerk = self.host.clerk()
        if clerk is None:
            self.say(
                QCoreApplication.translate(  # the base's own context, whichever form calls it
                    "TaskForm", "Nobody is signed in at this counter: sign in, then try again."
                )
            )
        return clerk

    # keys

    def submit(self) -> None:
        """Ctrl+Enter: run the form's act (or close it once done)."""

    def enter_pressed(self) -> None:
        """Enter in a field: the next field, or the act from the last one."""
        self.focusNextChild()

    def back_out(self) -> None:
        """Esc: cancel before the act, close after it."""

    def _ctrl_enter(self) -> None:
        if not self.busy:
            self.submit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        if key in ENTER_KEYS and plain:
            event.accept()
            if self.busy:
                return
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):
                if focused.isEnabled():
                    focused.click()
                return
            self.enter_pressed()
        elif key == Qt.Key.Key_Escape and plain:
            event.accept()
            if not self.busy:
                self.back_out()
        else:
            super().keyPressEvent(event)
