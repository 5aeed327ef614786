"""The counter window end to end: F7, Enter, the printed receipt in the tray, a reversal, the tour.

These drive the real window on a copy of the small city with people and a virtual receipt
printer, as a clerk's keys do, and check what the database and the printer queue hold after.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from counterdesk.demo.people import DEMO_PASSWORD, ensure_demo_people
from counterdesk.services.auth import PermissionDeniedError
from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade
from counterdesk.store.models import PrintJobState
from printing import printers
from printing.profile import PrinterProfile
from tests.conftest import SEED_AS_OF
from tests.helpers.counter import (
    MANAGER_PASSWORD,
    NOW,
    Counter,
    account_with_bills,
    add_people,
    cash,
    copy_counter,
    open_shift,
    pay,
)
from ui.app import make_window
from ui.counter_window import CounterWindow
from ui.pay_panel import PayState
from ui.report_export import report_job
from ui.reversal_dialog import ReversalDialog
from ui.tour import run_tour

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def prepared(small_city: Path, tmp_path: Path) -> Path:
    db_path = tmp_path / "terminal.db"
    shutil.copy(small_city, db_path)
    engine = make_engine(db_path)
    upgrade(engine)
    with engine.begin() as connection:
        printers.save(connection, PrinterProfile(printers.RECEIPT_PRINTER, "virtual:e2e"))
    engine.dispose()
    return db_path


@pytest.fixture
def window(qtbot: QtBot, small_city: Path, tmp_path: Path) -> Iterator[CounterWindow]:
    db_path = prepared(small_city, tmp_path)
    engine = make_engine(db_path)
    counter = add_people(engine)
    open_shift(counter)
    engine.dispose()
    made = make_window(db_path, "en", today=SEED_AS_OF, clerk=counter.clerk)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitUntil(lambda: made.print_bridge is not None and made.shift is not None)
    yield made
    made.shutdown()


def scalar(window: CounterWindow, sql: str) -> object:
    with window.engine.connect() as connection:
        return connection.execute(text(sql)).scalar_one()


def test_f7_enter_prints_the_receipt_and_a_reversal_reopens_the_bills(
    qtbot: QtBot, window: CounterWindow
) -> None:
    account_id = int(str(scalar(window, "SELECT min(account_id) FROM bill WHERE paid_fen = 0")))
    window.customer.open_account(account_id)
    qtbot.waitUntil(lambda: window.customer.view is not None)
    view = window.customer.view
    assert view is not None
    assert view.due_today_fen > 0

    qtbot.keyClick(window, Qt.Key.Key_F7)
    panel = window.task.pay_panel
    qtbot.waitUntil(lambda: panel.state is PayState.ENTERING)
    assert not window.search.isVisible()  # the search column steps aside while paying
    qtbot.keyClick(panel.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.state is PayState.DONE, timeout=10_000)
    qtbot.keyClick(panel.amount, Qt.Key.Key_Return)  # a second Enter closes the task, no payment
    qtbot.waitUntil(lambda: not window.task.paying)
    assert window.search.isVisible()

    assert scalar(window, "SELECT count(*) FROM payment") == 1
    assert scalar(window, "SELECT received_fen FROM payment") == view.due_today_fen
    qtbot.waitUntil(
        lambda: (
            scalar(window, "SELECT state FROM print_job WHERE kind = 'payment_receipt'")
            == PrintJobState.PRINTED.value
        ),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: window.customer.payments_model.rowCount() == 1)
    assert window.customer.view is not None
    assert window.customer.view.due_today_fen == 0
    assert "2 waiting" in window.sync_label.text()  # the shift's opening and the payment

    window.customer.tabs.setCurrentIndex(1)
    window.customer.payments.selectRow(0)
    assert window.customer.reverse_button.isEnabled()
    window.customer.reverse_button.click()
    dialog = window.reversal_dialog
    assert isinstance(dialog, ReversalDialog)
    qtbot.waitUntil(lambda: dialog.loaded and not dialog.busy)
    dialog.reason.setCurrentIndex(1)
    dialog.number.setText("0001")
    dialog.password.setText(MANAGER_PASSWORD)
    dialog.confirm()
    qtbot.waitUntil(
        lambda: dialog.reversal is not None or dialog.problem.isVisible(), timeout=10_000
    )
    assert dialog.problem.text() == ""
    assert scalar(window, "SELECT state FROM payment") == "reversed"
    qtbot.waitUntil(
        lambda: (
            window.customer.view is not None
            and window.customer.view.due_today_fen == view.due_today_fen
        )
    )
    qtbot.waitUntil(
        lambda: (
            scalar(window, "SELECT state FROM print_job WHERE kind = 'reversal_slip'")
            == PrintJobState.PRINTED.value
        ),
        timeout=10_000,
    )


def test_the_tour_runs_through_the_real_window(
    qapp: QApplication, small_city: Path, tmp_path: Path
) -> None:
    db_path = prepared(small_city, tmp_path)
    engine = make_engine(db_path)
    ensure_demo_people(engine)
    shots = run_tour(db_path, tmp_path / "tour", password=DEMO_PASSWORD, language="en")
    assert [shot.name[3:] for shot in shots] == [
        "sign-in.png", "open-shift.png", "search.png", "account.png", "pay-cash.png",
        "paid-cash.png", "pay-wechat.png", "receipt-tray.png", "reversal.png", "reversed.png",
        "close-shift.png", "shift-closed.png",
    ]  # fmt: skip
    assert all(shot.stat().st_size > 10_000 for shot in shots)
    # The window was made in the tour's language too (it once fell back to Chinese).
    assert QCoreApplication.translate("CounterWindow", "CounterDesk — Counter") == (
        "CounterDesk — Counter"
    )
    with engine.connect() as connection:
        states = connection.execute(text("SELECT state FROM payment ORDER BY id")).scalars()
        assert list(states) == ["posted", "reversed"]
        assert connection.execute(text("SELECT state, z_no FROM shift")).one() == (
            "closed",
            "QS03-Z0001",
        )
        tenders = connection.execute(text("SELECT tender FROM payment_tender ORDER BY id"))
        assert list(tenders.scalars()) == ["cash", "wechat"]
    engine.dispose()


def test_the_reports_menu_writes_the_day_for_a_manager_and_a_clerks_own_day(
    template: Counter, tmp_path: Path
) -> None:
    counter = copy_counter(template, tmp_path / "terminal.db")
    open_shift(counter)
    _, account_uid = account_with_bills(counter.engine)
    pay(counter, account_uid, cash(12_000))
    day = NOW.date()
    for kind in ("pdf", "xlsx"):
        path = report_job(counter.engine, counter.manager, tmp_path / f"takings.{kind}",
                          kind=kind, mine=False, day=day, now=NOW)  # fmt: skip
        assert path.stat().st_size > 1_000
    assert (tmp_path / "takings.pdf").read_bytes().startswith(b"%PDF")
    mine = report_job(counter.engine, counter.clerk, tmp_path / "mine.pdf", kind="pdf",
                      mine=True, day=day, now=NOW)  # fmt: skip
    assert mine.read_bytes().startswith(b"%PDF")
    with pytest.raises(PermissionDeniedError):
        report_job(counter.engine, counter.clerk, tmp_path / "hall.pdf", kind="pdf",
                   mine=False, day=day, now=NOW)  # fmt: skip
    assert not (tmp_path / "hall.pdf").exists()
    counter.engine.dispose()
