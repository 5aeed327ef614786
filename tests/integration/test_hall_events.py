"""Live hall events over SSE from a real server: a snapshot first, then every change once and in
order; a restarted server is followed; a client that falls behind is dropped alone; shutdown
ends the streams at once."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from counterdesk.queue.client import EventStream, HallClient
from counterdesk.queue.errors import NobodyWaitingError
from counterdesk.server import events
from counterdesk.server.events import Broadcaster
from counterdesk.server.run import ServerThread, build
from tests.helpers.hall import StepClock, hall_server
from tests.helpers.waiting import until


class Heard:
    """What one EventStream delivered, from its thread."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.online: list[bool] = []
        self._lock = threading.Lock()

    def event(self, event: dict[str, Any]) -> None:
        with self._lock:
            self.events.append(event)

    def line(self, online: bool) -> None:
        with self._lock:
            self.online.append(online)

    def ids(self) -> list[int]:
        with self._lock:
            return [int(e["id"]) for e in self.events]

    def kinds(self) -> list[str]:
        with self._lock:
            return [str(e["kind"]) for e in self.events]

    def snapshots(self) -> list[dict[str, Any]]:
        with self._lock:
            return [e for e in self.events if e["kind"] == "snapshot"]


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[tuple[ServerThread, HallClient]]:
    with hall_server(tmp_path / "hall.db", clock=StepClock()) as (server, client):
        yield server, client


def follow(url: str) -> tuple[EventStream, Heard]:
    heard = Heard()
    stream = EventStream(url, heard.event, heard.line).start()
    assert until(lambda: bool(heard.events)), "no snapshot"
    return stream, heard


def test_the_wire_format_is_a_snapshot_with_its_id_then_named_events(hall: Any) -> None:
    server, client = hall
    client.issue("A")
    with (
        httpx.Client(base_url=server.url, timeout=5) as raw,
        raw.stream("GET", "/hall/events") as response,
    ):
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = response.iter_lines()
        assert next(lines) == f"retry: {events.RETRY_MS}"
        assert next(lines) == "id: 1"
        assert next(lines) == "event: snapshot"
        snapshot = json.loads(next(lines).removeprefix("data: "))
        assert snapshot["state"]["waiting"]["A"] == 1
        assert next(lines) == ""
        client.issue("B")
        assert [next(lines) for _ in range(2)] == ["id: 2", "event: issued"]


