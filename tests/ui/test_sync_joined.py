"""The counter window joined to a real HQ: the status bar, the sync page and the conflict inbox.

No mocks: HQ is the real sync API (``create_app(role="hq")``) on a real SQLite HQ imported from
the small city, served by uvicorn on loopback (:class:`~counterdesk.server.run.ServerThread`);
the terminal is a real database joined with :func:`counterdesk.sync.link.join`, and the real
:class:`~counterdesk.sync.engine.SyncEngine` runs its own thread beside the window. "HQ down" is
the server stopped (connection refused on its port), "back" is a new server on the same port.

The terminal serves area YX01 of the small city (377 accounts), so its initial load takes well
under a second. Set COUNTERDESK_SCREENSHOTS to keep the Chinese PNGs of the page and the status
bar (``1`` for docs/screenshots).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, text

from counterdesk.hq.database import make_hq_engine, upgrade_hq
from counterdesk.hq.importer import import_terminal_db
from counterdesk.hq.terminals import add_terminal, revoke
from counterdesk.server.app import create_app
from counterdesk.server.run import ServerThread
from counterdesk.store.database import make_engine
from counterdesk.sync import link, snapshot
from counterdesk.sync.client import SyncClient
from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.status import Link, SyncStatus
from tests.helpers.counter import (
    MANAGER_PASSWORD,
    NOW,
    Counter,
    account_with_bills,
    audit_actions,
    cash,
    copy_counter,
    last_audit_id,
    open_shift,
    pay,
)
from ui.app import make_window, prepare_application
from ui.approval import ApprovalDialog
from ui.counter_window import CounterWindow
from ui.sync.conflicts import Column
from ui.sync.sync_page import SyncPage
from ui.sync.words import table_word

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
HALL = "青山供电营业厅"
AREA = "YX01"
TERMINAL = "QS03"
WAIT = 15_000
"""Milliseconds to wait for the engine's thread and the server (generous: CI has two cores)."""


# --- HQ ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hq_template(tmp_path_factory: pytest.TempPathFactory, small_city: Path) -> Path:
    """HQ's database with the small city imported, made once per module; tests copy it."""
    path = tmp_path_factory.mktemp("hq") / "hq.db"
    engine = make_hq_engine(str(path))
    try:
        upgrade_hq(engine)
        import_terminal_db(engine, small_city)
    finally:
        engine.dispose()
    return path


@dataclass
class Hq:
    """HQ's database and its server, which a test stops and starts again on the same port."""

    engine: Engine
    server: ServerThread | None = None
    port: int = 0
    token: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.server = ServerThread(create_app(role="hq", hq=self.engine), port=self.port).start()
        self.port = self.server.port

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def one(self, sql: str, **params: object) -> tuple[object, ...]:
        with self.engine.connect() as connection:
            row = connection.execute(text(sql), params).first()
        assert row is not None, sql
        return tuple(row)


@pytest.fixture
def hq(hq_template: Path, tmp_path: Path) -> Iterator[Hq]:
    path = tmp_path / "hq.db"
    with closing(sqlite3.connect(hq_template)) as src, closing(sqlite3.connect(path)) as dst:
        src.backup(dst)
    made = Hq(make_hq_engine(str(path)))
    made.token = add_terminal(made.engine, TERMINAL, HALL, AREA)
    made.start()
    yield made
    made.stop()
    made.engine.dispose()


# --- the terminal -----------------------------------------------------------------------------


@dataclass
class Terminal:
    counter: Counter
    sync: SyncEngine
    window: CounterWindow
    statuses: list[SyncStatus] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.window.sync_label.plain_text()

    def scalar(self, sql: str, **params: object) -> object:
        with self.counter.engine.connect() as connection:
            return connection.execute(text(sql), params).scalar_one()


