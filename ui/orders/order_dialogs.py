"""The small dialogs the order page and the board open: one act with its note, a transfer.

Why the act runs inside the dialog: a refusal ("write the reply given to the customer") belongs
next to the field that caused it, and the clerk fixes it there without losing what was typed. One
refusal is different: :class:`~counterdesk.orders.errors.StaleOrderError` means the order changed
since the page read it, so the note typed for the old state is no longer the question. The dialog
closes and says ``stale``; the page reads the order again and shows why.

The work itself is a function the caller gives (it knows the order, the action, the version and
the clerk): the dialog only collects the words and runs it on the window's worker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterdesk.domain.refusal import CounterError
from counterdesk.orders.errors import StaleOrderError
from ui.counter_dialog import Clock, CounterDialog, button_row, chain_tab_order, field
from ui.messages import error_text
from ui.widgets import KeyButton, label

NOTE_LIMIT: Final = 500
REPLY_LIMIT: Final = 2000

TEXT_STYLE: Final = """
QPlainTextEdit#field { border: 1px solid #D0D5DD; border-radius: 6px; padding: 4px 6px;
    background: #FFFFFF; selection-background-color: #B2DDFF; selection-color: #101828; }
QPlainTextEdit#field:focus { border: 2px solid #528BFF; padding: 3px 5px; }
QComboBox#field QAbstractItemView { selection-background-color: #D1E9FF;
    selection-color: #101828; }
