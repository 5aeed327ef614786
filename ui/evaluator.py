# Qt calls its virtual methods by their camelCase names (keyPressEvent…).
# ruff: noqa: N802
"""The on-screen evaluator (服务评价器): the customer rates the service just finished.

For counters without an evaluator keypad, or beside one: after F5 the customer sees the ticket,
the clerk who served them and four large buttons, 非常满意 (5) · 满意 (4) · 基本满意 (3) ·
不满意 (2), the same four scores as the keypad's keys (``counterdesk.queue.model.RATING_SCORES``).
The keys 2–5 give the same scores, so a counter with a number pad in front of the customer works
too. It never waits for anyone: it closes by itself after a rating or after
:data:`CLOSE_AFTER_MS` with none (a customer who walks away leaves no rating, which is honest), and
a rating given on the hardware evaluator closes it as well.

The dialog only collects the score (``chosen(int)``); the queue bar sends it to the hall server off
the GUI thread and tells the dialog how it went (:meth:`Evaluator.show_thanks`,
:meth:`Evaluator.show_refusal`): a second rating of the same ticket is refused by the server, and
that is said calmly, in words the customer can read.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

CLOSE_AFTER_MS: Final = 30_000
THANKS_MS: Final = 2_000
REFUSAL_MS: Final = 5_000

STYLE: Final = """
QDialog#evaluator { background: #FFFFFF; }
QLabel#evalTitle { font-size: 24pt; font-weight: 600; color: #101828; }
QLabel#evalWho { font-size: 13pt; color: #475467; }
QLabel#evalResult { font-size: 15pt; color: #027A48; }
QLabel#evalResult[problem="true"] { color: #93370D; }
QLabel#evalHint { font-size: 11pt; color: #667085; }
QPushButton#score { font-size: 17pt; font-weight: 600; border-radius: 10px; padding: 18px 12px;
    min-height: 140px; min-width: 170px; color: #FFFFFF; }
QPushButton#score:disabled { background: #D0D5DD; color: #667085; }
QPushButton#score[score="5"] { background: #039855; }
QPushButton#score[score="4"] { background: #12B76A; }
QPushButton#score[score="3"] { background: #F79009; }
QPushButton#score[score="2"] { background: #D92D20; }
"""


def score_words() -> list[tuple[int, str]]:
    """The four ratings, best first, in the customer's language."""
    return [
        (5, QCoreApplication.translate("Evaluator", "Very satisfied")),
        (4, QCoreApplication.translate("Evaluator", "Satisfied")),
        (3, QCoreApplication.translate("Evaluator", "Fairly satisfied")),
        (2, QCoreApplication.translate("Evaluator", "Dissatisfied")),
    ]


class Evaluator(QDialog):
    """The customer-facing rating dialog for one finished ticket.

    Signals:
        chosen(int score): the customer pressed a button or a key 2–5 (once).
    """

    chosen = Signal(int)

    def __init__(
        self,
        ticket_number: str,
        clerk_no: str,
        clerk_name: str,
        parent: QWidget | None = None,
        *,
        close_after_ms: int = CLOSE_AFTER_MS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("evaluator")
        self.setStyleSheet(STYLE)
        self.setWindowTitle(self.tr("Please rate our service"))
        self.ticket_number = ticket_number
        self.score: int | None = None
        self.timed_out = False

        title = QLabel(self.tr("Please rate our service"), self)
        title.setObjectName("evalTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        who = QLabel(
            self.tr("Ticket %1 · served by clerk %2 %3")
            .replace("%1", ticket_number)
            .replace("%2", clerk_no)
            .replace("%3", clerk_name),
            self,
        )
        who.setObjectName("evalWho")
        self.who = who
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.outcome = QLabel("", self)
        self.outcome.setObjectName("evalResult")
        self.outcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.outcome.setWordWrap(True)
        hint = QLabel(self.tr("Press a button, or a key 2 to 5."), self)
        hint.setObjectName("evalHint")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)

        grid = QGridLayout()
        grid.setSpacing(16)
        self.buttons: dict[int, QPushButton] = {}
        for column, (score, words) in enumerate(score_words()):
            button = QPushButton(f"{words}\n({score})", self)
            button.setObjectName("score")
            button.setProperty("score", str(score))
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _checked=False, s=score: self.choose(s))
            grid.addWidget(button, 0, column)
            self.buttons[score] = button

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 24)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addWidget(who)
        layout.addLayout(grid)
        layout.addWidget(self.outcome)
        layout.addWidget(hint)

        self.setMinimumSize(880, 420)  # read from across the counter

        self.expiry = QTimer(self)
        self.expiry.setSingleShot(True)
        self.expiry.timeout.connect(self._expired)
        self.expiry.start(close_after_ms)
        self.closer = QTimer(self)
        self.closer.setSingleShot(True)
        self.closer.timeout.connect(self.accept)

    def place_for_customer(self, near: QWidget | None) -> None:
        """On a second screen when the counter has one (it faces the customer), else centred
        over the counter window."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            target = screens[1].availableGeometry()
            self.move(target.center() - self.rect().center())
        elif near is not None:
            self.move(near.geometry().center() - self.rect().center())

    # --- rating -------------------------------------------------------------------------------

    def choose(self, score: int) -> None:
        """A score from the screen or a key; the second press of anything is ignored."""
        if self.score is not None or score not in self.buttons:
            return
        self.score = score
        self.expiry.stop()
        for button in self.buttons.values():
            button.setEnabled(False)
        self.outcome.setProperty("problem", False)
        self.outcome.setText(self.tr("Sending your rating…"))
        self.chosen.emit(score)

    def show_thanks(self) -> None:
        self._finish(self.tr("Thank you for your rating!"), problem=False, after=THANKS_MS)

    def show_refusal(self, text: str) -> None:
        self._finish(text, problem=True, after=REFUSAL_MS)

    def rated_elsewhere(self) -> None:
        """The hardware evaluator took the rating: nothing more to ask."""
        self.expiry.stop()
        self.score = self.score or 0
        self._finish(self.tr("Thank you for your rating!"), problem=False, after=THANKS_MS)

    def _finish(self, text: str, *, problem: bool, after: int) -> None:
        self.expiry.stop()
        for button in self.buttons.values():
            button.setEnabled(False)
        self.outcome.setProperty("problem", problem)
        self.outcome.style().unpolish(self.outcome)
        self.outcome.style().polish(self.outcome)
        self.outcome.setText(text)
        self.closer.start(after)

    def _expired(self) -> None:
        self.timed_out = True
        self.reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and int(text) in self.buttons:
            self.choose(int(text))
            return
        super().keyPressEvent(event)
