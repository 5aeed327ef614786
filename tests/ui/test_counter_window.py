"""The counter window's account search and customer panel, on a real seeded database.

No mocks: a real window on the ``small_city`` database, real keys through ``qtbot``, and the
expected numbers worked out with plain SQL, or with the store's own read model where the number is
the domain's to compute (the late fee). The background-operation
helper is tested directly for what a window test cannot force: a slow result arriving after a newer
one, a superseded operation, a failure, a deleted parent, and shutdown.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer, QTranslator
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, text

import ui.customer_panel as customer_panel
import ui.search_panel as search_panel
from counterdesk.domain.accounts import CustomerClass
from counterdesk.domain.money import format_yuan
from counterdesk.store import settings
from counterdesk.store.account_view import AccountView, load_account_view
from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade
from tests.conftest import SEED_AS_OF
from tests.helpers.counter import PASSWORD, add_people
from ui.app import I18N_DIR, LANGUAGE_ENV, install_translations, make_window, run
from ui.counter_window import CounterWindow
from ui.operations import WORKER_NAME, Op, OpRunner
from ui.sign_in import SignInDialog

I18N = I18N_DIR
ZH_TS = I18N / "counterdesk_zh_CN.ts"
TOO_SHORT_ZH = "请至少输入两个字的姓名或三个字的地址。"
SHOWN = "propagateSizeHints"  # the offscreen platform's one warning when a window is shown


def _workers_alive() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(WORKER_NAME) and t.is_alive()]


@pytest.fixture(autouse=True)
def _no_leaked_workers() -> Iterator[None]:
    yield
    assert not _workers_alive(), "a worker thread outlived its test"


@pytest.fixture
def open_window(
    qtbot: QtBot, small_city: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., CounterWindow]]:
    """Makes counter windows on the small city (or a copy) as of its seed date; shuts them down."""
    monkeypatch.delenv(LANGUAGE_ENV, raising=False)
    made: list[CounterWindow] = []

    def make(language: str | None = None, db_path: Path | None = None) -> CounterWindow:
        window = make_window(db_path or small_city, language, today=SEED_AS_OF)
        qtbot.addWidget(window)
        made.append(window)
        qtbot.waitUntil(lambda: any(ch.isdigit() for ch in window.count_label.text()))
        return window

    yield make
    for window in made:
        window.shutdown()


@pytest.fixture
def window(open_window: Callable[..., CounterWindow]) -> CounterWindow:
    return open_window()


def shown_numbers(window: CounterWindow) -> list[str]:
    model = window.search.model
    return [model.hit(row).account_number for row in range(model.rowCount())]


def type_text(qtbot: QtBot, widget: QWidget, typed: str) -> None:
    """Type as a clerk does: digits and letters as keys, Chinese through the input method.

    (QTest's key clicks know ASCII only; an input method commits each character it composed.)
    """
    for char in typed:
        if char.isascii():
            qtbot.keyClick(widget, char)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(char)
            QCoreApplication.sendEvent(widget, event)


def type_and_wait(qtbot: QtBot, window: CounterWindow, typed: str, number: str) -> None:
    type_text(qtbot, window.search.box, typed)
    qtbot.waitUntil(lambda: number in shown_numbers(window))


def one_row(city_engine: Engine, sql: str, **params: object) -> tuple[object, ...]:
    with city_engine.connect() as connection:
        row = connection.execute(text(sql), params).first()
    assert row is not None, sql
    return tuple(row)


def arrears_account(city_engine: Engine) -> tuple[int, str, int, int]:
    """An account with two or more overdue unpaid bills: (id, number, arrears fen, overdue)."""
    row = one_row(
        city_engine,
        "SELECT a.id, a.number, sum(b.amount_fen - b.paid_fen), count(*) FROM account AS a "
        "JOIN bill AS b ON b.account_id = a.id "
        "WHERE b.amount_fen > b.paid_fen AND b.due_date < :today AND a.status = 'normal' "
        "GROUP BY a.id HAVING count(*) >= 2 ORDER BY a.id LIMIT 1",
        today=SEED_AS_OF.isoformat(),
    )
    return int(str(row[0])), str(row[1]), int(str(row[2])), int(str(row[3]))


# --- finding ------------------------------------------------------------------------------------


def test_typing_a_name_shows_the_account(
    qtbot: QtBot, window: CounterWindow, city_engine: Engine
) -> None:
    number, name = one_row(
        city_engine,
        "SELECT a.number, c.name FROM account AS a JOIN customer AS c ON c.id = a.customer_id "
        "WHERE length(c.name) = 3 ORDER BY a.id LIMIT 1",
    )
    type_and_wait(qtbot, window, str(name), str(number))
    row = shown_numbers(window).index(str(number))
    model = window.search.model
    assert model.index(row, model.NAME).data() == name
    assert "户" in window.search.message.text()


@pytest.mark.parametrize("column", ["phone", "number"])
def test_a_phone_or_an_account_number_finds_the_account(
    qtbot: QtBot, window: CounterWindow, city_engine: Engine, column: str
) -> None:
    number, phone = one_row(
        city_engine,
        "SELECT a.number, c.phone FROM account AS a JOIN customer AS c ON c.id = a.customer_id "
        "WHERE c.phone IS NOT NULL ORDER BY a.id DESC LIMIT 1",
    )
    typed = str(phone) if column == "phone" else str(number)
    type_and_wait(qtbot, window, typed, str(number))
    assert shown_numbers(window)[0] == number


def test_a_too_short_query_says_so_in_chinese(qtbot: QtBot, window: CounterWindow) -> None:
    type_text(qtbot, window.search.box, "张")
    qtbot.waitUntil(lambda: window.search.message.text() == TOO_SHORT_ZH)
    assert window.search.model.rowCount() == 0
    assert window.search.message.property("problem") is True


def test_escape_clears_the_search(qtbot: QtBot, window: CounterWindow, city_engine: Engine) -> None:
    (number,) = one_row(city_engine, "SELECT number FROM account ORDER BY id LIMIT 1")
    type_and_wait(qtbot, window, str(number), str(number))
    qtbot.keyClick(window.search.box, Qt.Key.Key_Escape)
    assert window.search.box.text() == ""
    assert window.search.model.rowCount() == 0
    assert window.search.message.text() == ""


def test_escape_drops_a_search_still_under_way(
    qtbot: QtBot, window: CounterWindow, city_engine: Engine
) -> None:
    (number,) = one_row(city_engine, "SELECT number FROM account ORDER BY id LIMIT 1")
    window.search.box.setText(str(number))
    window.search.search_now()  # sent to the worker: the result is on its way
    qtbot.keyClick(window.search.box, Qt.Key.Key_Escape)
    qtbot.wait(search_panel.DEBOUNCE_MS + 200)
    assert window.search.model.rowCount() == 0
    assert window.search.box.text() == ""


# --- opening ------------------------------------------------------------------------------------


def test_enter_opens_the_account_with_its_bills_and_arrears(
    qtbot: QtBot, window: CounterWindow, city_engine: Engine
) -> None:
    account_id, number, arrears, overdue = arrears_account(city_engine)
    (bills,) = one_row(city_engine, "SELECT count(*) FROM bill WHERE account_id = :a", a=account_id)
    (unpaid,) = one_row(
        city_engine,
        "SELECT sum(amount_fen - paid_fen) FROM bill "
        "WHERE account_id = :a AND amount_fen > paid_fen",
        a=account_id,
    )
    (oldest_due,) = one_row(
        city_engine,
        "SELECT min(due_date) FROM bill WHERE account_id = :a AND amount_fen > paid_fen",
        a=account_id,
    )
    # Enter straight after typing, before the results are back: the top hit opens when they are.
    type_text(qtbot, window.search.box, number)
    qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    panel = window.customer
    qtbot.waitUntil(lambda: panel.view is not None and panel.view.number == number)

    assert panel.arrears.text() == format_yuan(arrears)
    not_due = int(str(unpaid)) - arrears
    assert not_due > 0, "the seeded account should also have a bill not yet due"
    assert panel.due_today_note.text() == f"含未到期 {format_yuan(not_due)}"
    assert panel.arrears_note.text() == f"{overdue} 笔账单已逾期"
    assert panel.facts["number"].text() == number
    assert panel.bills_model.rowCount() == bills
    chips = [
        label.text() for label in panel.findChildren(QLabel, "chip") if label.isVisibleTo(panel)
    ]
    assert "欠费" in chips
    model = panel.bills_model
    states = [model.index(row, model.STATE).data() for row in range(model.rowCount())]
    days = (SEED_AS_OF - date.fromisoformat(str(oldest_due))).days
    assert f"逾期 {days} 天" in states
    amounts = [model.index(row, model.AMOUNT).data() for row in range(model.rowCount())]
    assert all(amount.startswith("¥") for amount in amounts)
    right = model.index(0, model.AMOUNT).data(Qt.ItemDataRole.TextAlignmentRole)
    assert right & Qt.AlignmentFlag.AlignRight


def test_down_up_and_enter_open_the_selected_result(
    qtbot: QtBot, window: CounterWindow, city_engine: Engine
) -> None:
    (pair,) = one_row(
        city_engine,
        "SELECT gram FROM account_name_gram GROUP BY gram HAVING count(*) BETWEEN 4 AND 40 "
        "ORDER BY gram LIMIT 1",
    )
    type_text(qtbot, window.search.box, str(pair))
    qtbot.waitUntil(lambda: window.search.model.rowCount() >= 4)
    box = window.search.box
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Up):
        qtbot.keyClick(box, key)
    hit = window.search.selected_hit()
    assert hit is not None
    assert hit == window.search.model.hit(2)
    qtbot.keyClick(box, Qt.Key.Key_Enter)
    panel = window.customer
    qtbot.waitUntil(lambda: panel.view is not None and panel.view.account_id == hit.account_id)
    assert panel.name.text() == hit.customer_name


def test_the_gui_thread_never_reads_the_database(
    qtbot: QtBot, window: CounterWindow, city_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Search and the account job run on the worker; the rules and the bills share a connection."""
    calls: list[tuple[str, int]] = []
    connections: list[object] = []

    def spy(module: object, name: str, *, connection: bool = False) -> None:
        real = getattr(module, name)

        def wrapper(*args: object, **kwargs: object) -> object:
            calls.append((name, threading.get_ident()))
            if connection:
                connections.append(args[0])
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    spy(search_panel, "search_accounts")
    spy(customer_panel, "account_job")
    spy(customer_panel, "load_settings", connection=True)
    spy(customer_panel, "load_account_view", connection=True)
    _, number, _, _ = arrears_account(city_engine)
    type_and_wait(qtbot, window, number, number)
    qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.customer.view is not None)
    names = {name for name, _ in calls}
    assert names == {"search_accounts", "account_job", "load_settings", "load_account_view"}
    assert {ident for _, ident in calls} == {window.runner.worker_ident}
    assert threading.get_ident() != window.runner.worker_ident
    assert len(connections) == 2
    assert connections[0] is connections[1]


