"""The counter window's devices: their state in the status bar, cards and ID cards opening accounts.

Why a module of its own: the window only needs "a card named this account" and "show this in
the status bar"; loading the configuration, running the hub, recognising a keyboard-wedge
reader and looking the card up are this object's business. A device problem is shown, never
raised: payments go on with every device unplugged.

Signals:
    account_found(int account_id): one account matched the card; open it.
    accounts_found(SearchResult result, str message): several or none; let the clerk choose.
    queue_key(str device, KeypadKey key): a caller keypad key, for the queue panel's actions.
    rating_given(str device, int score): an evaluator's rating.
    message(str text): something to say in the status bar.
    bridge_changed(DeviceBridge bridge): the devices restarted (a settings page follows it).
"""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy import Engine

from counterdesk.domain.masking import mask_id_number
from counterdesk.store.search import SearchResult, find_by_card, find_by_id_number
from devices import config
from devices.config import DeviceConfig
from devices.events import IdCard, KeypadKey
from devices.hub import DeviceStatus
from devices.state import ERROR_STATES, READY_STATES, DeviceState
from ui.card_wedge import WedgeDetector
from ui.device_bridge import DeviceBridge
from ui.operations import Op

log = logging.getLogger(__name__)


def load_devices_job(engine: Engine) -> list[DeviceConfig]:
    with engine.connect() as connection:
        return list(config.load_all(connection).values())


def card_job(engine: Engine, number: str) -> SearchResult:
    with engine.connect() as connection:
        return find_by_card(connection, number)


def id_card_job(engine: Engine, id_number: str) -> SearchResult:
    with engine.connect() as connection:
        return find_by_id_number(connection, id_number)


GREEN, ORANGE, RED, GREY = "#12B76A", "#F79009", "#F04438", "#98A2B3"


def state_colour(state: DeviceState) -> str:
    if state in READY_STATES:
        return GREEN
    if state is DeviceState.ERROR:
        return RED
    if state in ERROR_STATES:
        return ORANGE
    return GREY


class DeviceIndicator(QLabel):
    """“Devices ● ● ●” in the status bar: one dot per device, the detail in the tooltip."""

    def show_statuses(self, statuses: list[DeviceStatus], problem: str = "") -> None:
        if problem:
            self.setText(f'<span style="color:{RED}">●</span> ' + self.tr("Devices: set-up error"))
            self.setToolTip(problem)
            return
        if not statuses:
            self.setText(self.tr("Devices: none"))
            self.setToolTip(self.tr("No serial devices are configured on this terminal."))
            return
        dots = " ".join(
            f'<span style="color:{state_colour(status.state)}">●</span>' for status in statuses
        )
        self.setText(self.tr("Devices") + " " + dots)
        lines = [
            f"{status.name} · {status.port} · {state_word(status.state)}"
            + (f" — {status.detail}" if status.detail else "")
            for status in statuses
        ]
        self.setToolTip("\n".join(lines))


def state_word(state: DeviceState) -> str:
    words = {
        DeviceState.READY: QCoreApplication.translate("DeviceState", "ready"),
        DeviceState.OPENING: QCoreApplication.translate("DeviceState", "connecting"),
        DeviceState.DISCONNECTED: QCoreApplication.translate("DeviceState", "not connected"),
        DeviceState.ERROR: QCoreApplication.translate("DeviceState", "error"),
        DeviceState.CLOSED: QCoreApplication.translate("DeviceState", "stopped"),
    }
    return words[state]


