"""Printouts to and from JSON, so that a print job stores facts and can be read after a crash.

pydantic validates on the way back in: a job row edited by hand or written by an older version
fails with a message naming the field instead of printing a wrong receipt.
"""

from __future__ import annotations

import json
from typing import Any, Final

from pydantic import TypeAdapter, ValidationError

from counterdesk.documents.back_billing import BackBillingNotice
from counterdesk.documents.notices import (
    ComplaintForm,
    DailyReport,
    PaymentReminder,
    PlannedOutage,
)
from counterdesk.documents.receipts import (
    AcceptanceSlip,
    DocumentError,
    MeterChangeSlip,
    PaymentReceipt,
    PrinterTestPage,
    QueueTicket,
    ReconnectionNotice,
    ReversalSlip,
    ShiftSlip,
)

Printout = (
    PaymentReceipt
    | ReversalSlip
    | QueueTicket
    | ShiftSlip
    | AcceptanceSlip
    | ReconnectionNotice
    | MeterChangeSlip
    | PrinterTestPage
    | PaymentReminder
    | PlannedOutage
    | ComplaintForm
    | DailyReport
    | BackBillingNotice
)

KINDS: Final[dict[str, type[Any]]] = {
    "payment_receipt": PaymentReceipt,
    "reversal_slip": ReversalSlip,
    "queue_ticket": QueueTicket,
    "shift_slip": ShiftSlip,
    "acceptance_slip": AcceptanceSlip,
    "reconnection_notice": ReconnectionNotice,
    "meter_change_slip": MeterChangeSlip,
    "test_page": PrinterTestPage,
    "payment_reminder": PaymentReminder,
    "planned_outage": PlannedOutage,
    "complaint_form": ComplaintForm,
    "daily_report": DailyReport,
    "back_billing_notice": BackBillingNotice,
}
"""The stable name of each printout kind, as stored in a print job."""

_ADAPTERS: Final = {kind: TypeAdapter(cls) for kind, cls in KINDS.items()}


def kind_of(printout: object) -> str:
    for kind, cls in KINDS.items():
        if type(printout) is cls:
            return kind
    raise DocumentError(f"{type(printout).__name__} is not a printout kind.")


def dumps(printout: object) -> str:
    kind = kind_of(printout)
    return json.dumps(
        _ADAPTERS[kind].dump_python(printout, mode="json"), ensure_ascii=False, sort_keys=True
    )


def loads(kind: str, text: str) -> Any:
    """The printout of ``kind`` stored as ``text``; :class:`DocumentError` if it does not fit."""
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        raise DocumentError(f"Unknown printout kind {kind!r}.")
    try:
        return adapter.validate_json(text)
    except (ValidationError, DocumentError) as error:
        raise DocumentError(f"A stored {kind} cannot be read: {error}") from error
