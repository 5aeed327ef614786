"""From a call to the window display's frame on the wire, over a real pty (target p99 ≤ 50 ms).

Run: ``uv run pytest -m bench -s tests/bench/test_device_bench.py``. What is timed is the path the
queue will take: ``DeviceHub.show_call`` (template, GBK encoding, keyed queue, writer thread,
pyserial write) until the whole strip frame has been read at the pty's device end. The baseline,
measured in the same run, is the floor of the transport: the same frame written straight to the
pty with ``os.write`` and read back the same way. Calls are 150 ms apart, as a hall never calls
faster, so the LED bus's 100 ms frame gap is not what is measured.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.codecs.led import ScreenKind, encode_text
from devices.config import DeviceConfig, DeviceKind
from devices.hub import DeviceHub
from devices.state import DeviceState
from tests.bench.conftest import summary
from tests.helpers.serial_ports import PtyDevice

pytestmark = pytest.mark.bench

RUNS = 200
TARGET_P99_MS = 50.0
SPACING_S = 0.15


@pytest.fixture
def pty(tmp_path: Path) -> Iterator[PtyDevice]:
    device = PtyDevice(tmp_path / "ttyLED")
    yield device
    device.close()


def test_call_to_window_display_frame(pty: PtyDevice) -> None:
    hub = DeviceHub(
        [DeviceConfig("window_display", DeviceKind.LED_STRIP, str(pty.path), address=1)],
        on_event=lambda _event: None,
    )
    hub.start()
    try:
        link = next(iter(hub.links.values()))
        assert link.wait_ready(5)
        latencies: list[float] = []
        for index in range(RUNS):
            number = f"A{index % 1000:03d}"
            frame = encode_text(1, f"请{number}号到3号窗口", ScreenKind.STRIP)
            started = time.perf_counter()
            hub.show_call(number, "3")
            got = pty.read(len(frame), timeout=2)
            latencies.append((time.perf_counter() - started) * 1000)
            assert got == frame
            time.sleep(SPACING_S)
        assert hub.statuses()[0].state is DeviceState.READY
    finally:
        hub.stop()

    slave = os.open(os.ttyname(pty._slave), os.O_RDWR | os.O_NOCTTY)  # the transport's floor
    try:
        floor: list[float] = []
        frame = encode_text(1, "请A023号到3号窗口", ScreenKind.STRIP)
        for _ in range(RUNS):
            started = time.perf_counter()
            os.write(slave, frame)
            assert pty.read(len(frame), timeout=2) == frame
            floor.append((time.perf_counter() - started) * 1000)
    finally:
        os.close(slave)

    median, p99, worst = summary(latencies)
    base_median, base_p99, _ = summary(floor)
    print(
        f"\ncall → window display frame on a pty, {RUNS} calls: median {median:.2f} ms, "
        f"p99 {p99:.2f} ms, max {worst:.2f} ms (target p99 ≤ {TARGET_P99_MS:.0f} ms)\n"
        f"baseline os.write → read on the same pty: median {base_median:.3f} ms, "
        f"p99 {base_p99:.3f} ms; ratio of medians {median / base_median:.1f}×"
    )
    assert p99 <= TARGET_P99_MS
