"""``counterdesk hq ...`` and ``counterdesk serve --role hq`` as IT runs them."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from counterdesk.cli import main
from counterdesk.hq.database import make_hq_engine
from counterdesk.hq.ledger import apply_batch
from counterdesk.hq.terminals import authenticate
from counterdesk.sync.protocol import API_PREFIX, PROTOCOL_VERSION
from tests.helpers.pg import fresh_database
from tests.helpers.serving import serving
from tests.integration.hq.books import NOW, Account, payment


def hq(*args: str, db: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["hq", *args], env={"COUNTERDESK_HQ_DB": db})
    return result.exit_code, result.output


def test_it_registers_lists_and_revokes_terminals(tmp_path: Path) -> None:
    db = str(tmp_path / "hq.db")
    code, out = hq("add-terminal", "--terminal", "T01", "--hall", "青山营业厅", "--areas",
                   "A01, A02", "--url", "https://hq.example.cn", db=db)  # fmt: skip
    assert code == 0, out
    token = re.search(r"Token: (cdt_\S+)", out)
    assert token is not None
    assert "will not be shown again" in out
    assert f"counterdesk sync join --url https://hq.example.cn --token {token[1]}" in out
    engine = make_hq_engine(db)
    found = authenticate(engine, token[1])
    assert found is not None
    assert found.scopes == ("*", "A01", "A02")
    code, out = hq("add-terminal", "--terminal", "T01", "--hall", "x", "--areas", "A01", db=db)
    assert code == 1
    assert "registered already" in out
    code, out = hq("add-terminal", "--terminal", "T 1", "--hall", "x", "--areas", "A01", db=db)
    assert code == 1
    assert "not a terminal id" in out
    code, out = hq("terminals", db=db)
    assert "T01" in out
    assert "A01,A02" in out
    assert "active" in out
    assert hq("revoke", "T01", db=db)[0] == 0
    assert authenticate(engine, token[1]) is None
    code, out = hq("revoke", "T01", db=db)
    assert code == 1
    assert "revoked already" in out
    assert "revoked" in hq("terminals", db=db)[1]
    engine.dispose()


def test_conflicts_are_listed_and_resolved_and_the_log_compacted(tmp_path: Path) -> None:
    db = str(tmp_path / "hq.db")
    out = hq("add-terminal", "--terminal", "T01", "--hall", "青山营业厅", "--areas", "A01", db=db)[
        1
    ]
    token = re.search(r"Token: (cdt_\S+)", out)
    assert token is not None
    engine: Engine = make_hq_engine(db)
    terminal = authenticate(engine, token[1])
    assert terminal is not None
    nobody = Account(uuid.uuid4(), uuid.uuid4(), "3309999999", "A01")
    apply_batch(engine, terminal, [payment(1, nobody, 800, [])], now=NOW)
    engine.dispose()
    code, out = hq("conflicts", db=db)
    assert code == 0
    assert "unknown_account" in out
    conflict_id = re.search(r"#(\d+)", out)
    assert conflict_id is not None
    code, out = hq("resolve", conflict_id[1], "--action", "dismiss", "--manager", "0001", db=db)
    assert code == 0, out
    assert "dismiss by 0001" in out
    assert "No open conflicts" in hq("conflicts", db=db)[1]
    assert "unknown_account" in hq("conflicts", "--state", "all", db=db)[1]
    code, out = hq("compact", "--keep-days", "7", db=db)
    assert code == 0
    assert "change rows removed" in out


def test_hq_commands_need_a_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["hq", "terminals"], env={"COUNTERDESK_HQ_DB": ""})
    assert result.exit_code == 2
    assert "--db" in result.output
    code, out = hq("terminals", db="mysql://nope")
    assert code == 1
    assert "PostgreSQL" in out


@pytest.fixture
def hq_url() -> Iterator[str]:
    with fresh_database("cd_cli") as url:
        yield url


@pytest.mark.pg
def test_serve_role_hq_runs_on_a_postgresql_url(hq_url: str, tmp_path: Path) -> None:
    """The SQLite case is ``build(path, role="hq")`` in test_sync_http; a real process here."""
    code, out = hq("add-terminal", "--terminal", "T01", "--hall", "青山营业厅", "--areas", "A01",
                   db=hq_url)  # fmt: skip
    assert code == 0, out
    token = re.search(r"Token: (cdt_\S+)", out)
    assert token is not None
    with serving(hq_url, tmp_path / "serve.log") as served:
        answer = httpx.get(
            f"{served.url}{API_PREFIX}/status",
            params={"protocol_version": PROTOCOL_VERSION, "schema_version": 8},
            headers={"Authorization": f"Bearer {token[1]}"},
        )
        assert answer.status_code == 200
        assert answer.json()["hall"] == "青山营业厅"
        assert httpx.get(f"{served.url}/hall/state").status_code == 404  # hq role: no queue
    err = served.log.read_text()
    assert "hq server" in err
    assert "password" not in err
