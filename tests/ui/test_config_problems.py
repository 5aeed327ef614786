"""The box a clerk sees when the installed app cannot start on its configuration file."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.app import install_translations
from ui.config_problems import problems_box

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

PROBLEMS = [
    "[printers.kiosk].address in C:\\ProgramData\\CounterDesk\\counterdesk.toml, line 27: "
    "port '99999' is not a number from 1 to 65535",
    "[terminal].windw in C:\\ProgramData\\CounterDesk\\counterdesk.toml, line 4: unknown key",
]


def test_the_box_says_what_happened_in_chinese_and_lists_each_problem_for_it(
    qapp: QApplication,
) -> None:
    install_translations(qapp, "zh_CN")
    try:
        box = problems_box(PROBLEMS)
        assert box.windowTitle() == "CounterDesk 未能启动"
        assert box.text().startswith("本终端的配置文件有 2 处问题")
        assert "未更改任何缴费或记录" in box.text()
        assert "counterdesk config check" in box.informativeText()
        assert box.detailedText().splitlines() == PROBLEMS
        assert box.icon() is QMessageBox.Icon.Critical
    finally:
        install_translations(qapp, "en")
    english = problems_box(PROBLEMS[:1])
    assert english.text().startswith("The configuration file of this terminal has 1 problem,")
