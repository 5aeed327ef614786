"""The counterdesk command as IT and support staff run it: a real process, real files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from counterdesk import __version__
from counterdesk.store.migrate import head_revision


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "counterdesk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["db"],
        ["db", "upgrade"],
        ["search"],
        ["seed"],
        ["calendar", "import"],
        ["demo"],
        ["notice"],
        ["printer", "set"],
        ["print-test"],
    ],
)
def test_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout


def test_db_upgrade_creates_then_reports_newest(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "terminal.db"
    first = run("db", "upgrade", "--db", str(path))
    assert first.returncode == 0, first.stderr
    assert f"upgraded from revision empty to {head_revision()}" in first.stdout
    again = run("db", "upgrade", "--db", str(path))
    assert again.returncode == 0
    assert f"already at revision {head_revision()}" in again.stdout


def test_db_upgrade_uses_the_environment_variable(tmp_path: Path) -> None:
    path = tmp_path / "from-env.db"
    result = run("db", "upgrade", env={"COUNTERDESK_DB": str(path)})
    assert result.returncode == 0, result.stderr
    assert path.exists()


def test_db_upgrade_on_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite " * 100)
    result = run("db", "upgrade", "--db", str(path))
    assert result.returncode == 1
    assert "Cannot open" in result.stderr
    assert "Traceback" not in result.stderr


def test_search_a_seeded_city(small_city: Path) -> None:
    with closing(sqlite3.connect(small_city)) as raw:
        name, number = raw.execute(
            "SELECT c.name, a.number FROM account a JOIN customer c ON c.id = a.customer_id "
            "WHERE length(c.name) = 3 LIMIT 1"
        ).fetchone()
    result = run("search", "--db", str(small_city), name)
    assert result.returncode == 0, result.stderr
    assert number in result.stdout
    assert name in result.stdout
    by_number = run("search", "--db", str(small_city), number)
    assert by_number.stdout.splitlines()[0].startswith(number)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["search", "--db", "{missing}", "张伟"], 1, "No database at"),
        (["search", "--db", "{city}", "张"], 1, "too short"),
        (["search", "--db", "{city}", "没有这个人"], 1, "No account matches"),
        (["search", "--db", "{city}", "--limit", "0", "张伟"], 2, "Invalid value"),
        (["search", "--db", "{city}"], 2, "Missing argument"),
        (["seed", "--accounts", "0", "--db", "{new}"], 1, "from 1 to"),
        (["seed", "--accounts", "ten", "--db", "{new}"], 2, "not a valid integer"),
        (["seed", "--accounts", "10", "--db", "{city}"], 1, "already holds"),
        (["seed", "--accounts", "10", "--db", "{new}", "--as-of", "21/11/2026"], 2, "Invalid"),
        (["nonsense"], 2, "No such command"),
    ],
)
def test_bad_input_says_why_and_exits_non_zero(
    small_city: Path, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    filled = [
        a.format(missing=tmp_path / "none.db", city=small_city, new=tmp_path / "new.db")
        for a in args
    ]
    result = run(*filled)
    assert result.returncode == code
    output = result.stdout + result.stderr
    assert message in output
    assert "Traceback" not in output
    assert not (tmp_path / "none.db").exists()


def test_seed_then_search(tmp_path: Path) -> None:
    path = tmp_path / "city.db"
    result = run("seed", "--accounts", "500", "--db", str(path), "--seed", "9",
                 "--as-of", "2026-11-21")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "500 accounts" in result.stdout
    assert "6,000 bills" in result.stdout
    with closing(sqlite3.connect(path)) as raw:
        (number,) = raw.execute("SELECT number FROM account LIMIT 1").fetchone()
    assert number in run("search", "--db", str(path), number).stdout


def test_calendar_import(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    run("db", "upgrade", "--db", str(path))
    days = tmp_path / "2027.txt"
    days.write_text("# 2027 春节\n2027-02-06 work\n2027-02-08 off\n", encoding="utf-8")
    result = run("calendar", "import", str(days), "--db", str(path), "--complete", "2027")
    assert result.returncode == 0, result.stderr
    assert "Imported 2 days" in result.stdout
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("SELECT count(*) FROM calendar_override").fetchone() == (2,)
        assert raw.execute("SELECT value FROM setting").fetchone() == ("[2027]",)
    days.write_text("2027-02-30 off\n", encoding="utf-8")
    bad = run("calendar", "import", str(days), "--db", str(path))
    assert bad.returncode == 1
    assert "Line 1" in bad.stderr


def test_each_lazy_command_is_the_command_of_its_name() -> None:
    import click

    from counterdesk.cli import LAZY_COMMANDS, main

    with click.Context(main) as context:
        assert set(LAZY_COMMANDS) <= set(main.list_commands(context))
        for name in LAZY_COMMANDS:
            command = main.get_command(context, name)
            assert command is not None
            assert command.name == name


HEAVY = ("sqlalchemy", "pydantic", "alembic", "tomlkit", "argon2", "reportlab", "fastapi", "escpos")
"""What the installed start must not load before the sign-in window is shown (issue 9's 1.5 s:
together they took most of a second in the one-folder bundle)."""


def test_the_installed_start_reaches_the_sign_in_without_the_heavy_modules() -> None:
    """Everything ``counterdesk open`` imports up to showing the sign-in, in a fresh interpreter:
    the entry point, the command, the glance at the file, the application and the dialog."""
    script = (
        "import sys\n"
        "from counterdesk.cli import main\n"
        "cmd = main.get_command(None, 'open')\n"
        "from counterdesk.config.places import language_at_a_glance, locations\n"
        "language_at_a_glance(locations())\n"
        "from ui.app import run_opening, start_application\n"
        "from ui.sign_in import SignInDialog\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
