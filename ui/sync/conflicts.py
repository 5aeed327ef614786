# Qt calls its virtual methods by their camelCase names (rowCount, headerData…).
# ruff: noqa: N802
"""The conflict inbox (冲突处理): operations HQ parked, and a manager's retry or dismissal.

Why a manager and why on the spot: a parked operation is money or a meter that HQ could not book
as the terminal saw it (a meter another hall changed first, an account HQ does not know).
Retrying it books it after HQ's records were put right; dismissing it drops it for good (the other
hall's meter change stands). Either changes the books, so, as a reversal does, it needs a manager
to type their number and password at this counter (:class:`~ui.approval.ApprovalDialog`,
:data:`~counterdesk.domain.permissions.Permission.APPROVE`), and the approval is used up and the
decision written to the audit chain on this terminal, beside the decision HQ records.

Where the work runs: listing and resolving are HTTP calls to HQ, which can take the HTTP timeout
when the link is bad, so they run on the sync page's own worker (``counterdesk-hq``), never on
the window's database worker: a slow HQ must not hold up the clerk's next search.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QAbstractTableModel, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterdesk.domain.money import format_yuan
from counterdesk.domain.permissions import Permission
from counterdesk.services.auth import Approval, SignedIn, consume_approval
from counterdesk.services.common import CounterError
from counterdesk.store import audit
from counterdesk.sync.client import RefusedSyncError
from counterdesk.sync.protocol import Conflict, Resolve
from ui.counter_dialog import field
from ui.messages import error_text
from ui.operations import Op, OpRunner
from ui.sync.words import code_word, kind_word, knows_code, when_text
from ui.widgets import ROOT, IndexType, KeyButton, label, read_only_table

if TYPE_CHECKING:
    from counterdesk.sync.engine import SyncEngine

RESOLVE_ACT: Final = "sync.resolve"
"""The act a manager approves for a retry or a dismissal (the audit chain's ``act``)."""
RESOLVE_PERMISSION: Final = Permission.APPROVE
"""The reversal's permission: a parked payment is undone or booked, as a reversal is."""
MAX_NOTE: Final = 500


# --- the work, on the HQ worker ---------------------------------------------------------------


def conflicts_job(sync: SyncEngine) -> list[Conflict]:
    """Runs on the HQ worker: the open conflicts of this terminal's hall, oldest first."""
    return sorted(sync.conflicts("open"), key=lambda conflict: (conflict.received_at, conflict.id))


def resolve_job(
    db: Engine,
    sync: SyncEngine,
    *,
    clerk: SignedIn,
    approval: Approval,
    conflict: Conflict,
    decision: Resolve,
    now: datetime,
) -> Conflict:
    """Runs on the HQ worker: use the manager's approval, tell HQ, write the audit entry.

    The approval is used up before HQ is asked, so an approval is never good for two decisions
    even when HQ does not answer; the audit entry is written once HQ has decided, with what it
    decided. Nothing else on this terminal changes: HQ owns the parked operation.
    """
    with db.begin() as connection:
        consume_approval(
            connection, approval, permission=RESOLVE_PERMISSION, act=RESOLVE_ACT, now=now, by=clerk
        )
    resolved = sync.resolve(conflict.id, decision)
    with db.begin() as connection:
        audit.append(
            connection, at=now, actor=clerk.number, action=f"sync.conflict_{decision.action}",
            subject=str(conflict.op_id),
            detail={"conflict_id": conflict.id, "terminal_id": conflict.terminal_id,
                    "terminal_seq": conflict.terminal_seq, "kind": conflict.kind,
                    "code": conflict.code, "approved_by": approval.manager_no,
                    "note": decision.note, "state": resolved.state,
                    "resolution": resolved.resolution},
        )  # fmt: skip
    return resolved


# --- words for one conflict -------------------------------------------------------------------


def failure_text(error: Exception) -> str:
    """A refusal of this terminal's services in the clerk's words; HQ's and the network's
    failures in their own English, which IT needs word for word."""
    if isinstance(error, CounterError):
        return error_text(error)
    return str(error) or type(error).__name__


def reference_text(conflict: Conflict) -> str:
    """What the operation was about, as the hall names it: receipt, order or account number,
    and a payment's amount."""
    payload: dict[str, Any] = conflict.payload
    for key in ("receipt_no", "reversal_no", "order_no", "shift_no", "account_no", "meter_no"):
        value = payload.get(key)
        if isinstance(value, str) and value:
            amount = payload.get("received_fen")
            if isinstance(amount, int) and not isinstance(amount, bool):
                return f"{value} · {format_yuan(amount)}"
            return value
    return ""


# --- the model --------------------------------------------------------------------------------


class Column(enum.IntEnum):
    TIME = 0
    TERMINAL = 1
    KIND = 2
    REFERENCE = 3
    REASON = 4
    MESSAGE = 5


REASON_COLOUR: Final = "#B42318"


class ConflictModel(QAbstractTableModel):
    """Open conflicts, one row each: time, terminal, kind and reason in words, HQ's message."""

    def __init__(self, clock: Callable[[], datetime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.conflicts: list[Conflict] = []
        self.headers = [
            self.tr("Time"),
            self.tr("Terminal"),
            self.tr("Operation"),
            self.tr("Receipt / order"),
            self.tr("Reason"),
            self.tr("HQ's message"),
        ]

    def set_conflicts(self, conflicts: Sequence[Conflict]) -> None:
        self.beginResetModel()
        self.conflicts = list(conflicts)
        self.endResetModel()

    def conflict(self, row: int) -> Conflict | None:
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def row_of(self, conflict_id: int) -> int:
        return next((row for row, c in enumerate(self.conflicts) if c.id == conflict_id), -1)

    def rowCount(self, parent: IndexType = ROOT) -> int:
        return 0 if parent.isValid() else len(self.conflicts)

    def columnCount(self, parent: IndexType = ROOT) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def text(self, conflict: Conflict, column: Column) -> str:
        if column is Column.TIME:
            return when_text(conflict.business_time, self.clock())
        if column is Column.TERMINAL:
            return conflict.terminal_id
        if column is Column.KIND:
            return kind_word(conflict.kind, conflict.payload)
        if column is Column.REFERENCE:
            return reference_text(conflict)
        if column is Column.REASON:
            return code_word(conflict.code, conflict.message)
        return conflict.message

    def data(self, index: IndexType, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        conflict = self.conflict(index.row()) if index.isValid() else None
        if conflict is None:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(conflict, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tip(conflict, column)
        if role == Qt.ItemDataRole.ForegroundRole and column is Column.REASON:
            return QBrush(QColor(REASON_COLOUR))
        return None

    def tip(self, conflict: Conflict, column: Column) -> str | None:
        """HQ's own words behind the translated ones (the code of a reason this program does not
        know), and when HQ received the operation."""
        if column is Column.REASON and not knows_code(conflict.code):
            return conflict.code
        if column in (Column.MESSAGE, Column.REASON):
            return conflict.message
        if column is Column.TIME:
            return self.tr("Received by HQ at %1").replace(
                "%1", when_text(conflict.received_at, self.clock())
            )
        return None


# --- the inbox --------------------------------------------------------------------------------


class Decision(enum.StrEnum):
    RETRY = "retry"
    DISMISS = "dismiss"


class ConflictInbox(QWidget):
    """The open conflicts from HQ, a note, and 重试 (Ctrl+R) and 驳回 (Ctrl+D).

    ``sync`` is the engine (its HTTP calls run on ``runner``); ``db`` the terminal's database (the
    approval and the audit entry); ``clerk`` who is signed in now (the manager approves for them).

    Signals:
        busy_changed(bool): a decision is being written (the page must not close meanwhile).
        resolved(Conflict): HQ took a decision; the list has been read again.
        loaded(list): the open conflicts shown.
    """

    busy_changed = Signal(bool)
    resolved = Signal(object)
    loaded = Signal(object)

    def __init__(
        self,
        db: Engine,
        sync: SyncEngine,
        runner: OpRunner,
        parent: QWidget | None = None,
        *,
        clerk: Callable[[], SignedIn | None],
        clock: Callable[[], datetime],
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.sync = sync
        self.runner = runner
        self.clerk = clerk
        self.clock = clock
        self.busy = False
        self.approval_dialog: QWidget | None = None
        self.model = ConflictModel(clock, self)
        self._build()

    def _build(self) -> None:
        self.title = label(self, "sectionTitle", self.tr("Conflict inbox"))
        explain = label(
            self,
            "note",
            self.tr("Operations HQ could not book as this hall saw them. Retry books one again "
                    "once HQ's records are right; dismiss drops it. Both need a manager here."),
        )  # fmt: skip
        explain.setWordWrap(True)
        self.table = read_only_table(self, "conflicts", self.model, row_height=32)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(Column.MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.empty = label(self, "caption", self.tr("Reading the inbox from HQ…"), plain=True)
        self.empty.setWordWrap(True)
        self.detail = label(self, "note", plain=True)
        """The chosen conflict in full: HQ's message (cut short in the table), for the manager
        to read and IT to copy."""
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.message = label(self, "problem", plain=True)
        self.message.setWordWrap(True)
        self.message.hide()
        self.note = field(self, self.tr("Note for the decision (optional)"))
        self.note.setMaxLength(MAX_NOTE)
        self.retry_button = KeyButton(self.tr("Retry"), "Ctrl+R", self)
        self.retry_button.clicked.connect(self.retry)
        self.dismiss_button = KeyButton(self.tr("Dismiss"), "Ctrl+D", self)
        self.dismiss_button.clicked.connect(self.dismiss)
        for keys, action in (("Ctrl+R", self.retry), ("Ctrl+D", self.dismiss)):
            made = QShortcut(QKeySequence(keys), self)
            made.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            made.activated.connect(action)

        actions = QHBoxLayout()
        actions.setSpacing(8)
        actions.addWidget(self.note, 1)
        actions.addWidget(self.retry_button)
        actions.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(explain)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.empty)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        self._current_changed()

    # --- reading ----------------------------------------------------------------------------

    def load(self) -> None:
        """Read the open conflicts from HQ on the HQ worker (the newest request wins)."""
        if self.runner.closed:
            return
        Op(self, partial(conflicts_job, self.sync), key="sync-conflicts", runner=self.runner
           ).success(self._loaded).failure(self._not_loaded).run()  # fmt: skip

    def _loaded(self, conflicts: list[Conflict]) -> None:
        current = self.current()
        self.model.set_conflicts(conflicts)
        self.title.setText(self.tr("Conflict inbox (%n open)", "", len(conflicts)))
        self.empty.setText(self.tr("Nothing waits for a decision."))
        self.empty.setVisible(not conflicts)
        row = self.model.row_of(current.id) if current is not None else -1
        if conflicts:
            self.table.selectRow(max(row, 0))
            if not self.table.hasFocus() and not self.note.hasFocus():
                self.table.setFocus()  # the arrows choose, Ctrl+R or Ctrl+D decide
        self._current_changed()
        self.loaded.emit(conflicts)

    def _not_loaded(self, error: Exception) -> None:
        self.empty.setText(
            self.tr("The inbox cannot be read while HQ is out of reach; it is read again when "
                    "the link is back. (%1)").replace("%1", failure_text(error))
        )  # fmt: skip
        self.empty.show()

    # --- deciding ---------------------------------------------------------------------------

    def current(self) -> Conflict | None:
        return self.model.conflict(self.table.currentIndex().row())

    def _current_changed(self, *_args: object) -> None:
        conflict = self.current()
        chosen = conflict is not None and not self.busy
        self.retry_button.setEnabled(chosen)
        self.dismiss_button.setEnabled(chosen)
        if conflict is None:
            self.detail.hide()
            return
        self.detail.setText(
            self.tr("Terminal %1, operation no. %2, received by HQ at %3: %4")
            .replace("%1", conflict.terminal_id)
            .replace("%2", str(conflict.terminal_seq))
            .replace("%3", when_text(conflict.received_at, self.clock()))
            .replace("%4", conflict.message)
        )
        self.detail.show()

    def say(self, text: str, tone: str = "problem") -> None:
        self.message.setProperty("tone", tone)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def retry(self) -> QWidget | None:
        return self.decide(Decision.RETRY)

    def dismiss(self) -> QWidget | None:
        return self.decide(Decision.DISMISS)

    def decide(self, decision: Decision) -> QWidget | None:
        """Ask a manager to approve ``decision`` on the chosen conflict; returns the dialog."""
        from ui.approval import ApprovalDialog

        if self.busy:
            return None
        conflict = self.current()
        if conflict is None:
            self.say(self.tr("Choose a conflict first."))
            return None
        clerk = self.clerk()
        if clerk is None:
            self.say(self.tr("Sign in first (Ctrl+L): a manager approves for the clerk here."))
            return None
        self.say("")
        what = (
            self.tr("Retry at HQ: %1") if decision is Decision.RETRY
            else self.tr("Dismiss: %1")
        ).replace("%1", " · ".join(part for part in (
            kind_word(conflict.kind, conflict.payload), reference_text(conflict),
            conflict.terminal_id) if part))  # fmt: skip
        summary = f"{what}\n{code_word(conflict.code, conflict.message)}"
        dialog = ApprovalDialog(
            self.db, clerk, RESOLVE_ACT, summary, self.window(), permission=RESOLVE_PERMISSION,
            clock=self.clock,
        )  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.approved.connect(partial(self._approved, clerk, conflict, decision))
        dialog.open()
        self.approval_dialog = dialog
        return dialog

    def _approved(
        self, clerk: SignedIn, conflict: Conflict, decision: Decision, approval: Approval
    ) -> None:
        note = self.note.text().strip()[:MAX_NOTE]
        wanted = Resolve(action=decision.value, manager_no=approval.manager_no, note=note)
        self._set_busy(True)
        job = partial(resolve_job, self.db, self.sync, clerk=clerk, approval=approval,
                      conflict=conflict, decision=wanted, now=self.clock())  # fmt: skip
        Op(self, job, runner=self.runner).success(partial(self._resolved, decision)).failure(
            self._refused
        ).run()

    def _resolved(self, decision: Decision, conflict: Conflict) -> None:
        self._set_busy(False)
        self.note.clear()
        if conflict.state != "resolved":
            self.say(
                self.tr("HQ tried it again and refused it again: %1").replace(
                    "%1", code_word(conflict.code, conflict.message)
                )
            )
        elif decision is Decision.RETRY:
            self.say(self.tr("HQ booked the operation again."), "done")
        else:
            self.say(self.tr("Dismissed: HQ will not book this operation."), "done")
        self.resolved.emit(conflict)
        self.load()

    def _refused(self, error: Exception) -> None:
        self._set_busy(False)
        if isinstance(error, CounterError):  # the approval itself was refused: HQ was not asked
            self.say(error_text(error))
            return
        if isinstance(error, RefusedSyncError) and error.status_code in (404, 409):
            # HQ answered: resolved meanwhile at another counter, or a retry that still fails.
            self.say(self.tr("HQ did not take the decision: %1").replace("%1", str(error)))
            self.load()
            return
        self.say(
            self.tr("The decision did not reach HQ; nothing changed there. Ask the manager "
                    "again when the link is back. (%1)").replace("%1", failure_text(error))
        )  # fmt: skip
        self.load()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button, caption in ((self.retry_button, self.tr("Retry")),
                                (self.dismiss_button, self.tr("Dismiss"))):  # fmt: skip
            button.set_label(self.tr("Sending…") if busy else caption)
        self.note.setEnabled(not busy)
        self._current_changed()
        self.busy_changed.emit(busy)
