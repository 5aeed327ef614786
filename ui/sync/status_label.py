# Qt calls its virtual methods by their camelCase names (mousePressEvent…).
# ruff: noqa: N802
"""The HQ link in the status bar: a dot, the link's word, what waits, the last sync, conflicts.

Why these four: the clerk needs to know whether money leaves the counter (the link and the
pending count), the manager whether anything waits for a decision (冲突 N, highlighted), and
both how stale the terminal's picture of HQ is (上次同步 10:32). Everything else is on the sync
page, which a click (or the window's shortcut) opens.

Where the pending count comes from: the engine's status while the terminal is joined, and the
window's own read of the outbox after every act (:func:`ui.counter_window.counter_state_job`)
always. Both are readings of the same table at some moment, so the newest one shown wins: a
payment just taken counts at once, without waiting for the engine's next round.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from counterdesk.sync.status import Link, SyncStatus
from ui.sync.bridge import not_joined_status
from ui.sync.words import CONFLICT_TONE, LINK_COLOURS, link_meaning, link_word, when_text

SHORTCUT: Final = "Ctrl+Shift+S"
"""The counter window's key for the sync page (every F key is taken by the counter's work)."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SyncIndicator(QLabel):
    """The sync item of the counter window's status bar; a click emits :attr:`clicked`.

    :meth:`show_status` takes the engine's status, :meth:`show_pending` the window's own count
    of operations waiting for HQ; :meth:`plain_text` is what it says without the markup.

    Signals:
        clicked(): open the sync page.
    """

    clicked = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, clock: Callable[[], datetime] = _utc_now
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clock = clock
        self.status = not_joined_status()
        self.pending: int | None = None
        """The newest pending count, from either source; ``None`` until one is read."""
        self._plain = ""
        self._render()

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        if status.link is not Link.NOT_CONFIGURED:
            self.pending = status.pending_ops
        self._render()

    def show_pending(self, pending: int) -> None:
        """The window read the outbox itself (after a payment, at start)."""
        self.pending = pending
        self._render()

    def plain_text(self) -> str:
        return self._plain

    def _render(self) -> None:
        status = self.status
        parts = [link_word(status.link)]
        if self.pending is not None:
            parts.append(self.tr("%n waiting to upload", "", self.pending))
        if status.loading is not None and status.loading.rows_total > 0:
            loading = status.loading
            percent = min(100, loading.rows_done * 100 // loading.rows_total)
            parts.append(self.tr("Loading HQ data %1%").replace("%1", str(percent)))
        if status.link is not Link.NOT_CONFIGURED:
            if status.last_success is None:
                parts.append(self.tr("Never synced"))
            else:
                parts.append(
                    self.tr("Last sync %1").replace(
                        "%1", when_text(status.last_success, self.clock())
                    )
                )
        conflicts = ""
        if status.open_conflicts > 0:
            conflicts = self.tr("Conflicts %1").replace("%1", str(status.open_conflicts))
        self._plain = " · ".join(parts) + (f" · {conflicts}" if conflicts else "")
        dot = f'<span style="color:{LINK_COLOURS[status.link]}">●</span>'
        shown = f"{dot} {html.escape(' · '.join(parts))}"
        if conflicts:
            ink, background, _border = CONFLICT_TONE.value
            shown += (
                f' &nbsp;<span style="color:{ink}; background:{background}; font-weight:600">'
                f"&nbsp;{html.escape(conflicts)}&nbsp;</span>"
            )
        self.setText(shown)
        tip = [link_meaning(status.link)]
        if status.hq_url:
            tip.append(self.tr("HQ: %1").replace("%1", status.hq_url))
        tip.append(self.tr("Click (or %1) for the sync page.").replace("%1", SHORTCUT))
        self.setToolTip("\n".join(tip))
        self.setAccessibleName(self._plain)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            event.accept()
            self.clicked.emit()
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            event.accept()
            self.clicked.emit()
            return
        super().keyPressEvent(event)
