# Qt calls its virtual methods by their camelCase names (keyPressEvent, showEvent…).
# ruff: noqa: N802
"""The connection application task (业扩报装、变更用电受理, F8) in the counter's task column.

What the clerk does here: choose the type, fill in the applicant (from the ID card reader or
typed), tick the documents handed over, tell the customer the dates, and accept. The form shows
those dates before anything is written (:func:`~counterdesk.orders.connections.outlook_for`, on
the worker, a moment after the last change), and, where new supply is on hold in the area, says
so plainly with the honest expected date and asks the clerk to confirm that the customer still
applies. A required document missing does not turn the customer away: the clerk can accept the
application paused until it is brought (暂停待补件).

Why the order's identity is made once per application (:meth:`ApplicationForm.start`): a retry of
the same application carries the same ``order_uid``, so a double submit meets the engine's
duplicate check instead of making two orders.

Checks: the ID number and the credit code are checked as they are typed with the domain's own
:class:`~counterdesk.domain.orders.connection_docs.Applicant`; every other refusal comes back from
the service and is shown under the form with the cursor in the field it names.
"""

from __future__ import annotations

import enum
import itertools
import unicodedata
from functools import partial
from typing import Final

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QIntValidator, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
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

from counterdesk.domain.ids import new_uid
from counterdesk.domain.masking import mask_id_number
from counterdesk.domain.orders.connection import (
    AREA_CODE,
    CAPACITY_TYPES,
    CHANGE_TYPES,
    FIXED_VOLTAGE,
    ConnectionType,
    Voltage,
)
from counterdesk.domain.orders.connection_docs import (
    ADDRESS_LIMIT,
    NAME_LIMIT,
    Applicant,
    ApplicantError,
)
from counterdesk.domain.refusal import CounterError
from counterdesk.orders.connections import Accepted, ApplicationIn, RestrictedAreaError
from counterdesk.store.account_view import AccountView
from ui.chips import MUTED_COLOUR
from ui.messages import error_text
from ui.operations import Op
from ui.orders.application_parts import (
    APPLICATION_STYLE,
    AcceptedView,
    DocumentsBox,
    FormSetup,
    OutlookBox,
    Preview,
    accept_job,
    notice_job,
    outlook_job,
    setup_job,
)
from ui.orders.host import OrderHost
from ui.orders.words import subtype_word
from ui.pay_panel import CHANGE_COLOUR, PROBLEM_COLOUR
from ui.widgets import KeyButton, label

ENTER_KEYS: Final = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
PREVIEW_DELAY_MS: Final = 300
"""The dates are worked out this long after the last change of type, voltage or area."""
ID_LENGTH: Final = 18
PREFERRED_DEPARTMENT: Final = "业扩"
"""A department whose name says 业扩 (connections) takes applications by default."""


class FormState(enum.Enum):
    IDLE = "idle"
    """No application under way: before :meth:`ApplicationForm.start`, after cancel or done."""
    ENTERING = "entering"
    DONE = "done"


def _compact(text: str) -> str:
    """What the domain will read: full-width characters made ASCII, spaces gone, upper case."""
    return unicodedata.normalize("NFKC", text).replace(" ", "").strip().upper()


def identity_problem(number: str, *, organisation: bool) -> ApplicantError | None:
    """The domain's refusal of an ID number (or a credit code), or None when it checks out.

    The applicant is built with harmless other fields, so only the number's own check speaks.
    """
    try:
        if organisation:
            Applicant("-", "13800000000", "-", credit_code=number)
        else:
            Applicant("-", "13800000000", "-", id_number=number)
    except ApplicantError as error:
        return error
    return None


