"""Card readers end to end: SerialLink on ``virtual:`` + driver + simulator, and the ID card
driver's rules on a fake link (nothing sent while the port is away, silence is a timeout)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Hashable, Iterator

import pytest

from devices import virtual
from devices.codecs import idcard
from devices.codecs.cardline import RFID_HEX, TRACK2
from devices.codecs.idcard import IdCommand
from devices.drivers.readers import IdCardReader, LineCardReader
from devices.events import CardRead, DeviceEvent, IdCardRead
from devices.link import SerialLink
from devices.link_api import BytesListener, StateListener
from devices.simulators.base import Send
from devices.simulators.readers import SAMPLE_CARD, CardReaderSimulator, IdCardSimulator
from devices.state import DeviceState

TIMEOUT = 5.0
POLL = 0.02


class Events:
    def __init__(self, fail_first: int = 0) -> None:
        self.items: list[DeviceEvent] = []
        self._fail = fail_first
        self._cond = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        with self._cond:
            self.items.append(event)
            self._cond.notify_all()
            if self._fail:
                self._fail -= 1
                raise RuntimeError("the application's listener broke")

    def wait_for(self, count: int) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: len(self.items) >= count, TIMEOUT)


class CountingIdCard(IdCardSimulator):
    """An ID card reader a test can wait on: each command it answers wakes the test."""

    def __init__(self, send: Send, *, card: idcard.IdCard | None = None) -> None:
        super().__init__(send, card=card)
        self._heard = threading.Condition()

    def receive(self, data: bytes) -> None:
        super().receive(data)
        with self._heard:
            self._heard.notify_all()

    def wait_seen(self, cmd: tuple[int, int], count: int) -> bool:
        with self._heard:
            return self._heard.wait_for(lambda: self.commands_seen[cmd] >= count, TIMEOUT)

    def wait_more_finds(self, more: int) -> bool:
        """Wait until the reader has polled ``more`` times from now.

        When FIND number n + 1 arrives, the driver has dealt with the answer to FIND number n.
        """
        return self.wait_seen(idcard.FIND, self.commands_seen[idcard.FIND] + more)


class BrokenReadCard(CountingIdCard):
    """A reader whose READ answers say 256 + 1024 bytes but carry ten."""

    def _answer(self, cmd: IdCommand) -> bytes:
        if (cmd.cmd, cmd.para) == idcard.READ and self.card is not None:
            return idcard.reply(idcard.SW_OK, bytes.fromhex("01 00 04 00") + bytes(10))
        return super()._answer(cmd)


class StateLog:
    def __init__(self, link: SerialLink) -> None:
        self.states: list[DeviceState] = []
        self._cond = threading.Condition()
        link.on_state(self._add)

    def _add(self, state: DeviceState, _detail: str) -> None:
        with self._cond:
            self.states.append(state)
            self._cond.notify_all()

    def wait(self, state: DeviceState, count: int = 1) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self.states.count(state) >= count, TIMEOUT)


@pytest.fixture
def links() -> Iterator[list[SerialLink]]:
    made: list[SerialLink] = []
    yield made
    for link in made:
        link.stop()
    virtual.reset()


@pytest.fixture
def readers(links: list[SerialLink]) -> Iterator[list[IdCardReader]]:
    """Stopped before the links (this fixture depends on ``links``, so it is torn down first)."""
    made: list[IdCardReader] = []
    yield made
    for reader in made:
        reader.stop()


def ready_link(links: list[SerialLink], name: str) -> SerialLink:
    link = SerialLink(f"virtual:{name}")
    links.append(link)
    return link


def open_link(link: SerialLink) -> None:
    link.start()
    assert link.wait_ready(TIMEOUT)


# -- line readers over virtual: -------------------------------------------------------------------
def test_a_swiped_card_is_read(links: list[SerialLink]) -> None:
    simulator = virtual.attach("card-swipe", CardReaderSimulator)
    link = ready_link(links, "card-swipe")
    events = Events()
    reader = LineCardReader(link, "card-1", TRACK2, events)
    open_link(link)
    simulator.tap("04A1B2C3")  # not a magstripe card: counted, not reported
    simulator.swipe("6222020200112233445")
    assert events.wait_for(1)
    assert events.items == [
        CardRead("card-1", ";6222020200112233445=4912101?", "6222020200112233445")
    ]
    assert reader.errors == {"no_match": 1}  # the tap's line came first on the same wire


def test_a_tapped_rfid_card_is_read(links: list[SerialLink]) -> None:
    simulator = virtual.attach("card-tap", CardReaderSimulator)
    link = ready_link(links, "card-tap")
    events = Events()
    LineCardReader(link, "rfid-1", RFID_HEX, events)
    open_link(link)
    simulator.tap("04a1b2c3d4e580")
    assert events.wait_for(1)
    assert events.items == [CardRead("rfid-1", "04A1B2C3D4E580", "04A1B2C3D4E580")]


def test_a_failing_listener_does_not_stop_the_line_reader(links: list[SerialLink]) -> None:
    simulator = virtual.attach("card-listener", CardReaderSimulator)
    link = ready_link(links, "card-listener")
    events = Events(fail_first=1)
    reader = LineCardReader(link, "card-1", TRACK2, events)
    open_link(link)
    simulator.swipe("1111")
    simulator.swipe("2222")
    assert events.wait_for(2)
    assert [event.number for event in events.items if isinstance(event, CardRead)] == [
        "1111",
        "2222",
    ]
    assert reader.errors == {"listener": 1}


# -- ID card reader over virtual: -----------------------------------------------------------------
def test_a_presented_card_is_read_once_per_presentation(
    links: list[SerialLink], readers: list[IdCardReader]
) -> None:
    simulator = virtual.attach("idcard-once", CountingIdCard)
    link = ready_link(links, "idcard-once")
    events = Events()
    reader = IdCardReader(link, "id-1", events, poll_interval=POLL, reply_timeout=2.0)
    readers.append(reader)
    open_link(link)
    reader.start()

    # no card: the reader polls, nothing is reported and nothing counts as an error
    assert simulator.wait_seen(idcard.FIND, 4)
    assert events.items == []
    assert reader.errors == Counter()
    assert reader.sam_ok is True
    assert simulator.commands_seen[idcard.SAM_STATUS] == 1
    assert simulator.commands_seen[idcard.SELECT] == 0

    simulator.present()
    assert events.wait_for(1)
    assert events.items == [IdCardRead("id-1", SAMPLE_CARD)]
    assert reader.card_present

    # the card stays: more polls, no second read
    assert simulator.wait_more_finds(6)
    assert len(events.items) == 1
    assert simulator.commands_seen[idcard.READ] == 1

    # removed and presented again: a second read
    simulator.remove()
    assert simulator.wait_more_finds(2)
    assert not reader.card_present
    simulator.present(name="李四")
    assert events.wait_for(2)
    second = events.items[1]
    assert isinstance(second, IdCardRead)
    assert second.card.name == "李四"
    assert second.card.id_number == SAMPLE_CARD.id_number
    assert reader.errors == Counter()


def test_a_failing_listener_does_not_stop_polling(
    links: list[SerialLink], readers: list[IdCardReader]
) -> None:
    simulator = virtual.attach("idcard-listener", CountingIdCard)
    link = ready_link(links, "idcard-listener")
    events = Events(fail_first=1)
    reader = IdCardReader(link, "id-1", events, poll_interval=POLL, reply_timeout=2.0)
    readers.append(reader)
    open_link(link)
    reader.start()
    simulator.present()
    assert events.wait_for(1)
    simulator.remove()
    assert simulator.wait_more_finds(2)
    simulator.present()
    assert events.wait_for(2)
    assert reader.errors == {"listener": 1}


def test_a_read_reply_whose_lengths_do_not_add_up_is_counted(
    links: list[SerialLink], readers: list[IdCardReader]
) -> None:
    simulator = virtual.attach("idcard-broken", lambda send: BrokenReadCard(send, card=SAMPLE_CARD))
    link = ready_link(links, "idcard-broken")
    events = Events()
    reader = IdCardReader(link, "id-1", events, poll_interval=POLL, reply_timeout=2.0)
    readers.append(reader)
    open_link(link)
    reader.start()
    assert simulator.wait_seen(idcard.READ, 3)  # not reported, so tried again on the next poll
    assert simulator.wait_more_finds(1)
    assert events.items == []
    assert reader.errors["card"] >= 2
    assert set(reader.errors) == {"card"}


def test_the_reader_comes_back_after_the_port_does(
    links: list[SerialLink], readers: list[IdCardReader]
) -> None:
    simulator = virtual.attach("idcard-replug", CountingIdCard)
    link = ready_link(links, "idcard-replug")
    log = StateLog(link)
    events = Events()
    reader = IdCardReader(link, "id-1", events, poll_interval=POLL, reply_timeout=0.5)
    readers.append(reader)
    open_link(link)
    reader.start()
    simulator.present()
    assert events.wait_for(1)

    virtual.wire("idcard-replug").unplug()
    assert log.wait(DeviceState.DISCONNECTED)
    virtual.wire("idcard-replug").replug()
    assert log.wait(DeviceState.READY, count=2)

    # the card may have been swapped while the port was away: it is read again
    assert events.wait_for(2)
    assert events.items == [IdCardRead("id-1", SAMPLE_CARD)] * 2
    assert simulator.commands_seen[idcard.SAM_STATUS] == 2  # asked again after the re-open
    # a command in flight when the wire was pulled may have timed out; nothing else went wrong
    assert set(reader.errors) <= {"timeout", "truncated"}


# -- the ID card driver's rules on a fake link --------------------------------------------------
class FakeLink:
    """A link whose state a test sets; it records writes and answers nothing by itself."""

    port = "fake"

    def __init__(self, state: DeviceState) -> None:
        self._state = state
        self.writes: list[bytes] = []
        self.state_reads = 0
        self._bytes: list[BytesListener] = []
        self._states: list[StateListener] = []
        self._cond = threading.Condition()

    @property
    def state(self) -> DeviceState:
        with self._cond:
            self.state_reads += 1
            self._cond.notify_all()
            return self._state

    def write(self, frame: bytes, *, key: Hashable | None = None) -> None:
        with self._cond:
            self.writes.append(frame)
            self._cond.notify_all()

    def subscribe(self, listener: BytesListener) -> None:
        self._bytes.append(listener)

    def on_state(self, listener: StateListener) -> None:
        self._states.append(listener)

    def hear(self, data: bytes) -> None:
        for listener in self._bytes:
            listener(data)

    def set_state(self, state: DeviceState) -> None:
        self._state = state
        for listener in self._states:
            listener(state, "")

    def wait(self, check: Callable[[], bool]) -> bool:
        with self._cond:
            return self._cond.wait_for(check, TIMEOUT)


def test_nothing_is_sent_while_the_link_is_not_ready() -> None:
    link = FakeLink(DeviceState.DISCONNECTED)
    reader = IdCardReader(link, "id-1", Events(), poll_interval=0.001)
    reader.start()
    try:
        assert link.wait(lambda: link.state_reads >= 20)
    finally:
        reader.stop()
    assert link.writes == []
    assert reader.errors == Counter()


def test_silence_is_counted_as_timeouts_and_stop_still_joins() -> None:
    link = FakeLink(DeviceState.READY)
    reader = IdCardReader(link, "id-1", Events(), poll_interval=0.001, reply_timeout=0.01)
    reader.start()
    try:
        assert link.wait(lambda: len(link.writes) >= 3)
    finally:
        reader.stop()
    assert set(link.writes) == {idcard.command(*idcard.SAM_STATUS)}  # asked until it answers
    assert reader.errors["timeout"] >= 2


def test_a_half_reply_is_forgotten_after_a_timeout() -> None:
    link = FakeLink(DeviceState.READY)
    reader = IdCardReader(link, "id-1", Events(), poll_interval=0.001, reply_timeout=0.05)
    sam_ok = idcard.reply(idcard.SW_OK)
    reader.start()
    try:
        assert link.wait(lambda: len(link.writes) >= 1)
        link.hear(sam_ok[:6])  # the reader went quiet mid-reply
        assert link.wait(lambda: len(link.writes) >= 2)  # timed out and asked again
        link.hear(sam_ok)
        assert link.wait(lambda: idcard.command(*idcard.FIND) in link.writes)
    finally:
        reader.stop()
    assert reader.sam_ok is True
    assert reader.errors["truncated"] == 1


def test_a_line_cut_by_a_lost_port_is_dropped() -> None:
    link = FakeLink(DeviceState.READY)
    events = Events()
    LineCardReader(link, "card-1", TRACK2, events)
    link.hear(b";1234")
    link.set_state(DeviceState.DISCONNECTED)
    link.set_state(DeviceState.READY)
    link.hear(b"5678=49?\r\n;999=49?\r\n")
    assert [event.number for event in events.items if isinstance(event, CardRead)] == ["999"]
