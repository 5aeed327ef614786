"""``counterdesk clerk …`` and ``counterdesk audit verify`` on a real database file."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from counterdesk.cli import main
from counterdesk.services import auth

NOW = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)


def run(db_path: Path, *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--db", str(db_path)], input=stdin)
    return result.exit_code, result.output


def test_clerk_add_asks_the_password_twice_and_the_clerk_can_sign_in(
    engine: Engine, db_path: Path
) -> None:
    code, output = run(db_path, "clerk", "add", "0107", "--name", "张敏",
                       stdin="s3cret-pw\ns3cret-pw\n")  # fmt: skip
    assert code == 0, output
    assert "Added clerk 0107" in output
    assert "s3cret-pw" not in output
    signed = auth.sign_in(engine, "0107", "s3cret-pw", now=NOW)
    assert signed.role.value == "clerk"


def test_a_taken_number_and_a_short_password_are_refused(engine: Engine, db_path: Path) -> None:
    assert run(db_path, "clerk", "add", "0107", "--name", "A", "--password", "abcdefg")[0] == 0
    code, output = run(db_path, "clerk", "add", "0107", "--name", "B", "--password", "abcdefg")
    assert code == 1
    assert "0107 is taken" in output
    code, output = run(db_path, "clerk", "add", "0108", "--name", "C", "--password", "abc")
    assert code == 1
    assert "at least 6 characters" in output
    with engine.connect() as connection:
        assert [c.number for c in auth.list_clerks(connection, now=NOW)] == ["0107"]


def test_reset_password_unlocks_and_disable_stops_sign_in(engine: Engine, db_path: Path) -> None:
    run(db_path, "clerk", "add", "0107", "--name", "张敏", "--password", "first-pw")
    for _ in range(5):
        with pytest.raises(auth.SignInError):
            auth.sign_in(engine, "0107", "wrong-pw", now=NOW)
    with pytest.raises(auth.SignInError, match="locked"):
        auth.sign_in(engine, "0107", "first-pw", now=NOW)
    code, output = run(db_path, "clerk", "reset-password", "0107", "--password", "second-pw")
    assert code == 0, output
    assert auth.sign_in(engine, "0107", "second-pw", now=NOW).number == "0107"
    code, output = run(db_path, "clerk", "disable", "0107")
    assert code == 0, output
    with pytest.raises(auth.SignInError, match="disabled"):
        auth.sign_in(engine, "0107", "second-pw", now=NOW)
    code, output = run(db_path, "clerk", "list")
    assert "0107" in output
    assert "disabled" in output


def test_audit_verify_passes_then_names_the_tampered_entry(engine: Engine, db_path: Path) -> None:
    run(db_path, "clerk", "add", "0107", "--name", "张敏", "--password", "first-pw")
    run(db_path, "clerk", "add", "0108", "--name", "李四", "--password", "first-pw")
    run(db_path, "clerk", "disable", "0108")
    code, output = run(db_path, "audit", "verify")
    assert code == 0, output
    assert "3 entries checked" in output
    engine.dispose()
    with closing(sqlite3.connect(db_path)) as raw:
        raw.execute("DROP TRIGGER audit_entry_no_update")
        raw.execute("UPDATE audit_entry SET subject = '0109' WHERE id = 2")
        raw.commit()
    code, output = run(db_path, "audit", "verify")
    assert code == 1
    assert "broken at entry 2" in output
    assert "1 entries before it are intact" in output
