"""Every shipped language loads, and a sample of real windows in Chinese shows no English left.

"Untranslated" is judged against our own ``.ts`` file: a widget showing exactly a source string
whose Chinese translation differs was not passed through ``tr()`` in the right context, or its
translation did not load. Placeholders (``%1``) left in a shown text are caught too. The files'
completeness is checked by ``python -m ui.i18n --check`` (lrelease ``-fail-on-unfinished``),
which CI runs and the last test here runs as well.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade
from tests.conftest import SEED_AS_OF
from tests.helpers.counter import Counter
from ui.app import I18N_DIR, LANGUAGES, install_translations, make_window
from ui.counter_window import CounterWindow
from ui.sign_in import SignInDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

ROOT = Path(__file__).resolve().parents[2]


def _untranslated_sources() -> dict[str, str]:
    """Source text → its Chinese translation, for every message whose translation differs."""
    root = ET.parse(I18N_DIR / "counterdesk_zh_CN.ts").getroot()
    found: dict[str, str] = {}
    for message in root.iter("message"):
        source = message.findtext("source", "")
        translation = message.find("translation")
        if translation is None or not source.strip():
            continue
        forms = [form.text or "" for form in translation.findall("numerusform")]
        chinese = forms[0] if forms else translation.text or ""
        if chinese and chinese != source and any(ch.isalpha() for ch in source):
            found[source] = chinese
    return found


SOURCES = _untranslated_sources()


def shown_texts(top: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of every text a clerk can see in ``top`` and its visible children."""
    widgets = [top, *top.findChildren(QWidget)]
    yield "window title", top.windowTitle()
    for widget in widgets:
        if not widget.isVisibleTo(top) and widget is not top:
            continue
        name = f"{type(widget).__name__} {widget.objectName()!r}"
        if widget.toolTip():
            yield f"{name} tooltip", widget.toolTip()
        if isinstance(widget, (QLabel, QAbstractButton)):
            yield name, widget.text()
        elif isinstance(widget, QGroupBox):
            yield name, widget.title()
        elif isinstance(widget, QLineEdit):
            yield f"{name} placeholder", widget.placeholderText()
        elif isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                yield f"{name} tab", widget.tabText(index)
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for column in range(model.columnCount()):
                header = model.headerData(column, Qt.Orientation.Horizontal)
                if header is not None:
                    yield f"{name} header", str(header)
        for action in widget.actions():
            if action.text():
                yield f"{name} action", action.text()


def english_left(top: QWidget) -> list[str]:
    left = []
    for where, shown in shown_texts(top):
        plain = shown.replace("&", "").strip()
        if plain in SOURCES or shown in SOURCES:
            left.append(
                f"{where}: {shown!r} (should read {SOURCES.get(shown, SOURCES.get(plain))!r})"
            )
        elif "%1" in shown or "%n" in shown:
            left.append(f"{where}: {shown!r} has a placeholder left in it")
    return left


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    install_translations(qapp, "zh_CN")
    yield
    install_translations(qapp, "en")


def test_every_shipped_language_loads_with_qts_own_dialogs(qapp: QApplication) -> None:
    for language in LANGUAGES:
        assert (I18N_DIR / f"counterdesk_{language}.qm").is_file()
        translator = QTranslator()
        assert translator.load(f"counterdesk_{language}", str(I18N_DIR)), language
        assert not translator.isEmpty(), language
    assert install_translations(qapp, "zh_CN") == ["qtbase_zh_CN", "counterdesk_zh_CN"]
    try:
        # Qt's own strings: the standard buttons of every message box and dialog.
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel is not None
        assert cancel.text().replace("&", "").startswith("取消")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    finally:
        assert install_translations(qapp, "en") == ["counterdesk_en"]
    english_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    button = english_box.button(QDialogButtonBox.StandardButton.Cancel)
    assert button is not None
    assert button.text().replace("&", "") == "Cancel"


def test_the_check_recognises_english_left_in_a_window(qtbot: QtBot, chinese: None) -> None:
    """The walk below would catch a string shown without tr() (so this file can fail)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    source = next(s for s in SOURCES if len(s) > 6)
    QLabel(source, widget)
    QLabel(SOURCES[source] + "", widget)
    widget.show()
    assert english_left(widget) == [f"QLabel '': {source!r} (should read {SOURCES[source]!r})"]


def test_sample_windows_in_chinese_show_no_english(
    qtbot: QtBot, small_city: Path, tmp_path: Path, template: Counter, chinese: None
) -> None:
    db_path = tmp_path / "terminal.db"
    db_path.write_bytes(small_city.read_bytes())
    engine = make_engine(db_path)
    upgrade(engine)
    with engine.connect() as connection:
        number = connection.execute(
            text("SELECT a.number FROM account AS a JOIN bill AS b ON b.account_id = a.id "
                 "WHERE b.amount_fen > b.paid_fen ORDER BY a.id LIMIT 1")
        ).scalar_one()  # fmt: skip

    sign_in = SignInDialog(engine)
    qtbot.addWidget(sign_in)
    sign_in.show()
    qtbot.waitExposed(sign_in)
    assert english_left(sign_in) == []

    window: CounterWindow = make_window(db_path, "zh_CN", today=SEED_AS_OF, clerk=template.clerk)
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitUntil(lambda: any(ch.isdigit() for ch in window.count_label.text()))
        assert english_left(window) == []

        window.search.box.setText(number)
        window.search.search_now()
        qtbot.waitUntil(lambda: window.search.model.rowCount() > 0)
        qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.customer.view is not None)
        assert english_left(window) == []

        window.open_devices()
        dialog = window.devices_dialog
        qtbot.waitExposed(dialog)
        assert english_left(dialog) == []
        dialog.close()

        both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        qtbot.keyClick(window, Qt.Key.Key_S, both)
        page = window.sync_page
        assert page is not None
        qtbot.waitUntil(page.isVisible)
        assert english_left(page) == []
    finally:
        window.shutdown()
        engine.dispose()


def test_ci_check_finds_the_translations_complete_and_current() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ui.i18n", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Translations complete: zh_CN, en." in done.stdout