@pytest.fixture
def open_terminal(
    qtbot: QtBot, template: Counter, tmp_path: Path, hq: Hq
) -> Iterator[Callable[..., Terminal]]:
    """Joins a copy of the counter template to ``hq``, starts its engine and opens the window."""
    made: list[Terminal] = []
    engines: list[tuple[SyncEngine, Engine]] = []

    def make(
        language: str = "en", *, before: Callable[[Counter, Hq], object] | None = None
    ) -> Terminal:
        counter = copy_counter(template, tmp_path / "terminal.db")
        status = link.join(counter.engine, hq.url, hq.token)
        assert status.link is Link.ONLINE
        assert status.terminal_id == TERMINAL
        open_shift(counter)  # the shift opening: one op for HQ before the window starts
        if before is not None:
            before(counter, hq)
        path = counter.engine.url.database
        assert path is not None
        sync_db = make_engine(path)  # the store's own connections, as the app gives the engine
        sync = SyncEngine.from_database(sync_db, interval=60.0)
        assert sync is not None
        engines.append((sync, sync_db))
        heard: list[SyncStatus] = []
        sync.subscribe(heard.append)
        sync.start()
        window = make_window(Path(path), language, clerk=counter.clerk, sync=sync)
        qtbot.addWidget(window)
        window.show()
        terminal = Terminal(counter, sync, window, heard)
        made.append(terminal)
        return terminal

    yield make
    for terminal in made:
        terminal.window.shutdown()
    for sync, sync_db in engines:
        sync.stop()
        sync_db.dispose()
    for terminal in made:
        terminal.counter.engine.dispose()


def next_round(qtbot: QtBot, terminal: Terminal) -> None:
    """Sync now, and wait until a round that started after it has finished."""
    before = terminal.window.sync_label.status.last_success
    terminal.window.sync_bridge.sync_now()
    qtbot.waitUntil(lambda: terminal.window.sync_label.status.last_success != before,
                    timeout=WAIT)  # fmt: skip
    wait_online(qtbot, terminal)


def wait_online(qtbot: QtBot, terminal: Terminal, pending: int = 0) -> None:
    """Until the status bar shows a finished round with ``pending`` ops left."""
    qtbot.waitUntil(
        lambda: (
            terminal.window.sync_label.status.link is Link.ONLINE
            and terminal.window.sync_label.status.last_success is not None
            and terminal.window.sync_label.status.loading is None
            and terminal.window.sync_label.pending == pending
        ),
        timeout=WAIT,
    )


def press(
    qtbot: QtBot,
    widget: QWidget,
    key: Qt.Key,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """A key as the clerk presses it: shortcuts only fire in the active window."""
    widget.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window(), timeout=5000)
    qtbot.keyClick(widget, key, modifiers)


def area_account(engine: Engine) -> uuid.UUID:
    """An account of the terminal's area with an unpaid bill, as the initial load brought it."""
    with engine.connect() as connection:
        uid = connection.execute(
            text("SELECT a.uid FROM account AS a JOIN bill AS b ON b.account_id = a.id "
                 "WHERE a.area_code = :area AND b.paid_fen < b.amount_fen ORDER BY a.number "
                 "LIMIT 1"), {"area": AREA},
        ).scalar_one()  # fmt: skip
    return uuid.UUID(bytes=bytes(uid))


