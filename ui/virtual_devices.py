"""The demo's virtual hall devices in a small window: the window display, the hall screen, the
caller keypad and evaluator, a card reader and an ID card reader.

They are the real simulators (:mod:`devices.simulators`) on ``virtual:`` wires, so everything the
counter window does goes through the same link, codecs and drivers as with hardware; this window
only draws what the simulated devices show and presses their keys. Simulators tell about changes
on their wire's thread; a queued signal brings that to the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from devices import virtual
from devices.config import DeviceConfig, DeviceKind
from devices.events import IdCard, KeypadKey
from devices.simulators.displays import LedBusSimulator
from devices.simulators.keypad import KeypadSimulator
from devices.simulators.readers import SAMPLE_CARD, CardReaderSimulator, IdCardSimulator

LED_STYLE = (
    "background:#111; color:#FF3B30; font-size:20px; font-weight:bold; padding:6px 10px;"
    "border-radius:4px; font-family:monospace;"
)


@dataclass
class HallSimulators:
    """The simulators behind the demo's ``virtual:`` ports."""

    led: LedBusSimulator
    keypad: KeypadSimulator
    card_reader: CardReaderSimulator
    id_card: IdCardSimulator
    card: IdCard
    """The ID card the demo lays on the reader."""
    strip_address: int
    hall_addresses: tuple[int, ...]
    keypad_address: int


def attach_simulators(configs: list[DeviceConfig], card: IdCard | None = None) -> HallSimulators:
    """Put a simulator behind every ``virtual:`` port the demo's configuration names."""

    def wire_of(kind: DeviceKind) -> tuple[str, DeviceConfig]:
        config = next(c for c in configs if c.kind is kind)
        return config.port.split(":", 1)[1], config

    led_wire, strip = wire_of(DeviceKind.LED_STRIP)
    _, hall = wire_of(DeviceKind.HALL_SCREEN)
    keypad_wire, caller = wire_of(DeviceKind.CALLER_KEYPAD)
    _, evaluator = wire_of(DeviceKind.EVALUATOR)
    card_wire, _ = wire_of(DeviceKind.CARD_READER)
    id_wire, _ = wire_of(DeviceKind.ID_READER)
    return HallSimulators(
        led=virtual.attach(led_wire, LedBusSimulator),
        keypad=virtual.attach(
            keypad_wire,
            lambda send: KeypadSimulator(
                send, callers=(caller.address,), evaluators=(evaluator.address,)
            ),
        ),
        card_reader=virtual.attach(card_wire, CardReaderSimulator),
        id_card=virtual.attach(id_wire, IdCardSimulator),
        card=card or SAMPLE_CARD,
        strip_address=strip.address,
        hall_addresses=tuple(address for address, _ in hall.hall_rows),
        keypad_address=caller.address,
    )


class _Changes(QObject):
    changed = Signal()


