"""From Enter in the pay panel to the printed receipt in the receipt tray, in the real window.

Run: ``uv run pytest -m bench -s tests/bench/test_pay_to_receipt_bench.py``. Target (issue 4):
≤ 200 ms. Each run opens an account, starts the payment (F7), presses Enter, and stops the clock
when the tray lists the payment's receipt as printed on the demo's virtual receipt printer: the
payment's transaction on the worker, the print queue taking the job, layout, ESC/POS bytes, the
printer's status and the tray's own re-read. The baseline, in the same run, stops at the pay
panel saying the payment was taken, so the ratio shows what printing and the tray add.
"""

from __future__ import annotations

import gc
import shutil
import statistics
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade
from counterdesk.store.models import PrintJobState
from printing import printers
from printing.profile import PrinterProfile
from tests.bench.conftest import summary
from tests.conftest import SEED_AS_OF
from tests.helpers.counter import add_people, open_shift
from ui.app import make_window
from ui.pay_panel import PayState

pytestmark = pytest.mark.bench

RUNS = 40
TARGET_MS = 200.0


def test_enter_to_receipt_in_the_tray(qtbot: QtBot, small_city: Path, tmp_path: Path) -> None:
    db_path = tmp_path / "terminal.db"
    shutil.copy(small_city, db_path)
    engine = make_engine(db_path)
    upgrade(engine)
    counter = add_people(engine)
    open_shift(counter)
    with engine.begin() as connection:
        printers.save(connection, PrinterProfile(printers.RECEIPT_PRINTER, "virtual:bench"))
        accounts = [
            int(i)
            for (i,) in connection.execute(
                text(
                    "SELECT DISTINCT account_id FROM bill WHERE amount_fen > paid_fen "
                    "ORDER BY account_id LIMIT :n"
                ),
                {"n": RUNS + 5},
            )
        ]
    engine.dispose()
    window = make_window(db_path, "en", today=SEED_AS_OF, clerk=counter.clerk)
    window.show()
    qtbot.waitUntil(lambda: window.print_bridge is not None, timeout=10_000)
    window.open_print_queue()
    tray = window.tray
    assert tray is not None
    panel = window.task.pay_panel

    to_commit: list[float] = []
    to_tray: list[float] = []
    for account_id in accounts[:RUNS]:
        window.customer.open_account(account_id)
        qtbot.waitUntil(lambda a=account_id: window.customer.view is not None
                        and window.customer.view.account_id == a, timeout=10_000)  # fmt: skip
        if window.customer.view is None or window.customer.view.due_today_fen == 0:
            continue  # nothing due: the prepayment path is the same transaction
        window.start_payment()
        qtbot.waitUntil(lambda: panel.state is PayState.ENTERING, timeout=5_000)
        uid = panel.payment_uid
        started = time.perf_counter()
        qtbot.keyClick(panel.amount, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: panel.state is PayState.DONE, timeout=5_000)
        to_commit.append((time.perf_counter() - started) * 1000)
        qtbot.waitUntil(
            lambda u=uid: any(
                job.source_uid == u and job.state is PrintJobState.PRINTED
                for job in tray.model.jobs
            ),
            timeout=5_000,
        )
        to_tray.append((time.perf_counter() - started) * 1000)
        panel.close_task()
    tray.close()
    window.close()  # stops the print queue and the worker (closeEvent)
    window.deleteLater()
    qtbot.wait(100)
    gc.collect()  # while Qt is alive: PySide6 6.12 can crash collecting these at exit

    assert len(to_tray) >= RUNS // 2
    median, p99, worst = summary(to_tray)
    base_median, base_p99, _ = summary(to_commit)
    print()
    print(f"Enter → printed receipt in the tray, real window, n={len(to_tray)}")
    print(f"  to the tray : median {median:.1f} ms  p99 {p99:.1f} ms  max {worst:.1f} ms")
    print(f"  to 'taken'  : median {base_median:.1f} ms  p99 {base_p99:.1f} ms  (baseline)")
    print(f"  ratio tray/taken: median {median / base_median:.1f}×")
    print(f"  mean to the tray {statistics.mean(to_tray):.1f} ms; target ≤ {TARGET_MS} ms: "
          f"{'met' if p99 <= TARGET_MS else 'MISSED'}")  # fmt: skip
    assert p99 <= TARGET_MS