def open_page(qtbot: QtBot, window: CounterWindow) -> SyncPage:
    press(qtbot, window, Qt.Key.Key_S,
          Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    page = window.sync_page
    assert isinstance(page, SyncPage)
    qtbot.waitUntil(page.isVisible)
    return page


def stranger_payment(counter: Counter, _hq: object = None) -> None:
    """A payment on an account this terminal made up and HQ never heard of: HQ parks it."""
    _, account = account_with_bills(counter.engine, number="3309999999")
    pay(counter, account, cash(16_947))


# --- the tests --------------------------------------------------------------------------------


def test_the_status_bar_follows_hq_going_away_and_coming_back(
    qtbot: QtBot, hq: Hq, open_terminal: Callable[..., Terminal]
) -> None:
    terminal = open_terminal()
    wait_online(qtbot, terminal)  # the initial load and the shift's opening went up
    assert terminal.label.startswith("Online · 0 waiting to upload · Last sync ")
    assert "#12B76A" in terminal.window.sync_label.text()  # the green dot
    assert terminal.scalar("SELECT count(*) FROM account WHERE area_code = :a", a=AREA) == 377
    assert hq.one("SELECT count(*) FROM hq_shift")[0] == 1

    hq.stop()
    terminal.window.sync_bridge.sync_now()
    qtbot.waitUntil(lambda: terminal.window.sync_label.status.link is Link.OFFLINE, timeout=WAIT)
    pay(terminal.counter, area_account(terminal.counter.engine), cash(5_000))
    terminal.window.refresh_counter_state()  # as after the payment the window took
    qtbot.waitUntil(lambda: terminal.window.sync_label.pending == 1, timeout=WAIT)
    assert terminal.label.startswith("Offline · 1 waiting to upload · Last sync ")
    assert "#F79009" in terminal.window.sync_label.text()  # the orange dot
    assert hq.one("SELECT count(*) FROM hq_payment")[0] == 0

    page = open_page(qtbot, terminal.window)
    assert page.link_title.text().endswith("Offline")
    assert page.meaning.text() == (
        "Offline: take payments as usual; they upload by themselves when the link is back."
    )
    assert page.pending_value.text().startswith(page.tr("%n operation(s)", "", 1) + " · oldest: ")
    assert page.next_value.isVisible()  # when the engine tries again by itself
    assert "Cannot reach HQ" in page.error_value.text()  # for IT, word for word
    assert page.error_value.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert page.hq_value.text() == hq.url
    assert page.terminal_value.text() == TERMINAL
    assert page.scopes_value.text() == f"all (tariffs), {AREA}"
    assert page.inbox is not None
    qtbot.waitUntil(lambda: "The inbox cannot be read" in page.inbox.empty.text(), timeout=WAIT)

    hq.start()  # back, on the same port
    press(qtbot, page, Qt.Key.Key_F5)  # 立即同步
    assert page.syncing
    assert page.sync_button.label_text() == "Syncing…"
    assert not page.sync_button.isEnabled()
    wait_online(qtbot, terminal)
    assert not page.syncing
    assert page.sync_button.label_text() == "Sync now"
    assert terminal.label.startswith("Online · 0 waiting to upload · Last sync ")
    assert page.link_title.text().endswith("Online")
    assert not page.next_value.isVisible()
    assert not page.error_value.isVisible()
    assert page.pending_value.text() == page.tr("%n operation(s)", "", 0)
    assert hq.one("SELECT count(*), sum(received_fen) FROM hq_payment") == (1, 5_000)
    assert set(page.cursors_value.text().removeprefix("Cursors: ").split(" · ")) == {
        f"{scope} {cursor}" for scope, cursor in terminal.sync.status().cursors.items()
    }
    qtbot.waitUntil(lambda: page.inbox.empty.text() == "Nothing waits for a decision.",
                    timeout=WAIT)  # fmt: skip
    press(qtbot, page, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: terminal.window.sync_page is None)


def test_a_payment_hq_parks_shows_as_a_conflict_a_manager_dismisses(
    qtbot: QtBot, hq: Hq, open_terminal: Callable[..., Terminal]
) -> None:
    terminal = open_terminal(before=stranger_payment)
    wait_online(qtbot, terminal)  # HQ took the shift's opening and parked the payment
    assert terminal.window.sync_label.status.rejected_ops == 1
    next_round(qtbot, terminal)  # the round asks HQ how many conflicts wait first
    qtbot.waitUntil(lambda: "Conflicts 1" in terminal.label, timeout=WAIT)
    assert terminal.label.endswith(" · Conflicts 1")
    assert "#FEE4E2" in terminal.window.sync_label.text()  # highlighted
    assert hq.one("SELECT state, code FROM hq_conflict") == ("open", "unknown_account")

    qtbot.mouseClick(terminal.window.sync_label, Qt.MouseButton.LeftButton)
    page = terminal.window.sync_page
    assert isinstance(page, SyncPage)
    inbox = page.inbox
    assert inbox is not None
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 1, timeout=WAIT)
    assert inbox.title.text() == inbox.tr("Conflict inbox (%n open)", "", 1)
    model = inbox.model
    cells = [model.index(0, column).data() for column in Column]
    receipt = terminal.scalar("SELECT receipt_no FROM payment ORDER BY id DESC LIMIT 1")
    assert cells[Column.TERMINAL] == TERMINAL
    assert cells[Column.KIND] == "Payment"
    assert cells[Column.REFERENCE] == f"{receipt} · ¥169.47"
    assert cells[Column.REASON] == "HQ does not know this account"
    assert cells[Column.MESSAGE] == hq.one("SELECT message FROM hq_conflict")[0]
    assert inbox.detail.text().startswith(f"Terminal {TERMINAL}, operation no. 2, received by ")
    assert inbox.detail.text().endswith(cells[Column.MESSAGE])  # in full, selectable
    assert inbox.table.hasFocus()  # the arrows choose, Ctrl+D dismisses
    assert inbox.retry_button.isEnabled()
    assert inbox.dismiss_button.isEnabled()

    inbox.note.setText("客户账号录错，已按正确户号重新收费")
    before = last_audit_id(terminal.counter.engine)
    press(qtbot, inbox.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # 驳回
    dialog = inbox.approval_dialog
    assert isinstance(dialog, ApprovalDialog)
    qtbot.waitExposed(dialog)
    assert dialog.summary.text().startswith(f"Dismiss: Payment · {receipt} · ¥169.47 · QS03")
    assert dialog.summary.text().endswith("HQ does not know this account")
    dialog.number.setText("0001")
    dialog.password.setText(MANAGER_PASSWORD)
    dialog.approve()

    qtbot.waitUntil(lambda: inbox.message.text().startswith("Dismissed"), timeout=WAIT)
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 0, timeout=WAIT)
    assert inbox.empty.text() == "Nothing waits for a decision."
    assert hq.one("SELECT state, resolution, resolved_by, note FROM hq_conflict") == (
        "resolved", "dismiss", "0001", "客户账号录错，已按正确户号重新收费"
    )  # fmt: skip
    assert hq.one("SELECT count(*) FROM hq_payment")[0] == 0  # dismissed: never booked
    qtbot.waitUntil(lambda: "Conflicts" not in terminal.label, timeout=WAIT)
    assert audit_actions(terminal.counter.engine, after_id=before) == [
        "approval.granted", "approval.used", "sync.conflict_dismiss"
    ]  # fmt: skip
    assert inbox.note.text() == ""


