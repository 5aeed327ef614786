"""Random but valid printouts never break a layout: every line fits the narrow 58 mm roll."""

from __future__ import annotations

import string
from dataclasses import replace
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from counterdesk.documents import samples
from counterdesk.documents.receipts import PaymentReceipt, PeriodPaid, Tender, TenderPart
from counterdesk.domain.accounts import Utility
from printing.columns import width
from printing.layouts import CopyMark, layout, paper_yuan
from printing.slip import Paper, Slip, Text

MAX_FEN = 1_000_000_000
"""¥10,000,000.00: far beyond any counter payment, so the widest figures are covered."""

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
NAMES = st.one_of(
    st.text(CJK, min_size=1, max_size=12),
    st.text(string.ascii_letters + " ", min_size=1, max_size=60),
    st.text(st.one_of(CJK, st.sampled_from("·-. " + string.ascii_letters)), max_size=30),
)
ADDRESSES = st.text(
    st.one_of(CJK, st.sampled_from(string.digits + "-#（）号栋室 ")), min_size=0, max_size=200
)
AMOUNTS = st.integers(min_value=0, max_value=MAX_FEN)


@st.composite
def periods(draw: st.DrawFn) -> PeriodPaid:
    year = draw(st.integers(2000, 2099))
    month = draw(st.integers(1, 12))
    return PeriodPaid(
        period=f"{year}-{month:02d}",
        units_hundredths=draw(st.integers(0, 10**10)),
        unit=draw(st.sampled_from(["kWh", "m³", "立方米"])),
        principal_fen=draw(AMOUNTS),
        late_fee_fen=draw(st.one_of(st.just(0), AMOUNTS)),
    )


@st.composite
def receipts(draw: st.DrawFn) -> PaymentReceipt:
    paid = draw(st.lists(periods(), max_size=40))
    due = sum(period.principal_fen + period.late_fee_fen for period in paid)
    tender = draw(st.sampled_from(Tender))
    before = draw(AMOUNTS)
    used = draw(st.integers(0, min(before, due)))
    to_prepaid = draw(AMOUNTS)
    received = due - used + to_prepaid
    change = draw(AMOUNTS) if tender is Tender.CASH else 0
    # A split over up to three tenders, the first one the receipt's main tender.
    others = draw(st.lists(st.sampled_from(Tender), max_size=2))
    cut = sorted(draw(st.lists(st.integers(0, received), min_size=len(others), max_size=2)))
    bounds = [0, *cut[: len(others)], received]
    parts = tuple(
        TenderPart(kind, bounds[i + 1] - bounds[i], draw(st.text(string.digits, max_size=32)))
        for i, kind in enumerate([tender, *others])
    )
    return replace(
        samples.payment_receipt(),
        customer_name=draw(NAMES),
        address=draw(ADDRESSES),
        utility=draw(st.sampled_from(Utility)),
        periods=tuple(paid),
        tender=tender,
        tendered_fen=received + change,
        change_fen=change,
        prepaid_used_fen=used,
        to_prepaid_fen=to_prepaid,
        prepaid_before_fen=before,
        prepaid_after_fen=before - used + to_prepaid,
        parts=parts,
        reconnection_no=draw(st.sampled_from(["", "FD-20261121-0001"])),
        account_no=draw(st.text(string.digits, min_size=1, max_size=40)),
        receipt_no=draw(st.text(string.ascii_uppercase + string.digits + "-", min_size=1)),
    )


def assert_fits(slip: Slip) -> None:
    for block in slip.blocks:
        if isinstance(block, Text):
            assert "\n" not in block.text
            assert width(block.text) <= slip.paper.columns // (2 if block.double else 1)


@settings(deadline=None)
@given(receipts(), st.booleans())
def test_any_valid_receipt_fits_58mm(receipt: PaymentReceipt, reprint: bool) -> None:
    copy = CopyMark(samples.payment_receipt().paid_at + timedelta(days=3), 2) if reprint else None
    slip = layout(receipt, Paper.MM58, copy=copy)
    assert_fits(slip)
    received = [text.text for text in slip.blocks if isinstance(text, Text)]
    assert any(
        line.startswith("实收") and line.endswith(paper_yuan(receipt.received_fen))
        for line in received
    )
    cash = {receipt.tender, *(part.tender for part in receipt.parts)} & {Tender.CASH}
    assert slip.open_drawer == (bool(cash) and not reprint)


FREE_TEXT = st.text(max_size=300)


@settings(deadline=None)
@given(FREE_TEXT, FREE_TEXT, FREE_TEXT, NAMES)
def test_free_text_never_breaks_a_slip(reason: str, remarks: str, service: str, name: str) -> None:
    printed_at = datetime(2026, 11, 21, 15, 0, tzinfo=samples.HALL_TIME)
    printouts = [
        replace(samples.reversal_slip(), reason=reason, customer_name=name, approved_by=remarks),
        replace(samples.meter_change_slip(), remarks=remarks, customer_name=name),
        replace(samples.acceptance_slip(), service_name=service, applicant_name=name),
        replace(samples.queue_ticket(), category_name=service, number=name),
        replace(samples.shift_slip(), difference_reason=reason),
        samples.printer_test_page(printer=remarks),
    ]
    for printout in printouts:
        for paper in Paper:
            assert_fits(layout(printout, paper))
            assert_fits(layout(printout, paper, copy=CopyMark(printed_at, 9)))
