"""Saving a daily report from the Reports menu: the hall's takings, or the clerk's own day.

The figures are read and the file is made on the worker (a PDF with a CJK font takes tens of
milliseconds, an Excel workbook a little less); the GUI thread only asks where to save. The
service decides who may see what: a clerk gets their own day, a manager the whole hall.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMainWindow
from sqlalchemy import Engine

from counterdesk.services import reports
from counterdesk.services.auth import SignedIn
from printing import reports as report_files
from ui.messages import error_text
from ui.operations import Op


def report_job(
    engine: Engine, clerk: SignedIn, path: Path, *, kind: str, mine: bool, day: date, now: datetime
) -> Path:
    """Runs on the worker: read the report, render it as ``kind`` (pdf/xlsx) and write ``path``."""
    with engine.connect() as connection:
        if mine:
            made = reports.clerk_day(connection, clerk, day, clerk.number, now=now)
            data = (
                report_files.clerk_day_pdf(made) if kind == "pdf"
                else report_files.clerk_day_xlsx(made)
            )  # fmt: skip
        else:
            takings = reports.hall_takings(connection, clerk, day, now=now)
            data = (
                report_files.takings_pdf(takings) if kind == "pdf"
                else report_files.takings_xlsx(takings)
            )  # fmt: skip
    path.write_bytes(data)
    return path


def export_report(
    window: QMainWindow,
    engine: Engine,
    clerk: SignedIn,
    *,
    kind: str,
    mine: bool,
    day: date,
    clock: Callable[[], datetime],
) -> None:
    """Ask where to save, then make and write the report off the GUI thread."""
    name = f"{'clerk-' + clerk.number if mine else 'takings'}-{day:%Y%m%d}.{kind}"
    pdf, excel = (
        QCoreApplication.translate("ReportExport", "PDF (*.pdf)"),
        QCoreApplication.translate("ReportExport", "Excel workbook (*.xlsx)"),
    )
    chosen, _ = QFileDialog.getSaveFileName(
        window,
        QCoreApplication.translate("ReportExport", "Save the daily report"),
        str(Path.home() / name),
        pdf if kind == "pdf" else excel,
    )
    if not chosen:
        return
    status = window.statusBar()
    status.showMessage(QCoreApplication.translate("ReportExport", "Making the report…"), 5000)
    job = partial(
        report_job, engine, clerk, Path(chosen), kind=kind, mine=mine, day=day, now=clock()
    )
    saved = QCoreApplication.translate("ReportExport", "Report saved: %1")
    Op(window, job, key="report").success(
        lambda path: status.showMessage(saved.replace("%1", str(path)), 10_000)
    ).failure(lambda error: status.showMessage(error_text(error), 15_000)).run()
