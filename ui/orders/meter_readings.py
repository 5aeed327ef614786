"""The readings of a meter change (换表示数), typed twice and checked as they are typed.

Why every reading is typed twice: the old meter leaves the premises, so a misread final reading
(抄错表) can never be read again. The second entry of each reading stays hidden until the first is
typed, like a password confirmation, and a difference is marked at once. When both rounds agree
the readings are checked on the worker (:func:`~counterdesk.orders.meter_changes.check_change`):
a blocking problem is red and stops the change; an unusual one is orange and passes only with the
tick "I re-read the meter". The service checks all of it again in its own transaction.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Final

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterdesk.domain.accounts import format_reading
from counterdesk.domain.orders.readings import ReadingProblem, Severity
from counterdesk.orders.meter_changes import ChangeEntries, check_change
from counterdesk.orders.meter_facts import LastReading, MeterFacts
from ui.chips import money_font
from ui.messages import error_text
from ui.operations import Op
from ui.orders.task_form import PROBLEM_COLOUR
from ui.orders.words import register_word
from ui.widgets import label

OK_COLOUR: Final = "#067647"
FITTER: Final = re.compile(r"\d{2,8}")
READING: Final = re.compile(r"(\d{1,10})(?:\.(\d{0,2}))?")

READINGS_STYLE: Final = """
QLabel#register { font-weight: 600; color: #344054; }
QLabel#block { color: #B42318; background: #FEF3F2; border: 1px solid #FECDCA;
    border-radius: 6px; padding: 6px 8px; }
QLabel#confirm { color: #B54708; background: #FFFAEB; border: 1px solid #FEDF89;
    border-radius: 6px; padding: 6px 8px; }
