"""Refusals of the queue, with a stable code so they survive the trip from server to counter.

The server answers a refusal with HTTP 404 or 409 and ``{"code", "params"}``; the client turns the
code back into the same class, so the counter shows the message in the clerk's language (the
templates are translated like every :class:`CounterError`). An unknown code from a newer server
still reaches the clerk, as :class:`QueueError` with the server's English text.
"""

from __future__ import annotations

from typing import ClassVar

from counterdesk.services.common import CounterError


class QueueError(CounterError):
    """A queue action refused; nothing changed."""

    code: ClassVar[str] = "queue_error"
    status: ClassVar[int] = 409


class UnknownCategoryError(QueueError):
    code = "unknown_category"
    status = 404

    def __init__(self, category: str) -> None:
        super().__init__("There is no queue category {category}.", category=category)


class UnknownWindowError(QueueError):
    code = "unknown_window"
    status = 404

    def __init__(self, window: int | str) -> None:
        super().__init__(
            "Window {window} is not set up on the hall server; ask IT to add it.", window=window
        )


class UnknownTicketError(QueueError):
    code = "unknown_ticket"
    status = 404

    def __init__(self, ticket: str) -> None:
        super().__init__("There is no ticket {ticket} today.", ticket=ticket)


class NobodyWaitingError(QueueError):
    code = "nobody_waiting"

    def __init__(self, window: int | str) -> None:
        super().__init__("Nobody is waiting for window {window}.", window=window)


class StillServingError(QueueError):
    code = "still_serving"

    def __init__(self, ticket: str) -> None:
        super().__init__("Finish ticket {ticket} first (F5), then call the next.", ticket=ticket)


class NoCurrentTicketError(QueueError):
    code = "no_current_ticket"

    def __init__(self, window: int | str) -> None:
        super().__init__(
            "Window {window} has no ticket called; call one first (F1).", window=window
        )


class NotYourTicketError(QueueError):
    code = "not_your_ticket"

    def __init__(self, ticket: str, window: int | str) -> None:
        super().__init__(
            "Ticket {ticket} is not at window {window}; the screen is refreshed.",
            ticket=ticket,
            window=window,
        )


class TicketTakenError(QueueError):
    code = "ticket_taken"

    def __init__(self, ticket: str, window: int | str) -> None:
        super().__init__(
            "Ticket {ticket} is being served at window {window}.", ticket=ticket, window=window
        )


class TicketClosedError(QueueError):
    code = "ticket_closed"

    def __init__(self, ticket: str) -> None:
        super().__init__("Ticket {ticket} is already finished.", ticket=ticket)


class TooFewRecallsError(QueueError):
    code = "too_few_recalls"

    def __init__(self, ticket: str, needed: int, done: int) -> None:
        super().__init__(
            "Recall {ticket} {needed} times before marking a no-show (recalled {done} so far).",
            ticket=ticket,
            needed=needed,
            done=done,
        )


class WindowClosedError(QueueError):
    code = "window_closed"

    def __init__(self, window: int | str) -> None:
        super().__init__(
            "Window {window} is not open; sign in at its counter to open it.", window=window
        )


class WindowBusyError(QueueError):
    code = "window_busy"

    def __init__(self, window: int | str, clerk: str) -> None:
        super().__init__(
            "Window {window} is open for clerk {clerk}; they must close it first.",
            window=window,
            clerk=clerk,
        )


class TransferTargetError(QueueError):
    code = "bad_transfer"
    status = 422

    def __init__(self) -> None:
        super().__init__("Transfer to another category or to another window.")


class AlreadyRatedError(QueueError):
    code = "already_rated"

    def __init__(self, ticket: str) -> None:
        super().__init__("Ticket {ticket} has already been rated.", ticket=ticket)


class NotRatableError(QueueError):
    code = "not_ratable"

    def __init__(self, ticket: str) -> None:
        super().__init__("Ticket {ticket} can be rated only after it is finished.", ticket=ticket)


class BadRatingError(QueueError):
    code = "bad_rating"
    status = 422

    def __init__(self, score: object) -> None:
        super().__init__("A rating is 2 to 5 stars, not {score}.", score=score)


class CategoryClosedError(QueueError):
    code = "category_closed"

    def __init__(self, category: str) -> None:
        super().__init__(
            "Category {category} is not issuing tickets now; please ask at the desk.",
            category=category,
        )


class BadSetupError(QueueError):
    code = "bad_setup"
    status = 422

    def __init__(self, reason: str) -> None:
        super().__init__("The queue setup is refused: {reason}", reason=reason)


_KINDS: list[type[QueueError]] = [QueueError, *QueueError.__subclasses__()]
ERRORS: dict[str, type[QueueError]] = {cls.code: cls for cls in _KINDS}
"""Every refusal by its code, for :func:`rebuild` (the classes above define themselves here)."""


def rebuild(code: str, template: str, params: dict[str, str]) -> QueueError:
    """The refusal the server described, as its own class when this client knows the code."""
    cls = ERRORS.get(code)
    error = QueueError.__new__(cls or QueueError)
    CounterError.__init__(error, template, **params)
    return error
