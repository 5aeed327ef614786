"""The payment reminder from the customer panel: a PDF preview, printed through QPrinter."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from counterdesk.store import settings
from counterdesk.store.account_view import load_account_view
from tests.conftest import SEED_AS_OF
from ui.app import LANGUAGE_ENV, make_window
from ui.counter_window import CounterWindow

SHOWN = "propagateSizeHints"


def _account(city_engine: Engine, *, in_arrears: bool) -> int:
    with city_engine.connect() as connection:
        rules = settings.load(connection).late_fee
        for (account_id,) in connection.exec_driver_sql("SELECT id FROM account ORDER BY id"):
            view = load_account_view(connection, account_id, SEED_AS_OF, rules)
            if (view.arrears_fen > 0) == in_arrears:
                return int(account_id)
    raise AssertionError("no such account in the small city")


@pytest.fixture
def window(
    qtbot: QtBot, small_city: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[CounterWindow]:
    monkeypatch.delenv(LANGUAGE_ENV, raising=False)
    made = make_window(small_city, "zh_CN", today=SEED_AS_OF)
    qtbot.addWidget(made)
    yield made
    made.shutdown()


@pytest.mark.qt_log_ignore(SHOWN)
def test_a_reminder_for_an_account_in_arrears_opens_in_a_preview_and_prints(
    qtbot: QtBot, window: CounterWindow, city_engine: Engine, tmp_path: Path
) -> None:
    window.show()
    window.customer.open_account(_account(city_engine, in_arrears=True))
    qtbot.waitUntil(lambda: window.customer.view is not None)
    view = window.customer.view
    assert view is not None
    assert window.customer.reminder_button.isEnabled()
    window.customer.reminder_button.click()
    qtbot.waitUntil(lambda: window.notice is not None and window.notice.isVisible(), timeout=10_000)
    notice = window.notice
    assert notice is not None
    assert f"CJ-20261121-{view.number}" in notice.windowTitle()
    qtbot.waitUntil(lambda: notice.page_count >= 1)
    text = PdfReader(io.BytesIO(notice.pdf)).pages[0].extract_text()
    assert view.number in text
    assert "电费缴费提醒" in text
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert notice.print_to(printer) == notice.page_count
    assert len(PdfReader(printed).pages) == notice.page_count
    saved = tmp_path / "saved.pdf"
    notice.save_to(str(saved))
    qtbot.waitUntil(saved.exists)
    qtbot.waitUntil(lambda: "已保存" in notice.status.text() or "Saved" in notice.status.text())
    assert saved.read_bytes() == notice.pdf
    folder = os.environ.get("COUNTERDESK_SCREENSHOTS")
    if folder:
        window.grab().save(str(Path(folder) / "customer-reminder-button.png"))
        notice.grab().save(str(Path(folder) / "notice-preview.png"))


def test_no_reminder_for_an_account_without_arrears(
    qtbot: QtBot, window: CounterWindow, city_engine: Engine
) -> None:
    window.customer.open_account(_account(city_engine, in_arrears=False))
    qtbot.waitUntil(lambda: window.customer.view is not None)
    assert not window.customer.reminder_button.isEnabled()
