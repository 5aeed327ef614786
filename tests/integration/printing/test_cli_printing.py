"""`counterdesk print-test` and `counterdesk printer …` against real printers on loopback."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from counterdesk.cli import main
from printing.emulator import PrinterEmulator

TEST_TITLE = "打印测试页".encode("gb18030")


def test_print_test_prints_a_test_page_and_reports_the_printer() -> None:
    with PrinterEmulator(name="desk") as printer:
        result = CliRunner().invoke(main, ["print-test", "--printer", printer.address])
        assert result.exit_code == 0, result.output
        assert "Before: ready" in result.output
        assert "took all" in result.output
        (job,) = printer.wait_for_jobs(1, 5)
    assert TEST_TITLE in job
    assert b"\x1dV\x01" in job  # partial cut


def test_print_test_on_a_printer_without_paper_sends_nothing_and_says_why() -> None:
    with PrinterEmulator(name="desk") as printer:
        printer.paper_out = True
        result = CliRunner().invoke(
            main, ["print-test", "--printer", printer.address, "--timeout", "1"]
        )
        assert result.exit_code == 1
        assert "paper" in result.output.lower()
        assert "(paper_out)" in result.output
        assert printer.jobs == []
        assert printer.held == []


def test_print_test_to_a_file_writes_58_mm_big5_bytes(tmp_path: Path) -> None:
    out = tmp_path / "page.bin"
    result = CliRunner().invoke(
        main,
        ["print-test", "--printer", f"file:{out}", "--paper", "58", "--encoding", "big5"],
    )
    assert result.exit_code == 0, result.output
    assert "cannot confirm" in result.output
    data = out.read_bytes()
    assert "打印測試".encode("big5") not in data  # the page is simplified Chinese…
    assert "繁體".encode("big5") in data  # …and its traditional sample line prints in Big5


def test_a_bad_printer_string_is_refused_with_the_right_form() -> None:
    result = CliRunner().invoke(main, ["print-test", "--printer", "192.168.1.50:9100"])
    assert result.exit_code == 1
    assert "tcp://" in result.output


def test_printers_are_set_listed_and_removed(tmp_path: Path) -> None:
    db = str(tmp_path / "desk.db")
    runner = CliRunner()
    set_ = runner.invoke(main, ["printer", "set", "receipt", "tcp://10.0.0.8", "--db", db])
    assert set_.exit_code == 0, set_.output
    assert "tcp://10.0.0.8:9100, 80 mm, gb18030" in set_.output
    bad = runner.invoke(main, ["printer", "set", "receipt", "COM3", "--db", db])
    assert bad.exit_code == 1
    assert "serial:COM3" in bad.output
    listed = runner.invoke(main, ["printer", "list", "--db", db])
    assert "receipt\ttcp://10.0.0.8:9100\t80 mm" in listed.output
    assert runner.invoke(main, ["printer", "remove", "receipt", "--db", db]).exit_code == 0
    again = runner.invoke(main, ["printer", "remove", "receipt", "--db", db])
    assert again.exit_code == 1
    assert "No printer named 'receipt'" in again.output
