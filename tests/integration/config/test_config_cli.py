"""``counterdesk config …`` and ``counterdesk open`` through click, on real files and databases."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from counterdesk.cli import main
from counterdesk.cli_config import apply_to_database, mask_secrets
from counterdesk.cli_open import EXIT_BAD_CONFIG, NO_WINDOW_ENV, prepare
from counterdesk.store import settings
from counterdesk.store.database import make_engine
from devices import config as devices_config
from printing import printers
from tests.helpers.counter import audit_actions
from tests.integration.config.conftest import Files

NOW = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)


def machine_file(files: Files, db: Path, extra: str = "") -> None:
    files.machine.write_text(
        f"""\
# rolled out by IT
[terminal]
id = "T03"
hall = "幸福路营业厅"
window = 3
language = "en"
database = "{db.as_posix()}"

[server]
hall = "http://192.168.1.10:8750"

[printers.receipt]
address = "virtual:receipt"
paper = 58

[devices.keypad]
kind = "caller_keypad"
port = "virtual:keypad-bus"
address = 3

[devices.evaluator]
kind = "evaluator"
port = "virtual:keypad-bus"
address = 3
{extra}""",
        encoding="utf-8",
    )


def test_check_ok_names_the_files(files: Files, tmp_path: Path) -> None:
    machine_file(files, tmp_path / "terminal.db")
    result = CliRunner().invoke(main, ["config", "check"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"OK: {files.machine}.\n"


def test_check_ok_without_any_file(files: Files) -> None:
    result = CliRunner().invoke(main, ["config", "check"])
    assert result.exit_code == 0
    assert result.stdout == "OK: no configuration file; the defaults apply.\n"


def test_check_lists_every_problem_and_exits_1(files: Files, tmp_path: Path) -> None:
    machine_file(files, tmp_path / "terminal.db")
    files.user.parent.mkdir(parents=True)
    files.user.write_text(
        '[terminal]\nwindw = 4\n\n[printers.receipt]\naddress = "COM3"\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["config", "check"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == [
        f"[terminal].windw in {files.user}, line 2: unknown key (did you mean window?); known "
        "keys here: id, hall, window, language, database",
        f"[printers.receipt].address in {files.user}, line 5: 'COM3' does not say what kind "
        "of printer it is. Did you mean serial:COM3? Use tcp://HOST:9100, "
        "serial:COM3?baud=9600, win32:PRINTER NAME, file:PATH, usb:VID:PID or virtual:NAME.",
    ]
    assert result.stderr == "2 problems.\n"


def test_show_prints_the_merged_config_with_secrets_masked(files: Files, tmp_path: Path) -> None:
    machine_file(files, tmp_path / "terminal.db")
    files.user.parent.mkdir(parents=True)
    files.user.write_text('[server]\nhq = "https://it:s3cret@hq.example.cn"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["config", "show"])
    assert result.exit_code == 0, result.output
    assert 'hq = "https://it:********@hq.example.cn"' in result.stdout
    assert "s3cret" not in result.stdout
    assert 'hall = "http://192.168.1.10:8750"' in result.stdout
    assert "[printers.receipt]" in result.stdout
    assert "timeout = 5.0" in result.stdout  # defaults filled in


def test_mask_secrets_masks_tokens_and_passwords() -> None:
    assert mask_secrets({"server": {"hq_token": "abc", "hall": "http://h"}, "password": ""}) == {
        "server": {"hq_token": "********", "hall": "http://h"},
        "password": "",
    }


def test_path_lists_the_files_and_whether_they_exist(files: Files) -> None:
    files.machine.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["config", "path"])
    assert result.exit_code == 0
    assert result.stdout == (
        f"machine (from $COUNTERDESK_CONFIG): {files.machine} [exists]\n"
        f"user: {files.user} [missing]\n"
    )


def test_open_refuses_an_invalid_config_and_changes_nothing(files: Files, tmp_path: Path) -> None:
    db = tmp_path / "terminal.db"
    machine_file(files, db, extra='\n[printers.kiosk]\naddress = "tcp://10.0.0.5:99999"\n')
    result = subprocess.run(
        [sys.executable, "-m", "counterdesk", "open"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, NO_WINDOW_ENV: "1"},  # the clerk's box: tests/ui/test_config_problems
    )
    assert result.returncode == EXIT_BAD_CONFIG
    assert result.stderr.startswith(f"[printers.kiosk].address in {files.machine}, line 27: ")
    assert "port '99999' is not a number from 1 to 65535" in result.stderr
    assert "CounterDesk did not start" in result.stderr
    assert not db.exists()


def test_prepare_applies_the_file_to_the_database_once(files: Files, tmp_path: Path) -> None:
    db = tmp_path / "terminal.db"
    machine_file(files, db)
    start = prepare(files.where)
    assert (start.db_path, start.language, start.hall_url) == (
        db, "en", "http://192.168.1.10:8750"
    )  # fmt: skip
    assert sorted(start.changed) == sorted([
        "setting terminal.code = T03", "setting hall.name = 幸福路营业厅",
        "setting terminal.window = 3", "printer receipt (virtual:receipt)",
        "device keypad (caller_keypad on virtual:keypad-bus)",
        "device evaluator (evaluator on virtual:keypad-bus)",
    ])  # fmt: skip
    engine = make_engine(db)
    try:
        with engine.connect() as connection:
            values = settings.read_all(connection)
            assert (values["terminal.code"], values["terminal.window"]) == ("T03", "3")
            assert printers.load_all(connection)["receipt"].paper.millimetres == 58
            assert devices_config.load_all(connection)["keypad"].address == 3
        before = audit_actions(engine)
        assert before.count("device.saved") == 2
        assert prepare(files.where).changed == ()
        assert audit_actions(engine) == before  # an unchanged file writes nothing, audits nothing
        # The user's file moves the caller and the evaluator to address 4 together.
        files.user.parent.mkdir(parents=True)
        files.user.write_text(
            "[devices.keypad]\naddress = 4\n[devices.evaluator]\naddress = 4\n", encoding="utf-8"
        )
        assert len(prepare(files.where).changed) == 2
        with engine.connect() as connection:
            stored = devices_config.load_all(connection)
            assert (stored["keypad"].address, stored["evaluator"].address) == (4, 4)
        assert audit_actions(engine)[len(before) :].count("device.saved") == 2
    finally:
        engine.dispose()


def test_apply_leaves_devices_the_file_does_not_name(files: Files, tmp_path: Path) -> None:
    from counterdesk.services.auth import CLI_ADMIN
    from counterdesk.store.migrate import upgrade

    db = tmp_path / "terminal.db"
    engine = make_engine(db)
    try:
        upgrade(engine)
        with engine.begin() as connection:
            devices_config.save(
                connection,
                devices_config.DeviceConfig(
                    "reader", devices_config.DeviceKind.CARD_READER, "keyboard", address=0
                ),
                by=CLI_ADMIN,
                now=NOW,
            )
        machine_file(files, db)
        config = prepare(files.where)
        assert config.changed
        with engine.connect() as connection:
            assert set(devices_config.load_all(connection)) == {"reader", "keypad", "evaluator"}
        from counterdesk.cli_config import load_checked

        assert apply_to_database(engine, load_checked(files.where).require(), now=NOW) == []
    finally:
        engine.dispose()
