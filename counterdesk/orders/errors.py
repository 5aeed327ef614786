"""Refusals of the work-order services; each one leaves the database as it was."""

from __future__ import annotations

from counterdesk.domain.refusal import CounterError


class OrderError(CounterError):
    """A work-order action refused; nothing changed."""


class UnknownOrderError(OrderError):
    def __init__(self, order: str) -> None:
        super().__init__("There is no work order {order} on this terminal.", order=order)


class StaleOrderError(OrderError):
    """Someone changed the order since this screen read it: act on what they did, not on a guess."""

    def __init__(self, order: str) -> None:
        super().__init__(
            "Order {order} was changed by someone else since it was opened; it has been read "
            "again. Check it and try once more.",
            order=order,
        )


class DuplicateOrderError(OrderError):
    """The same order (client UUID) was submitted twice: the first one stands."""

    def __init__(self, order: str) -> None:
        super().__init__("This order was already saved as {order}.", order=order)
        self.order_no = order


class EmptyNoteError(OrderError):
    def __init__(self) -> None:
        super().__init__("Write a note: what was done or what must happen next.", field="note")


class EmptyDepartmentError(OrderError):
    def __init__(self) -> None:
        super().__init__("Name the department the order goes to.", field="department")
