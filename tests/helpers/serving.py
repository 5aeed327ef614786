"""``counterdesk serve`` in a process of its own, as HQ runs in production (tests, benchmarks).

One way to start it and wait for it: on a free loopback port, its output in a log file that a
failing test shows, and ready once ``/health`` answers (importing FastAPI on a loaded CI machine
takes seconds, so the wait is generous and stops early when the process dies).
"""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import httpx
import pytest

from tests.helpers.waiting import until

START_WAIT: Final = 30.0
"""Seconds the server process may take to answer."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(url: str, verify: ssl.SSLContext | bool) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=1, verify=verify).status_code == 200
    except httpx.HTTPError:
        return False


def start_serve(
    db: str,
    port: int,
    log: Path,
    *,
    role: str = "hq",
    extra: Sequence[str] = (),
    verify: ssl.SSLContext | None = None,
) -> subprocess.Popen[bytes]:
    """``counterdesk serve --role role --db db`` on ``port``, appending its output to ``log``;
    returned once it answers (HTTPS when ``verify`` is given, trusting that context)."""
    url = f"{'https' if verify else 'http'}://127.0.0.1:{port}"
    with log.open("ab") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "counterdesk", "serve", "--role", role, "--db", db,
             "--port", str(port), *extra],
            stdout=sink, stderr=subprocess.STDOUT,
            # --db names the database; an HQ_DB in the developer's environment must not.
            env={**os.environ, "COUNTERDESK_HQ_DB": ""},
        )  # fmt: skip
    ready = until(
        lambda: _answers(url, verify or True) or process.poll() is not None, timeout=START_WAIT
    )
    if process.poll() is not None or not ready:
        process.kill()
        process.wait()
        pytest.fail(f"counterdesk serve did not answer at {url}:\n{log.read_text()}")
    return process


@dataclass(frozen=True)
class Served:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


@contextmanager
def serving(
    db: str,
    log: Path,
    *,
    role: str = "hq",
    extra: Sequence[str] = (),
    verify: ssl.SSLContext | None = None,
) -> Iterator[Served]:
    """:func:`start_serve` on a free port, stopped (SIGTERM, as a service manager does) after."""
    port = free_port()
    process = start_serve(db, port, log, role=role, extra=extra, verify=verify)
    try:
        yield Served(f"{'https' if verify else 'http'}://127.0.0.1:{port}", process, log)
    finally:
        process.terminate()
        process.wait(timeout=15)
