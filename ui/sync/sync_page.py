# Qt calls its virtual methods by their camelCase names (showEvent, hideEvent…).
# ruff: noqa: N802
"""The sync page (总部同步): the link in words, what waits, when it last worked, and the conflicts.

Three readers, top to bottom: the clerk reads the first line and what it means for the work in
hand ("离线：缴费照常，联网后自动上传"); the manager reads what waits and the conflict inbox;
IT reads the address, the terminal, the last error (selectable, to paste into a ticket), the gap
alert and the cursors per scope. A terminal not joined to HQ says how IT joins it.

Everything shown comes from the engine's status (:class:`~counterdesk.sync.status.SyncStatus`,
delivered on the GUI thread by :class:`~ui.sync.bridge.SyncBridge`): drawing the page does no
I/O. Only the conflict inbox talks to HQ, on the bridge's HQ worker (:mod:`ui.sync.conflicts`).
F5 (立即同步) asks the engine for a round at once and shows "正在同步…" until its next status.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterdesk.services.auth import SignedIn
from counterdesk.sync.protocol import GLOBAL_SCOPE
from counterdesk.sync.status import Link, SyncStatus
from ui.counter_dialog import Clock, CounterDialog, utc_now
from ui.sync.bridge import SyncBridge
from ui.sync.conflicts import ConflictInbox
from ui.sync.words import (
    LINK_COLOURS,
    age_text,
    link_meaning,
    link_word,
    table_word,
    when_text,
)
from ui.widgets import KeyButton, label

if TYPE_CHECKING:
    from counterdesk.sync.protocol import Conflict

SYNC_WAIT_MS: Final = 15_000
""""Syncing…" gives up after this long without a status (the engine reports every round)."""
TICK_MS: Final = 30_000
"""How often the ages ("3 天前") are worked out again while the page is shown (no I/O)."""
JOIN_COMMAND: Final = "counterdesk sync join --url <HQ address> --token <token>"

PAGE_STYLE: Final = """
QFrame#linkCard { background: #F9FAFB; border: 1px solid #EAECF0; border-radius: 8px; }
QLabel#linkTitle { font-size: 15pt; font-weight: 600; color: #101828; }
QLabel#meaning { font-size: 11pt; color: #344054; }
QLabel#fact { color: #101828; }
QLabel#itText { color: #475467; font-family: "Consolas", "DejaVu Sans Mono", monospace; }
QLabel#cursors { color: #667085; font-size: 9pt; }
QLabel#command { color: #101828; background: #FFFFFF; border: 1px solid #D0D5DD;
    border-radius: 6px; padding: 8px 10px;
    font-family: "Consolas", "DejaVu Sans Mono", monospace; }
QLabel#gap { color: #93370D; background: #FEF3F2; border: 1px solid #FECDCA;
    border-radius: 6px; padding: 8px 10px; }
QTableView#conflicts { border: 1px solid #E4E7EC; border-radius: 6px; }
QTableView#conflicts::item { padding: 0px 8px; border-bottom: 1px solid #F2F4F7; }
QTableView#conflicts::item:selected { background: #D1E9FF; color: #101828; }
QProgressBar { border: 1px solid #D0D5DD; border-radius: 4px; background: #FFFFFF;
    height: 10px; text-align: center; }