class VirtualDevicesWindow(QWidget):
    """What the hall's devices would show, and their keys, for the demo."""

    def __init__(
        self, sims: HallSimulators, account_hint: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.sims = sims
        self._account_hint = account_hint
        self.setWindowTitle(self.tr("CounterDesk — virtual hall devices"))
        self._changes = _Changes(self)
        self._changes.changed.connect(self.refresh, Qt.ConnectionType.QueuedConnection)
        for sim in (sims.led, sims.keypad, sims.card_reader, sims.id_card):
            sim.on_change(self._changes.changed.emit)

        layout = QVBoxLayout(self)
        layout.addWidget(self._displays())
        layout.addWidget(self._keypad())
        layout.addWidget(self._readers())
        self.refresh()

    def _displays(self) -> QGroupBox:
        sims = self.sims
        displays = QGroupBox(self.tr("Window display and hall screen"), self)
        self.strip = QLabel(displays)
        self.strip.setStyleSheet(LED_STYLE)
        self.hall_rows = [QLabel(displays) for _ in sims.hall_addresses]
        box = QVBoxLayout(displays)
        box.addWidget(QLabel(self.tr("Window LED strip"), displays))
        box.addWidget(self.strip)
        box.addWidget(QLabel(self.tr("Hall screen"), displays))
        for row in self.hall_rows:
            row.setStyleSheet(LED_STYLE.replace("#FF3B30", "#34C759"))
            box.addWidget(row)
        return displays

    def _keypad(self) -> QGroupBox:
        keypad = QGroupBox(self.tr("Caller keypad and evaluator"), self)
        self.keypad_display = QLabel(keypad)
        self.keypad_display.setStyleSheet(LED_STYLE)
        grid = QGridLayout()
        self.key_buttons: dict[KeypadKey, QPushButton] = {}
        keys = (
            (KeypadKey.CALL, self.tr("Call")),
            (KeypadKey.RECALL, self.tr("Recall")),
            (KeypadKey.NO_SHOW, self.tr("No-show")),
            (KeypadKey.HANG_UP, self.tr("Finish")),
            (KeypadKey.PAUSE, self.tr("Pause")),
            (KeypadKey.EVALUATE, self.tr("Evaluate")),
        )
        for index, (key, text) in enumerate(keys):
            button = QPushButton(text, keypad)
            button.clicked.connect(lambda _=False, k=key: self.sims.keypad.press(k))
            grid.addWidget(button, index // 3, index % 3)
            self.key_buttons[key] = button
        ratings = QHBoxLayout()
        self.rating_buttons: list[QPushButton] = []
        for score, text in (
            (2, self.tr("Dissatisfied")),
            (3, self.tr("So-so")),
            (4, self.tr("Satisfied")),
            (5, self.tr("Very satisfied")),
        ):
            button = QPushButton(text, keypad)
            button.clicked.connect(lambda _=False, s=score: self.sims.keypad.rate(s))
            ratings.addWidget(button)
            self.rating_buttons.append(button)
        self.keypad_state = QLabel(keypad)
        box = QVBoxLayout(keypad)
        box.addWidget(self.keypad_display)
        box.addLayout(grid)
        box.addWidget(QLabel(self.tr("Evaluator"), keypad))
        box.addLayout(ratings)
        box.addWidget(self.keypad_state)
        return keypad

    def _readers(self) -> QGroupBox:
        readers = QGroupBox(self.tr("Card and ID card readers"), self)
        self.card_number = QLineEdit(self._account_hint, readers)
        self.card_number.setPlaceholderText(self.tr("Account number on the card"))
        self.swipe_button = QPushButton(self.tr("Swipe card"), readers)
        self.swipe_button.clicked.connect(self.swipe)
        self.present_button = QPushButton(self.tr("Lay ID card on reader"), readers)
        self.present_button.clicked.connect(lambda: self.sims.id_card.present(self.sims.card))
        self.remove_button = QPushButton(self.tr("Take ID card away"), readers)
        self.remove_button.clicked.connect(self.sims.id_card.remove)
        self.reader_state = QLabel(readers)
        self.reader_state.setWordWrap(True)
        grid = QGridLayout(readers)
        grid.addWidget(self.card_number, 0, 0)
        grid.addWidget(self.swipe_button, 0, 1)
        grid.addWidget(self.present_button, 1, 0)
        grid.addWidget(self.remove_button, 1, 1)
        grid.addWidget(self.reader_state, 2, 0, 1, 2)
        return readers

    def swipe(self) -> None:
        try:
            self.sims.card_reader.swipe(self.card_number.text().strip())
        except ValueError:
            self.reader_state.setText(self.tr("A card number is 1 to 19 digits."))

    def refresh(self) -> None:
        sims = self.sims
        self.strip.setText(sims.led.text(sims.strip_address) or " ")
        for row, address in zip(self.hall_rows, sims.hall_addresses, strict=True):
            row.setText(sims.led.text(address) or " ")
        view = sims.keypad.view(sims.keypad_address)
        self.keypad_display.setText(view.display.replace(" ", "·"))
        self.keypad_state.setText(
            self.tr("Beeps: %1 · last rating: %2")
            .replace("%1", str(view.beeps))
            .replace("%2", "—" if view.last_score is None else str(view.last_score))
        )
        card = sims.id_card.card
        self.reader_state.setText(
            self.tr("ID card on the reader: %1").replace("%1", card.name)
            if card is not None
            else self.tr("No ID card on the reader.")
        )


def demo_card(name: str, id_number: str) -> IdCard:
    """The sample ID card with a demo customer's name and number, so it opens their account."""
    return replace(SAMPLE_CARD, name=name, id_number=id_number)