class CounterDevices(QObject):
    account_found = Signal(int)
    accounts_found = Signal(object, str)
    queue_key = Signal(str, object)
    rating_given = Signal(str, int)
    message = Signal(str)
    bridge_changed = Signal(object)

    def __init__(self, engine: Engine, parent: QWidget) -> None:
        super().__init__(parent)
        self._engine = engine
        self._parent = parent
        self.indicator = DeviceIndicator(parent)
        self.indicator.setText(self.tr("Devices: starting…"))
        self.bridge: DeviceBridge | None = None
        self.wedge: WedgeDetector | None = None
        self.last_id_card: IdCard | None = None
        """The last ID card read, kept for an application form (the applicant's details)."""

    # -- life ------------------------------------------------------------------------------------
    def start(self) -> None:
        """Read the configuration on the worker, then start the devices."""
        Op(self._parent, partial(load_devices_job, self._engine), key="devices").success(
            self._loaded
        ).failure(self._load_failed).run()

    def restart(self) -> None:
        self.stop()
        self.start()

    def stop(self) -> None:
        if self.bridge is not None:
            self.bridge.stop()
            self.bridge.deleteLater()
            self.bridge = None
        if self.wedge is not None:
            self.wedge.uninstall()
            self.wedge.deleteLater()
            self.wedge = None

    def _loaded(self, configs: list[DeviceConfig]) -> None:
        self.stop()
        bridge = DeviceBridge(configs, self)
        bridge.state_changed.connect(self._refresh)
        bridge.card_read.connect(lambda _name, number, _raw: self.open_card(number))
        bridge.id_card_read.connect(lambda _name, card: self.open_id_card(card))
        bridge.key_pressed.connect(self._key)
        bridge.rating_given.connect(self.rating_given)
        self.bridge = bridge
        wedges = [c for c in configs if c.enabled and c.keyboard_wedge]
        if wedges and not bridge.problem:
            self.wedge = WedgeDetector(wedges[0].pattern, self)
            self.wedge.swiped.connect(lambda number, _raw: self.open_card(number))
            self.wedge.install()
        bridge.start()
        self._refresh()
        self.bridge_changed.emit(bridge)

    def _load_failed(self, error: Exception) -> None:
        log.warning("device configuration unreadable: %s", error)
        self.indicator.show_statuses([], problem=str(error))

    def _refresh(self, *_: object) -> None:
        if self.bridge is not None:
            self.indicator.show_statuses(self.bridge.statuses(), self.bridge.problem)

    # -- cards -----------------------------------------------------------------------------------
    held = False
    """True while a settings page tests the readers: a test swipe must not open an account."""

    def open_card(self, number: str) -> None:
        if self.held:
            return
        Op(self._parent, partial(card_job, self._engine, number), key="card").success(
            partial(self._card_found, number)
        ).failure(self._lookup_failed).run()

    def _card_found(self, number: str, result: SearchResult) -> None:
        if len(result.hits) == 1:
            self.message.emit(self.tr("Card %1: account opened.").replace("%1", number))
            self.account_found.emit(result.hits[0].account_id)
            return
        if not result.hits:
            text = self.tr("Card %1 names no account here. Search by name or address instead.")
        else:
            text = self.tr("Card %1 fits several accounts; choose one.")
        self.accounts_found.emit(result, text.replace("%1", number))

    def open_id_card(self, card: IdCard) -> None:
        if self.held:
            return
        self.last_id_card = card
        Op(self._parent, partial(id_card_job, self._engine, card.id_number), key="card").success(
            partial(self._id_found, card)
        ).failure(self._lookup_failed).run()

    def _id_found(self, card: IdCard, result: SearchResult) -> None:
        who = f"{card.name} {mask_id_number(card.id_number)}"
        if len(result.hits) == 1:
            self.message.emit(self.tr("ID card %1: account opened.").replace("%1", who))
            self.account_found.emit(result.hits[0].account_id)
            return
        if result.hits:
            text = self.tr("ID card %1 holds %2 accounts; choose one.").replace(
                "%2", str(len(result.hits))
            )
        else:
            text = self.tr(
                "ID card %1 holds no account here. Their details are kept for a new application."
            )
        self.accounts_found.emit(result, text.replace("%1", who))

    def _lookup_failed(self, error: Exception) -> None:
        log.warning("card lookup failed: %s", error)
        self.message.emit(self.tr("The card could not be looked up. Search by hand, or call IT."))

    def _key(self, device: str, key: KeypadKey) -> None:
        self.queue_key.emit(device, key)
