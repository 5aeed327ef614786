"""The parts of the connection application form (业扩/变更用电受理): its jobs and its boxes.

Why the jobs are here, as plain functions: each runs on the window's one worker thread
(:mod:`ui.operations`), takes the engine and opens one connection, and touches no widget. The
preview is a read; the acceptance is one business act in one transaction, as the service expects.

The boxes are the form's pieces that have a life of their own: the documents checklist (required
items depend on the type and on whether a person or an organisation applies), the dates preview
with the restricted-area warning, and the view of an accepted application.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine, text

from counterdesk.documents.receipts import AcceptanceSlip
from counterdesk.domain.orders import connection as rules
from counterdesk.domain.orders.connection import ConnectionType, Outlook, Voltage
from counterdesk.domain.orders.connection_docs import (
    DocumentItem,
    checklist,
    missing_documents,
)
from counterdesk.domain.orders.steps import PlannedStep
from counterdesk.orders.connections import (
    Accepted,
    ApplicationIn,
    accept_application,
    outlook_for,
    standards,
)
from counterdesk.services.auth import SignedIn
from counterdesk.store import settings
from printing.notices import render_notice
from ui.chips import money_font
from ui.orders.task_form import day_text
from ui.orders.words import step_word
from ui.pay_panel import CHANGE_COLOUR, PAY_STYLE
from ui.widgets import KeyButton, label

ARROW: Final = (Path(__file__).resolve().parent.parent / "icons" / "chevron-down.svg").as_posix()
FOCUS_COLOUR: Final = "#175CD3"
WARNING_COLOUR: Final = "#B54708"
"""Provisional dates and the restricted area: amber, always with its word beside it."""

APPLICATION_STYLE: Final = (
    PAY_STYLE
    + """
