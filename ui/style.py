"""The counter's style sheet, apart from the window that uses it most.

The sign-in window and the dialogs share it; importing it from :mod:`ui.counter_window` made the
sign-in window wait for the whole counter (printing, reportlab, every panel) to load, about a
second of every start-up.
"""

from __future__ import annotations

from typing import Final

STYLE_SHEET: Final = """
QMainWindow, QWidget#central { background: #F2F4F7; }
QFrame#card { background: #FFFFFF; border: 1px solid #E4E7EC; border-radius: 8px; }
QFrame#summary { background: #F9FAFB; border: 1px solid #EAECF0; border-radius: 6px; }
QFrame#rule { background: #EAECF0; border: none; }
QLabel { color: #101828; }
QLabel#panelTitle, QLabel#sectionTitle { font-weight: 600; color: #344054; }
QLabel#keycap { color: #475467; background: #FFFFFF; border: 1px solid #D0D5DD;
    border-bottom-width: 2px; border-radius: 4px; padding: 0px 6px; }
QLabel#caption { color: #667085; }
QLabel#note, QLabel#hint { color: #667085; }
QLabel#fact { color: #101828; }
QLabel#emptyTitle { color: #344054; font-weight: 600; font-size: 13pt; }
QLabel#customerName { font-size: 17pt; font-weight: 600; }
QLabel#searchMessage { color: #475467; }
QLabel#searchMessage[problem="true"] { color: #93370D; }
QLineEdit#searchBox { border: 1px solid #D0D5DD; border-radius: 6px; padding: 7px 10px;
    background: #FFFFFF; selection-background-color: #B2DDFF; selection-color: #101828; }
QLineEdit#searchBox:focus { border: 2px solid #528BFF; padding: 6px 9px; }
QTableView { border: none; background: #FFFFFF; outline: 0; }
QTableView#results::item { padding: 0px 6px; border-bottom: 1px solid #F2F4F7; }
QTableView#results::item:selected { background: #D1E9FF; color: #101828; }
QTableView#bills::item { padding: 0px 8px; border-bottom: 1px solid #F2F4F7; }
QHeaderView::section { background: #FFFFFF; color: #667085; border: none;
    border-bottom: 1px solid #E4E7EC; padding: 6px 12px; }
QTableView#bills QHeaderView::section { padding: 6px 8px; }
QStatusBar { background: #FFFFFF; border-top: 1px solid #E4E7EC; color: #475467; }
QStatusBar QLabel { color: #475467; padding: 0px 8px; }
QSplitter::handle { background: transparent; }
"""
