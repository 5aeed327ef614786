"""Opening and closing a shift (收费班次, 轧账), and the X reading in between.

Why the closing count is blind (盲点): the clerk counts the drawer and copies the card terminal's
and the QR platform's settlement totals without seeing what the system expects, so the count is a
count and not a copy of the expected figure. Only after the clerk confirms does the service compare;
a difference above the hall's limit comes back as
:class:`~counterdesk.services.shifts.ApprovalRequiredError` with the difference per tender, shown as
长款/短款 and an amount (never a bare minus), and the shift closes once the clerk gives a reason
and a manager approves. The service then queues the numbered Z report for the receipt printer.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Final

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget
from sqlalchemy import Engine

from counterdesk.documents.receipts import ShiftSlip, Tender
from counterdesk.domain.money import AmountError, Fen, format_plain, parse_amount
from counterdesk.services import shifts
from counterdesk.services.auth import Approval, SignedIn
from counterdesk.services.common import local
from counterdesk.services.shifts import ApprovalRequiredError, Shift, ShiftTotals
from ui.approval import ApprovalDialog
from ui.counter_dialog import (
    Clock,
    CounterDialog,
    amount_field,
    amount_problem_text,
    button_row,
    chain_tab_order,
    difference_text,
    field,
    tender_word,
    utc_now,
)
from ui.messages import error_text
from ui.operations import Op
from ui.widgets import KeyButton, label

DEFAULT_FLOAT_FEN: Final = 50_000
"""¥500.00: what most halls put in a drawer; the clerk types over it."""

OVER_COLOUR: Final = "#175CD3"
SHORT_COLOUR: Final = "#B54708"


def open_job(engine: Engine, clerk: SignedIn, float_fen: Fen, now: datetime) -> Shift:
    """Runs on the worker: open the clerk's shift in one transaction."""
    with engine.begin() as connection:
        return shifts.open_shift(connection, clerk, float_fen=float_fen, now=now)


