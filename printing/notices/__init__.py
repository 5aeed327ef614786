"""A4 notices (通知书/回执/工单) as PDF with an embedded Chinese TrueType font.

Why PDF and not the receipt printer: a reminder delivered to the door, an outage notice on a
notice board, a work order filed with a department or a daily report signed by the manager needs
the room of an A4 page, a signature and often a copy sent by e-mail. Each family has its module;
they share the frame (:mod:`printing.notices.page`) and the pieces (:mod:`printing.notices.parts`).

``render_notice`` takes the facts from :mod:`counterdesk.documents` and returns the PDF bytes; the
same facts give the same bytes (reportlab's invariant mode), so a reprint matches the original.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from counterdesk.documents import samples
from counterdesk.documents.back_billing import BackBillingNotice
from counterdesk.documents.notices import ComplaintForm, DailyReport, PaymentReminder, PlannedOutage
from counterdesk.documents.receipts import AcceptanceSlip, MeterChangeSlip
from printing.notices.acceptance import render_acceptance
from printing.notices.back_billing import render_back_billing
from printing.notices.complaint import render_complaint
from printing.notices.daily_report import render_daily_report
from printing.notices.meter_change import render_meter_change
from printing.notices.outage import render_outage
from printing.notices.reminder import render_reminder

__all__ = ["NOTICE_SAMPLES", "render_notice"]

_RENDERERS: Final[dict[type, Callable[[Any], bytes]]] = {
    AcceptanceSlip: render_acceptance,
    MeterChangeSlip: render_meter_change,
    PaymentReminder: render_reminder,
    PlannedOutage: render_outage,
    ComplaintForm: render_complaint,
    DailyReport: render_daily_report,
    BackBillingNotice: render_back_billing,
}

NOTICE_SAMPLES: Final[dict[str, Callable[[], object]]] = {
    "acceptance": samples.acceptance_slip,
    "meter-change": samples.meter_change_slip,
    "reminder": samples.payment_reminder,
    "outage": samples.planned_outage,
    "complaint": samples.complaint_form,
    "daily-report": samples.daily_report,
    "back-billing": samples.back_billing_notice,
}
"""The sample of each notice kind under the name ``counterdesk notice KIND`` takes."""


def render_notice(printout: object) -> bytes:
    """The PDF of ``printout``, one of the notice facts of :mod:`counterdesk.documents`.

    Raises :class:`~printing.fonts.FontNotFoundError` when no Chinese TrueType font is installed,
    and ``TypeError`` for a printout that has no A4 layout (a queue ticket, say).
    """
    renderer = _RENDERERS.get(type(printout))
    if renderer is None:
        kinds = ", ".join(kind.__name__ for kind in _RENDERERS)
        raise TypeError(
            f"No A4 notice for {type(printout).__name__}; A4 notices exist for {kinds}."
        )
    return renderer(printout)
