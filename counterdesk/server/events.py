"""Live queue updates to every client over server-sent events (SSE).

Why SSE and not WebSocket: updates flow one way, server to clients; commands already go as plain
HTTP POSTs that answer with a status and a clear refusal. SSE is ordinary HTTP, so it passes the
hall's proxies and the TLS set-up of the HQ issue unchanged; its reconnect with ``Last-Event-ID``
is in the standard; and a client is a few lines over httpx in a worker thread. A WebSocket would
add a second command path and its own keep-alive for nothing we need.

Each connection first gets a ``snapshot`` event (the whole hall now), then every change with the
``queue_event`` id as its SSE id; events not newer than the snapshot are skipped, so none is seen
twice or missed. Each event is encoded once and the same bytes go to every client: fan-out to a
hundred screens costs a hundred queue puts. A client too slow to keep up (its buffer full) is
dropped; it reconnects and starts again from a snapshot.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any, Final

log = logging.getLogger(__name__)

KEEPALIVE_SECONDS: Final = 5.0
"""A comment line this often: proxies keep the line open and clients notice a dead server."""
CLIENT_BUFFER: Final = 2_000
RETRY_MS: Final = 1_000


def encode(event: dict[str, Any], kind: str | None = None) -> bytes:
    data = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    return f"id: {event.get('id', 0)}\nevent: {kind or event['kind']}\ndata: {data}\n\n".encode()


class Broadcaster:
    """Hands each published event to every connected stream; publish from any thread."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._streams: set[asyncio.Queue[tuple[int, bytes] | None]] = set()
        self._closed = False
        self.dropped = 0

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    @property
    def clients(self) -> int:
        return len(self._streams)

    def publish(self, event: dict[str, Any]) -> None:
        """Thread-safe: the queue service calls this from the worker that made the change."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        packet = (int(event.get("id", 0)), encode(event))
        try:
            loop.call_soon_threadsafe(self._fan_out, packet)
        except RuntimeError:  # the loop closed between the check and the call (shutdown)
            return

    def _fan_out(self, packet: tuple[int, bytes]) -> None:
        for stream in list(self._streams):
            try:
                stream.put_nowait(packet)
            except asyncio.QueueFull:
                self._streams.discard(stream)
                self.dropped += 1
                log.warning("A live-update client fell behind and was disconnected.")
                self._end(stream)

    @staticmethod
    def _end(stream: asyncio.Queue[tuple[int, bytes] | None]) -> None:
        while not stream.empty():
            stream.get_nowait()
        stream.put_nowait(None)

    def close(self) -> None:
        """End every stream (server shutdown), so uvicorn does not wait on open connections.

        A client that connects after this (a screen reconnecting while the server stops) is
        ended at once too, or shutdown would wait for it.
        """
        self._closed = True
        loop = self._loop
        if loop is None or loop.is_closed():
            return

        def end_all() -> None:
            for stream in list(self._streams):
                self._end(stream)
            self._streams.clear()

        try:
            loop.call_soon_threadsafe(end_all)
        except RuntimeError:
            return

    async def stream(
        self, snapshot: Callable[[], dict[str, Any]], run: Callable[..., Any]
    ) -> AsyncIterator[bytes]:
        """One client's stream: a snapshot, then the newer events, with keep-alives between."""
        if self._closed:
            return
        queue: asyncio.Queue[tuple[int, bytes] | None] = asyncio.Queue(CLIENT_BUFFER)
        self._streams.add(queue)
        try:
            state = await run(snapshot)
            seen = int(state["id"])
            yield f"retry: {RETRY_MS}\n".encode()
            yield encode({"id": seen, "kind": "snapshot", "state": state})
            while True:
                try:
                    packet = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    yield b": keep-alive\n\n"
                    continue
                if packet is None:
                    return
                event_id, data = packet
                if event_id and event_id <= seen:
                    continue
                yield data
        finally:
            self._streams.discard(queue)
