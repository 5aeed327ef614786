"""Small widget builders the counter window's panels share.

Why one place: both panels show read-only tables and labels styled by object name from the window's
style sheet (:data:`ui.counter_window.STYLE_SHEET`), and a table that is built the same way
everywhere behaves the same way under the clerk's keys.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

IndexType = QModelIndex | QPersistentModelIndex
"""What Qt passes to a model's or a delegate's methods as an index."""

ROOT = QModelIndex()
"""The invalid index: the parent of every row in a flat table model."""


def label(parent: QWidget, name: str, text: str = "", *, plain: bool = False) -> QLabel:
    """A label styled by its object name; ``plain`` for data that must never be read as HTML.

    Customer names and addresses come from the utility's records: plain text keeps a stray ``<``
    in an address from turning into markup.
    """
    made = QLabel(text, parent)
    made.setObjectName(name)
    if plain:
        made.setTextFormat(Qt.TextFormat.PlainText)
    return made


def read_only_table(
    parent: QWidget, name: str, model: QAbstractTableModel, *, row_height: int
) -> QTableView:
    """A read-only table with no grid and no row numbers, its columns sized to their contents."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(row_height)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table
