"""``counterdesk demo --tour DIR``: the demo driven through a clerk's morning, one PNG a screen.

Sign in, open the shift, search, pay cash, pay by WeChat, look at the receipt tray, reverse a
payment with a manager's approval, close the shift. Every step goes through the real widgets and
services (the same calls a clerk's keys make), offscreen, so the set in ``docs/screenshots/`` can
be made again after any change and looked at.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import text

from counterdesk.documents.receipts import Tender
from counterdesk.domain.money import format_yuan
from counterdesk.services import shifts
from counterdesk.store.database import make_engine
from ui.app import WINDOW_SIZE, demo_hint, make_window, prepare_application, resolve_language
from ui.counter_window import CounterWindow
from ui.reversal_dialog import ReversalDialog
from ui.shift_dialogs import CloseShiftDialog, OpenShiftDialog, Stage
from ui.sign_in import SignInDialog


class TourError(RuntimeError):
    """A step of the tour did not reach the screen it expected."""


def _wait(condition: Callable[[], object], what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        _pause(10)
        if time.monotonic() > deadline:
            raise TourError(f"The tour stopped waiting for: {what}")
    _pause(50)  # let the last layout and paint settle


def _pause(ms: int) -> None:
    """Run Qt's event loop for ``ms`` (workers' results and repaints arrive), without sleeping."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class Tour:
    def __init__(self, db_path: Path, out_dir: Path, password: str, language: str) -> None:
        self.db_path = db_path
        self.out = out_dir
        self.password = password
        self.language = language
        self.shots: list[Path] = []
        out_dir.mkdir(parents=True, exist_ok=True)

    def shot(self, widget: QWidget, name: str) -> None:
        path = self.out / f"{len(self.shots) + 1:02d}-{name}.png"
        widget.grab().save(str(path))
        self.shots.append(path)

    def run(self) -> list[Path]:
        engine = make_engine(self.db_path)
        sign_in = SignInDialog(engine, demo_hint=demo_hint(self.password))
        sign_in.resize(*WINDOW_SIZE)
        sign_in.show()
        sign_in.number.setText("0107")
        sign_in.password.setText(self.password)
        _wait(sign_in.isVisible, "the sign-in window")
        self.shot(sign_in, "sign-in")
        sign_in.sign_in()
        _wait(lambda: sign_in.signed_in is not None, "signing in")
        clerk = sign_in.signed_in
        engine.dispose()
        window = make_window(self.db_path, self.language, clerk=clerk)
        window.show()
        try:
            self._counter(window)
        finally:
            window.shutdown()
            window.close()
        return self.shots

    def _counter(self, window: CounterWindow) -> None:
        _wait(lambda: window.print_bridge is not None, "the print queue")
        _wait(lambda: "…" not in window.shift_label.text(), "the shift state")
        if window.shift is None:
            window.open_shift()
            dialog = window.shift_dialog
            assert isinstance(dialog, OpenShiftDialog)
            _wait(dialog.isVisible, "the open-shift dialog")
            self.shot(dialog, "open-shift")
            dialog.open_shift()
            _wait(lambda: dialog.shift is not None, "the shift to open")
            _wait(lambda: window.shift is not None, "the status bar")
        cash_account, card_account = self._accounts(window)
        self._search_and_open(window, cash_account)
        self.shot(window, "account")
        self._pay(window, Tender.CASH, "pay-cash", handed_extra=5_000)
        self.shot(window, "paid-cash")
        window.task.pay_panel.close_task()
        self._search_and_open(window, card_account, shoot=False)
        self._pay(window, Tender.WECHAT, "pay-wechat")
        window.task.pay_panel.close_task()
        window.open_print_queue()
        tray = window.tray
        assert tray is not None
        _wait(lambda: tray.isVisible() and len(tray.model.jobs) >= 2, "the receipts in the tray")
        self.shot(tray, "receipt-tray")
        tray.hide()
        self._reverse(window)
        self._close_shift(window)

    def _accounts(self, window: CounterWindow) -> tuple[str, str]:
        """Two accounts in arrears with a three-character name, for the search by name."""
        with window.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT a.number FROM account AS a JOIN bill AS b ON b.account_id = a.id "
                    "WHERE a.status = 'normal' AND a.utility = 'electricity' "
                    "AND b.amount_fen > b.paid_fen AND b.due_date < :today "
                    "AND NOT EXISTS (SELECT 1 FROM payment AS p WHERE p.account_id = a.id) "
                    "GROUP BY a.id HAVING count(*) >= 2 ORDER BY a.id LIMIT 2"
                ),
                {"today": window.today().isoformat()},
            ).all()
        if len(rows) < 2:
            raise TourError("The demo database has no two unpaid accounts left for the tour.")
        return str(rows[0][0]), str(rows[1][0])

    def _search_and_open(self, window: CounterWindow, number: str, *, shoot: bool = True) -> None:
        window.focus_search()
        window.search.box.setText(number)
        _wait(lambda: window.search.model.rowCount() > 0, "search results")
        if shoot:
            self.shot(window, "search")
        window.search.table.selectRow(0)
        window.search.open_selected()
        _wait(
            lambda: window.customer.view is not None and window.customer.view.number == number,
            "the account",
        )

    def _pay(self, window: CounterWindow, tender: Tender, name: str, handed_extra: int = 0) -> None:
        window.start_payment()
        panel = window.task.pay_panel
        _wait(lambda: window.task.paying, "the pay panel")
        row = panel.rows[0]
        panel.choose_tender(tender, row)
        due = window.customer.view.due_today_fen if window.customer.view else 0
        if tender is Tender.CASH:
            row.handed.setText(format_yuan(due + handed_extra, symbol=""))
        else:
            row.reference.setText("4200002461202611213361578210")
        QCoreApplication.processEvents()
        self.shot(window, name)
        panel.confirm()
        _wait(lambda: panel.state.name == "DONE", "the payment")

    def _reverse(self, window: CounterWindow) -> None:
        customer = window.customer
        customer.tabs.setCurrentIndex(1)
        _wait(lambda: customer.payments_model.rowCount() > 0, "the payments list")
        customer.payments.selectRow(0)
        window.reverse(customer.payments_model.payments[0].payment_uid)
        dialog = window.reversal_dialog
        assert isinstance(dialog, ReversalDialog)
        _wait(lambda: dialog.loaded and not dialog.busy, "the payment to reverse")
        dialog.reason.setCurrentIndex(1)
        dialog.number.setText("0001")
        dialog.password.setText(self.password)  # the demo manager's password
        self.shot(dialog, "reversal")
        dialog.confirm()
        _wait(lambda: dialog.reversal is not None, "the reversal")
        _wait(lambda: customer.payments_model.rowCount() > 0
              and customer.payments_model.payments[0].state.value == "reversed",
              "the reversed payment in the list")  # fmt: skip
        self.shot(window, "reversed")

    def _close_shift(self, window: CounterWindow) -> None:
        window.close_shift()
        dialog = window.shift_dialog
        assert isinstance(dialog, CloseShiftDialog)
        _wait(lambda: dialog.stage is Stage.COUNT, "the count")
        with window.engine.connect() as connection:  # what a careful count finds: no difference
            shift = shifts.open_shift_on_terminal(connection)
            assert shift is not None
            expected = shifts.totals(connection, shift.id).expected()
        for tender, field in dialog.counts.items():
            field.setText(format_yuan(expected.get(tender, 0), symbol=""))
        self.shot(dialog, "close-shift")
        dialog.confirm()
        _wait(lambda: dialog.stage is Stage.DONE, "the Z report")
        self.shot(dialog, "shift-closed")
        dialog.accept()


def run_tour(db_path: Path, out_dir: Path, *, password: str, language: str | None) -> list[Path]:
    """Run the tour offscreen on ``db_path``; returns the PNGs written into ``out_dir``."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["counterdesk-tour"])
    chosen = resolve_language(language)
    prepare_application(app, chosen)
    return Tour(db_path, out_dir, password, chosen).run()
