"""The log file: JSON lines with the business act attached, rotated, and the console unchanged."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from counterdesk.logs import (
    LOG_DIR_ENV,
    current_log_file,
    log_context,
    setup_logging,
    shutdown_logging,
    tail,
    write_crash_report,
)


@pytest.fixture
def logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(LOG_DIR_ENV, str(tmp_path / "logs"))
    return tmp_path / "logs"


def records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_each_record_is_one_json_object_with_its_context(logs: Path) -> None:
    path = setup_logging("counter")
    assert path == logs / "counter.log" == current_log_file()
    log = logging.getLogger("counterdesk.test")
    with log_context(payment="p-1", account="3301020456"):
        log.info("taken %s", "¥12.00")
        with log_context(print_job="j-9", op=None):
            log.warning("printer slow")
    try:
        raise ValueError("bad bill")
    except ValueError:
        log.exception("failed 失败")
    first, second, third = records(path)
    assert first["message"] == "taken ¥12.00"
    assert (first["payment"], first["account"], first["level"]) == ("p-1", "3301020456", "INFO")
    assert (second["payment"], second["print_job"]) == ("p-1", "j-9")
    assert "op" not in second
    assert "payment" not in third  # the block ended
    assert third["message"] == "failed 失败"
    assert "ValueError: bad bill" in str(third["exception"])
    assert third["thread"] == "MainThread"
    assert str(first["time"])[-6] in "+-"  # an ISO time with its UTC offset
    assert first["logger"] == "counterdesk.test"


def test_a_context_stays_on_its_own_thread(logs: Path) -> None:
    path = setup_logging("counter")
    log = logging.getLogger("counterdesk.test")

    def worker() -> None:
        with log_context(print_job="job-on-worker"):
            log.info("worker")

    with log_context(payment="pay-on-main"):
        thread = threading.Thread(target=worker, name="print-receipt")
        thread.start()
        thread.join()
        log.info("main")
    by_message = {str(line["message"]): line for line in records(path)}
    assert "payment" not in by_message["worker"]
    assert by_message["worker"]["print_job"] == "job-on-worker"
    assert by_message["worker"]["thread"] == "print-receipt"
    assert "print_job" not in by_message["main"]


def test_setting_up_again_replaces_or_keeps_and_shutdown_restores(logs: Path) -> None:
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    first = setup_logging("demo")
    assert setup_logging("counter", replace=False) == first  # the app keeps the demo's file
    second = setup_logging("sync")
    assert second == logs / "sync.log"
    assert len(root.handlers) == len(before[0]) + 1  # the old file handler was replaced
    shutdown_logging()
    assert (list(root.handlers), root.level) == before
    assert current_log_file() is None


def test_the_file_rotates(logs: Path) -> None:
    path = setup_logging("counter")
    assert path is not None
    handler = next(h for h in logging.getLogger().handlers if hasattr(h, "maxBytes"))
    handler.maxBytes = 2_000  # type: ignore[attr-defined]
    for number in range(100):
        logging.getLogger("counterdesk.test").info("line %03d %s", number, "x" * 40)
    rotated = sorted(p.name for p in logs.iterdir())
    assert "counter.log.1" in rotated
    assert all(p.stat().st_size <= 2_200 for p in logs.iterdir())
    assert json.loads(tail(path, 1)[0])["message"].startswith("line 099")


def test_an_unwritable_log_folder_leaves_the_program_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(LOG_DIR_ENV, str(blocker / "logs"))
    assert setup_logging("counter") is None
    assert "cannot write its log" in capsys.readouterr().err


def test_the_console_prints_what_it_printed_before(tmp_path: Path) -> None:
    """A program with no handler printed warnings bare on stderr (Python's last resort) and no
    info: it still does, with the file beside."""
    script = (
        "import logging\n"
        "from counterdesk.logs import setup_logging\n"
        "setup_logging('cli')\n"
        "logging.getLogger('x').info('quiet')\n"
        "logging.getLogger('x').warning('careful %s', 1)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**_env(), LOG_DIR_ENV: str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stderr == "careful 1\n"
    assert done.stdout == ""
    assert [line["message"] for line in records(tmp_path / "cli.log")] == ["quiet", "careful 1"]


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != LOG_DIR_ENV}


def test_a_crash_report_has_the_traceback_versions_and_last_log_lines(logs: Path) -> None:
    setup_logging("counter")
    logging.getLogger("counterdesk.test").info("just before")
    try:
        {}["missing"]
    except KeyError:
        info = sys.exc_info()
    assert info[0] is not None
    assert info[1] is not None
    path = write_crash_report((info[0], info[1], info[2]), where="MainThread")
    assert path.parent == logs
    assert path.name.startswith("crash-")
    assert path.suffix == ".txt"
    report = path.read_text(encoding="utf-8")
    assert "KeyError: 'missing'" in report
    assert "CounterDesk:" in report
    assert "SQLite:" in report
    assert "Python:" in report
    assert "just before" in report
