"""The Windows icon (``.ico``) of the executables, the shortcuts and the installer, drawn from
``ui/icons/counterdesk.svg``, the one picture of the app the window also shows.

Why drawn at build time and not kept as a file: one source for every size, so the taskbar,
the desktop shortcut and the installer's pages never show an outdated logo. Qt draws each size
from the SVG (crisper at 16 px than shrinking the 256 px one); Pillow writes them into one
file, which Windows picks from by the size it needs.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Final

SIZES: Final = (16, 20, 24, 32, 40, 48, 64, 128, 256)
"""Windows' icon sizes: 16-48 for lists, taskbars and shortcuts at 100-200 % scaling, 256 for
large icon views."""
SVG: Final = Path(__file__).resolve().parent.parent / "ui" / "icons" / "counterdesk.svg"


def make_ico(out: Path, svg: Path = SVG) -> tuple[int, ...]:
    """Write ``out`` with every size in :data:`SIZES`; the sizes written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a build machine has no screen
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG Qt can draw")
    images = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        images.append(Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGBA"))
    del app  # kept alive until the images are drawn
    out.parent.mkdir(parents=True, exist_ok=True)
    largest = images[-1]
    largest.save(out, format="ICO", sizes=[(s, s) for s in SIZES], append_images=images[:-1])
    with Image.open(out) as written:
        return tuple(sorted(size for size, _ in written.info["sizes"]))
