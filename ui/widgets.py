# Qt calls its virtual methods by their camelCase names (sizeHint…).
# ruff: noqa: N802
"""Small widget builders the counter window's panels share.

Why one place: both panels show read-only tables and labels styled by object name from the window's
style sheet (:data:`ui.style.STYLE_SHEET`), and a table that is built the same way
everywhere behaves the same way under the clerk's keys.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

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


class KeyButton(QPushButton):
    """A button that shows its key beside its words (UI.md: keys are shown on every button).

    Never a default button: Enter goes to the dialog or panel, which decides what it means for
    the step in focus. Styled by object name: ``primary`` or ``secondary``.
    """

    def __init__(
        self, text: str, key: str, parent: QWidget | None = None, *, primary: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("primary" if primary else "secondary")
        self.setAutoDefault(False)
        self.setDefault(False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.text_label = QLabel(text, self)
        self.key_label = label(self, "keycap", key)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 8, 12, 8)
        row.setSpacing(10)
        row.addStretch(1)
        for part in (self.text_label, self.key_label):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            row.addWidget(part)
        row.addStretch(1)
        self.setAccessibleName(text)

    def set_label(self, text: str) -> None:
        self.text_label.setText(text)
        self.setAccessibleName(text)
        self.updateGeometry()

    def label_text(self) -> str:
        return self.text_label.text()

    def sizeHint(self) -> QSize:
        layout = self.layout()
        hint = layout.sizeHint() if layout is not None else super().sizeHint()
        return hint.expandedTo(QSize(104, 40))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()