def test_a_retry_hq_still_cannot_book_leaves_the_conflict_open(
    qtbot: QtBot, hq: Hq, open_terminal: Callable[..., Terminal]
) -> None:
    terminal = open_terminal(before=stranger_payment)
    wait_online(qtbot, terminal)
    assert terminal.window.sync_label.status.rejected_ops == 1
    page = terminal.window.open_sync_page()
    inbox = page.inbox
    assert inbox is not None
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 1, timeout=WAIT)

    dialog = inbox.retry()
    assert isinstance(dialog, ApprovalDialog)
    assert dialog.summary.text().startswith("Retry at HQ: Payment")
    dialog.number.setText("0001")
    dialog.password.setText(MANAGER_PASSWORD)
    dialog.approve()
    qtbot.waitUntil(lambda: inbox.message.text().startswith("HQ did not take the decision"),
                    timeout=WAIT)  # fmt: skip
    assert "409" in inbox.message.text()  # HQ's own words follow, for IT
    assert hq.one("SELECT state FROM hq_conflict")[0] == "open"
    assert inbox.model.rowCount() == 1
    assert inbox.retry_button.isEnabled()  # the manager may try again once HQ is put right


def test_the_inbox_needs_someone_signed_in_and_a_chosen_conflict(
    qtbot: QtBot, hq: Hq, open_terminal: Callable[..., Terminal]
) -> None:
    terminal = open_terminal()
    wait_online(qtbot, terminal)
    page = terminal.window.open_sync_page()
    inbox = page.inbox
    assert inbox is not None
    qtbot.waitUntil(lambda: inbox.empty.text() == "Nothing waits for a decision.", timeout=WAIT)
    assert not inbox.retry_button.isEnabled()
    assert inbox.dismiss() is None
    assert inbox.message.text() == "Choose a conflict first."

    stranger_payment(terminal.counter)
    terminal.window.refresh_counter_state()
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 1, timeout=WAIT)  # read again by itself
    terminal.window.clerk = None  # locked, nobody signed in
    assert inbox.retry() is None
    assert inbox.message.text().startswith("Sign in first")
    assert hq.one("SELECT state FROM hq_conflict")[0] == "open"


