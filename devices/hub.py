"""All the serial devices of one terminal (or of the hall server), behind one small face.

The hub builds one :class:`~devices.link.SerialLink` per port and one driver per protocol family
on it, from the checked configuration. The application speaks in queue terms (show this call,
show the waiting count, test that device) and hears :mod:`devices.events`; which bus, address
and frame that takes is the hub's business.

A device problem never reaches a payment: the hub's methods only queue frames and never raise
for a device that is away; its state arrives as :class:`~devices.events.StateChanged`.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from devices.codecs.led import ScreenKind
from devices.config import DeviceConfig, DeviceKind, check_all
from devices.drivers.displays import TEST_TEXT, LedBus, ModbusDisplay, ScreenSpec
from devices.drivers.keypad import KeypadBus
from devices.drivers.readers import IdCardReader, LineCardReader
from devices.events import DeviceEvent, EventListener, RatingGiven, StateChanged
from devices.link import SerialLink
from devices.ports import LineSettings
from devices.state import DeviceState

_log = logging.getLogger(__name__)

LED_FRAME_GAP: Final = 0.1
"""Seconds between frames on an LED bus: the screens need 100 ms to take a frame (DEVICES.md)."""
RECENT_CALLS: Final = 8

LinkFactory = Callable[..., SerialLink]


@dataclass(frozen=True)
class DeviceStatus:
    name: str
    kind: DeviceKind
    port: str
    state: DeviceState
    detail: str


class DeviceHub:
    """The devices configured here; start it once, stop it on exit.

    ``on_event`` is called on the links' worker threads; the Qt bridge re-emits the events on
    the GUI thread.
    """

    def __init__(
        self,
        configs: Iterable[DeviceConfig],
        on_event: EventListener,
        *,
        link_factory: LinkFactory = SerialLink,
    ) -> None:
        # Keyboard-wedge readers type into the window; the UI hears them, not a link.
        self.configs = [
            config for config in check_all(configs) if config.enabled and not config.keyboard_wedge
        ]
        self._on_event = on_event
        self._lock = threading.Lock()
        self._states: dict[str, tuple[DeviceState, str]] = {
            config.name: (DeviceState.CLOSED, "") for config in self.configs
        }
        self._recent: deque[tuple[str, str]] = deque(maxlen=RECENT_CALLS)
        self._notice = ""
        self.links: dict[str, SerialLink] = {}
        self._led: list[tuple[LedBus, list[DeviceConfig]]] = []
        self._modbus: list[tuple[ModbusDisplay, DeviceConfig]] = []
        self._keypads: list[tuple[KeypadBus, list[DeviceConfig]]] = []
        self._id_readers: list[IdCardReader] = []
        self._card_readers: list[LineCardReader] = []
        by_port: dict[str, list[DeviceConfig]] = {}
        for config in self.configs:
            by_port.setdefault(config.port, []).append(config)
        for port, devices in by_port.items():
            family = devices[0].kind.family
            link = link_factory(
                port,
                line=LineSettings(baudrate=devices[0].baudrate),
                frame_gap=LED_FRAME_GAP if family == "led" else 0.0,
                name=port,
            )
            self.links[port] = link
            link.on_state(self._state_listener(devices))
            self._build(family, link, devices)

    def _build(self, family: str, link: SerialLink, devices: list[DeviceConfig]) -> None:
        if family == "led":
            screens: dict[int, ScreenSpec] = {}
            for config in devices:
                if config.kind is DeviceKind.HALL_SCREEN:
                    for address, template in config.hall_rows:
                        screens[address] = ScreenSpec(ScreenKind.HALL, template, config.name)
                else:
                    screens[config.address] = ScreenSpec(
                        ScreenKind.STRIP, config.template, config.name
                    )
            # A hall screen built from strips (拼接综合屏) takes strip frames on every row; an
            # integrated one takes the hall framing (08 02), as the public driver sends them.
            mosaic = all(
                bool(c.options.get("mosaic", True))
                for c in devices
                if c.kind is DeviceKind.HALL_SCREEN
            )
            framing = ScreenKind.STRIP if mosaic else ScreenKind.HALL
            self._led.append((LedBus(link, screens, hall_framing=framing), devices))
        elif family == "modbus":
            for config in devices:
                display = ModbusDisplay(
                    link, unit=config.address, register=config.register, device=config.name
                )
                self._modbus.append((display, config))
        elif family == "keypad":
            callers = {c.address: c.name for c in devices if c.kind is DeviceKind.CALLER_KEYPAD}
            evaluators = {c.address: c.name for c in devices if c.kind is DeviceKind.EVALUATOR}
            names = {**evaluators, **callers}
            bus = KeypadBus(link, names, self._keypad_event(evaluators))
            self._keypads.append((bus, devices))
        elif family == "cardline":
            config = devices[0]
            self._card_readers.append(LineCardReader(link, config.name, config.pattern, self._emit))
        elif family == "idcard":
            self._id_readers.append(IdCardReader(link, devices[0].name, self._emit))

    def _keypad_event(self, evaluators: dict[int, str]) -> EventListener:
        """A rating comes from the evaluator, even when it shares its window's caller address."""

        def relay(event: DeviceEvent) -> None:
            if isinstance(event, RatingGiven) and event.address in evaluators:
                event = RatingGiven(evaluators[event.address], event.address, event.score)
            self._emit(event)

        return relay

    def _state_listener(self, devices: list[DeviceConfig]) -> Callable[[DeviceState, str], None]:
        def tell(state: DeviceState, detail: str) -> None:
            for config in devices:
                with self._lock:
                    self._states[config.name] = (state, detail)
                self._emit(StateChanged(config.name, state, detail))

        return tell

    def _emit(self, event: DeviceEvent) -> None:
        try:
            self._on_event(event)
        except Exception:  # the application's bug must not stop a device thread
            _log.exception("device event listener failed on %r", event)

    # -- life ------------------------------------------------------------------------------------
    def start(self) -> None:
        for link in self.links.values():
            link.start()
        for reader in self._id_readers:
            reader.start()

    def stop(self) -> None:
        for reader in self._id_readers:
            reader.stop()
        for display, _config in self._modbus:
            display.close()
        for link in self.links.values():
            link.stop()

    def statuses(self) -> list[DeviceStatus]:
        with self._lock:
            return [
                DeviceStatus(config.name, config.kind, config.port, *self._states[config.name])
                for config in self.configs
            ]

    # -- what the queue asks ---------------------------------------------------------------------
    def show_call(self, number: str, window: str) -> None:
        """A ticket was called to ``window``: every display and the keypad show it."""
        with self._lock:
            if (number, window) in self._recent:
                self._recent.remove((number, window))
            self._recent.appendleft((number, window))
            recent = list(self._recent)
            notice = self._notice
        for bus, _devices in self._led:
            bus.show_call(number, window)
            bus.hall.show(recent, notice)
        for display, _config in self._modbus:
            display.show_number(_ticket_digits(number))
        for keypad, devices in self._keypads:
            for config in devices:
                if config.kind is DeviceKind.CALLER_KEYPAD:
                    keypad.show_ticket(config.address, number)

    def show_waiting(self, count: int) -> None:
        for keypad, devices in self._keypads:
            for config in devices:
                if config.kind is DeviceKind.CALLER_KEYPAD:
                    keypad.show_waiting(config.address, count)

    def show_notice(self, text: str) -> None:
        with self._lock:
            self._notice = text
            recent = list(self._recent)
        for bus, _devices in self._led:
            bus.hall.show(recent, text)

    def ask_rating(self) -> None:
        for keypad, devices in self._keypads:
            for config in devices:
                if config.kind is DeviceKind.EVALUATOR:
                    keypad.ask_rating(config.address)

    def test(self, name: str) -> str:
        """Make device ``name`` show itself; returns what the person should now see or do."""
        config = next((c for c in self.configs if c.name == name), None)
        if config is None:
            raise KeyError(name)
        kind = config.kind
        if kind in (DeviceKind.LED_STRIP, DeviceKind.HALL_SCREEN):
            addresses = (
                [address for address, _ in config.hall_rows]
                if kind is DeviceKind.HALL_SCREEN
                else [config.address]
            )
            for bus, devices in self._led:
                if config in devices:
                    for address in addresses:
                        bus.show_text(address, TEST_TEXT)
            return TEST_TEXT
        if kind is DeviceKind.MODBUS_DISPLAY:
            for display, shown in self._modbus:
                if shown is config:
                    display.show_number(888)
            return "888"
        if kind in (DeviceKind.CALLER_KEYPAD, DeviceKind.EVALUATOR):
            for keypad, devices in self._keypads:
                if config in devices:
                    keypad.beep(config.address)
                    if kind is DeviceKind.CALLER_KEYPAD:
                        keypad.show_ticket(config.address, "888")
            return "beep"
        return "read"


def _ticket_digits(number: str) -> int:
    """A numeric display shows the ticket's digits: A023 → 23 (shown as 023 where it pads)."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return int(digits[-4:]) if digits else 0