QProgressBar::chunk { background: #2E90FA; border-radius: 3px; }
"""


def selectable(widget: QLabel) -> QLabel:
    widget.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    return widget


class SyncPage(CounterDialog):
    """The sync page of the counter window (Ctrl+Shift+S, or a click on the status bar item).

    ``db`` is the terminal's database (approvals and their audit entries), ``bridge`` the
    engine's statuses, ``clerk`` who is signed in now. Keys: F5 syncs now, Ctrl+R and Ctrl+D
    retry or dismiss the chosen conflict, Esc closes.

    Signals:
        conflicts_loaded(list): the inbox was read from HQ (tests, the window).
    """

    conflicts_loaded = Signal(object)

    def __init__(
        self,
        db: Engine,
        bridge: SyncBridge,
        parent: QWidget | None = None,
        *,
        clerk: Callable[[], SignedIn | None],
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(db, parent, clock=clock)
        self.setWindowTitle(self.tr("HQ sync"))
        self.bridge = bridge
        self.clerk = clerk
        self.syncing = False
        self.local_pending: int | None = None
        """The window's own count of the outbox (the only one when not joined)."""
        self._inbox_read_at: tuple[bool, int, int] | None = None
        """What the status said when the inbox was last read: (online, open at HQ, parked here).
        The inbox is read again when that changes, and never on a status that changes nothing
        it shows (a status comes every round)."""
        self.inbox: ConflictInbox | None = None
        self._build()
        self.setStyleSheet(self.styleSheet() + PAGE_STYLE)
        self.sync_timer = QTimer(self)
        self.sync_timer.setSingleShot(True)
        self.sync_timer.timeout.connect(self._sync_gave_up)
        self.tick = QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self.redraw)
        QShortcut(QKeySequence("F5"), self, self.sync_now)
        bridge.status_changed.connect(self._status_changed)
        self.redraw()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(label(self, "dialogTitle", self.tr("HQ sync")))
        layout.addWidget(self._build_card())
        self.facts = self._build_facts()
        layout.addWidget(self.facts)
        self.join_box = self._build_join()
        layout.addWidget(self.join_box)
        sync, runner = self.bridge.sync, self.bridge.runner
        if sync is not None and runner is not None:
            self.inbox = ConflictInbox(self.engine, sync, runner, self,
                                       clerk=self.clerk, clock=self.clock)  # fmt: skip
            self.inbox.busy_changed.connect(self.set_busy)
            self.inbox.loaded.connect(self.conflicts_loaded)
            self.inbox.resolved.connect(self._resolved)
            layout.addWidget(self.inbox, 1)
        else:
            layout.addStretch(1)
        layout.addWidget(self.problem)
        self.close_button = KeyButton(self.tr("Close"), "Esc", self)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)
        self.resize(1120, 760 if sync is not None else 560)

    def _build_card(self) -> QFrame:
        card = QFrame(self)
        card.setObjectName("linkCard")
        self.link_title = label(card, "linkTitle")
        self.link_title.setTextFormat(Qt.TextFormat.RichText)
        self.meaning = label(card, "meaning", plain=True)
        self.meaning.setWordWrap(True)
        self.sync_button = KeyButton(self.tr("Sync now"), "F5", card, primary=True)
        self.sync_button.clicked.connect(self.sync_now)
        words = QVBoxLayout()
        words.setSpacing(4)
        words.addWidget(self.link_title)
        words.addWidget(self.meaning)
        row = QHBoxLayout(card)
        row.setContentsMargins(16, 12, 16, 12)
        row.setSpacing(16)
        row.addLayout(words, 1)
        row.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignVCenter)
        return card

    def _build_facts(self) -> QWidget:
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        self.fact_labels: dict[str, QLabel] = {}
        self.facts_shown: dict[str, QLabel] = {}

        def fact(row: int, column: int, key: str, caption: str, name: str = "fact") -> QLabel:
            caption_label = label(box, "caption", caption)
            value = selectable(label(box, name, plain=True))
            value.setWordWrap(True)
            grid.addWidget(caption_label, row, column * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, column * 2 + 1, Qt.AlignmentFlag.AlignTop)
            self.fact_labels[key] = caption_label
            self.facts_shown[key] = value
            return value

        self.pending_value = fact(0, 0, "pending", self.tr("Waiting to upload"))
        self.last_value = fact(1, 0, "last", self.tr("Last sync"))
        self.next_value = fact(2, 0, "next", self.tr("Next attempt"))
        self.hq_value = fact(0, 1, "hq", self.tr("HQ address"), "itText")
        self.terminal_value = fact(1, 1, "terminal", self.tr("Terminal"), "itText")
        self.scopes_value = fact(2, 1, "scopes", self.tr("Areas synced"), "itText")
        self.error_value = fact(3, 0, "error", self.tr("Last error (for IT)"), "itText")
        grid.addWidget(self.error_value, 3, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self.progress_label = label(box, "caption", plain=True)
        self.progress = QProgressBar(box)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(10)
        grid.addWidget(self.progress_label, 4, 0, 1, 4)
        grid.addWidget(self.progress, 5, 0, 1, 4)
        self.gap_banner = selectable(label(box, "gap", plain=True))
        self.gap_banner.setWordWrap(True)
        grid.addWidget(self.gap_banner, 6, 0, 1, 4)
        self.cursors_value = selectable(label(box, "cursors", plain=True))
        self.cursors_value.setWordWrap(True)
        grid.addWidget(self.cursors_value, 7, 0, 1, 4)
        return box

    def _build_join(self) -> QWidget:
        box = QWidget(self)
        inside = QVBoxLayout(box)
        inside.setContentsMargins(0, 4, 0, 0)
        inside.setSpacing(8)
        self.join_pending = label(box, "fact", plain=True)
        first = label(
            box,
            "note",
            self.tr("IT joins this terminal to HQ on its command line, with HQ's address and the "
                    "one-time token HQ issued for this terminal:"),
        )  # fmt: skip
        first.setWordWrap(True)
        self.join_command = selectable(label(box, "command", JOIN_COMMAND, plain=True))
        then = label(
            box,
            "note",
            self.tr("Then restart CounterDesk: the status bar shows Online once HQ answers. "
                    "Nothing taken before is lost: every waiting payment uploads then."),
        )  # fmt: skip
        then.setWordWrap(True)
        for part in (self.join_pending, first, self.join_command, then):
            inside.addWidget(part)
        return box

    # --- showing --------------------------------------------------------------------------

    def status(self) -> SyncStatus:
        return self.bridge.status()

    def show_pending(self, pending: int) -> None:
        """The window read the outbox itself (the count when not joined)."""
        self.local_pending = pending
        self.redraw()

    def _status_changed(self, status: SyncStatus) -> None:
        if self.syncing:
            self.syncing = False
            self.sync_timer.stop()
        self.local_pending = None  # the engine's count is newer now
        self.redraw()
        if self.isVisible() and self._inbox_key(status) != self._inbox_read_at:
            self.load_conflicts()

    def redraw(self) -> None:
        """Draw the page from the newest status; no I/O."""
        status = self.status()
        now = self.clock()
        joined = status.link is not Link.NOT_CONFIGURED
        colour = LINK_COLOURS[status.link]
        self.link_title.setText(
            f'<span style="color:{colour}">●</span> {html.escape(link_word(status.link))}'
        )
        self.meaning.setText(link_meaning(status.link))
        self.sync_button.setVisible(self.bridge.joined)
        self.sync_button.setEnabled(not self.syncing)
        self.sync_button.set_label(self.tr("Syncing…") if self.syncing else self.tr("Sync now"))
        self.facts.setVisible(joined)
        self.join_box.setVisible(not joined)
        pending = status.pending_ops if self.local_pending is None else self.local_pending
        if not joined:
            self.join_pending.setText(
                self.tr("%n operation(s) waiting on this terminal.", "", self.local_pending or 0)
            )
            return
        text = self.tr("%n operation(s)", "", pending)
        if pending and status.oldest_pending is not None:
            text += " · " + self.tr("oldest: %1").replace(
                "%1", age_text(status.oldest_pending, now)
            )
        if status.rejected_ops:
            text += " · " + self.tr("%n parked by HQ", "", status.rejected_ops)
        self.pending_value.setText(text)
        self.last_value.setText(
            self.tr("Never") if status.last_success is None
            else when_text(status.last_success, now) + " (" + age_text(status.last_success, now)
            + ")"
        )  # fmt: skip
        waiting = status.link in (Link.OFFLINE, Link.REFUSED) and status.next_attempt is not None
        if waiting and status.next_attempt is not None:
            self.next_value.setText(when_text(status.next_attempt, now, seconds=True))
        self._show_fact("next", waiting)
        self.hq_value.setText(status.hq_url or "—")
        self.terminal_value.setText(status.terminal_id or "—")
        self.scopes_value.setText(
            ", ".join(self.tr("all (tariffs)") if scope == GLOBAL_SCOPE else scope
                      for scope in status.scopes) or "—"
        )  # fmt: skip
        self.error_value.setText(status.last_error)
        self._show_fact("error", bool(status.last_error))
        loading = status.loading
        if loading is not None:
            total = max(loading.rows_total, loading.rows_done, 1)
            self.progress.setRange(0, total)
            self.progress.setValue(loading.rows_done)
            self.progress_label.setText(
                self.tr("Loading %1 from HQ (area %2): %3 of %4 rows")
                .replace("%1", table_word(loading.table))
                .replace("%2", loading.scope)
                .replace("%3", f"{loading.rows_done:,}")
                .replace("%4", f"{loading.rows_total:,}")
            )
        self.progress.setVisible(loading is not None)
        self.progress_label.setVisible(loading is not None)
        gap = self.bridge.gap_seen
        if gap is not None:
            self.gap_banner.setText(
                self.tr("At %1 HQ noticed a gap in this terminal's operations; call IT. %2")
                .replace("%1", when_text(gap[0], now))
                .replace("%2", gap[1])
            )
        self.gap_banner.setVisible(gap is not None)
        cursors = " · ".join(f"{scope} {at}" for scope, at in sorted(status.cursors.items()))
        self.cursors_value.setText(self.tr("Cursors: %1").replace("%1", cursors))
        self.cursors_value.setVisible(bool(status.cursors))

    def _show_fact(self, key: str, shown: bool) -> None:
        self.fact_labels[key].setVisible(shown)
        self.facts_shown[key].setVisible(shown)

    # --- acting ---------------------------------------------------------------------------

    def sync_now(self) -> None:
        """F5: a round at once; "Syncing…" until the engine's next status."""
        if not self.bridge.joined:
            self.say(self.tr("This terminal is not joined to HQ: there is nothing to sync with."),
                     "info")  # fmt: skip
            return
        if self.syncing:
            return
        self.syncing = True
        self.sync_timer.start(SYNC_WAIT_MS)
        self.redraw()
        self.bridge.sync_now()

    def _sync_gave_up(self) -> None:
        self.syncing = False
        self.redraw()

    def _resolved(self, _conflict: Conflict) -> None:
        self.bridge.sync_now()  # the status bar's count follows HQ's decision at once

    @staticmethod
    def _inbox_key(status: SyncStatus) -> tuple[bool, int, int]:
        return (status.link is Link.ONLINE, status.open_conflicts, status.rejected_ops)

    def load_conflicts(self) -> None:
        """Read the inbox from HQ on the HQ worker (also when HQ is away: it says so)."""
        if self.inbox is not None:
            self._inbox_read_at = self._inbox_key(self.status())
            self.inbox.load()

    # --- showing and hiding ---------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.redraw()
        self.tick.start()
        self.load_conflicts()
        if self.inbox is not None and self.inbox.model.rowCount():
            self.inbox.table.setFocus()
        else:
            self.close_button.setFocus()

    def hideEvent(self, event: QHideEvent) -> None:
        self.tick.stop()
        super().hideEvent(event)

    def shutdown(self) -> None:
        super().shutdown()
        self.tick.stop()
        self.sync_timer.stop()