def test_a_snapshot_then_every_event_once_in_order_through_a_burst(hall: Any) -> None:
    server, client = hall
    for code in "ABCV":
        client.issue(code)
    early, early_heard = follow(server.url)
    returned: list[int] = []
    returned_lock = threading.Lock()
    late: list[tuple[EventStream, Heard]] = []

    def kiosk() -> None:
        for number in range(100):
            event = client.issue("ABCV"[number % 4])
            with returned_lock:
                returned.append(event["id"])
            if number == 40:
                late.append(follow(server.url))  # joins in the middle of the burst

    def counters() -> None:
        def record(event: dict[str, Any]) -> None:
            with returned_lock:
                returned.append(event["id"])

        for window in (1, 2, 3):
            record(client.open_window(window, f"c{window}", f"Clerk {window}"))
        serving = dict.fromkeys((1, 2, 3), False)
        actions = 0
        while actions < 97:
            window = actions % 3 + 1
            try:
                record(client.finish(window) if serving[window] else client.call_next(window))
            except NobodyWaitingError:
                continue  # the kiosk is behind; press again
            serving[window] = not serving[window]
            actions += 1

    threads = [threading.Thread(target=kiosk), threading.Thread(target=counters)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        check_burst(early_heard, late[0][1], returned)
    finally:
        early.stop()
        for stream, _heard in late:
            stream.stop()


def check_burst(early_heard: Heard, heard: Heard, returned: list[int]) -> None:
    assert len(returned) == 200
    assert until(lambda: len(early_heard.events) >= 1 + 200, timeout=10)

    first = early_heard.events[0]
    assert first["kind"] == "snapshot"
    assert first["id"] == 4
    assert first["state"]["waiting"] == {"A": 1, "B": 1, "C": 1, "V": 1}
    assert early_heard.ids()[1:] == sorted(returned), "missed, doubled or out of order"
    assert early_heard.ids()[1:] == list(range(5, 205))
    assert until(lambda: heard.ids()[-1:] == early_heard.ids()[-1:], timeout=10)
    joined_at = heard.events[0]["id"]
    assert heard.kinds()[0] == "snapshot"
    assert heard.ids()[1:] == [i for i in early_heard.ids()[1:] if i > joined_at]
    assert heard.events[0]["state"]["waiting"] == next(
        e["waiting"] for e in early_heard.events if e["id"] == joined_at
    )


def test_an_idle_stream_stays_connected_through_keep_alives(
    hall: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, client = hall
    monkeypatch.setattr(events, "KEEPALIVE_SECONDS", 0.05)
    stream, heard = follow(server.url)
    try:
        assert not until(lambda: stream.connects > 1, timeout=0.6), "reconnected while idle"
        client.issue("A")
        assert until(lambda: heard.kinds()[-1:] == ["issued"])
        assert heard.kinds() == ["snapshot", "issued"]
        assert heard.online == [True]
    finally:
        stream.stop()


def test_stopping_a_stream_returns_at_once(hall: Any) -> None:
    server, _client = hall
    stream, _heard = follow(server.url)
    started = time.monotonic()
    stream.stop()
    assert time.monotonic() - started < 1.0, "stop waited for the next keep-alive"
    assert not stream.running
    assert until(lambda: server.app.state.broadcaster.clients == 0)


def test_the_stream_follows_a_restarted_server_from_a_fresh_snapshot(tmp_path: Path) -> None:
    db, clock = tmp_path / "hall.db", StepClock()
    first = ServerThread(build(db, clock=clock)).start()
    port = first.port
    client = HallClient(first.url)
    client.issue("A")
    stream, heard = follow(first.url)
    try:
        first.stop()
        assert until(lambda: heard.online == [True, False], timeout=5)

        second = ServerThread(build(db, clock=clock), port=port).start()
        try:
            assert until(lambda: stream.connects == 2, timeout=10)
            client.issue("B")
            assert until(lambda: heard.kinds()[-1:] == ["issued"])
        finally:
            second.stop()
    finally:
        stream.stop()
        client.close()
    snapshots = heard.snapshots()
    assert len(snapshots) == 2
    assert heard.online[:3] == [True, False, True]
    assert snapshots[1]["state"]["waiting"]["A"] == 1  # the day, read back by the new server
    assert heard.kinds() == ["snapshot", "snapshot", "issued"]
    assert heard.events[-1]["ticket"]["number"] == "B001"


# --- the broadcaster ------------------------------------------------------------------------


async def _direct(function: Any) -> Any:
    return function()


def test_a_client_that_falls_behind_is_dropped_and_the_others_are_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(events, "CLIENT_BUFFER", 5)

    async def scenario() -> tuple[list[int], list[bytes], Broadcaster]:
        broadcaster = Broadcaster()
        broadcaster.attach(asyncio.get_running_loop())
        fast = broadcaster.stream(lambda: {"id": 0}, _direct)
        slow = broadcaster.stream(lambda: {"id": 0}, _direct)
        for stream in (fast, slow):
            assert (await anext(stream)).startswith(b"retry:")
            assert b"event: snapshot" in await anext(stream)
        received: list[int] = []

        async def read_all() -> None:
            async for chunk in fast:
                received.append(int(chunk.split(b"\n")[0].removeprefix(b"id: ")))

        reader = asyncio.create_task(read_all())
        for number in range(1, 21):
            broadcaster.publish({"id": number, "kind": "issued"})
            for _turn in range(100):  # the fast client reads each event before the next
                if len(received) == number:
                    break
                await asyncio.sleep(0)
        assert broadcaster.clients == 1
        rest = [chunk async for chunk in slow]  # the slow one's stream has ended
        broadcaster.close()
        await asyncio.wait_for(reader, 2)
        return received, rest, broadcaster

    received, rest, broadcaster = asyncio.run(scenario())
    assert received == list(range(1, 21))
    assert rest == []
    assert broadcaster.dropped == 1


def test_closing_ends_every_stream_and_refuses_new_ones() -> None:
    async def scenario() -> list[bytes]:
        broadcaster = Broadcaster()
        broadcaster.attach(asyncio.get_running_loop())
        open_one = broadcaster.stream(lambda: {"id": 3}, _direct)
        await anext(open_one)
        await anext(open_one)
        broadcaster.close()
        assert [chunk async for chunk in open_one] == []
        late = broadcaster.stream(lambda: {"id": 3}, _direct)
        return await asyncio.wait_for(_collect(late), 1)

    assert asyncio.run(scenario()) == []


async def _collect(stream: Any) -> list[bytes]:
    return [chunk async for chunk in stream]


def test_the_server_stops_promptly_with_clients_connected(tmp_path: Path) -> None:
    server = ServerThread(build(tmp_path / "hall.db", clock=StepClock())).start()
    ended: list[float] = []

    def watch() -> None:
        with (
            httpx.Client(base_url=server.url, timeout=10) as raw,
            raw.stream("GET", "/hall/events") as response,
        ):
            for _line in response.iter_lines():
                pass
        ended.append(time.monotonic())

    watchers = [threading.Thread(target=watch) for _ in range(5)]
    for watcher in watchers:
        watcher.start()
    assert until(lambda: server.app.state.broadcaster.clients == 5)
    started = time.monotonic()
    server.stop()
    stopped = time.monotonic() - started
    for watcher in watchers:
        watcher.join(5)
    assert stopped < 1.5, f"the server took {stopped:.1f} s to stop (it gives up at 2 s)"
    assert len(ended) == 5
