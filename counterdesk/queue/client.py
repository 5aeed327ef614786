"""Talking to the hall server: commands over HTTP, live updates over server-sent events.

Qt-free and blocking on purpose: the counter, kiosk, hall screen and dashboard run these calls in
worker threads (no I/O on the GUI thread) and re-emit the results as signals.

Every POST carries an ``Idempotency-Key``. A call whose answer is lost (timeout, dropped
connection) is sent once more with the same key, and the server answers with what it did the
first time: the clerk never calls two customers with one key press. A server that cannot be
reached raises :class:`HallUnavailableError`, a refusal the clerk can read.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import uuid
from collections.abc import Callable
from typing import Any, Final
from uuid import UUID

import httpx
from httpx_sse import connect_sse

from counterdesk.queue.errors import QueueError, rebuild
from counterdesk.services.common import CounterError

log = logging.getLogger(__name__)

TIMEOUT: Final = httpx.Timeout(5.0, connect=2.0)
STREAM_TIMEOUT: Final = httpx.Timeout(5.0, read=15.0)
"""The server sends a keep-alive every 5 s; 15 s of silence means the line is dead."""
BACKOFF: Final = (0.2, 0.5, 1.0, 2.0)

Event = dict[str, Any]


class HallUnavailableError(CounterError):
    def __init__(self, url: str) -> None:
        super().__init__(
            "The hall server at {url} cannot be reached; the queue will be back when it is.",
            url=url,
        )


class HallClient:
    """One hall server; thread-safe (httpx's client is), one per process is enough."""

    def __init__(self, base_url: str, *, timeout: httpx.Timeout = TIMEOUT) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout)

    def close(self) -> None:
        self._http.close()

    # --- plumbing -----------------------------------------------------------------------------

    def _send(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        headers = {"Idempotency-Key": uuid.uuid4().hex} if method != "GET" else {}
        for attempt in range(2):
            try:
                response = self._http.request(method, path, json=body, headers=headers)
            except httpx.TransportError as error:
                if attempt == 0 and method != "GET":
                    log.info("Hall server: %s %s lost (%s); sending it again.", method, path, error)
                    continue
                raise HallUnavailableError(self.base_url) from error
            return self._answer(response)
        raise HallUnavailableError(self.base_url)  # pragma: no cover - the loop always returns

    def _answer(self, response: httpx.Response) -> Any:
        if response.is_success:
            return response.json()
        try:
            body = response.json()
        except ValueError:
            body = {}
        if isinstance(body, dict) and "code" in body and "template" in body:
            raise rebuild(str(body["code"]), str(body["template"]), dict(body.get("params", {})))
        if response.status_code == 422:
            raise QueueError(
                "The hall server refused the request as malformed: {detail}",
                detail=str(body.get("detail", ""))[:200],
            )
        if response.status_code >= 500:
            raise HallUnavailableError(self.base_url)
        raise QueueError("The hall server answered {status}.", status=response.status_code)

    @staticmethod
    def _expected(expected: UUID | str | None) -> dict[str, Any]:
        return {"expected": str(expected)} if expected else {}

    # --- reading ------------------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        return dict(self._send("GET", "/health"))

    def state(self) -> dict[str, Any]:
        return dict(self._send("GET", "/hall/state"))

    def ticket(self, ref: str) -> dict[str, Any]:
        return dict(self._send("GET", f"/hall/tickets/{ref}"))

    def waiting(self, category: str | None = None) -> list[dict[str, Any]]:
        path = "/hall/tickets" + (f"?category={category}" if category else "")
        return list(self._send("GET", path))

    def get(self, path: str) -> Any:
        """Any other read (statistics), answered as JSON."""
        return self._send("GET", path)

    # --- the kiosk ----------------------------------------------------------------------------

    def issue(self, category: str, *, priority: int | None = None, source: str = "kiosk") -> Event:
        body: dict[str, Any] = {"category": category, "source": source}
        if priority is not None:
            body["priority"] = priority
        return dict(self._send("POST", "/hall/tickets", body))

    # --- a counter's window -------------------------------------------------------------------

    def open_window(self, window: int, clerk_no: str, clerk_name: str) -> Event:
        body = {"clerk_no": clerk_no, "clerk_name": clerk_name}
        return dict(self._send("POST", f"/hall/windows/{window}/open", body))

    def close_window(self, window: int) -> Event:
        return dict(self._send("POST", f"/hall/windows/{window}/close"))

    def call_next(self, window: int) -> Event:
        return dict(self._send("POST", f"/hall/windows/{window}/call-next"))

    def call(self, window: int, ticket: str) -> Event:
        return dict(self._send("POST", f"/hall/windows/{window}/call", {"ticket": ticket}))

    def recall(self, window: int, expected: UUID | str | None = None) -> Event:
        path = f"/hall/windows/{window}/recall"
        return dict(self._send("POST", path, self._expected(expected)))

    def no_show(self, window: int, expected: UUID | str | None = None) -> Event:
        path = f"/hall/windows/{window}/no-show"
        return dict(self._send("POST", path, self._expected(expected)))

    def finish(self, window: int, expected: UUID | str | None = None) -> Event:
        path = f"/hall/windows/{window}/finish"
        return dict(self._send("POST", path, self._expected(expected)))

    def transfer(
        self,
        window: int,
        *,
        category: str | None = None,
        to_window: int | None = None,
        expected: UUID | str | None = None,
    ) -> Event:
        body = {**self._expected(expected), "category": category, "to_window": to_window}
        return dict(self._send("POST", f"/hall/windows/{window}/transfer", body))

    def pause(self, window: int) -> Event:
        return dict(self._send("POST", f"/hall/windows/{window}/pause"))

    def resume(self, window: int) -> Event:
        return dict(self._send("POST", f"/hall/windows/{window}/resume"))

    def rate(self, score: int, *, ticket: str | None = None, window: int | None = None) -> Event:
        body = {"score": score, "ticket": ticket, "window": window}
        return dict(self._send("POST", "/hall/ratings", body))

    # --- the manager --------------------------------------------------------------------------

    def set_notice(self, text: str) -> Event:
        return dict(self._send("PUT", "/hall/notice", {"text": text}))

    def configure(self, setup: dict[str, Any]) -> dict[str, Any]:
        return dict(self._send("PUT", "/hall/setup", setup))


class EventStream:
    """Follows ``/hall/events`` in a thread; reconnects with backoff and starts from a snapshot.

    ``on_event`` receives every event (the first after each connect is ``snapshot``, whose
    ``state`` replaces whatever the client held); ``on_online`` is told when the line comes up
    and when it drops. Both run on the stream's thread: a Qt bridge re-emits them as signals.
    """

    def __init__(
        self,
        base_url: str,
        on_event: Callable[[Event], None],
        on_online: Callable[[bool], None] | None = None,
        *,
        name: str = "hall-events",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._on_event = on_event
        self._on_online = on_online or (lambda _online: None)
        self._stop = threading.Event()
        self._client: httpx.Client | None = None
        self._response: httpx.Response | None = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.connects = 0

    def start(self) -> EventStream:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        with self._lock:
            if self._response is not None:
                _interrupt(self._response)
            if self._client is not None:
                self._client.close()
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _deliver(self, event: Event) -> None:
        try:
            self._on_event(event)
        except Exception:  # a listener's bug must not end the live view
            log.exception("A hall event listener failed on event %s", event.get("id"))

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            online = False
            try:
                with httpx.Client(base_url=self.base_url, timeout=STREAM_TIMEOUT) as client:
                    with self._lock:
                        self._client = client
                    if self._stop.is_set():
                        return
                    with connect_sse(client, "GET", "/hall/events") as source:
                        with self._lock:
                            self._response = source.response
                        if self._stop.is_set():
                            return
                        source.response.raise_for_status()
                        for message in source.iter_sse():
                            if not message.data:
                                # The server's keep-alive comment: httpx-sse hands it over as
                                # an empty event (it keeps the last id), which is no JSON.
                                continue
                            if not online:
                                online, failures = True, 0
                                self.connects += 1
                                self._on_online(True)
                            self._deliver(message.json())
            except (httpx.HTTPError, ValueError, RuntimeError) as error:
                if not self._stop.is_set():
                    log.info("Hall events from %s interrupted: %s", self.base_url, error)
            finally:
                with self._lock:
                    self._client, self._response = None, None
            if self._stop.is_set():
                return
            if online or failures == 0:
                self._on_online(False)
            delay = BACKOFF[min(failures, len(BACKOFF) - 1)]
            failures += 1
            self._stop.wait(delay)


def _interrupt(response: httpx.Response) -> None:
    """Wake a thread blocked reading ``response``: closing the client does not (it would wait
    for the next keep-alive, 5 s), shutting the socket down does."""
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