"""

ActWork = Callable[..., object]
"""What an :class:`OrderActDialog` runs on the worker, called as ``work(note=, now=)`` (and
``reply=`` when the dialog asks for one): the order after the act."""
TransferWork = Callable[..., object]
"""Called as ``work(department=, handler_no=, note=, now=)``: the order after the transfer."""


def styled_body(dialog: QWidget, extra: str) -> QWidget:
    """The widget a dialog's content goes in, carrying the dialog's extra style rules.

    Why not append the rules to the dialog's own sheet: with a
    :class:`~ui.counter_dialog.CounterDialog` (whose message label exists before the subclass
    builds anything) appended rules were not applied to the widgets made afterwards (seen with
    this PySide6, offscreen). A sheet on a child widget that holds the content always is.
    """
    body = QWidget(dialog)
    body.setObjectName("body")
    body.setStyleSheet(extra)
    outer = QVBoxLayout(dialog)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(body)
    return body


def _summary_box(parent: QWidget, caption: str, summary: str) -> QFrame:
    box = QFrame(parent)
    box.setObjectName("summary")
    inside = QVBoxLayout(box)
    inside.setContentsMargins(14, 10, 14, 10)
    inside.setSpacing(4)
    inside.addWidget(label(box, "caption", caption))
    text = label(box, "bigFact", summary, plain=True)
    text.setWordWrap(True)
    inside.addWidget(text)
    return box


def _text_box(parent: QWidget, placeholder: str, limit: int) -> QPlainTextEdit:
    """A few lines of text; Tab leaves it (Ctrl+Enter submits, Enter starts a new line)."""
    made = QPlainTextEdit(parent)
    made.setObjectName("field")
    made.setPlaceholderText(placeholder)
    made.setTabChangesFocus(True)
    made.setFixedHeight(96)

    def trim() -> None:
        text = made.toPlainText()
        if len(text) > limit:
            made.setPlainText(text[:limit])
            made.moveCursor(made.textCursor().MoveOperation.End)

    made.textChanged.connect(trim)
    return made


class OrderActDialog(CounterDialog):
    """One act on an order (an action of its workflow, or a supervision note), with a note.

    ``summary`` says which order and what will happen; ``note_required`` refuses an empty note
    before anything runs (pausing, cancelling, withdrawing, reopening, supervising); ``reply``
    adds a reply text (a case's reply), passed to ``work`` as its second argument. Enter in the
    note submits, Ctrl+Enter submits from anywhere, Esc cancels.

    Signals:
        acted(object): the act was written; ``work``'s result (the order after it).
        stale(object): the order changed since it was read (the StaleOrderError); the dialog has
            closed, and the caller reads the order again.
    """

    acted = Signal(object)
    stale = Signal(object)

    def __init__(
        self,
        engine: Engine,
        parent: QWidget | None,
        *,
        clock: Clock,
        title: str,
        summary: str,
        go_label: str,
        work: ActWork,
        note_required: bool = False,
        reply: bool = False,
    ) -> None:
        super().__init__(engine, parent, clock=clock)
        self.setWindowTitle(title)
        self.work = work
        self.note_required = note_required
        self.go_label = go_label

        self.reply: QPlainTextEdit | None = None
        if reply:
            self.reply = _text_box(self, self.tr("What the customer was told"), REPLY_LIMIT)
        self.note = field(
            self,
            self.tr("Required: why, and what happens next")
            if note_required
            else self.tr("Optional: what was done"),
        )
        self.note.setMaxLength(NOTE_LIMIT)

        # In a reply, Enter starts a new line: Ctrl+Enter is the key that always saves.
        go_key = "Ctrl+Enter" if reply else "Enter"
        self.go_button = KeyButton(go_label, go_key, self, primary=True)
        self.go_button.clicked.connect(self.submit)
        self.cancel_button = KeyButton(self.tr("Cancel"), "Esc", self)
        self.cancel_button.clicked.connect(self.reject)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        row = 0
        if self.reply is not None:
            grid.addWidget(label(self, "caption", self.tr("Reply")), row, 0,
                           Qt.AlignmentFlag.AlignTop)  # fmt: skip
            grid.addWidget(self.reply, row, 1)
            row += 1
        grid.addWidget(label(self, "caption", self.tr("Note")), row, 0)
        grid.addWidget(self.note, row, 1)
        grid.setColumnStretch(1, 1)

        layout = QVBoxLayout(styled_body(self, TEXT_STYLE))
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(label(self, "dialogTitle", title, plain=True))
        layout.addWidget(_summary_box(self, self.tr("Order"), summary))
        layout.addLayout(grid)
        if self.reply is not None:
            hint = label(self, "hint", self.tr("Ctrl+Enter saves; Enter starts a new line."))
            layout.addWidget(hint)
        layout.addWidget(self.problem)
        layout.addSpacing(4)
        layout.addLayout(button_row(self.go_button, self.cancel_button))
        self.setMinimumWidth(520)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)
        chain = [self.note, self.go_button, self.cancel_button]
        if self.reply is not None:
            chain.insert(0, self.reply)
        chain_tab_order(chain)
        (self.reply or self.note).setFocus()

    def enter_pressed(self) -> None:
        self.submit()

    def submit(self) -> None:
        """Check the words, then run the act on the worker; does nothing while busy."""
        if self.busy:
            return
        reply = self.reply.toPlainText().strip() if self.reply is not None else ""
        if self.reply is not None and not reply:
            self.say(self.tr("Write the reply given to the customer."))
            self.reply.setFocus()
            return
        note = self.note.text().strip()
        if self.note_required and not note:
            self.say(self.tr("Write a note: why, and what must happen next."))
            self.note.setFocus()
            return
        self.clear_message()
        job = partial(self.work, note=note, now=self.clock())
        if self.reply is not None:
            job = partial(job, reply=reply)
        self.run_op(job, self._done, self._refused)

    def busy_changed(self, busy: bool) -> None:
        widgets: list[QWidget] = [self.note, self.go_button, self.cancel_button]
        if self.reply is not None:
            widgets.append(self.reply)
        for widget in widgets:
            widget.setEnabled(not busy)
        self.go_button.set_label(self.tr("Saving…") if busy else self.go_label)

    def _done(self, result: object) -> None:
        self.acted.emit(result)
        self.accept()

    def _refused(self, error: Exception) -> None:
        if isinstance(error, StaleOrderError):
            self.stale.emit(error)
            self.reject()
            return
        self.say(error_text(error))
        wanted = error.params.get("field") if isinstance(error, CounterError) else None
        if wanted == "reply" and self.reply is not None:
            self.reply.setFocus()
        else:
            self.note.setFocus()


class OrderTransferDialog(CounterDialog):
    """Transfer an order (转派) to a department and a person, with a note.

    The first-contact owner (首问负责人) stays: the dialog says so, the service enforces it.
    ``departments`` fill the department list (the current one chosen); ``people`` (number, name)
    fill the handler list, which also takes a typed number, or nothing when the department names
    its own. Enter moves department → handler → note → transfer; Esc cancels.

    Signals:
        acted(object): the transfer was written; the order after it.
        stale(object): the order changed since it was read; the dialog has closed.
    """

    acted = Signal(object)
    stale = Signal(object)

    def __init__(
        self,
        engine: Engine,
        parent: QWidget | None,
        *,
        clock: Clock,
        summary: str,
        first_owner: str,
        departments: Sequence[str],
        current_department: str,
        people: Sequence[tuple[str, str]],
        work: TransferWork,
    ) -> None:
        super().__init__(engine, parent, clock=clock)
        self.setWindowTitle(self.tr("Transfer the order"))
        self.work = work

        self._build_fields(departments, current_department, people)
        self.go_button = KeyButton(self.tr("Transfer"), "Enter", self, primary=True)
        self.go_button.clicked.connect(self.submit)
        self.cancel_button = KeyButton(self.tr("Cancel"), "Esc", self)
        self.cancel_button.clicked.connect(self.reject)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.addWidget(label(self, "caption", self.tr("Department")), 0, 0)
        grid.addWidget(self.department, 0, 1)
        grid.addWidget(label(self, "caption", self.tr("Handler")), 1, 0)
        grid.addWidget(self.handler, 1, 1)
        grid.addWidget(label(self, "caption", self.tr("Note")), 2, 0)
        grid.addWidget(self.note, 2, 1)
        grid.setColumnStretch(1, 1)

        owner = label(
            self,
            "note",
            self.tr("The first-contact owner stays %1: they answer for the order until it is "
                    "closed.").replace("%1", first_owner),
        )  # fmt: skip
        owner.setWordWrap(True)
        owner.setTextFormat(Qt.TextFormat.PlainText)

        layout = QVBoxLayout(styled_body(self, TEXT_STYLE))
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(label(self, "dialogTitle", self.tr("Transfer the order")))
        layout.addWidget(_summary_box(self, self.tr("Order"), summary))
        layout.addLayout(grid)
        layout.addWidget(owner)
        layout.addWidget(self.problem)
        layout.addSpacing(4)
        layout.addLayout(button_row(self.go_button, self.cancel_button))
        self.setMinimumWidth(520)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)
        chain_tab_order([self.department, self.handler, self.note, self.go_button,
                         self.cancel_button])  # fmt: skip
        self.department.setFocus()

    def _build_fields(
        self, departments: Sequence[str], current: str, people: Sequence[tuple[str, str]]
    ) -> None:
        self.department = QComboBox(self)
        self.department.setObjectName("field")
        self.department.addItems(list(departments))
        if current and current not in departments:
            self.department.addItem(current)
        self.department.setCurrentText(current)
        self.handler = QComboBox(self)
        self.handler.setObjectName("field")
        self.handler.setEditable(True)
        self.handler.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.handler.addItem(self.tr("(the department assigns)"), "")
        for number, name in people:
            self.handler.addItem(f"{number} {name}".strip(), number)
        self.handler.setCurrentIndex(0)
        line = self.handler.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Clerk number, or empty"))
        self.note = field(self, self.tr("Optional: what the department should do"))
        self.note.setMaxLength(NOTE_LIMIT)

    def handler_number(self) -> str:
        """The chosen person's number: the list's data, else what was typed (its first word)."""
        text = self.handler.currentText().strip()
        index = self.handler.findText(text)
        if index >= 0:
            return str(self.handler.itemData(index) or "")
        return text.split(" ")[0] if text else ""

    def enter_pressed(self) -> None:
        focused = self.focusWidget()
        if focused is self.department:
            self.handler.setFocus()
            return
        if focused in (self.handler, self.handler.lineEdit()):
            self.note.setFocus()
            return
        self.submit()

    def submit(self) -> None:
        if self.busy:
            return
        department = self.department.currentText().strip()
        if not department:
            self.say(self.tr("Choose the department the order goes to."))
            self.department.setFocus()
            return
        self.clear_message()
        job = partial(self.work, department=department, handler_no=self.handler_number(),
                      note=self.note.text().strip(), now=self.clock())  # fmt: skip
        self.run_op(job, self._done, self._refused)

    def busy_changed(self, busy: bool) -> None:
        for widget in (self.department, self.handler, self.note, self.go_button,
                       self.cancel_button):  # fmt: skip
            widget.setEnabled(not busy)
        self.go_button.set_label(self.tr("Saving…") if busy else self.tr("Transfer"))

    def _done(self, result: object) -> None:
        self.acted.emit(result)
        self.accept()

    def _refused(self, error: Exception) -> None:
        if isinstance(error, StaleOrderError):
            self.stale.emit(error)
            self.reject()
            return
        self.say(error_text(error))
        wanted = error.params.get("field") if isinstance(error, CounterError) else None
        {"department": self.department, "handler": self.handler}.get(
            str(wanted), self.note
        ).setFocus()