QScrollArea, QWidget#applicationForm { background: transparent; border: none; }
QLabel#section { font-weight: 600; color: #344054; padding-top: 6px; }
QComboBox { border: 1px solid #D0D5DD; border-radius: 6px; padding: 5px 8px;
    background: #FFFFFF; }
QComboBox:focus { border: 2px solid #528BFF; padding: 4px 7px; }
QComboBox:disabled { background: #F9FAFB; color: #667085; }
QComboBox::drop-down { subcontrol-origin: padding; subcontrol-position: center right;
    width: 24px; border: none; }
QComboBox::down-arrow { image: url("@ARROW@"); width: 12px; height: 12px; }
QPushButton#choice { background: #FFFFFF; border: 1px solid #D0D5DD; border-radius: 6px;
    padding: 5px 6px; color: #344054; }
QPushButton#choice:checked { background: #D1E9FF; border: 2px solid #528BFF; color: #175CD3; }
QPushButton#choice:focus { border: 2px solid #528BFF; }
QPushButton#reader { background: #FFFFFF; border: 1px solid #D0D5DD; border-radius: 6px;
    padding: 5px 6px; color: #175CD3; }
QPushButton#reader:focus { border: 2px solid #528BFF; }
QFrame#preview { background: #F9FAFB; border: 1px solid #EAECF0; border-radius: 6px; }
QFrame#restricted { background: #FFFAEB; border: 1px solid #FEC84B; border-radius: 6px; }
QLabel#restrictedTitle { color: #93370D; font-weight: 600; }
QFrame#paused { background: #FFFAEB; border: 1px solid #FEDF89; border-radius: 6px; }
""".replace("@ARROW@", ARROW)
)


# --- jobs: on the worker, never touching a widget ------------------------------------------------


@dataclass(frozen=True)
class FormSetup:
    """What the form reads when it starts: the departments and the open account's area."""

    departments: tuple[str, ...]
    area_code: str


def setup_job(engine: Engine, account_id: int | None) -> FormSetup:
    with engine.connect() as connection:
        names = settings.read_all(connection)["orders.departments"]
        departments = tuple(str(name) for name in names)
        area = None
        if account_id is not None:
            area = connection.execute(
                text("SELECT area_code FROM account WHERE id = :a"), {"a": account_id}
            ).scalar_one_or_none()
    return FormSetup(departments, str(area or ""))


@dataclass(frozen=True)
class Preview:
    """The dates the counter can promise for one type, voltage and area, as the form asked."""

    kind: ConnectionType
    voltage: Voltage
    area_code: str
    outlook: Outlook
    commitment_workdays: int


def outlook_job(
    engine: Engine, kind: ConnectionType, voltage: Voltage, area_code: str, now: datetime
) -> Preview:
    with engine.connect() as connection:
        outlook = outlook_for(connection, kind, voltage, area_code, now)
        total = rules.commitment_workdays(kind, voltage, standards(connection))
    return Preview(kind, voltage, area_code, outlook, total)


def accept_job(engine: Engine, clerk: SignedIn, request: ApplicationIn, now: datetime) -> Accepted:
    """One application, one transaction: the order, its pause, the slip's print job."""
    with engine.begin() as connection:
        return accept_application(connection, clerk, request, now)


def notice_job(slip: AcceptanceSlip) -> bytes:
    """The A4 acceptance notice (受理通知) as a PDF, laid out off the GUI thread."""
    return render_notice(slip)


# --- small helpers -------------------------------------------------------------------------------


class StepDates(QWidget):
    """Steps and their due days in a grid: name, day, and 暂定 where the calendar is guessed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(3)
        self.grid.setColumnStretch(0, 1)
        self.rows: list[tuple[QLabel, QLabel, QLabel]] = []

    def show_steps(self, steps: tuple[PlannedStep, ...]) -> None:
        for row in self.rows:
            for part in row:
                self.grid.removeWidget(part)
                part.hide()
                part.deleteLater()
        self.rows = []
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for line, step in enumerate(steps):
            name = label(self, "caption", step_word(step.step))
            name.setWordWrap(True)  # a long English step name takes two lines, not the width
            day = label(self, "fact", day_text(step.due_day))
            tag = label(self, "note", self.tr("provisional") if step.provisional else "")
            tag.setStyleSheet(f"color: {WARNING_COLOUR};")
            self.grid.addWidget(name, line, 0)
            self.grid.addWidget(day, line, 1, right)
            self.grid.addWidget(tag, line, 2)
            self.rows.append((name, day, tag))

    def texts(self) -> list[tuple[str, str, str]]:
        return [(name.text(), day.text(), tag.text()) for name, day, tag in self.rows]


class _Words(QLabel):
    """A check box's words that wrap, and toggle the box when clicked."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class CheckLine(QWidget):
    """A check box with words that wrap in a narrow column (a QCheckBox's words never do).

    The box holds the keyboard focus (Space ticks it), and its words turn blue meanwhile, so
    the clerk tabbing through the list sees where the cursor is; a click on the words ticks it.
    """

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox(self)
        self.box.setAccessibleName(text)
        self.words = _Words(text, self)
        self.words.setWordWrap(True)
        self.words.setTextFormat(Qt.TextFormat.PlainText)
        self.words.clicked.connect(self.box.toggle)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.words, 1)
        self.box.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.box and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            focused = event.type() == QEvent.Type.FocusIn
            self.words.setStyleSheet(f"color: {FOCUS_COLOUR};" if focused else "")
        return super().eventFilter(watched, event)

    def set_text(self, text: str) -> None:
        self.words.setText(text)
        self.box.setAccessibleName(text)


# --- the documents checklist ---------------------------------------------------------------------


class DocumentsBox(QWidget):
    """The documents a type asks for (资料清单), ticked as the customer hands them over.

    Required ones carry a ``*``. While one is missing, the clerk may still accept the application
    paused waiting on the customer (暂停待补件): :attr:`wait_box`, shown only then.

    Signals:
        changed(): a box was ticked or the list changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = ConnectionType.RESIDENTIAL_NEW
        self.organisation = False
        self.lines: dict[str, CheckLine] = {}
        self.boxes: dict[str, QCheckBox] = {}
        self.items: tuple[DocumentItem, ...] = ()
        self.list = QVBoxLayout()
        self.list.setSpacing(4)
        self.wait_line = CheckLine(
            self.tr("Accept now, paused until the missing documents are brought (暂停待补件)"), self
        )
        self.wait_box = self.wait_line.box
        self.wait_box.toggled.connect(self.changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self.list)
        layout.addWidget(self.wait_line)

    def set_kind(self, kind: ConnectionType, *, organisation: bool) -> None:
        """Show ``kind``'s checklist; documents ticked that it asks for too stay ticked."""
        ticked = self.received()
        for line in self.lines.values():
            self.list.removeWidget(line)
            line.hide()
            line.deleteLater()
        self.lines = {}
        self.boxes = {}
        self.kind = kind
        self.items = checklist(kind)
        for item in self.items:
            line = CheckLine(item.print_name, self)
            line.box.setChecked(item.code in ticked)
            line.box.toggled.connect(self._ticked)
            self.list.addWidget(line)
            self.lines[item.code] = line
            self.boxes[item.code] = line.box
        self.set_organisation(organisation)

    def set_organisation(self, organisation: bool) -> None:
        """A person has no business licence to bring: required marks follow the applicant."""
        self.organisation = organisation
        for item in self.items:
            mark = "* " if item.required_for(organisation) else "   "
            self.lines[item.code].set_text(mark + item.print_name)
        self._ticked()

    def clear(self) -> None:
        for box in self.boxes.values():
            box.setChecked(False)
        self.wait_box.setChecked(False)

    def received(self) -> frozenset[str]:
        return frozenset(code for code, box in self.boxes.items() if box.isChecked())

    def missing(self) -> tuple[DocumentItem, ...]:
        return missing_documents(self.kind, self.received(), organisation=self.organisation)

    def waiting_on_customer(self) -> bool:
        return bool(self.missing()) and self.wait_box.isChecked()

    def first_missing_box(self) -> QWidget:
        missing = self.missing()
        return self.boxes[missing[0].code] if missing else self.wait_box

    def focus_chain(self) -> list[QWidget]:
        return [*self.boxes.values(), self.wait_box]

    def _ticked(self) -> None:
        self.wait_line.setVisible(bool(self.missing()))
        self.changed.emit()


# --- the dates preview and the restricted-area warning -------------------------------------------


class OutlookBox(QWidget):
    """What the counter can promise before accepting: each step's due day, or in an area where
    new supply is on hold (restricted) the honest expected days and a box the clerk ticks once
    the customer, told, still applies. The form places the warning (:attr:`warning`) where it
    stays in sight; this box holds the dates.

    Signals:
        changed(): the clerk ticked or unticked :attr:`still_applies`.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview: Preview | None = None
        self.restriction: rules.RestrictedArea | None = None

        self.warning = QFrame(self)
        self.warning.setObjectName("restricted")
        self.warning_title = label(
            self.warning, "restrictedTitle", self.tr("⚠ New connections here are on hold")
        )
        self.warning_text = label(self.warning, "fact", plain=True)
        self.warning_text.setWordWrap(True)
        self.still_line = CheckLine(
            self.tr("The customer was told and still applies"), self.warning
        )
        self.still_applies = self.still_line.box
        self.still_applies.toggled.connect(self.changed)
        box = QVBoxLayout(self.warning)
        box.setContentsMargins(10, 8, 10, 8)
        box.setSpacing(6)
        box.addWidget(self.warning_title)
        box.addWidget(self.warning_text)
        box.addWidget(self.still_line)
        self.warning.hide()

        self.frame = QFrame(self)
        self.frame.setObjectName("preview")
        self.title = label(self.frame, "payTitle", self.tr("Due dates if accepted now"))
        self.state = label(self.frame, "note")
        self.dates = StepDates(self.frame)
        self.unknown = label(self.frame, "fact")
        self.unknown.setWordWrap(True)
        self.unknown.hide()
        self.commitment = label(self.frame, "note")
        self.commitment.setWordWrap(True)
        inner = QVBoxLayout(self.frame)
        inner.setContentsMargins(12, 8, 12, 8)
        inner.setSpacing(4)
        heading = QGridLayout()
        heading.addWidget(self.title, 0, 0)
        heading.addWidget(self.state, 0, 1, Qt.AlignmentFlag.AlignRight)
        heading.setColumnStretch(0, 1)
        inner.addLayout(heading)
        inner.addWidget(self.dates)
        inner.addWidget(self.unknown)
        inner.addWidget(self.commitment)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.frame)

    def clear(self) -> None:
        self.preview = None
        self.restriction = None
        self.still_applies.setChecked(False)
        self.warning.hide()
        self.dates.show_steps(())
        self.unknown.hide()
        self.commitment.clear()
        self.show_waiting()

    def show_waiting(self) -> None:
        """The type, voltage or area changed: new dates are on their way."""
        self.state.setText(self.tr("Working out…"))

    def show_failed(self) -> None:
        self.state.setText(self.tr("Dates not available"))

    def show_preview(self, preview: Preview) -> None:
        self.preview = preview
        self.state.setText("")
        outlook = preview.outlook
        restriction = outlook.restricted
        if restriction != self.restriction:
            self.still_applies.setChecked(False)  # a new hold must be told to the customer anew
        self.restriction = restriction
        total = self.tr("Promised in all: %1 working days.").replace(
            "%1", str(preview.commitment_workdays)
        )
        if restriction is None:
            self.warning.hide()
            self.title.setText(self.tr("Due dates if accepted now"))
            self.dates.show_steps(outlook.steps)
            self.unknown.hide()
            self.commitment.setText(total)
            return
        expected = outlook.expected_energized
        if expected is None:
            text = self.tr(
                "Supply area %1: %2. The standard dates cannot be kept, and nobody knows yet when "
                "the hold ends: the receipt says the date is to be fixed (日期待定)."
            )
        else:
            text = self.tr(
                "Supply area %1: %2. The standard dates cannot be kept. Tell the customer to "
                "expect completion by %3; the receipt prints that date."
            ).replace("%3", day_text(expected))
        self.warning_text.setText(
            text.replace("%1", restriction.area_code).replace("%2", restriction.reason)
        )
        self.warning.show()
        self.title.setText(self.tr("Expected dates (area on hold)"))
        if outlook.expected is None:
            self.dates.show_steps(())
            self.unknown.setText(
                self.tr("No dates yet: the hold has no end date. The receipt says 日期待定.")
            )
            self.unknown.show()
        else:
            self.dates.show_steps(outlook.expected)
            self.unknown.hide()
        if restriction.until is None:
            self.commitment.setText(total)
        else:
            after = self.tr("Counted from the day after the hold ends (%1).")
            self.commitment.setText(f"{after.replace('%1', day_text(restriction.until))} {total}")

    @property
    def restricted(self) -> bool:
        return self.restriction is not None

    def confirmed(self) -> bool:
        """True when nothing holds the area up, or the customer still applies."""
        return self.restriction is None or self.still_applies.isChecked()


# --- the accepted application --------------------------------------------------------------------


class AcceptedView(QWidget):
    """The application is in: its number, the dates promised, what is still to bring, and the
    A4 notice on request. The slip (回执) is already printing.

    Signals:
        print_requested(): the clerk wants the A4 acceptance notice (Ctrl+P).
        done_requested(): the clerk closes the task (Enter / Esc).
    """

    print_requested = Signal()
    done_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label(self, "doneTitle", self.tr("✓ Application accepted"))
        self.order_no = label(self, "fact", plain=True)
        self.order_no.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = label(self, "note", plain=True)
        self.summary.setWordWrap(True)
        self.paused = QFrame(self)
        self.paused.setObjectName("paused")
        self.paused_text = label(self.paused, "fact", plain=True)
        self.paused_text.setWordWrap(True)
        QVBoxLayout(self.paused).addWidget(self.paused_text)
        self.dates_frame = self._build_dates()
        self.printing = label(
            self, "note", self.tr("The acceptance slip is printing: hand it to the customer.")
        )
        self.printing.setWordWrap(True)
        self.message = label(self, "message", plain=True)
        self.message.setWordWrap(True)
        self.message.hide()
        self.print_button = KeyButton(self.tr("Print A4 acceptance notice"), "Ctrl+P", self)
        self.print_button.clicked.connect(self.print_requested)
        self.done_button = KeyButton(self.tr("Done"), "Enter / Esc", self, primary=True)
        self.done_button.clicked.connect(self.done_requested)

        facts = QGridLayout()
        facts.setVerticalSpacing(6)
        facts.addWidget(label(self, "caption", self.tr("Order no.")), 0, 0)
        facts.addWidget(self.order_no, 0, 1)
        facts.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addLayout(facts)
        layout.addWidget(self.summary)
        layout.addWidget(self.paused)
        layout.addWidget(self.dates_frame)
        layout.addWidget(self.printing)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.print_button)
        layout.addWidget(self.done_button)
        self._apply_fonts()

    def _build_dates(self) -> QFrame:
        frame = QFrame(self)
        frame.setObjectName("preview")
        self.dates_title = label(frame, "payTitle")
        self.dates = StepDates(frame)
        self.unknown = label(frame, "fact")
        self.unknown.setWordWrap(True)
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(12, 8, 12, 8)
        inner.setSpacing(4)
        inner.addWidget(self.dates_title)
        inner.addWidget(self.dates)
        inner.addWidget(self.unknown)
        return frame

    def _apply_fonts(self) -> None:
        base = self.font()
        size = base.pointSizeF()
        self.title.setFont(money_font(base, point_size=size * 1.4, bold=True))
        self.order_no.setFont(money_font(base, point_size=size * 1.3, bold=True))

    def show_accepted(self, accepted: Accepted, kind_word: str) -> None:
        order = accepted.order
        self.order_no.setText(order.order_no)
        self.summary.setText(f"{kind_word} · {order.customer_name} · {order.contact_phone}")
        if accepted.missing:
            text = self.tr(
                "Paused until the customer brings: %1. The deadlines wait too, and move later by "
                "the days it waits."
            )
            self.paused_text.setText(text.replace("%1", "、".join(accepted.missing)))
        self.paused.setVisible(bool(accepted.missing))
        outlook = accepted.outlook
        if outlook.restricted is None:
            self.dates_title.setText(self.tr("Due dates promised"))
        else:
            self.dates_title.setText(self.tr("Expected dates (area on hold)"))
        if outlook.restricted is not None and outlook.expected is None:
            self.dates.show_steps(())
            self.unknown.setText(
                self.tr("No dates yet: the hold has no end date. The receipt says 日期待定.")
            )
            self.unknown.show()
        else:
            self.dates.show_steps(order.steps)
            self.unknown.hide()
        self.title.setStyleSheet(f"color: {CHANGE_COLOUR};")
        self.message.hide()
        self.set_printing(busy=False)

    def set_printing(self, *, busy: bool) -> None:
        self.print_button.setEnabled(not busy)
        self.print_button.set_label(
            self.tr("Preparing the notice…") if busy else self.tr("Print A4 acceptance notice")
        )

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
