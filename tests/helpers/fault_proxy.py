"""A fault-injecting HTTP/1.1 proxy on loopback, for the failures sync must survive (SYNC.md).

It sits between the terminal's sync client and a real HQ server and, request by request, passes
the exchange through or breaks it the way a WAN does:

- ``"pass"``: forward the request, return the response;
- ``"drop_response"``: forward the request, let HQ commit and answer, then close the client's
  connection without a byte of the answer (the response lost after HQ committed);
- ``"reset"``: close the client's connection before HQ sees the request;
- ``"stall"``: forward, then hold the answer until the client gives up (its timeout).

It understands just enough HTTP/1.1 to find request and response boundaries on a keep-alive
connection (``Content-Length`` bodies, which is all the sync routes send), so one rule applies to
one request, not to whatever happens to share a TCP connection.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from typing import Final, Literal

Action = Literal["pass", "drop_response", "reset", "stall"]
Plan = Callable[[int, str], Action]
"""``plan(n, request_line)`` decides the fate of the n-th request (0-based) through the proxy."""

_HEAD_LIMIT: Final = 64 * 1024


class _ClosedError(Exception):
    pass


def _read_head(sock: socket.socket, buffer: bytearray) -> bytes:
    while b"\r\n\r\n" not in buffer:
        if len(buffer) > _HEAD_LIMIT:
            raise _ClosedError
        chunk = sock.recv(65536)
        if not chunk:
            raise _ClosedError
        buffer += chunk
    end = buffer.index(b"\r\n\r\n") + 4
    head = bytes(buffer[:end])
    del buffer[:end]
    return head


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
        if name.strip().lower() == b"transfer-encoding" and b"chunked" in value.lower():
            raise ValueError("the fault proxy only handles Content-Length bodies")
    return 0


def _read_body(sock: socket.socket, buffer: bytearray, length: int) -> bytes:
    while len(buffer) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise _ClosedError
        buffer += chunk
    body = bytes(buffer[:length])
    del buffer[:length]
    return body


class FaultProxy:
    """``with FaultProxy(upstream_port, plan) as proxy:`` then talk to ``proxy.url``."""

    def __init__(self, upstream_port: int, plan: Plan | None = None) -> None:
        self.upstream_port = upstream_port
        self.plan: Plan = plan or (lambda _n, _line: "pass")
        self.log: list[tuple[str, Action]] = []
        self._count = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sockets: set[socket.socket] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FaultProxy:
        thread = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def actions(self) -> list[Action]:
        with self._lock:
            return [action for _line, action in self.log]

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
            with self._lock:
                self._sockets.add(client)
                self._threads.append(thread)
            thread.start()

    def _decide(self, line: str) -> Action:
        with self._lock:
            n = self._count
            self._count += 1
        action = self.plan(n, line)
        with self._lock:
            self.log.append((line, action))
        return action

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            with self._lock:
                self._sockets.add(upstream)
            from_client = bytearray()
            from_upstream = bytearray()
            while not self._stop.is_set():
                head = _read_head(client, from_client)
                body = _read_body(client, from_client, _content_length(head))
                action = self._decide(head.split(b"\r\n", 1)[0].decode("latin-1"))
                if action == "reset":
                    return
                upstream.sendall(head + body)
                answer_head = _read_head(upstream, from_upstream)
                answer = answer_head + _read_body(
                    upstream, from_upstream, _content_length(answer_head)
                )
                if action == "drop_response":
                    return
                if action == "stall":
                    self._stop.wait(60)
                    return
                client.sendall(answer)
        except (_ClosedError, OSError, ValueError):
            return
        finally:
            for sock in (client, upstream):
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)
                    with contextlib.suppress(OSError):
                        sock.close()