def open_by_number(qtbot: QtBot, window: CounterWindow, number: str) -> AccountView:
    """Type the account number, press Enter, and wait for the customer panel to show it."""
    type_text(qtbot, window.search.box, number)
    qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    panel = window.customer
    qtbot.waitUntil(lambda: panel.view is not None and panel.view.number == number)
    assert panel.view is not None
    return panel.view


def read_view(engine: Engine, account_id: int) -> AccountView:
    """The account as the store's read model computes it, with the database's own settings."""
    with engine.connect() as connection:
        rules = settings.load(connection).late_fee
        return load_account_view(connection, account_id, SEED_AS_OF, rules)


def test_the_late_fee_and_the_amount_due_today_are_the_stores(
    qtbot: QtBot, window: CounterWindow, city_engine: Engine
) -> None:
    account_id, number, _, _ = arrears_account(city_engine)
    expected = read_view(city_engine, account_id)
    assert expected.late_fee_fen > 0
    open_by_number(qtbot, window, number)
    panel = window.customer

    assert panel.late_fee.text() == format_yuan(expected.late_fee_fen)
    assert panel.due_today.text() == format_yuan(expected.due_today_fen)
    assert panel.arrears.text() == format_yuan(expected.arrears_fen)
    assert panel.prepaid.text() == format_yuan(expected.prepaid_fen)
    assert panel.late_fee_note.text() == "计至今日"
    model = panel.bills_model
    assert model.headerData(model.LATE_FEE, Qt.Orientation.Horizontal) == "违约金"
    shown = [model.index(row, model.LATE_FEE).data() for row in range(model.rowCount())]
    fees = [bill.late_fee_fen for bill in expected.bills]
    assert shown == [format_yuan(fee) if fee else "—" for fee in fees]
    overdue = [bill.overdue_days > 0 for bill in expected.bills]
    assert all(is_overdue for fee, is_overdue in zip(fees, overdue, strict=True) if fee)


