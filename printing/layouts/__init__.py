"""Thermal-roll layouts (小票版式): the facts of a printout laid out as a :class:`Slip`.

One entry point, :func:`layout`, so the print queue needs to know nothing about the kinds: it
stores the facts of a job and asks for a slip at the width of whichever printer takes it, which
is also how a receipt printed on 80 mm is reprinted as 副本 on a 58 mm printer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from counterdesk.documents.back_billing import BackBillingNotice
from counterdesk.documents.notices import ComplaintForm, DailyReport, PaymentReminder, PlannedOutage
from counterdesk.documents.receipts import (
    AcceptanceSlip,
    MeterChangeSlip,
    PaymentReceipt,
    PrinterTestPage,
    QueueTicket,
    ReconnectionNotice,
    ReversalSlip,
    ShiftSlip,
)
from printing.columns import LayoutError
from printing.layouts.common import TENDER_NAMES, CopyMark, paper_yuan
from printing.layouts.orders import acceptance_slip, meter_change_slip, reconnection_notice
from printing.layouts.payment import payment_receipt, reversal_slip
from printing.layouts.shift import shift_slip
from printing.layouts.test_page import printer_test_page
from printing.layouts.ticket import queue_ticket
from printing.slip import Paper, Slip

__all__ = [
    "A4_KINDS",
    "TENDER_NAMES",
    "THERMAL_KINDS",
    "CopyMark",
    "LayoutError",
    "layout",
    "paper_yuan",
]

_LAYOUTS: Final[dict[type[Any], Callable[[Any, Paper, CopyMark | None], Slip]]] = {
    PaymentReceipt: payment_receipt,
    ReversalSlip: reversal_slip,
    QueueTicket: queue_ticket,
    ShiftSlip: shift_slip,
    AcceptanceSlip: acceptance_slip,
    ReconnectionNotice: reconnection_notice,
    MeterChangeSlip: meter_change_slip,
    PrinterTestPage: printer_test_page,
}

THERMAL_KINDS: Final[tuple[type[Any], ...]] = tuple(_LAYOUTS)
"""The printout types :func:`layout` can put on a thermal roll."""

A4_KINDS: Final[tuple[type[Any], ...]] = (
    PaymentReminder,
    PlannedOutage,
    ComplaintForm,
    DailyReport,
    BackBillingNotice,
)
"""Printouts too long or too formal for a roll: they are printed as A4 notices only."""


def layout(printout: object, paper: Paper, *, copy: CopyMark | None = None) -> Slip:
    """``printout`` laid out for ``paper``; with ``copy`` it is marked as a reprint (副本).

    Raises :class:`LayoutError` for a printout that has no thermal layout (an A4 notice, or
    something that is not a printout at all), so a misrouted job fails with a reason.
    """
    maker = _LAYOUTS.get(type(printout))
    if maker is not None:
        return maker(printout, paper, copy)
    name = type(printout).__name__
    if isinstance(printout, A4_KINDS):
        raise LayoutError(f"{name} is an A4 notice; it has no thermal-roll layout.")
    raise LayoutError(f"{name} is not a printout with a thermal-roll layout.")
