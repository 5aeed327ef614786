"""A frame the size of the counter's task column, styled like the window, with its own worker.

Order forms are tested on their own (no counter window) but must look and behave as they do in
the task column: the same style sheet, the same card margins, and an ``OpRunner`` in an ancestor
for their database work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from PySide6.QtWidgets import QApplication, QFrame, QVBoxLayout, QWidget

from ui.app import prepare_application
from ui.operations import OpRunner
from ui.style import STYLE_SHEET

TASK_COLUMN: Final = (430, 740)
"""The task column at 1366×768, less the window's menu and status bars."""


@dataclass
class TaskFrame:
    host: QWidget
    card: QFrame
    layout: QVBoxLayout
    runner: OpRunner


def task_frame(qapp: QApplication, language: str = "en") -> TaskFrame:
    """A new frame in ``language``; keep a reference to ``host`` (qtbot holds widgets weakly)."""
    prepare_application(qapp, language)
    host = QWidget()
    host.setObjectName("central")
    host.setStyleSheet(STYLE_SHEET)
    host.resize(*TASK_COLUMN)
    runner = OpRunner(host)
    card = QFrame(host)
    card.setObjectName("card")
    outer = QVBoxLayout(host)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(card)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(16, 14, 16, 14)
    return TaskFrame(host, card, layout, runner)
