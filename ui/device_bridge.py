"""The Qt face of the device hub: device events as signals on the GUI thread.

The hub and its drivers are Qt-free and call back on their worker threads; this QObject turns
every event into a queued signal, so widgets only ever hear about devices on the GUI thread
(STYLE.md, example 8). Commands (show a call, test a device) only queue frames and return at once,
so calling them from a slot never blocks the window.

Signals:
    state_changed(str name, DeviceState state, str detail)
    key_pressed(str name, KeypadKey key)
    rating_given(str name, int score)
    card_read(str name, str number, str raw)
    id_card_read(str name, IdCard card)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtCore import QObject, Qt, Signal

from devices.config import DeviceConfig, DeviceConfigError
from devices.events import (
    CardRead,
    DeviceEvent,
    IdCardRead,
    KeyPressed,
    RatingGiven,
    StateChanged,
)
from devices.hub import DeviceHub, DeviceStatus, LinkFactory
from devices.link import SerialLink
from devices.state import DeviceState

log = logging.getLogger(__name__)


class DeviceBridge(QObject):
    state_changed = Signal(str, object, str)
    key_pressed = Signal(str, object)
    rating_given = Signal(str, int)
    card_read = Signal(str, str, str)
    id_card_read = Signal(str, object)
    _event = Signal(object)

    def __init__(
        self,
        configs: Iterable[DeviceConfig],
        parent: QObject | None = None,
        *,
        link_factory: LinkFactory = SerialLink,
    ) -> None:
        super().__init__(parent)
        self._event.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)
        self.problem = ""
        """Why no device runs, when the configuration itself is wrong (shown in the status bar)."""
        try:
            self.hub: DeviceHub | None = DeviceHub(
                configs, self._event.emit, link_factory=link_factory
            )
        except DeviceConfigError as error:
            log.warning("devices not started: %s", error)
            self.problem = str(error)
            self.hub = None
        self._states: dict[str, tuple[DeviceState, str]] = {}
        if self.hub is not None:
            for status in self.hub.statuses():
                self._states[status.name] = (status.state, status.detail)

    def start(self) -> None:
        if self.hub is not None:
            self.hub.start()

    def stop(self) -> None:
        if self.hub is not None:
            self.hub.stop()

    def statuses(self) -> list[DeviceStatus]:
        return [] if self.hub is None else self.hub.statuses()

    # -- commands (queue frames; never block) ----------------------------------------------------
    def show_call(self, number: str, window: str) -> None:
        if self.hub is not None:
            self.hub.show_call(number, window)

    def show_waiting(self, count: int) -> None:
        if self.hub is not None:
            self.hub.show_waiting(count)

    def ask_rating(self) -> None:
        if self.hub is not None:
            self.hub.ask_rating()

    def test(self, name: str) -> str:
        return "" if self.hub is None else self.hub.test(name)

    # -- events ------------------------------------------------------------------------------------
    def _dispatch(self, event: DeviceEvent) -> None:
        if isinstance(event, StateChanged):
            self._states[event.device] = (event.state, event.detail)
            self.state_changed.emit(event.device, event.state, event.detail)
        elif isinstance(event, KeyPressed):
            self.key_pressed.emit(event.device, event.key)
        elif isinstance(event, RatingGiven):
            self.rating_given.emit(event.device, event.score)
        elif isinstance(event, CardRead):
            self.card_read.emit(event.device, event.number, event.raw)
        elif isinstance(event, IdCardRead):
            self.id_card_read.emit(event.device, event.card)
