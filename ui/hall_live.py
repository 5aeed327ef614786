"""The hall as it is now, kept current from the server's live events, for any Qt screen.

:class:`HallLive` follows ``/hall/events`` with :class:`counterdesk.queue.client.EventStream` on
its own thread and re-emits each event on the GUI thread (a queued signal). It keeps the hall's
state (waiting per category, windows, the last calls, the notice) by applying each event to the
last snapshot, so the counter's queue bar, the kiosk, the hall screen and the dashboard all read
one picture and never poll.
"""

from __future__ import annotations

import copy
import logging
from typing import Any, Final

from PySide6.QtCore import QObject, Qt, Signal, Slot

from counterdesk.queue.client import EventStream

log = logging.getLogger(__name__)

RECENT_CALLS: Final = 12
_REPLACING: Final = ("snapshot", "day", "setup")


def apply(state: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    """``state`` after ``event``: a pure function, so it is tested without a server or Qt."""
    kind = event.get("kind")
    if kind in _REPLACING:
        return copy.deepcopy(event["state"])
    if not state:
        return state
    new = dict(state)
    new["id"] = max(int(state.get("id", 0)), int(event.get("id", 0)))
    if "waiting" in event:
        new["waiting"] = dict(event["waiting"])
    if "oldest" in event:
        new["oldest"] = dict(event["oldest"])
    window = event.get("window")
    if window:
        windows = [w for w in state.get("windows", []) if w["number"] != window["number"]]
        windows.append(window)
        new["windows"] = sorted(windows, key=lambda w: w["number"])
    ticket = event.get("ticket")
    if kind in ("called", "recalled") and ticket:
        call = {
            "number": ticket["number"],
            "window": ticket["window"],
            "window_name": window["name"] if window else None,
            "at": ticket["called_at"],
        }
        new["recent"] = [call, *state.get("recent", [])][:RECENT_CALLS]
    if kind == "notice":
        new["notice"] = event.get("detail", {}).get("text", "")
    return new


class HallLive(QObject):
    """Signals (GUI thread): ``event(dict)`` for each change, ``state_changed(dict)`` after it,
    ``online_changed(bool)`` when the line to the hall server comes up or drops."""

    event = Signal(dict)
    state_changed = Signal(dict)
    online_changed = Signal(bool)
    _arrived = Signal(dict)
    _online = Signal(bool)

    def __init__(self, base_url: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.base_url = base_url
        self.state: dict[str, Any] = {}
        self.online = False
        self._arrived.connect(self._apply, Qt.ConnectionType.QueuedConnection)
        self._online.connect(self._set_online, Qt.ConnectionType.QueuedConnection)
        self._stream = EventStream(base_url, self._arrived.emit, self._online.emit)

    def start(self) -> HallLive:
        self._stream.start()
        return self

    def stop(self) -> None:
        self._stream.stop()

    @Slot(dict)
    def _apply(self, event: dict[str, Any]) -> None:
        self.state = apply(self.state, event)
        self.event.emit(event)
        self.state_changed.emit(self.state)

    @Slot(bool)
    def _set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.online_changed.emit(online)

    def window(self, number: int) -> dict[str, Any] | None:
        return next((w for w in self.state.get("windows", []) if w["number"] == number), None)

    def category_name(self, code: str, language: str = "zh_CN") -> str:
        for category in self.state.get("categories", []):
            if category["code"] == code:
                english = category.get("name_en") or category["name"]
                return english if language == "en" else category["name"]
        return code