class OpenShiftDialog(CounterDialog):
    """The float (备用金) the drawer starts with; Enter opens the shift.

    The amount comes pre-filled and selected, so typing replaces it (UI.md "Money").

    Signals:
        shift_opened(Shift): the shift is open; also kept in :attr:`shift`.
    """

    shift_opened = Signal(object)

    def __init__(
        self,
        engine: Engine,
        clerk: SignedIn,
        parent: QWidget | None = None,
        *,
        float_fen: Fen = DEFAULT_FLOAT_FEN,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(engine, parent, clock=clock)
        self.clerk = clerk
        self.shift: Shift | None = None
        self.setWindowTitle(self.tr("Open shift"))
        who = self.tr("Clerk %1 %2").replace("%1", clerk.number).replace("%2", clerk.name)
        self.amount = amount_field(self, point_size=18)
        self.amount.setText(format_plain(float_fen))
        self.amount.selectAll()
        amount_row = QHBoxLayout()
        amount_row.addWidget(label(self, "bigFact", "¥"))
        amount_row.addWidget(self.amount, 1)
        self.open_button = KeyButton(self.tr("Open shift"), "Enter", self, primary=True)
        self.open_button.clicked.connect(self.open_shift)
        self.cancel_button = KeyButton(self.tr("Cancel"), "Esc", self)
        self.cancel_button.clicked.connect(self.reject)
        note = label(
            self,
            "note",
            self.tr("Count the float in the drawer before you open; it is printed on the X and Z "
                    "reports and counted back at closing."),
        )  # fmt: skip
        note.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(label(self, "dialogTitle", self.tr("Open shift")))
        layout.addWidget(label(self, "caption", who, plain=True))
        layout.addSpacing(6)
        layout.addWidget(label(self, "sectionTitle", self.tr("Float in the drawer")))
        layout.addLayout(amount_row)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addSpacing(4)
        layout.addLayout(button_row(self.open_button, self.cancel_button))
        self.setMinimumWidth(440)
        chain_tab_order([self.amount, self.open_button, self.cancel_button])
        self.amount.setFocus()

    def enter_pressed(self) -> None:
        self.open_shift()

    def open_shift(self) -> None:
        if self.busy:
            return
        try:
            float_fen = parse_amount(
                self.amount.text(), maximum_fen=shifts.MAX_FLOAT_FEN, allow_zero=True
            )
        except AmountError as error:
            self.say(amount_problem_text(error))
            self.amount.setFocus()
            self.amount.selectAll()
            return
        self.clear_message()
        self.run_op(
            partial(open_job, self.engine, self.clerk, float_fen, self.clock()), self._opened
        )

    def busy_changed(self, busy: bool) -> None:
        for widget in (self.amount, self.open_button, self.cancel_button):
            widget.setEnabled(not busy)
        self.open_button.set_label(self.tr("Opening…") if busy else self.tr("Open shift"))

    def _opened(self, shift: Shift) -> None:
        self.shift = shift
        self.shift_opened.emit(shift)
        self.accept()


# --- closing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShiftToClose:
    """What the closing dialog needs to ask for: the shift and which tenders it took."""

    shift: Shift
    totals: ShiftTotals

    def tenders(self) -> list[Tender]:
        """Cash always (the drawer), then each other tender the shift took, in the usual order."""
        taken = {total.tender for total in self.totals.tenders}
        return [Tender.CASH, *(t for t in Tender if t is not Tender.CASH and t in taken)]

    def payments(self, tender: Tender) -> int:
        return next((t.count for t in self.totals.tenders if t.tender is tender), 0)


def shift_to_close_job(engine: Engine, clerk: SignedIn) -> ShiftToClose | None:
    """Runs on the worker: the clerk's open shift and its tenders, or ``None``."""
    with engine.connect() as connection:
        shift = shifts.current_shift(connection, clerk)
        if shift is None:
            return None
        return ShiftToClose(shift, shifts.totals(connection, shift.id))


def close_job(
    engine: Engine,
    clerk: SignedIn,
    *,
    counted: Mapping[Tender, Fen],
    reason: str,
    approval: Approval | None,
    now: datetime,
) -> ShiftSlip:
    """Runs on the worker: close the shift and queue its Z report, in one transaction."""
    with engine.begin() as connection:
        return shifts.close_shift(
            connection, clerk, counted=counted, now=now, reason=reason, approval=approval
        )


class Stage(enum.Enum):
    LOADING = "loading"
    COUNT = "count"
    DIFFERENCE = "difference"
    DONE = "done"
    NO_SHIFT = "no_shift"


class CloseShiftDialog(CounterDialog):
    """Closing a shift: the blind count, a reason and approval when it differs, then the Z report.

    Enter moves down the count fields and closes from the last one; when the count differs by more
    than the limit, the differences show, Enter in the reason asks a manager
    (:class:`~ui.approval.ApprovalDialog`) and the close is tried again with both. On success the Z
    number shows and Enter (or Esc) accepts. Editing a count after the differences showed goes
    back to the count.

    Signals:
        shift_closed(ShiftSlip): the shift is closed and its Z report queued; also in :attr:`slip`.
    """

    shift_closed = Signal(object)

    def __init__(
        self,
        engine: Engine,
        clerk: SignedIn,
        parent: QWidget | None = None,
        *,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(engine, parent, clock=clock)
        self.clerk = clerk
        self.stage = Stage.LOADING
        self.to_close: ShiftToClose | None = None
        self.counts: dict[Tender, QLineEdit] = {}
        self.counted: dict[Tender, Fen] = {}
        self.differences_fen: dict[Tender, Fen] = {}
        self.slip: ShiftSlip | None = None
        self.approval_dialog: ApprovalDialog | None = None
        self.setWindowTitle(self.tr("Close shift"))

        self.heading = label(self, "caption", self.tr("Reading the shift…"), plain=True)
        self.count_grid = QGridLayout()
        self.count_grid.setHorizontalSpacing(12)
        self.count_grid.setVerticalSpacing(8)
        self.count_grid.setColumnStretch(2, 1)
        intro = label(
            self,
            "note",
            self.tr("Count the drawer, float included, and copy the totals from the card "
                    "terminal's and the QR platform's settlement. The expected amounts are shown "
                    "only after you confirm."),
        )  # fmt: skip
        intro.setWordWrap(True)
        self.differences = self._build_differences()
        self.reason = field(self, self.tr("e.g. change given wrongly to a customer"))
        self.reason.setMaxLength(100)
        self.reason_title = label(self, "sectionTitle", self.tr("Reason for the difference"))
        self.done_box = self._build_done()

        self.close_button = KeyButton(self.tr("Close shift"), "Enter", self, primary=True)
        self.close_button.clicked.connect(self.confirm)
        self.cancel_button = KeyButton(self.tr("Cancel"), "Esc", self)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(label(self, "dialogTitle", self.tr("Close shift")))
        layout.addWidget(self.heading)
        layout.addWidget(intro)
        layout.addLayout(self.count_grid)
        layout.addWidget(self.differences)
        layout.addWidget(self.reason_title)
        layout.addWidget(self.reason)
        layout.addWidget(self.done_box)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addLayout(button_row(self.close_button, self.cancel_button))
        self.setMinimumWidth(520)
        self._show_stage(Stage.LOADING)
        self.run_op(partial(shift_to_close_job, engine, clerk), self._loaded)

    def _build_differences(self) -> QFrame:
        box = QFrame(self)
        box.setObjectName("summary")
        self.difference_grid = QGridLayout(box)
        self.difference_grid.setContentsMargins(14, 10, 14, 10)
        self.difference_grid.setHorizontalSpacing(24)
        self.difference_grid.setVerticalSpacing(4)
        return box

    def _build_done(self) -> QFrame:
        box = QFrame(self)
        box.setObjectName("summary")
        self.z_label = label(box, "customerName", plain=True)
        self.done_note = label(box, "note")
        self.done_note.setWordWrap(True)
        inside = QVBoxLayout(box)
        inside.setContentsMargins(16, 12, 16, 12)
        inside.addWidget(label(box, "caption", self.tr("Z report")))
        inside.addWidget(self.z_label)
        inside.addWidget(self.done_note)
        return box

    # --- stages -----------------------------------------------------------------------------

    def _show_stage(self, stage: Stage) -> None:
        self.stage = stage
        differing = stage is Stage.DIFFERENCE
        self.differences.setVisible(differing)
        self.reason_title.setVisible(differing)
        self.reason.setVisible(differing)
        self.done_box.setVisible(stage is Stage.DONE)
        self.cancel_button.setVisible(stage is not Stage.DONE)
        self.close_button.setEnabled(stage in (Stage.COUNT, Stage.DIFFERENCE, Stage.DONE))
        for edit in self.counts.values():
            edit.setEnabled(stage in (Stage.COUNT, Stage.DIFFERENCE))
        self.close_button.set_label(self._button_text())

    def _button_text(self) -> str:
        if self.busy:
            return self.tr("Closing…") if self.stage is not Stage.LOADING else self.tr("Reading…")
        if self.stage is Stage.DIFFERENCE:
            return self.tr("Ask a manager to approve")
        if self.stage is Stage.DONE:
            return self.tr("Done")
        return self.tr("Close shift")

    def busy_changed(self, busy: bool) -> None:
        editable = not busy and self.stage in (Stage.COUNT, Stage.DIFFERENCE)
        for widget in (*self.counts.values(), self.reason):
            widget.setEnabled(editable)
        self.close_button.setEnabled(not busy and self.stage is not Stage.NO_SHIFT)
        self.cancel_button.setEnabled(not busy)
        self.close_button.set_label(self._button_text())

    def _loaded(self, found: ShiftToClose | None) -> None:
        if found is None:
            self.heading.setText(self.tr("No shift of yours is open on this terminal."))
            self.say(self.tr("There is nothing to close. Press Esc to go back."), "info")
            self._show_stage(Stage.NO_SHIFT)
            return
        self.to_close = found
        shift = found.shift
        opened = local(shift.opened_at)
        self.heading.setText(
            self.tr("Shift %1 · clerk %2 · opened %3")
            .replace("%1", shift.shift_no)
            .replace("%2", shift.clerk_no)
            .replace("%3", f"{opened:%Y-%m-%d %H:%M}")
        )
        for row, tender in enumerate(found.tenders()):
            edit = amount_field(self)
            edit.setPlaceholderText("0.00")
            edit.textEdited.connect(self._count_edited)
            if tender is Tender.CASH:
                note = self.tr("the whole drawer, float included")
            else:
                note = self.tr("%n payment(s)", "", found.payments(tender))
            cells = (
                (label(self, "sectionTitle", tender_word(tender)), 0),
                (label(self, "note", note), 1),
                (label(self, "bigFact", "¥"), 3),
                (edit, 4),
            )
            for widget, column in cells:
                self.count_grid.addWidget(widget, row, column)
                # Shown now, not when the layout gets round to it: focus needs a shown field.
                widget.setVisible(True)
            self.counts[tender] = edit
        edits = list(self.counts.values())
        chain_tab_order([*edits, self.reason, self.close_button, self.cancel_button])
        self._show_stage(Stage.COUNT)
        edits[0].setFocus()

    def _count_edited(self, _text: str) -> None:
        if self.stage is Stage.DIFFERENCE:
            self.clear_message()
            self._show_stage(Stage.COUNT)

    # --- keys and acts ----------------------------------------------------------------------

    def enter_pressed(self) -> None:
        focused = self.focusWidget()
        edits = list(self.counts.values())
        if self.stage is Stage.COUNT and isinstance(focused, QLineEdit) and focused in edits[:-1]:
            following = edits[edits.index(focused) + 1]
            following.setFocus()
            following.selectAll()
            return
        self.confirm()

    def reject(self) -> None:
        if self.stage is Stage.DONE:
            self.accept()
            return
        super().reject()

    def confirm(self) -> None:
        """What the primary button does at this stage: close, ask for approval, or finish."""
        if self.busy:
            return
        if self.stage is Stage.DONE:
            self.accept()
        elif self.stage is Stage.COUNT:
            self._close_counted()
        elif self.stage is Stage.DIFFERENCE:
            self._ask_approval()

    def _read_counts(self) -> dict[Tender, Fen] | None:
        counted: dict[Tender, Fen] = {}
        for tender, edit in self.counts.items():
            if not edit.text().strip():
                self.say(
                    self.tr("Enter the counted amount for %1 (0 if there is none).").replace(
                        "%1", tender_word(tender)
                    )
                )
                edit.setFocus()
                return None
            try:
                counted[tender] = parse_amount(edit.text(), allow_zero=True)
            except AmountError as error:
                self.say(f"{tender_word(tender)}: {amount_problem_text(error)}")
                edit.setFocus()
                edit.selectAll()
                return None
        return counted

    def _close_counted(self) -> None:
        counted = self._read_counts()
        if counted is None:
            return
        self.counted = counted
        self.clear_message()
        self.run_op(
            partial(
                close_job,
                self.engine,
                self.clerk,
                counted=counted,
                reason="",
                approval=None,
                now=self.clock(),
            ),
            self._closed,
            self._close_refused,
        )

    def _close_refused(self, error: Exception) -> None:
        if not isinstance(error, ApprovalRequiredError):
            self.show_error(error)
            return
        self._show_differences(error.differences)
        self.say(error_text(error))
        self._show_stage(Stage.DIFFERENCE)
        self.reason.setFocus()
        self.reason.selectAll()

    def _show_differences(self, differences: Mapping[Tender, Fen]) -> None:
        order = list(Tender)
        self.differences_fen = dict(sorted(differences.items(), key=lambda kv: order.index(kv[0])))
        while (item := self.difference_grid.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        grid = self.difference_grid
        grid.addWidget(label(self.differences, "caption", self.tr("Your count against the shift")),
                       0, 0, 1, 2)  # fmt: skip
        for row, (tender, fen) in enumerate(self.differences_fen.items(), start=1):
            words = label(self.differences, "bigFact", difference_text(fen))
            colour = OVER_COLOUR if fen > 0 else SHORT_COLOUR if fen < 0 else "#344054"
            words.setStyleSheet(f"color: {colour};")
            grid.addWidget(label(self.differences, "fact", tender_word(tender)), row, 0)
            grid.addWidget(words, row, 1)
        grid.setColumnStretch(1, 1)

    def difference_summary(self) -> str:
        """The differences in one line each, as the approving manager reads them."""
        return "\n".join(
            f"{tender_word(tender)}  {difference_text(fen)}"
            for tender, fen in self.differences_fen.items()
        )

    def _ask_approval(self) -> None:
        reason = self.reason.text().strip()
        if len(reason) < 2:
            self.say(self.tr("Give the reason for the difference; it is printed on the Z report."))
            self.reason.setFocus()
            return
        assert self.to_close is not None  # the count stage needs a shift
        summary = "\n".join(
            (
                self.tr("Close shift %1 of clerk %2 with a difference:")
                .replace("%1", self.to_close.shift.shift_no)
                .replace("%2", f"{self.clerk.number} {self.clerk.name}"),
                self.difference_summary(),
                self.tr("Reason: %1").replace("%1", reason),
            )
        )
        dialog = ApprovalDialog(
            self.engine, self.clerk, shifts.CLOSE_ACT, summary, self, clock=self.clock
        )
        dialog.approved.connect(partial(self._close_approved, reason))
        dialog.rejected.connect(self._approval_cancelled)
        self.approval_dialog = dialog
        dialog.open()

    def _approval_cancelled(self) -> None:
        self.say(self.tr("Not closed: this difference needs a manager's approval."))
        self.reason.setFocus()

    def _close_approved(self, reason: str, approval: Approval) -> None:
        self.clear_message()
        self.run_op(
            partial(close_job, self.engine, self.clerk, counted=self.counted, reason=reason,
                    approval=approval, now=self.clock()),
            self._closed,
        )  # fmt: skip

    def _closed(self, slip: ShiftSlip) -> None:
        self.slip = slip
        self.z_label.setText(slip.z_no)
        self.done_note.setText(
            self.tr("Shift %1 is closed. The Z report is printing on the receipt printer.").replace(
                "%1", slip.shift_no
            )
        )
        self.clear_message()
        self._show_stage(Stage.DONE)
        self.close_button.setFocus()
        self.shift_closed.emit(slip)


# --- the X reading --------------------------------------------------------------------------


def x_report_job(engine: Engine, clerk: SignedIn, now: datetime) -> ShiftSlip:
    """Runs on the worker: queue the X reading of the clerk's open shift; changes nothing else."""
    with engine.begin() as connection:
        return shifts.x_report(connection, clerk, now=now)


def print_x_report(
    parent: QWidget,
    engine: Engine,
    clerk: SignedIn,
    report: Callable[[str, bool], object],
    *,
    clock: Clock = utc_now,
) -> None:
    """Queue the X reading (中间读数) on ``parent``'s worker and tell ``report(text, ok)`` after.

    ``parent`` must sit in a window that has an :class:`~ui.operations.OpRunner`; the text is the
    sentence for the status bar: the shift and that the reading is printing, or the refusal.
    """

    def printed(slip: ShiftSlip) -> None:
        report(
            QCoreApplication.translate(
                "ShiftDialogs", "X reading of shift %1 is printing."
            ).replace("%1", slip.shift_no),
            True,
        )

    Op(parent, partial(x_report_job, engine, clerk, clock())).success(printed).failure(
        lambda error: report(error_text(error), False)
    ).run()