"""


def parse_reading(text: str) -> int | None:
    """A typed reading in hundredths (``4800.5`` → 480050); None when it is not one."""
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    match = READING.fullmatch(cleaned)
    if match is None:
        return None
    return int(match[1]) * 100 + int((match[2] or "").ljust(2, "0"))


def last_text(last: LastReading, unit: str) -> str:
    """``4600.00 kWh, estimated from the bills to 2026-10-31``: the reading and how it is known."""
    templates = {
        "read": QCoreApplication.translate("ReadingsStep", "%1 %2, read on %3"),
        "estimated": QCoreApplication.translate(
            "ReadingsStep", "%1 %2, estimated from the bills to %3"
        ),
        "initial": QCoreApplication.translate("ReadingsStep", "%1 %2, installed on %3"),
    }
    template = templates.get(last.source, templates["read"])
    return (
        template.replace("%1", format_reading(last.reading))
        .replace("%2", unit)
        .replace("%3", last.read_on.isoformat())
    )


def check_job(
    engine: Engine, order_uid: uuid.UUID, entries: ChangeEntries
) -> tuple[ReadingProblem, ...]:
    """Runs on the worker: what the service would find wrong with these readings."""
    with engine.connect() as connection:
        return check_change(connection, order_uid, entries)


@dataclass(frozen=True)
class Typed:
    """The two rounds of entry as typed, and the rest of the change, for the service."""

    old_first: Mapping[str, int]
    old_second: Mapping[str, int]
    new_first: Mapping[str, int]
    new_second: Mapping[str, int]
    fitter_no: str
    changed_on: date
    confirmed: bool


@dataclass(eq=False)
class ReadingRow:
    """One reading (old final or new initial) of one register: two entries and their verdict."""

    register: str
    first: QLineEdit
    second: QLineEdit
    mark: QLabel

    def values(self) -> tuple[int | None, int | None]:
        return parse_reading(self.first.text()), parse_reading(self.second.text())

    def agreed(self) -> int | None:
        first, second = self.values()
        return first if first is not None and first == second else None


class ReadingsStep(QWidget):
    """Every register's old final and new initial reading, the change date and the fitter.

    :meth:`load` lays out the registers of an order; :meth:`ready` says whether the readings
    are complete, agree, were checked as they stand and nothing blocks them. The check runs on
    the worker of the window above (``key="meter-change-check"``), newest readings only.

    Signals:
        changed(): something typed or checked changed; the form re-reads :meth:`ready`.
    """

    changed = Signal()

    def __init__(self, engine: Engine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taskForm")
        self.setStyleSheet(READINGS_STYLE)
        self.engine = engine
        self.order_uid: uuid.UUID | None = None
        self.rows: list[ReadingRow] = []
        self.old_rows: dict[str, ReadingRow] = {}
        self.new_rows: dict[str, ReadingRow] = {}
        self.problems: tuple[ReadingProblem, ...] = ()
        self.checked: ChangeEntries | None = None
        self.check_error: Exception | None = None
        self.problem_labels: list[QLabel] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 4, 0)
        self.layout_.setSpacing(6)
        self.grid_box = QWidget(self)
        self.layout_.addWidget(self.grid_box)
        self.layout_.addLayout(self._build_more())
        self.problem_box = QVBoxLayout()
        self.problem_box.setSpacing(4)
        self.layout_.addLayout(self.problem_box)
        self.reread = QCheckBox(self.tr("I re-read the meter: the readings are right"), self)
        self.reread.toggled.connect(self.changed)
        self.reread.hide()
        self.layout_.addWidget(self.reread)
        self.layout_.addStretch(1)

    def _build_more(self) -> QGridLayout:
        self.changed_on = QLineEdit(self)
        self.changed_on.setInputMask("0000-00-00")
        self.changed_on.textChanged.connect(self._readings_changed)
        self.fitter = QLineEdit(self)
        self.fitter.setMaxLength(8)
        self.fitter.setPlaceholderText(self.tr("Staff no. on the work sheet"))
        self.fitter.textChanged.connect(self.changed)
        more = QGridLayout()
        more.setHorizontalSpacing(8)
        more.setVerticalSpacing(8)
        more.addWidget(label(self, "caption", self.tr("Changed on")), 0, 0)
        more.addWidget(self.changed_on, 0, 1)
        more.addWidget(label(self, "caption", self.tr("Fitter no.")), 1, 0)
        more.addWidget(self.fitter, 1, 1)
        more.setColumnStretch(1, 1)
        return more

    # --- laying out an order's registers ----------------------------------------------------

    def load(
        self,
        order_uid: uuid.UUID,
        registers: tuple[str, ...],
        facts: MeterFacts | None,
        unit: str,
        today: date,
    ) -> None:
        """Empty entries for ``registers``, the change dated ``today`` (not later)."""
        self.order_uid = order_uid
        old = self.grid_box
        self.grid_box = QWidget(self)
        self.layout_.replaceWidget(old, self.grid_box)
        old.deleteLater()
        grid = QGridLayout(self.grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        grid.addWidget(label(self.grid_box, "caption", self.tr("Reading")), 0, 1)
        grid.addWidget(label(self.grid_box, "caption", self.tr("Again")), 0, 2)
        self.rows, self.old_rows, self.new_rows = [], {}, {}
        line = 1
        for register in registers:
            last = None if facts is None else facts.last_known.get(register)
            line = self._add_register(grid, line, register, last, unit)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        order: list[QWidget] = []
        for row in self.rows:
            order += [row.first, row.second]
        order += [self.changed_on, self.fitter, self.reread]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.changed_on.setText(today.isoformat())
        self.fitter.clear()
        self.reread.setChecked(False)
        self.checked = None
        self.check_error = None
        self._show_problems(())

    def _add_register(
        self, grid: QGridLayout, line: int, register: str, last: LastReading | None, unit: str
    ) -> int:
        box = self.grid_box
        title = register_word(register)
        if last is not None:
            title = (
                self.tr("%1 · last %2").replace("%1", title).replace("%2", last_text(last, unit))
            )
        heading = label(box, "register", title)
        heading.setWordWrap(True)
        grid.addWidget(heading, line, 0, 1, 4)
        line += 1
        sides = ((self.tr("Old meter, final"), self.old_rows),
                 (self.tr("New meter, initial"), self.new_rows))  # fmt: skip
        for caption, rows in sides:
            row = self._reading_row(box, register)
            grid.addWidget(label(box, "caption", caption), line, 0)
            grid.addWidget(row.first, line, 1)
            grid.addWidget(row.second, line, 2)
            grid.addWidget(row.mark, line, 3)
            rows[register] = row
            self.rows.append(row)
            line += 1
        return line

    def _reading_row(self, parent: QWidget, register: str) -> ReadingRow:
        first = QLineEdit(parent)
        second = QLineEdit(parent)
        font = money_font(self.font(), point_size=self.font().pointSizeF() * 1.1)
        for edit in (first, second):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setMaxLength(14)
            edit.setMinimumWidth(0)
            edit.setFont(font)
        first.setPlaceholderText("0.00")
        second.setPlaceholderText(self.tr("again"))
        second.hide()
        mark = label(parent, "note")
        mark.setMinimumWidth(18)
        row = ReadingRow(register, first, second, mark)
        first.textChanged.connect(partial(self._entry_changed, row))
        second.textChanged.connect(partial(self._entry_changed, row))
        return row

    # --- typing -----------------------------------------------------------------------------

    def _entry_changed(self, row: ReadingRow, *_signal: object) -> None:
        """The second entry appears with the first; a difference is marked as soon as typed."""
        first, second = row.values()
        typed_first = row.first.text().strip()
        typed_second = row.second.text().strip()
        row.second.setVisible(bool(typed_first))
        mark, colour, tip = "", OK_COLOUR, ""
        if typed_first and first is None:
            mark, colour = "✕", PROBLEM_COLOUR
            tip = self.tr("Not a reading: digits and at most two decimals.")
        elif typed_second and second is not None and second == first:
            mark = "✓"
        elif typed_second and not typed_first.startswith(typed_second):
            mark, colour = "✕", PROBLEM_COLOUR
            tip = self.tr("The two entries differ: read the register again.")
        row.mark.setText(mark)
        row.mark.setStyleSheet(f"color: {colour}; font-weight: 600;")
        row.mark.setToolTip(tip)
        row.first.setToolTip(tip if first is None else "")
        self._readings_changed()

    def entries(self) -> ChangeEntries | None:
        """The readings when every one is typed twice alike, else None."""
        old = {register: row.agreed() for register, row in self.old_rows.items()}
        new = {register: row.agreed() for register, row in self.new_rows.items()}
        if not self.rows or None in old.values() or None in new.values():
            return None
        day = self.change_date()
        if day is None:
            return None
        return ChangeEntries(
            {key: value for key, value in old.items() if value is not None},
            {key: value for key, value in new.items() if value is not None},
            day,
        )

    def change_date(self) -> date | None:
        """The date typed (the fitter's sheet says it), or None while it is not a date."""
        try:
            return date.fromisoformat(self.changed_on.text())
        except ValueError:
            return None

    def _readings_changed(self, *_signal: object) -> None:
        entries = self.entries()
        if entries != self.checked:
            self.checked = None
            self.check_error = None
            self._show_problems(())
            if entries is not None and self.order_uid is not None:
                Op(self, partial(check_job, self.engine, self.order_uid, entries),
                   key="meter-change-check").success(partial(self._checked, entries)).failure(
                    partial(self._check_failed, entries)
                ).run()  # fmt: skip
        self.changed.emit()

    def _checked(self, entries: ChangeEntries, problems: tuple[ReadingProblem, ...]) -> None:
        if entries != self.entries():
            return
        self.checked = entries
        self._show_problems(problems)
        self.changed.emit()

    def _check_failed(self, entries: ChangeEntries, error: Exception) -> None:
        if entries == self.entries():
            self.check_error = error
            self.changed.emit()

    def _show_problems(self, problems: tuple[ReadingProblem, ...]) -> None:
        self.problems = problems
        for shown in self.problem_labels:
            self.problem_box.removeWidget(shown)
            shown.deleteLater()
        self.problem_labels = []
        for problem in problems:
            blocking = problem.severity is Severity.BLOCK
            text = ("✕ " if blocking else "! ") + error_text(problem.error)
            shown = label(self, "block" if blocking else "confirm", text, plain=True)
            shown.setWordWrap(True)
            self.problem_box.addWidget(shown)
            self.problem_labels.append(shown)
        needs_tick = bool(problems) and not self.blocked()
        self.reread.setVisible(needs_tick)
        if not needs_tick:
            self.reread.setChecked(False)

    # --- what the form asks -----------------------------------------------------------------

    def blocked(self) -> bool:
        return any(problem.severity is Severity.BLOCK for problem in self.problems)

    def ready(self) -> bool:
        """Complete, alike, checked as they stand, nothing blocking, unusual ones ticked."""
        return (
            self.checked is not None
            and self.checked == self.entries()
            and not self.blocked()
            and (not self.problems or self.reread.isChecked())
            and FITTER.fullmatch(self.fitter.text().strip()) is not None
        )

    def typed(self) -> Typed | None:
        entries = self.entries()
        if entries is None:
            return None

        def values(rows: dict[str, ReadingRow], index: int) -> dict[str, int]:
            return {
                register: value
                for register, row in rows.items()
                if (value := row.values()[index]) is not None
            }

        return Typed(values(self.old_rows, 0), values(self.old_rows, 1),
                     values(self.new_rows, 0), values(self.new_rows, 1),
                     self.fitter.text().strip(), entries.changed_on,
                     bool(self.problems) and self.reread.isChecked())  # fmt: skip

    def missing(self) -> QWidget | None:
        """The first field that keeps the change from being recorded."""
        for row in self.rows:
            if parse_reading(row.first.text()) is None:
                return row.first
            if row.agreed() is None:
                return row.second
        if self.change_date() is None:
            return self.changed_on
        if FITTER.fullmatch(self.fitter.text().strip()) is None:
            return self.fitter
        if self.reread.isVisible() and not self.reread.isChecked():
            return self.reread
        return None
