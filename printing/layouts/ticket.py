"""The queue ticket (排队号票): a number readable at arm's length, and what to do with it.

A ticket is often left on a seat, so it carries no name or account; the number is printed as
large as the printer can (four times, bold; twice for a long number) because customers compare
it with the call screen from across the hall.
"""

from __future__ import annotations

from counterdesk.documents.receipts import QueueTicket
from printing.columns import width
from printing.layouts.common import CopyMark, SlipDraft, stamp
from printing.slip import Align, Paper, Slip


def queue_ticket(ticket: QueueTicket, paper: Paper, copy: CopyMark | None) -> Slip:
    draft = SlipDraft(paper)
    draft.header(ticket.issuer, "排队号票")
    draft.feed()
    draft.big(ticket.number, size=4 if width(ticket.number) * 4 <= draft.columns else 2)
    draft.feed()
    draft.paragraph(ticket.category_name, align=Align.CENTER, bold=True)
    if ticket.green_channel:
        draft.line("绿色通道 优先办理", Align.CENTER, bold=True)
    draft.line(f"前面还有 {ticket.people_ahead} 人等候", Align.CENTER)
    draft.feed()
    draft.field("取号时间", stamp(ticket.issued_at))
    draft.rule()
    draft.paragraph("请留意叫号屏及语音提示", align=Align.CENTER)
    draft.paragraph("过号请重新取号", align=Align.CENTER)
    draft.footer(ticket.issuer, "感谢您的耐心等候", ticket.qr_payload)
    return draft.finish(f"排队号票 {ticket.number}", copy=copy)