def test_statuses_reach_the_gui_thread_and_a_refusal_says_call_it(
    qtbot: QtBot, hq: Hq, open_terminal: Callable[..., Terminal]
) -> None:
    terminal = open_terminal()
    threads: list[int] = []
    terminal.window.sync_bridge.status_changed.connect(
        lambda _status: threads.append(threading.get_ident())
    )
    wait_online(qtbot, terminal)
    engine_heard = len(terminal.statuses)
    assert engine_heard >= 1  # the engine's listeners ran on its thread...
    # The first round may finish before the lambda above was connected; one more round is
    # certain to be heard after it.
    terminal.window.sync_bridge.sync_now()
    qtbot.waitUntil(lambda: bool(threads), timeout=WAIT)  # ...and the window heard of it
    assert set(threads) == {threading.get_ident()}  # only ever on the GUI thread

    revoke(hq.engine, TERMINAL)  # IT retired the PC at HQ, or the token leaked
    terminal.window.sync_bridge.sync_now()
    qtbot.waitUntil(lambda: terminal.window.sync_label.status.link is Link.REFUSED, timeout=WAIT)
    assert terminal.label.startswith("HQ refused · 0 waiting to upload · Last sync ")
    assert "#F04438" in terminal.window.sync_label.text()  # the red dot
    page = open_page(qtbot, terminal.window)
    assert page.link_title.text().endswith("HQ refused")
    assert page.meaning.text().startswith("HQ refused this terminal: payments are still taken")
    assert "revoked" in page.error_value.text()
    assert not page.next_value.isVisible()  # no retry by itself: IT must act
    assert page.sync_button.isVisible()  # "sync now" tries once more
    assert page.sync_button.isEnabled()


def skipped_a_number(counter: Counter, _hq: object) -> None:
    """The shift's opening renumbered 2, as if op 1 had been lost from the outbox."""
    with counter.engine.begin() as connection:
        connection.execute(text("UPDATE outbox SET terminal_seq = terminal_seq + 1"))


def test_a_gap_hq_noticed_is_an_alert_for_it(
    qtbot: QtBot, hq: Hq, open_terminal: Callable[..., Terminal]
) -> None:
    terminal = open_terminal(before=skipped_a_number)
    wait_online(qtbot, terminal)  # HQ applied the op all the same: payments are never held back
    bridge = terminal.window.sync_bridge
    assert bridge.gap_seen is not None
    next_round(qtbot, terminal)  # the engine's status forgets the gap at the next push...
    assert terminal.sync.status().gap == ""
    page = open_page(qtbot, terminal.window)
    assert page.gap_banner.isVisible()  # ...the page keeps it for IT
    assert page.gap_banner.text().endswith(
        " HQ noticed a gap in this terminal's operations; call IT. HQ expected op 1 of this "
        "terminal next but received 2: ops are missing from the outbox."
    )
    assert hq.one("SELECT kind FROM hq_alert")[0] == "seq_gap"


def half_loaded_then_hq_away(counter: Counter, hq: Hq) -> None:
    """The area's first 100 rows came in, then the app closed and HQ went out of reach: the
    load stands half done (``sync_load``) for the next start to resume."""
    with SyncClient(hq.url, hq.token) as client:
        finished = snapshot.load_scope(counter.engine, client, AREA, now=lambda: NOW,
                                       stop=lambda: True, page_size=100)  # fmt: skip
    assert not finished
    hq.stop()


