"""Throwaway PostgreSQL databases on the machine's server (``COUNTERDESK_TEST_PG``).

Each test module that needs HQ on PostgreSQL gets a database of its own, created empty and
dropped afterwards, so tests never see each other's rows and CI can run them on a shared server.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

import pytest

PG_ENV: Final = "COUNTERDESK_TEST_PG"
DEFAULT_URL: Final = "postgresql://postgres@127.0.0.1:5432/test"


def server_url() -> str:
    return os.environ.get(PG_ENV, DEFAULT_URL)


def _admin_connect() -> object:
    import psycopg

    try:
        return psycopg.connect(server_url(), autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL at {server_url()} (${PG_ENV}) is not reachable: {error}")


@contextmanager
def fresh_database(prefix: str = "cd") -> Iterator[str]:
    """Create ``<prefix>_<random>`` and yield its SQLAlchemy URL; drop it (and its sessions)
    afterwards."""
    import psycopg
    from psycopg import sql

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = _admin_connect()
    assert isinstance(admin, psycopg.Connection)
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        base = server_url().rsplit("/", 1)[0]
        try:
            yield f"{base}/{name}"
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))  # fmt: skip
