"""A4 notices on screen before paper: a PDF preview, the system print dialog, save as PDF.

Why preview first: an A4 notice (a payment reminder, an acceptance receipt) is read by the
customer at the counter, and the clerk checks it before printing. The PDF is made off the GUI
thread (:mod:`printing.notices`); this dialog only shows it and hands its pages to the printer
the clerk picks in the system print dialog, each page drawn at the printer's own resolution.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.operations import Op

RASTER_DPI: Final = 300
"""Enough for 10-point Chinese text on a laser printer."""


class NoticePreview(QDialog):
    """A notice's pages, with Print… (system dialog), Save as PDF… and Close."""

    def __init__(
        self, pdf: bytes, title: str, file_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.file_name = file_name
        self.setWindowTitle(title)
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(self)
        buttons = QDialogButtonBox(self)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.setDefault(True)
        self.save_button = QPushButton(self.tr("Save as PDF…"), self)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.print_button.clicked.connect(self.choose_printer)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(820, 900)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def choose_printer(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Draw every page on ``printer``, each scaled to its printable area; returns pages.

        Pages are rasterised at no more than :data:`RASTER_DPI` and scaled up by the printer: a
        HighResolution printer reports 1200 dpi, and an A4 page at that is a 550 MB image.
        """
        painter = QPainter()
        if not painter.begin(printer):
            self.status.setText(self.tr("The printer could not be started. Check it, try again."))
            return 0
        try:
            for page in range(self.page_count):
                if page:
                    printer.newPage()
                area = printer.pageLayout().paintRectPixels(printer.resolution())
                points = self.document.pagePointSize(page)
                scale = min(area.width() / points.width(), area.height() / points.height())
                target = QSize(round(points.width() * scale), round(points.height() * scale))
                raster = min(1.0, RASTER_DPI / printer.resolution())
                image = self.document.render(page, target * raster)
                painter.drawImage(QRect(QPoint(0, 0), target), image)
        finally:
            painter.end()
        self.status.setText(self.tr("%n page(s) sent to the printer.", "", self.page_count))
        return self.page_count

    def save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save as PDF"), self.file_name, self.tr("PDF files (*.pdf)")
        )
        if path:
            self.save_to(path)

    def save_to(self, path: str) -> None:
        """Write the PDF on the window's worker, then say where it went (or why it did not)."""
        pdf = self.pdf
        Op(self, lambda: Path(path).write_bytes(pdf), key="save-notice").success(
            lambda _size: self.status.setText(self.tr("Saved as %1.").replace("%1", path))
        ).failure(
            lambda error: self.status.setText(
                self.tr("Cannot save %1: %2").replace("%1", path).replace("%2", str(error))
            )
        ).run()