def test_each_account_read_counts_the_late_fee_to_that_days_date(
    qtbot: QtBot, window: CounterWindow, city_engine: Engine
) -> None:
    """A terminal left running overnight must count to the new day, not the day it started."""
    account_id, number, _, _ = arrears_account(city_engine)
    first = open_by_number(qtbot, window, number)
    assert first.as_of == SEED_AS_OF
    next_day = SEED_AS_OF + timedelta(days=1)
    window.customer.today = lambda: next_day
    window.customer.open_account(account_id)
    qtbot.waitUntil(
        lambda: window.customer.view is not None and window.customer.view.as_of == next_day
    )
    view = window.customer.view
    assert view is not None
    assert view.late_fee_fen > first.late_fee_fen
    assert window.customer.late_fee.text() == format_yuan(view.late_fee_fen)


def test_the_late_fee_follows_the_terminal_settings(
    qtbot: QtBot,
    open_window: Callable[..., CounterWindow],
    small_city: Path,
    city_engine: Engine,
    tmp_path: Path,
) -> None:
    """Doubling the residential rate in the settings table doubles what the panel shows."""
    account_id, number, _, _ = arrears_account(city_engine)
    before = read_view(city_engine, account_id)
    assert before.customer_class is CustomerClass.RESIDENTIAL
    copy = tmp_path / "city.db"
    shutil.copyfile(small_city, copy)
    engine = make_engine(copy)
    try:
        with engine.begin() as connection:
            rate = settings.load(connection).late_fee.residential_rate
            now = datetime(2026, 11, 21, 8, 30, tzinfo=UTC)
            settings.write(connection, "late_fee.residential_rate", rate * 2, now=now)
        after = read_view(engine, account_id)
    finally:
        engine.dispose()
    assert after.late_fee_fen > before.late_fee_fen

    window = open_window(db_path=copy)
    open_by_number(qtbot, window, number)
    assert window.customer.late_fee.text() == format_yuan(after.late_fee_fen)
    assert window.customer.due_today.text() == format_yuan(after.due_today_fen)


