"""``counterdesk diagnose``: a real zip read back, secrets masked, and a terminal with no or a
broken database still gets its zip."""

from __future__ import annotations

import json
import logging
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from counterdesk.cli import main
from counterdesk.cli_diagnose import MASK, mask_toml
from counterdesk.logs import LOG_DIR_ENV, setup_logging
from counterdesk.services.auth import CLI_ADMIN
from counterdesk.store import settings
from tests.helpers.counter import NOW

CONFIG = """\
# 青山营业厅 window 3
[terminal]
code = "QS03"
window = 3

[hq]
url = "https://hq.example.cn"
token = "cdt_live_SECRET_ONE"  # issued by HQ

[database]
url = "postgresql://counter:SECRET_TWO@db.example.cn/hq"
password = "SECRET_THREE"

[[printers]]
name = "receipt"
api_key = 'SECRET_FOUR'
"""


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A log folder with logs and a crash report, and a configuration named by the variable."""
    logs = tmp_path / "logs"
    logs.mkdir()
    monkeypatch.setenv(LOG_DIR_ENV, str(logs))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))  # no user config on this box
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "xdg-site"))
    config = tmp_path / "counterdesk.toml"
    config.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("COUNTERDESK_CONFIG", str(config))
    return {"logs": logs, "config": config, "out": tmp_path / "support.zip"}


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["diagnose", *args], catch_exceptions=False)


def read(out: Path) -> tuple[zipfile.ZipFile, dict[str, Any]]:
    archive = zipfile.ZipFile(out)
    return archive, json.loads(archive.read("manifest.json"))


def test_the_zip_holds_what_support_needs_with_secrets_masked(
    places: dict[str, Path], engine: Engine, db_path: Path
) -> None:
    from devices import config as devices

    with engine.begin() as connection:
        settings.write(connection, "terminal.code", "QS03", now=NOW)
        for device in devices.demo_devices("3"):
            devices.save(connection, device, by=CLI_ADMIN, now=NOW)
    (places["logs"] / "counter.log.1").write_text('{"message": "older"}\n', encoding="utf-8")
    (places["logs"] / "crash-20261121-103000-abc123.txt").write_text("Traceback …\n")

    result = run("--out", str(places["out"]), "--db", str(db_path))

    assert result.exit_code == 0, result.output
    archive, manifest = read(places["out"])
    names = set(archive.namelist())
    assert {
        "manifest.json", "versions.json", "serial_ports.json", "config/env-counterdesk.toml",
        "logs/counter.log.1", "logs/crash-20261121-103000-abc123.txt",
        "database/quick_check.txt", "database/settings.json", "database/devices.json",
        "database/printers.json", "database/print_queue.json", "database/sync_status.json",
        "database/schema.json",
    } <= names  # fmt: skip
    assert {entry["name"] for entry in manifest["files"]} == names - {"manifest.json"}
    assert manifest["database"]["state"] == "ok"
    assert manifest["problems"] == []
    assert json.loads(archive.read("database/settings.json"))["terminal.code"] == "QS03"
    shown = json.loads(archive.read("database/devices.json"))
    assert {device["check"] for device in shown} == {"ok"}
    assert json.loads(archive.read("versions.json"))["SQLite"]
    everything = b"".join(archive.read(name) for name in names).decode("utf-8")
    assert "SECRET" not in everything
    config = archive.read("config/env-counterdesk.toml").decode("utf-8")
    assert config.count(MASK) == 3
    assert "# 青山营业厅 window 3" in config
    assert 'code = "QS03"' in config
    assert "postgresql://counter:***@db.example.cn/hq" in config
    assert archive.read("database/quick_check.txt") == b"ok\n"


def test_a_config_that_does_not_parse_is_masked_by_pattern(places: dict[str, Path]) -> None:
    places["config"].write_text(CONFIG + "\nbroken = [\n", encoding="utf-8")
    result = run("--out", str(places["out"]), "--db", str(places["out"].with_name("none.db")))
    assert result.exit_code == 0
    archive, manifest = read(places["out"])
    config = archive.read("config/env-counterdesk.toml").decode("utf-8")
    assert "SECRET" not in config
    assert config.count(MASK) == 3
    assert any("does not parse" in problem for problem in manifest["problems"])
    assert manifest["configuration_files"][-1]["state"].startswith("regex: ")


@pytest.mark.parametrize(
    ("source", "hidden"),
    [
        ('db = { user = "x", password = "p@ss,word" }\n', "p@ss,word"),
        ("SECRET_KEY=abc123\n", "abc123"),
        ('"hq.token" = "t0k"\n', "t0k"),
    ],
)
def test_the_pattern_masks_inline_tables_bare_and_quoted_keys(source: str, hidden: str) -> None:
    masked, how = mask_toml(source + "[")  # never parses
    assert how.startswith("regex")
    assert hidden not in masked


def test_no_database_still_gives_a_zip_and_says_so(places: dict[str, Path], tmp_path: Path) -> None:
    result = run("--out", str(places["out"]), "--db", str(tmp_path / "nowhere" / "terminal.db"))
    assert result.exit_code == 0
    assert "Warning: no terminal database at" in result.output
    archive, manifest = read(places["out"])
    assert manifest["database"]["state"] == "missing"
    assert not any(name.startswith("database/") for name in archive.namelist())
    assert not (tmp_path / "nowhere").exists()  # diagnosing made nothing


def test_a_corrupt_database_is_named_and_left_as_it_was(
    places: dict[str, Path], tmp_path: Path
) -> None:
    broken = tmp_path / "terminal.db"
    garbage = b"SQLite format 3\x00" + bytes(range(256)) * 40
    broken.write_bytes(garbage)
    result = run("--out", str(places["out"]), "--db", str(broken))
    assert result.exit_code == 0
    _, manifest = read(places["out"])
    assert manifest["database"]["state"] in ("unreadable", "corrupt")
    assert manifest["problems"]
    assert broken.read_bytes() == garbage


def test_logs_are_taken_newest_first_up_to_the_cap(places: dict[str, Path]) -> None:
    import os

    for age, name in enumerate(["counter.log", "counter.log.1", "counter.log.2"]):
        path = places["logs"] / name
        path.write_bytes(b"x" * 600_000)
        os.utime(path, (1_800_000_000 - age * 1000, 1_800_000_000 - age * 1000))
    result = run("--out", str(places["out"]), "--db", str(places["out"].with_name("no.db")),
                 "--max-log-mb", "1")  # fmt: skip
    assert result.exit_code == 0
    archive, manifest = read(places["out"])
    assert "logs/counter.log" in archive.namelist()
    assert "logs/counter.log.1" not in archive.namelist()
    assert any("counter.log.2" in left for left in manifest["left_out"])


def test_a_wrong_out_name_is_refused_and_nothing_written(places: dict[str, Path]) -> None:
    result = run("--out", str(places["out"].with_suffix(".txt")))
    assert result.exit_code == 1
    assert "must end in .zip" in result.output
    assert not places["out"].with_suffix(".txt").exists()


def test_the_command_logs_to_its_own_file(places: dict[str, Path]) -> None:
    setup_logging("counter")  # the CLI replaces whatever was set up
    run("--out", str(places["out"]), "--db", str(places["out"].with_name("no.db")))
    logging.getLogger("counterdesk.test").warning("after")
    assert "after" in (places["logs"] / "diagnose.log").read_text(encoding="utf-8")
