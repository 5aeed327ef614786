"""A terminal that is not joined to HQ: the status bar says so, counts the outbox, and the sync
page tells IT how to join it.

No engine exists for such a terminal (``SyncEngine.from_database`` answers ``None``), so these run
the real window on a real database with no HQ at all: the pending count comes from the window's
own read of the outbox, as it did before the sync work.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.helpers.counter import TODAY, Counter, account_with_bills, cash, pay
from tests.helpers.counter import open_shift as open_a_shift
from ui.app import make_window
from ui.counter_window import CounterWindow
from ui.sync.bridge import SyncBridge
from ui.sync.sync_page import JOIN_COMMAND, SyncPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


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


@pytest.fixture
def window(qtbot: QtBot, counter: Counter) -> Iterator[CounterWindow]:
    path = counter.engine.url.database
    assert path is not None
    made = make_window(Path(path), "en", today=TODAY, clerk=counter.clerk)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitUntil(lambda: made.sync_label.pending is not None)
    yield made
    made.shutdown()


def test_the_status_bar_says_not_joined_and_counts_what_waits(
    qtbot: QtBot, counter: Counter, window: CounterWindow
) -> None:
    assert not window.sync_bridge.joined
    assert window.sync_label.plain_text() == "Not joined to HQ · 0 waiting to upload"
    assert "Last sync" not in window.sync_label.plain_text()  # nothing to be stale against

    open_a_shift(counter)
    _, account = account_with_bills(counter.engine)
    pay(counter, account, cash(16_947))
    window.refresh_counter_state()  # what the window does after every act
    qtbot.waitUntil(lambda: window.sync_label.pending == 2)
    assert window.sync_label.plain_text() == "Not joined to HQ · 2 waiting to upload"
    assert "2 waiting" in window.sync_label.text()
    assert "#98A2B3" in window.sync_label.text()  # the grey dot


def test_a_click_opens_the_page_that_tells_it_how_to_join(
    qtbot: QtBot, counter: Counter, window: CounterWindow
) -> None:
    open_a_shift(counter)
    window.refresh_counter_state()
    qtbot.waitUntil(lambda: window.sync_label.pending == 1)

    qtbot.mouseClick(window.sync_label, Qt.MouseButton.LeftButton)
    page = window.sync_page
    assert isinstance(page, SyncPage)
    qtbot.waitUntil(page.isVisible)
    assert page.inbox is None  # no HQ, no inbox
    assert page.join_box.isVisible()
    assert not page.facts.isVisible()
    assert not page.sync_button.isVisible()
    assert page.join_command.text() == JOIN_COMMAND
    assert page.join_command.text().startswith("counterdesk sync join --url ")
    assert page.join_pending.text() == "1 operation waiting on this terminal."
    assert "Not joined to HQ" in page.link_title.text()
    assert page.meaning.text().startswith("Not joined to HQ: this terminal works on its own")

    press(qtbot, page, Qt.Key.Key_F5)  # nothing to sync with: said, not done
    assert page.problem.isVisible()
    assert "not joined" in page.problem.text()

    press(qtbot, page, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.sync_page is None)


def test_the_shortcut_and_the_menu_open_one_page(qtbot: QtBot, window: CounterWindow) -> None:
    press(qtbot, window, Qt.Key.Key_S,
          Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    page = window.sync_page
    assert isinstance(page, SyncPage)
    actions = [a for menu in window.menuBar().actions() if menu.menu() is not None
               for a in menu.menu().actions() if a.text().startswith("HQ sync")]  # fmt: skip
    assert len(actions) == 1
    assert actions[0].text() == "HQ sync… (Ctrl+Shift+S)"
    actions[0].trigger()
    assert window.sync_page is page  # brought to the front, not opened twice
    page.reject()
    qtbot.waitUntil(lambda: window.sync_page is None)


def test_a_bridge_without_an_engine_never_syncs(qtbot: QtBot) -> None:
    bridge = SyncBridge(None)
    heard: list[object] = []
    bridge.status_changed.connect(heard.append)
    assert not bridge.sync_now()
    assert bridge.runner is None
    bridge.close()
    bridge.close()  # twice is harmless
    assert heard == []
