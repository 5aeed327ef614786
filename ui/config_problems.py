"""The message a clerk sees when the installed app cannot start on its configuration file.

The Start-menu shortcut runs the windowed ``counterdesk.exe open``, which has no console: the
problems :mod:`counterdesk.cli_open` prints would go nowhere, and the clerk would see nothing
happen. This box says that CounterDesk did not start, that IT must fix the file, and lists each
problem with its file and key (as ``counterdesk config check`` does) for whoever comes to fix it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from ui.app import start_application


def problems_box(problems: Sequence[str]) -> QMessageBox:
    """The box, not shown (tests look at it; :func:`show_problems` runs it)."""
    box = QMessageBox(QMessageBox.Icon.Critical, "", "")
    box.setWindowTitle(QCoreApplication.translate("ConfigProblems", "CounterDesk did not start"))
    box.setText(
        QCoreApplication.translate(
            "ConfigProblems",
            "The configuration file of this terminal has %n problem(s), so CounterDesk did not "
            "start. No payment or record was changed. Please call IT support.",
            "",
            len(problems),
        )
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "ConfigProblems",
            "For IT: fix the file, then check it with `counterdesk config check`.",
        )
    )
    box.setDetailedText("\n".join(problems))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box


def show_problems(problems: Sequence[str], language: str | None = None) -> None:
    """Show the box and wait until it is closed."""
    start_application(language)
    problems_box(problems).exec()