def test_a_half_done_initial_load_shows_its_progress_then_finishes(
    qtbot: QtBot, hq: Hq, open_terminal: Callable[..., Terminal]
) -> None:
    terminal = open_terminal(before=half_loaded_then_hq_away)
    window = terminal.window
    qtbot.waitUntil(lambda: window.sync_label.status.link is Link.OFFLINE, timeout=WAIT)
    loading = window.sync_label.status.loading
    assert loading is not None
    assert (loading.scope, loading.rows_done) == (AREA, 100)
    assert loading.rows_total > 100
    percent = 100 * 100 // loading.rows_total
    assert f" · Loading HQ data {percent}% · " in terminal.label

    page = open_page(qtbot, window)
    assert page.progress.isVisible()
    assert (page.progress.value(), page.progress.maximum()) == (100, loading.rows_total)
    assert page.progress_label.text() == (
        f"Loading {table_word(loading.table)} from HQ "
        f"(area {AREA}): 100 of {loading.rows_total:,} rows"
    )

    hq.start()
    press(qtbot, page, Qt.Key.Key_F5)
    wait_online(qtbot, terminal)  # the load resumed where it stopped, and finished
    assert not page.progress.isVisible()
    assert "Loading" not in terminal.label
    assert terminal.scalar("SELECT count(*) FROM account WHERE area_code = :a", a=AREA) == 377


# --- the screenshots, in Chinese ---------------------------------------------------------------


def visible_text(widget: QWidget) -> str:
    return " ".join(
        child.text() for child in widget.findChildren(QLabel) if child.isVisibleTo(widget)
    )


def nothing_clipped(widget: QWidget) -> None:
    for child in widget.findChildren(QLabel):
        if child.isVisibleTo(widget) and not child.wordWrap() and child.text():
            assert child.width() >= child.sizeHint().width() - 1, child.text()
    for button in widget.findChildren(QPushButton):
        if button.isVisibleTo(widget):
            assert button.width() >= button.minimumSizeHint().width() - 1, button.text()


def save(widget: QWidget, name: str) -> None:
    folder = os.environ.get("COUNTERDESK_SCREENSHOTS")
    if folder:
        target = Path(folder) if folder not in ("1", "yes", "true") else SCREENSHOTS
        target.mkdir(parents=True, exist_ok=True)
        assert widget.grab().save(str(target / name))


def test_chinese_status_bar_offline_and_page_with_a_conflict(
    qtbot: QtBot, qapp: QApplication, hq: Hq, open_terminal: Callable[..., Terminal]
) -> None:
    try:
        prepare_application(qapp, "zh_CN")
        terminal = open_terminal("zh_CN", before=stranger_payment)
        window = terminal.window
        wait_online(qtbot, terminal)
        next_round(qtbot, terminal)
        qtbot.waitUntil(lambda: window.sync_label.status.open_conflicts == 1, timeout=WAIT)

        page = window.open_sync_page()
        inbox = page.inbox
        assert inbox is not None
        qtbot.waitUntil(lambda: inbox.model.rowCount() == 1, timeout=WAIT)
        qtbot.waitExposed(page)
        assert page.link_title.text().endswith("在线")
        assert inbox.model.index(0, Column.KIND).data() == "缴费"
        assert inbox.model.index(0, Column.REASON).data() == "总部无此户号"
        nothing_clipped(page)
        save(page, "sync-page.png")
        page.reject()

        hq.stop()
        window.sync_bridge.sync_now()
        qtbot.waitUntil(lambda: window.sync_label.status.link is Link.OFFLINE, timeout=WAIT)
        pay(terminal.counter, area_account(terminal.counter.engine), cash(5_000))
        window.refresh_counter_state()
        qtbot.waitUntil(lambda: window.sync_label.pending == 1, timeout=WAIT)
        label = window.sync_label.plain_text()
        assert label.startswith("离线 · 1 笔待上传 · 上次同步 ")
        assert label.endswith(" · 冲突 1")
        assert window.sync_label.width() >= window.sync_label.sizeHint().width() - 1
        save(window, "sync-offline.png")
        hq.start()  # so the fixture's engine stops against a live HQ as it would in a hall
    finally:
        prepare_application(qapp, "en")
