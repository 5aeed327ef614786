"""Keyboard-wedge card readers: a burst of keys ending in Enter is a card, not typing.

A wedge reader (and a bill's barcode scanner) "types" the card line into whatever field has the
focus, faster than any person: every key within a few milliseconds of the last. Left alone, a
swipe during payment would land in the amount field. The detector watches key presses for the
whole application; when Enter ends a burst that is fast enough, long enough and matches the
reader's pattern, it takes the typed characters back out of the field, swallows the Enter and
emits :attr:`WedgeDetector.swiped`. Anything slower is a person and passes untouched.

Signals:
    swiped(str number, str raw)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from devices.codecs.cardline import CardPattern

MAX_GAP_S: Final = 0.035
"""Readers send a key every 1-10 ms; a fast typist manages about one per 80 ms."""
MIN_LENGTH: Final = 6


class WedgeDetector(QObject):
    swiped = Signal(str, str)

    def __init__(
        self,
        pattern: CardPattern,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.pattern = pattern
        self._clock = clock
        self._burst: list[str] = []
        self._last = 0.0

    def install(self) -> None:
        QApplication.instance().installEventFilter(self)

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QLineEdit):
            # Key presses reach the focused widget (and the filter) once; other objects see
            # them again on propagation, which must not count twice.
            return False
        assert isinstance(event, QKeyEvent)
        now = self._clock()
        if now - self._last > MAX_GAP_S:
            self._burst.clear()
        self._last = now
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            raw = "".join(self._burst)
            self._burst.clear()
            return self._finish(watched, raw)
        text = event.text()
        if len(text) == 1 and text.isprintable():
            self._burst.append(text)
        else:
            self._burst.clear()
        return False

    def _finish(self, field: QLineEdit, raw: str) -> bool:
        if len(raw) < MIN_LENGTH:
            return False
        number = self.pattern.extract(raw)
        if number is None:
            return False
        typed = field.text()
        if typed.endswith(raw):
            field.setText(typed[: -len(raw)])
        self.swiped.emit(number, raw)
        return True