class ApplicationForm(QWidget):
    """The connection application task: type, applicant, documents, dates, accept.

    :meth:`start` prepares a new application (a new ``order_uid``), prefilled from the open
    account and from the last ID card read. Keys: Enter moves to the next field (and presses the
    button in focus), Ctrl+Enter accepts, Esc cancels; Alt+R reads the ID card, Alt+P and Alt+O
    choose a person or an organisation; once accepted, Ctrl+P shows the A4 notice and Enter or
    Esc closes the task.

    Signals:
        finished(str): the application was accepted and the clerk closed the task; the text is
            for the status bar ("Application YK-… accepted").
        cancelled(): Esc before anything was accepted.
    """

    finished = Signal(str)
    cancelled = Signal()

    def __init__(self, host: OrderHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("applicationPage")
        self.setStyleSheet(APPLICATION_STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # holds the keys while busy
        self.host = host
        self.view: AccountView | None = None
        self.order_uid = new_uid()
        self.state = FormState.IDLE
        self.busy = False
        self.organisation = False
        self.accepted: Accepted | None = None
        self.card_address: str | None = None
        """The address an ID card put in the field: a newer card may replace it."""
        self._pending_focus: QWidget | None = None
        self._focus_restriction = False
        self._keys = f"application:{id(self)}"
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.run_preview)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_entry())
        self.done_view = AcceptedView(self.stack)
        self.done_view.print_requested.connect(self.print_notice)
        self.done_view.done_requested.connect(self.close_task)
        self.stack.addWidget(self.done_view)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)  # the task column's card gives the margins
        outer.addWidget(self.stack)
        self._shortcuts()
        self._set_organisation(organisation=False)
        self._type_changed()

    # Building ------------------------------------------------------------------------------------

    def _build_entry(self) -> QWidget:
        page = QWidget(self.stack)
        heading = QHBoxLayout()
        heading.addWidget(label(page, "payTitle", self.tr("Connection application")))
        heading.addStretch(1)
        heading.addWidget(label(page, "keycap", "F8"))
        self.account = label(page, "note", plain=True)
        self.account.setWordWrap(True)
        scroll = QScrollArea(page)
        scroll.setWidget(self._build_form())
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.viewport().setAutoFillBackground(False)
        self.form_scroll = scroll
        self.message = label(page, "message", plain=True)
        self.message.setWordWrap(True)
        self.message.hide()
        self.cancel_button = KeyButton(self.tr("Cancel"), "Esc", page)
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button.clicked.connect(self.back_out)
        self.accept_button = KeyButton(
            self.tr("Accept application"), "Ctrl+Enter", page, primary=True
        )
        self.accept_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.accept_button, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(self.account)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.outlook.warning)  # a hold is in sight whatever is scrolled
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        return page

    def _build_form(self) -> QWidget:
        self.form = QWidget()
        self.form.setObjectName("applicationForm")
        self.grid = QGridLayout(self.form)
        self.grid.setContentsMargins(0, 0, 6, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(3, 2)
        self._rows = 0
        self._build_kind()
        self._build_applicant()
        self._whole(label(self.form, "section", self.tr("Documents received (* required)")))
        self.documents = DocumentsBox(self.form)
        self.documents.changed.connect(self._documents_changed)
        self._whole(self.documents)
        self.outlook = OutlookBox(self.form)
        self.outlook.changed.connect(self._restriction_ticked)
        self._whole(self.outlook)
        self.grid.setRowStretch(self._rows, 1)
        for edit in (self.name, self.phone, self.address, self.capacity):
            edit.textChanged.connect(self._edited)
        return self.form

    def _whole(self, widget: QWidget, *, first: int = 0) -> None:
        """``widget`` across the form from column ``first`` (0: under the captions too)."""
        self.grid.addWidget(widget, self._rows, first, 1, 4 - first)
        self._rows += 1

    def _line(self, caption: QLabel, widget: QWidget) -> None:
        self.grid.addWidget(caption, self._rows, 0)
        self._whole(widget, first=1)

    def _pair(self, first: tuple[QLabel, QWidget], second: tuple[QLabel, QWidget]) -> None:
        for column, part in enumerate((*first, *second)):
            self.grid.addWidget(part, self._rows, column)
        self._rows += 1

    def _build_kind(self) -> None:
        """Type, voltage and capacity, supply area and department."""
        form = self.form
        self.type_combo = self._combo(form, 12)
        for kind in ConnectionType:
            self.type_combo.addItem(subtype_word(kind.value), kind)
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.voltage_combo = self._combo(form, 6)
        for voltage, words in (
            (Voltage.LOW, self.tr("Low voltage")),
            (Voltage.HIGH_SINGLE, self.tr("HV, single source")),
            (Voltage.HIGH_DUAL, self.tr("HV, dual source")),
        ):
            self.voltage_combo.addItem(words, voltage)
        self.voltage_combo.currentIndexChanged.connect(self.schedule_preview)
        self.capacity = QLineEdit(form)
        self.capacity.setValidator(QIntValidator(1, 9_999_999, self.capacity))
        self.capacity.setMaxLength(7)
        self.capacity.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.area = QLineEdit(form)
        self.area.setMaxLength(32)
        self.area.setPlaceholderText(self.tr("e.g. QS-01"))
        self.area.textChanged.connect(self._area_changed)
        self.area.setMaximumWidth(self.area.fontMetrics().horizontalAdvance("QS-0000") + 24)
        self.department = self._combo(form, 6)
        self.voltage_caption = label(form, "caption", self.tr("Voltage"))
        self.capacity_caption = label(form, "caption", self.tr("kVA"))
        self.area_note = label(form, "note")
        self.area_note.setWordWrap(True)
        self._line(label(form, "caption", self.tr("Type")), self.type_combo)
        self._pair((self.voltage_caption, self.voltage_combo),
                   (self.capacity_caption, self.capacity))  # fmt: skip
        # An area code is short and a department's name long: they share a row as they need.
        place = QHBoxLayout()
        place.setSpacing(8)
        place.addWidget(self.area, 1)
        place.addWidget(label(form, "caption", self.tr("Dept.")))
        place.addWidget(self.department, 3)
        self.grid.addWidget(label(form, "caption", self.tr("Supply area")), self._rows, 0)
        self.grid.addLayout(place, self._rows, 1, 1, 3)
        self._rows += 1
        self._whole(self.area_note, first=1)

    @staticmethod
    def _combo(parent: QWidget, characters: int) -> QComboBox:
        """A combo box that may be narrower than its longest item (the column is narrow)."""
        combo = QComboBox(parent)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(characters)
        return combo

    def _build_applicant(self) -> None:
        """Person or organisation, the card reader, and the applicant's details."""
        form = self.form
        self.person_button = self._choice(self.tr("Person Alt+P"), organisation=False)
        self.organisation_button = self._choice(self.tr("Organisation Alt+O"), organisation=True)
        self.card_button = QPushButton(self.tr("Read ID card Alt+R"), form)
        self.card_button.setObjectName("reader")
        self.card_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.card_button.setAutoDefault(False)
        self.card_button.clicked.connect(self._read_card_pressed)
        choices = QHBoxLayout()
        choices.setContentsMargins(0, 6, 0, 0)
        choices.setSpacing(6)
        choices.addWidget(self.person_button)
        choices.addWidget(self.organisation_button)
        choices.addStretch(1)
        choices.addWidget(self.card_button)
        self.grid.addLayout(choices, self._rows, 0, 1, 4)
        self._rows += 1
        self.name = QLineEdit(form)
        self.name.setMaxLength(NAME_LIMIT)
        self.id_number = QLineEdit(form)
        self.id_number.setMaxLength(24)  # spaces typed between groups are tidied away
        self.id_number.textChanged.connect(self._check_identity)
        self.credit_code = QLineEdit(form)
        self.credit_code.setMaxLength(24)
        self.credit_code.textChanged.connect(self._check_identity)
        self.phone = QLineEdit(form)
        self.phone.setMaxLength(24)
        self.address = QLineEdit(form)
        self.address.setMaxLength(ADDRESS_LIMIT)
        self.name_caption = label(form, "caption", self.tr("Name"))
        self.id_caption = label(form, "caption", self.tr("ID number"))
        self.credit_caption = label(form, "caption", self.tr("Credit code"))
        self.identity_note = label(form, "note")
        self.identity_note.setWordWrap(True)
        self.card_note = label(form, "note", plain=True)
        self.card_note.setWordWrap(True)
        self._line(self.name_caption, self.name)
        self._line(self.id_caption, self.id_number)
        self._line(self.credit_caption, self.credit_code)
        self._whole(self.identity_note, first=1)
        self._whole(self.card_note, first=1)
        self._line(label(form, "caption", self.tr("Phone")), self.phone)
        self._line(label(form, "caption", self.tr("Address")), self.address)

    def _choice(self, text: str, *, organisation: bool) -> QPushButton:
        button = QPushButton(text, self.form)
        button.setObjectName("choice")
        button.setCheckable(True)
        button.setAutoDefault(False)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: self._set_organisation(organisation=organisation))
        return button

    def _shortcuts(self) -> None:
        def shortcut(keys: str, action: object) -> None:
            made = QShortcut(QKeySequence(keys), self)
            made.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            made.activated.connect(action)

        shortcut("Alt+R", self._read_card_pressed)
        shortcut("Alt+P", lambda: self._choose(organisation=False))
        shortcut("Alt+O", lambda: self._choose(organisation=True))
        shortcut("Ctrl+P", self._print_key)

    def _read_card_pressed(self) -> None:
        if self.state is FormState.ENTERING and not self.busy:
            self.read_id_card(quiet=False)

    def _choose(self, *, organisation: bool) -> None:
        if self.state is FormState.ENTERING and not self.busy:
            self._set_organisation(organisation=organisation)

    def _chain_tabs(self) -> None:
        """Tab in reading order; the buttons that have keys of their own are left out."""
        chain: list[QWidget] = [
            self.type_combo,
            self.voltage_combo,
            self.capacity,
            self.area,
            self.department,
            self.name,
            self.id_number,
            self.credit_code,
            self.phone,
            self.address,
            *self.documents.focus_chain(),
            self.outlook.still_applies,
            self.accept_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # Starting an application ---------------------------------------------------------------------

    def start(self, view: AccountView | None) -> None:
        """A new application (a new ``order_uid``), prefilled from ``view`` and the ID card."""
        self.view = view
        self.order_uid = new_uid()
        self.state = FormState.ENTERING
        self.busy = False
        self.accepted = None
        self.card_address = None
        self._focus_restriction = False
        self.type_combo.blockSignals(True)
        self.type_combo.setCurrentIndex(0)
        self.type_combo.blockSignals(False)
        self.voltage_combo.setCurrentIndex(self.voltage_combo.findData(Voltage.LOW))
        for edit in (self.capacity, self.area, self.id_number, self.credit_code):
            edit.clear()
        self.name.setText("" if view is None else view.name)
        self.phone.setText("" if view is None or view.phone is None else view.phone)
        self.address.setText("" if view is None else view.address)
        self.card_note.hide()
        self.documents.clear()
        self.outlook.clear()
        self._set_organisation(organisation=False)
        self._type_changed()
        if view is None:
            self.account.setText(self.tr("No account open: a new customer."))
        else:
            self.account.setText(f"{view.number} · {view.name}")
        self.message.hide()
        self._set_busy_look(busy=False)
        self.stack.setCurrentIndex(0)
        self.form_scroll.verticalScrollBar().setValue(0)
        self.read_id_card(quiet=True)
        account_id = None if view is None else view.account_id
        Op(self, partial(setup_job, self.host.engine, account_id), key=f"{self._keys}:setup") \
            .success(self._setup_arrived).failure(self._setup_failed).run()  # fmt: skip
        self._focus(self.type_combo)

    def _setup_arrived(self, setup: FormSetup) -> None:
        if self.state is not FormState.ENTERING:
            return
        current = self.department.currentText()
        self.department.clear()
        self.department.addItems(list(setup.departments))
        preferred = next(
            (i for i, name in enumerate(setup.departments) if PREFERRED_DEPARTMENT in name), 0
        )
        kept = self.department.findText(current) if current else -1
        self.department.setCurrentIndex(kept if kept >= 0 else preferred)
        if setup.area_code and not self.area.text().strip():
            self.area.setText(setup.area_code)
        self.run_preview()

    def _setup_failed(self, error: Exception) -> None:
        self.say(error_text(error))

    # The ID card and the applicant -------------------------------------------------------------

    def read_id_card(self, *, quiet: bool = False) -> bool:
        """Fill the applicant from the last ID card read (name, ID number, address).

        The address comes from the card only while the field is empty or still holds an
        earlier card's: an open account's address is the premises', which the card's household
        address (户籍地址) must not replace. ``quiet`` says nothing when no card was read.
        """
        card = self.host.last_id_card()
        if card is None:
            if not quiet:
                self._paint_card(
                    self.tr("No ID card read yet: put the card on the reader, then press Alt+R.")
                )
            return False
        self._set_organisation(organisation=False)
        self.name.setText(card.name)
        self.id_number.setText(card.id_number)
        typed = self.address.text().strip()
        text = self.tr("From the ID card: %1 %2").replace("%1", card.name)
        text = text.replace("%2", mask_id_number(card.id_number))
        if not typed or typed == self.card_address:
            self.address.setText(card.address)
            self.card_address = card.address
        else:
            text += " " + self.tr("The address kept is the premises' address.")
        self._paint_card(text)
        return True

    def _paint_card(self, text: str) -> None:
        self.card_note.setText(text)
        self.card_note.setVisible(bool(text))

    def _set_organisation(self, *, organisation: bool) -> None:
        """A person gives an ID number, an organisation its unified social credit code."""
        self.organisation = organisation
        self.person_button.setChecked(not organisation)
        self.organisation_button.setChecked(organisation)
        self.id_caption.setVisible(not organisation)
        self.id_number.setVisible(not organisation)
        self.credit_caption.setVisible(organisation)
        self.credit_code.setVisible(organisation)
        self.name_caption.setText(self.tr("Org. name") if organisation else self.tr("Name"))
        self.documents.set_organisation(organisation)
        self._check_identity()
        self._chain_tabs()

    def _check_identity(self) -> None:
        """The ID number (or credit code) as it is typed: a count, a tick or the reason."""
        edit = self.credit_code if self.organisation else self.id_number
        number = _compact(edit.text())
        if not number:
            self._paint(self.identity_note, "")
        elif len(number) < ID_LENGTH:
            text = self.tr("%1 of 18 characters").replace("%1", str(len(number)))
            self._paint(self.identity_note, text, MUTED_COLOUR)
        else:
            problem = identity_problem(number, organisation=self.organisation)
            if problem is not None:
                self._paint(self.identity_note, error_text(problem), PROBLEM_COLOUR)
            elif self.organisation:
                self._paint(self.identity_note, self.tr("✓ The credit code checks out"),
                            CHANGE_COLOUR)  # fmt: skip
            else:
                self._paint(self.identity_note, self.tr("✓ The ID number checks out"),
                            CHANGE_COLOUR)  # fmt: skip
        self._edited()

    def applicant(self) -> Applicant:
        """The applicant as typed; :class:`ApplicantError` names the field to fix."""
        number = self.credit_code.text() if self.organisation else self.id_number.text()
        return Applicant(
            self.name.text(),
            self.phone.text(),
            self.address.text(),
            id_number=None if self.organisation else number,
            credit_code=number if self.organisation else None,
        )

    # Type, voltage, area and the dates -----------------------------------------------------------

    def kind(self) -> ConnectionType:
        return ConnectionType(self.type_combo.currentData())

    def voltage(self) -> Voltage:
        return Voltage(self.voltage_combo.currentData())

    def _type_changed(self) -> None:
        kind = self.kind()
        fixed = FIXED_VOLTAGE.get(kind)
        if fixed is not None:
            self.voltage_combo.setCurrentIndex(self.voltage_combo.findData(fixed))
        self.voltage_combo.setEnabled(fixed is None)
        self.voltage_caption.setText(
            self.tr("Supply now") if kind in CHANGE_TYPES else self.tr("Voltage")
        )
        asks_capacity = kind in CAPACITY_TYPES
        self.capacity.setEnabled(asks_capacity)
        if not asks_capacity:
            self.capacity.clear()
        self.capacity.setPlaceholderText("" if asks_capacity else "—")
        self.capacity_caption.setText(
            self.tr("kVA after") if kind is ConnectionType.CAPACITY_DECREASE else self.tr("kVA")
        )
        self.documents.set_kind(kind, organisation=self.organisation)
        self._chain_tabs()
        self.schedule_preview()

    def _area_changed(self) -> None:
        area = self.area.text().strip()
        if area and not AREA_CODE.fullmatch(area):
            self._paint(self.area_note, self.tr("An area code is letters, digits, - or _."),
                        PROBLEM_COLOUR)  # fmt: skip
        else:
            self._paint(self.area_note, "")
        self.schedule_preview()

    def schedule_preview(self) -> None:
        """Work the dates out again a moment after the last change (not on every key)."""
        if self.state is not FormState.ENTERING:
            return
        self.outlook.show_waiting()
        self.preview_timer.start()
        self._edited()

    def run_preview(self) -> None:
        self.preview_timer.stop()
        if self.state is not FormState.ENTERING:
            return
        job = partial(outlook_job, self.host.engine, self.kind(), self.voltage(),
                      self.area.text().strip(), self.host.clock())  # fmt: skip
        Op(self, job, key=f"{self._keys}:outlook").success(self._preview_arrived).failure(
            self._preview_failed
        ).run()

    def _preview_arrived(self, preview: Preview) -> None:
        if self.state is not FormState.ENTERING:
            return
        current = (self.kind(), self.voltage(), self.area.text().strip())
        if (preview.kind, preview.voltage, preview.area_code) != current:
            return  # the clerk changed something since: a newer preview is on its way
        self.outlook.show_preview(preview)
        self._chain_tabs()
        if self._focus_restriction and self.outlook.restricted:
            self._focus_restriction = False
            self._focus(self.outlook.still_applies)

    @property
    def previewed(self) -> bool:
        """Whether the dates shown are those of the type, voltage and area in the form now."""
        preview = self.outlook.preview
        return (
            preview is not None
            and not self.preview_timer.isActive()
            and (preview.kind, preview.voltage, preview.area_code)
            == (self.kind(), self.voltage(), self.area.text().strip())
        )

    def _preview_failed(self, error: Exception) -> None:
        self.outlook.show_failed()
        self.say(error_text(error))

    def _restriction_ticked(self) -> None:
        if self.outlook.confirmed():
            self.message.hide()

    def _documents_changed(self) -> None:
        self._chain_tabs()
        self._edited()

    def _edited(self) -> None:
        """Something changed: an earlier refusal no longer describes the form."""
        if self.state is FormState.ENTERING and not self.busy:
            self.message.hide()

    # Accepting ---------------------------------------------------------------------------------

    def request(self) -> ApplicationIn:
        """The application as typed; :class:`ApplicantError` for a bad applicant detail."""
        capacity = self.capacity.text().strip()
        return ApplicationIn(
            order_uid=self.order_uid,
            kind=self.kind(),
            voltage=self.voltage(),
            applicant=self.applicant(),
            area_code=self.area.text().strip(),
            account_id=None if self.view is None else self.view.account_id,
            requested_capacity_kva=int(capacity) if capacity.isdigit() else None,
            documents=self.documents.received(),
            department=self.department.currentText(),
            waiting_on_customer=self.documents.waiting_on_customer(),
            # Only the hold the clerk has seen for this very area: a stale tick never counts.
            accept_restricted=self.previewed
            and self.outlook.restricted
            and self.outlook.confirmed(),
        )

    def accept(self) -> None:
        """What Ctrl+Enter does: accept the application, once; or close the task when done."""
        if self.state is FormState.DONE:
            self.close_task()
            return
        if self.state is not FormState.ENTERING or self.busy:
            return
        clerk = self.host.clerk()
        if clerk is None:
            self.say(self.tr("No clerk is signed in: sign in, then accept."))
            return
        try:
            request = self.request()
        except ApplicantError as error:
            self.refuse(error)
            return
        if self.previewed and not self.outlook.confirmed():
            self.say(self.tr("New connections in this area are on hold: tell the customer the "
                             "expected date, then tick that they still apply."))  # fmt: skip
            self._focus(self.outlook.still_applies)
            return
        self.message.hide()
        self.set_busy(True)
        job = partial(accept_job, self.host.engine, clerk, request, self.host.clock())
        Op(self, job).success(self._accepted).failure(self._failed).run()

    def _failed(self, error: Exception) -> None:
        self.set_busy(False)
        self.refuse(error)

    def refuse(self, error: Exception) -> None:
        """Show a refusal under the form, the cursor in the field it names; nothing changes."""
        self.say(error_text(error))
        if isinstance(error, RestrictedAreaError):
            self._focus_restriction = True  # the warning appears with the fresh dates
            self.run_preview()
            return
        field = error.params.get("field") if isinstance(error, CounterError) else None
        widget = self._field_widget(field)
        if widget is not None:
            self._focus(widget)

    def _field_widget(self, field: str | None) -> QWidget | None:
        identity = self.credit_code if self.organisation else self.id_number
        widgets: dict[str, QWidget] = {
            "name": self.name,
            "id_number": identity,
            "credit_code": identity,
            "phone": self.phone,
            "address": self.address,
            "voltage": self.voltage_combo,
            "area_code": self.area,
            "requested_capacity_kva": self.capacity,
            "department": self.department,
            "documents": self.documents.first_missing_box(),
        }
        return None if field is None else widgets.get(field)

    def _accepted(self, accepted: Accepted) -> None:
        self.busy = False
        self._set_busy_look(busy=False)
        self.state = FormState.DONE
        self.accepted = accepted
        self.done_view.show_accepted(accepted, subtype_word(accepted.order.subtype))
        self.stack.setCurrentWidget(self.done_view)
        self.host.printed()  # the slip's print job is queued
        self.host.orders_changed()
        self._focus(self.done_view.done_button)

    def set_busy(self, busy: bool) -> None:
        """While the application is being written, Enter and Esc do nothing."""
        if busy == self.busy:
            return
        self.busy = busy
        if busy:
            self.setFocus(Qt.FocusReason.OtherFocusReason)  # keeps Enter here
        self._set_busy_look(busy=busy)

    def _set_busy_look(self, *, busy: bool) -> None:
        self.form.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.accept_button.setEnabled(not busy)
        self.accept_button.set_label(
            self.tr("Accepting…") if busy else self.tr("Accept application")
        )

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # After acceptance ----------------------------------------------------------------------------

    def print_notice(self) -> None:
        """The A4 acceptance notice (受理通知), laid out on the worker and shown in the preview."""
        accepted = self.accepted
        if self.state is not FormState.DONE or accepted is None:
            return
        if not self.done_view.print_button.isEnabled():
            return
        self.done_view.set_printing(busy=True)
        Op(self, partial(notice_job, accepted.slip), key=f"{self._keys}:notice").success(
            partial(self._notice_ready, accepted.order.order_no)
        ).failure(self._notice_failed).run()

    def _notice_ready(self, order_no: str, pdf: bytes) -> None:
        self.done_view.set_printing(busy=False)
        title = self.tr("Acceptance notice %1").replace("%1", order_no)
        self.host.show_pdf(pdf, title, f"{order_no}.pdf")

    def _notice_failed(self, error: Exception) -> None:
        self.done_view.set_printing(busy=False)
        self.done_view.show_error(error_text(error))

    def _print_key(self) -> None:
        if self.state is FormState.DONE:
            self.print_notice()

    def close_task(self) -> None:
        accepted = self.accepted
        if self.state is not FormState.DONE or accepted is None:
            return
        self.state = FormState.IDLE
        order_no = accepted.order.order_no
        if accepted.missing:
            text = self.tr("Application %1 accepted, paused for missing documents")
        else:
            text = self.tr("Application %1 accepted")
        self.finished.emit(text.replace("%1", order_no))

    def back_out(self) -> None:
        """What Esc does: cancel before accepting, close the task after."""
        if self.busy:
            return
        if self.state is FormState.DONE:
            self.close_task()
        elif self.state is FormState.ENTERING:
            self.state = FormState.IDLE
            self.preview_timer.stop()
            self.cancelled.emit()

    # Keys and focus ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        control = modifiers == Qt.KeyboardModifier.ControlModifier
        if key in ENTER_KEYS and control:
            event.accept()
            self.accept()
        elif key in ENTER_KEYS and plain:
            event.accept()
            self._enter()
        elif key == Qt.Key.Key_Escape and plain:
            event.accept()
            self.back_out()
        else:
            super().keyPressEvent(event)

    def _enter(self) -> None:
        """Enter presses the button in focus, else moves to the next field."""
        if self.busy:
            return
        if self.state is FormState.DONE:
            focused = QApplication.focusWidget()
            if focused is self.done_view.print_button:
                self.print_notice()
            else:
                self.close_task()
            return
        if self.state is not FormState.ENTERING:
            return
        focused = QApplication.focusWidget()
        if focused is self.accept_button:
            self.accept()
        elif isinstance(focused, QAbstractButton) and not isinstance(focused, QCheckBox):
            focused.click()
        else:
            self.focusNextChild()
            now = QApplication.focusWidget()
            if now is not None and self.form.isAncestorOf(now):
                self.form_scroll.ensureWidgetVisible(now)

    def _focus(self, widget: QWidget) -> None:
        """Put the keyboard in ``widget`` (its text selected), once the form is on screen."""
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        self._pending_focus = widget
        if not self.isVisible():
            return
        self._pending_focus = None
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.form.isAncestorOf(widget):
            self.form_scroll.ensureWidgetVisible(widget)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        pending = self._pending_focus
        if pending is not None and shiboken6.isValid(pending):
            self._focus(pending)

    @staticmethod
    def _paint(note: QLabel, text: str, colour: str = MUTED_COLOUR) -> None:
        note.setText(text)
        note.setStyleSheet(f"color: {colour};")
        note.setVisible(bool(text))