def test_an_account_gone_from_the_terminal_says_so(qtbot: QtBot, window: CounterWindow) -> None:
    window.customer.open_account(999_999_999)
    message = window.customer.message
    qtbot.waitUntil(lambda: not message.isHidden())
    assert message.text() == "本机已无此户资料，请重新查询。"
    assert window.customer.view is None


def test_the_status_bar_shows_the_database_and_the_account_count(
    window: CounterWindow, small_city: Path
) -> None:
    assert str(small_city) in window.count_label.toolTip()
    assert window.count_label.text() == "共 3,000 户"


@pytest.mark.qt_log_ignore(SHOWN)
def test_f6_focuses_the_search_box(qtbot: QtBot, window: CounterWindow) -> None:
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.search.box.setText("3050")
    window.search.table.setFocus()
    assert not window.search.box.hasFocus()
    qtbot.keyClick(window.search.table, Qt.Key.Key_F6)
    assert window.search.box.hasFocus()
    assert window.search.box.selectedText() == "3050"


# --- languages ----------------------------------------------------------------------------------


def test_chinese_by_default_and_english_on_request(
    open_window: Callable[..., CounterWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    chinese = open_window()
    assert chinese.windowTitle() == "CounterDesk 营业柜台"
    assert chinese.search.box.placeholderText() == "户号 / 表号 / 电话 / 姓名 / 地址"
    assert chinese.customer.empty_title.text() == "尚未打开客户"

    english = open_window("en")
    assert english.windowTitle() == "CounterDesk — Counter"
    assert english.search.box.placeholderText().startswith("Account no. / meter no.")
    assert english.count_label.text() == "3,000 accounts"

    monkeypatch.setenv(LANGUAGE_ENV, "en")
    assert open_window().customer.empty_title.text() == "No customer open"


def test_qt_and_counterdesk_translations_are_installed(qapp: QApplication) -> None:
    assert install_translations(qapp, "zh_CN") == ["qtbase_zh_CN", "counterdesk_zh_CN"]
    assert install_translations(qapp, "en") == ["counterdesk_en"]
    assert QCoreApplication.translate("CounterWindow", "CounterDesk — Counter") == (
        "CounterDesk — Counter"
    )


@pytest.mark.qt_log_ignore(SHOWN)
@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
def test_run_signs_in_shows_the_window_and_returns_when_it_is_closed(
    qtbot: QtBot, small_city: Path, tmp_path: Path
) -> None:
    db_path = tmp_path / "terminal.db"
    shutil.copy(small_city, db_path)
    engine = make_engine(db_path)
    upgrade(engine)
    add_people(engine)
    engine.dispose()
    titles: list[str] = []
    clerks: list[str] = []

    def sign_in() -> None:
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, SignInDialog) and w.isVisible()
        ]
        if not dialogs:
            QTimer.singleShot(50, sign_in)
            return
        dialogs[0].number.setText("0107")
        dialogs[0].password.setText(PASSWORD)
        dialogs[0].sign_in()
        QTimer.singleShot(100, close_it)

    def close_it() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, CounterWindow) and widget.isVisible():
                titles.append(widget.windowTitle())
                clerks.append(widget.clerk_label.text())
                widget.close()
                return
        QTimer.singleShot(50, close_it)

    QTimer.singleShot(100, sign_in)
    assert run(db_path, language="zh_CN") == 0
    assert titles == ["CounterDesk 营业柜台"]
    assert clerks == ["收费员 0107 张敏"]
    assert not _workers_alive()


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
def test_cancelling_the_sign_in_ends_the_app_without_a_window(
    qtbot: QtBot, small_city: Path
) -> None:
    def cancel() -> None:
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, SignInDialog) and w.isVisible()
        ]
        if not dialogs:
            QTimer.singleShot(50, cancel)
            return
        dialogs[0].reject()

    QTimer.singleShot(100, cancel)
    assert run(small_city, language="zh_CN") == 0
    assert not any(
        isinstance(w, CounterWindow) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def _messages(ts_file: Path) -> list[ET.Element]:
    return list(ET.parse(ts_file).getroot().iter("message"))


def test_the_chinese_translation_is_complete() -> None:
    messages = _messages(ZH_TS)
    assert len(messages) > 40
    for message in messages:
        source = message.findtext("source")
        translation = message.find("translation")
        assert translation is not None, source
        assert translation.get("type") is None, f"{source!r} is {translation.get('type')}"
        forms = [form.text or "" for form in translation.findall("numerusform")]
        texts = forms or [translation.text or ""]
        assert all(t.strip() for t in texts), f"{source!r} has an empty translation"


def test_the_compiled_translation_matches_the_source(qapp: QApplication) -> None:
    translator = QTranslator()
    assert translator.load(str(I18N / "counterdesk_zh_CN.qm"))
    root = ET.parse(ZH_TS).getroot()
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            n = 2 if message.get("numerus") == "yes" else -1
            expected = (translation.findtext("numerusform") or "") if n > 0 else translation.text
            assert translator.translate(name, source, None, n) == expected, (name, source)


def test_every_string_in_the_code_is_in_the_translation(tmp_path: Path) -> None:
    """lupdate over ui/**.py finds no message that the .ts file lacks (run `python -m ui.i18n`)."""
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(path) for path in I18N.parent.rglob("*.py") if "i18n" not in path.parts)
    lupdate = Path(os.environ.get("VIRTUAL_ENV", "")) / "bin" / "pyside6-lupdate"
    command = str(lupdate) if lupdate.exists() else "pyside6-lupdate"
    subprocess.run(
        [command, *sources, "-silent", "-locations", "none", "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )

    def keys(path: Path) -> set[tuple[str, str]]:
        root = ET.parse(path).getroot()
        return {
            (context.findtext("name") or "", message.findtext("source") or "")
            for context in root.iter("context")
            for message in context.iter("message")
            if (message.find("translation") is None)
            or message.find("translation").get("type") not in ("obsolete", "vanished")  # type: ignore[union-attr]
        }

    assert keys(fresh) == keys(ZH_TS)


# --- the background-operation helper ------------------------------------------------------------


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[OpRunner]:
    parent = QWidget()
    qtbot.addWidget(parent)
    made = OpRunner(parent)
    yield made
    made.shutdown()


def test_a_slower_older_result_never_overwrites_a_newer_one(qtbot: QtBot, runner: OpRunner) -> None:
    parent = runner.parent()
    assert isinstance(parent, QWidget)
    release = threading.Event()
    shown: list[str] = []

    def slow() -> str:
        release.wait(5)
        return "old"

    Op(parent, slow, key="search").success(shown.append).run()
    Op(parent, lambda: "new", key="search").success(shown.append).run()
    release.set()
    qtbot.waitUntil(lambda: shown == ["new"])
    qtbot.wait(50)
    assert shown == ["new"]
    assert runner.generation("search") == 2


def test_a_superseded_operation_is_not_run_at_all(qtbot: QtBot, runner: OpRunner) -> None:
    parent = runner.parent()
    assert isinstance(parent, QWidget)
    release = threading.Event()
    ran: list[str] = []
    done: list[str] = []

    def step(name: str) -> Callable[[], str]:
        def run() -> str:
            ran.append(name)
            if name == "busy":
                release.wait(5)
            return name

        return run

    Op(parent, step("busy"), key="other").success(done.append).run()
    Op(parent, step("first"), key="search").success(done.append).run()
    Op(parent, step("second"), key="search").success(done.append).run()
    release.set()
    qtbot.waitUntil(lambda: "second" in done)
    assert ran == ["busy", "second"]
    assert sorted(done) == ["busy", "second"]


def test_callbacks_run_on_the_gui_thread_and_the_work_does_not(
    qtbot: QtBot, runner: OpRunner
) -> None:
    parent = runner.parent()
    assert isinstance(parent, QWidget)
    seen: dict[str, int] = {}

    def work() -> int:
        seen["work"] = threading.get_ident()
        return 1

    def fail() -> int:
        seen["fail"] = threading.get_ident()
        raise ValueError("no")

    errors: list[Exception] = []
    Op(parent, work).success(lambda _v: seen.setdefault("success", threading.get_ident())).run()
    Op(parent, fail).failure(
        lambda error: (errors.append(error), seen.setdefault("failure", threading.get_ident()))
    ).run()
    qtbot.waitUntil(lambda: "failure" in seen and "success" in seen)
    gui = threading.get_ident()
    assert seen["success"] == seen["failure"] == gui
    assert seen["work"] == seen["fail"] == runner.worker_ident != gui
    assert isinstance(errors[0], ValueError)


def test_a_failure_without_a_callback_is_reported(qtbot: QtBot, runner: OpRunner) -> None:
    parent = runner.parent()
    assert isinstance(parent, QWidget)

    def fail() -> None:
        raise RuntimeError("disk gone")

    with qtbot.waitSignal(runner.unhandled_failure) as blocker:
        Op(parent, fail).run()
    assert isinstance(blocker.args[0], RuntimeError)


def test_results_for_a_deleted_widget_are_dropped(qtbot: QtBot, runner: OpRunner) -> None:
    parent = runner.parent()
    assert isinstance(parent, QWidget)
    child = QWidget(parent)
    release = threading.Event()
    got: list[int] = []

    def slow() -> int:
        release.wait(5)
        return 1

    Op(child, slow, runner=runner).success(got.append).run()
    child.deleteLater()
    QCoreApplication.sendPostedEvents(None, 0)  # DeferredDelete happens here
    qtbot.waitUntil(lambda: not _alive(child))
    release.set()
    Op(parent, lambda: 2).success(got.append).run()
    qtbot.waitUntil(lambda: got == [2])


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(widget))


def test_shutdown_stops_the_worker(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = OpRunner(parent)
    Op(parent, lambda: None).run()
    qtbot.waitUntil(lambda: runner.worker_ident is not None)
    finals: list[int] = []
    runner.shutdown(final=lambda: finals.append(threading.get_ident()))
    assert finals == [runner.worker_ident]
    assert not _workers_alive()
    Op(parent, lambda: None).run()  # after shutdown: dropped with a log line, no thread
    assert not _workers_alive()


# --- the window at 1366×768, and the screenshots ------------------------------------------------


@pytest.mark.qt_log_ignore(SHOWN)
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_window_fits_1366_by_768(
    qtbot: QtBot,
    open_window: Callable[..., CounterWindow],
    city_engine: Engine,
    language: str,
) -> None:
    """An account with arrears open, nothing clipped; set COUNTERDESK_SCREENSHOTS to save PNGs."""
    window = open_window(language)
    with qtbot.waitExposed(window):
        window.show()
    assert (window.width(), window.height()) == (1366, 768)
    minimum = window.minimumSizeHint()
    assert minimum.width() <= 1366
    assert minimum.height() <= 768

    # An account in arrears whose first two characters of name a few other customers share, so
    # the screenshot shows a list to choose from and the chosen one open beside it.
    number, typed = one_row(
        city_engine,
        "WITH owing AS (SELECT a.number, substr(c.name, 1, 2) AS pair, "
        "  sum(b.amount_fen > b.paid_fen AND b.due_date < :today) AS overdue, "
        "  sum(b.paid_fen > 0 AND b.paid_fen < b.amount_fen) AS partial "
        "  FROM account AS a JOIN customer AS c ON c.id = a.customer_id "
        "  JOIN bill AS b ON b.account_id = a.id WHERE length(c.name) = 3 GROUP BY a.id), "
        "pairs AS (SELECT substr(name, 1, 2) AS pair, count(*) AS n FROM customer GROUP BY pair) "
        "SELECT owing.number, owing.pair FROM owing JOIN pairs USING (pair) "
        "WHERE overdue >= 2 AND n BETWEEN 5 AND 12 ORDER BY partial DESC, n DESC, number LIMIT 1",
        today=SEED_AS_OF.isoformat(),
    )
    type_text(qtbot, window.search.box, str(typed))
    qtbot.waitUntil(lambda: number in shown_numbers(window))
    window.search.table.selectRow(shown_numbers(window).index(str(number)))
    qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    panel = window.customer
    qtbot.waitUntil(lambda: panel.view is not None and panel.view.number == number)
    qtbot.wait(50)

    bills = panel.bills
    assert not bills.horizontalScrollBar().isVisible()
    header = bills.horizontalHeader()
    for column in range(panel.bills_model.columnCount()):
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width() - 1
    figures = (panel.due_today, panel.arrears, panel.late_fee, panel.prepaid)
    notes = (panel.due_today_note, panel.arrears_note, panel.late_fee_note, panel.prepaid_note)
    for shown in (*figures, *notes):
        assert shown.width() >= shown.sizeHint().width(), shown.text()
    assert panel.late_fee.text() != format_yuan(0)
    assert panel.due_today.font().pointSizeF() > panel.arrears.font().pointSizeF()

    folder = os.environ.get("COUNTERDESK_SCREENSHOTS")
    if folder:
        suffix = "" if language == "zh_CN" else "-en"
        window.grab().save(str(Path(folder) / f"search-window{suffix}.png"))


@pytest.mark.qt_log_ignore(SHOWN)
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_business_customers_six_figure_bills_need_no_scrolling(
    qtbot: QtBot, open_window: Callable[..., CounterWindow], city_engine: Engine, language: str
) -> None:
    """The widest bills in the city (a hotel, a works) still fit beside the late-fee column."""
    (number,) = one_row(
        city_engine,
        "SELECT a.number FROM account AS a JOIN bill AS b ON b.account_id = a.id "
        "ORDER BY b.amount_fen DESC LIMIT 1",
    )
    window = open_window(language)
    with qtbot.waitExposed(window):
        window.show()
    view = open_by_number(qtbot, window, str(number))
    assert max(bill.amount_fen for bill in view.bills) >= 10_000_000  # ¥100,000 and more
    qtbot.wait(50)
    bills = window.customer.bills
    assert not bills.horizontalScrollBar().isVisible()
    header = bills.horizontalHeader()
    for column in range(window.customer.bills_model.columnCount()):
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width() - 1
        assert header.sectionSize(column) >= bills.sizeHintForColumn(column) - 1
