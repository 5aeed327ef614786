"""Shifts (收费班次): tender control from the float to the counted drawer and the Z report.

The rules (DOMAIN.md "Workflows", the issue's "Shifts"):

- A clerk opens a shift with a float (备用金) before taking money; one shift is open per terminal
  at a time (one drawer, one person answerable for it), and a payment needs the clerk's open
  shift.
- The X report (中间读数) can be printed at any time and changes nothing.
- Closing: the clerk counts the drawer and enters the totals per tender from the card terminal's
  and the QR platform's settlement. The service computes each tender's difference, counted minus
  expected: 长款 when positive, 短款 when negative. A difference above the setting
  ``shift.difference_limit_fen`` on any tender needs a reason and a manager's approval; then a
  numbered Z report prints.
- 日清日结: a shift belongs to the business day it was opened on. It takes no payments on a later
  day, and no shift opens on a new day while one from an earlier day is still open: the day is
  settled before the next one starts.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import Connection, text

from counterdesk.documents.receipts import ShiftSlip, ShiftSlipKind, Tender, TenderTotal
from counterdesk.domain.ids import new_uid
from counterdesk.domain.money import Fen, format_yuan
from counterdesk.domain.permissions import Permission
from counterdesk.services.auth import (
    Approval,
    PermissionDeniedError,
    SignedIn,
    consume_approval,
    require,
)
from counterdesk.services.common import (
    RECEIPT_PRINTER,
    CounterError,
    aware_utc,
    business_day,
    local,
    naive_utc,
    stored_date,
)
from counterdesk.store import audit, outbox, print_jobs, settings
from counterdesk.store.models import PaymentState, ShiftState
from counterdesk.store.sequences import next_number

CLOSE_ACT: Final = "shift.close"
MAX_FLOAT_FEN: Final = 10_000_00
"""¥10,000: more float than any hall keeps in a drawer; a typo guard."""


class ShiftError(CounterError):
    """A shift cannot be opened, used or closed as asked."""


class ApprovalRequiredError(ShiftError):
    """The count differs by more than the limit: a reason and a manager's approval are needed."""

    def __init__(self, differences: Mapping[Tender, Fen], limit_fen: Fen) -> None:
        super().__init__(
            "The count differs from the expected amount by more than {limit}: give a reason and "
            "ask a manager to approve.",
            limit=format_yuan(limit_fen),
        )
        self.differences = dict(differences)


@dataclass(frozen=True)
class Shift:
    id: int
    uid: uuid.UUID
    shift_no: str
    clerk_id: int
    clerk_no: str
    window: str
    business_day: date
    float_fen: Fen
    opened_at: datetime
    state: ShiftState


@dataclass(frozen=True)
class ShiftTotals:
    """What a shift has taken, per tender, and what the drawer should hold."""

    float_fen: Fen
    tenders: tuple[TenderTotal, ...]
    """Every payment of the shift by tender, reversed ones included (they are shown apart)."""
    reversal_count: int
    reversal_fen: Fen
    reversed_by_tender: dict[Tender, Fen] = field(default_factory=dict)

    def expected(self) -> dict[Tender, Fen]:
        """What each tender should come to at closing: cash includes the float."""
        result = {
            total.tender: total.amount_fen - self.reversed_by_tender.get(total.tender, 0)
            for total in self.tenders
        }
        result[Tender.CASH] = result.get(Tender.CASH, 0) + self.float_fen
        return result

    @property
    def expected_cash_fen(self) -> Fen:
        return self.expected()[Tender.CASH]


_SHIFT_SQL: Final = (
    "SELECT s.id, s.uid, s.shift_no, s.clerk_id, c.number, s.window, s.business_day, s.float_fen, "
    "s.opened_at, s.state FROM shift AS s JOIN clerk AS c ON c.id = s.clerk_id "
)


def _shift(row: Sequence[Any]) -> Shift:
    return Shift(
        int(row[0]), uuid.UUID(bytes=bytes(row[1])), str(row[2]), int(row[3]), str(row[4]),
        str(row[5]), stored_date(row[6]), int(row[7]), aware_utc(row[8]), ShiftState(str(row[9])),
    )  # fmt: skip


def open_shift_on_terminal(connection: Connection) -> Shift | None:
    """The shift open on this terminal, whoever's it is."""
    row = connection.execute(text(_SHIFT_SQL + "WHERE s.state = 'open'")).one_or_none()
    return None if row is None else _shift(row)


def current_shift(connection: Connection, actor: SignedIn) -> Shift | None:
    """``actor``'s open shift on this terminal, or ``None``."""
    shift = open_shift_on_terminal(connection)
    return shift if shift is not None and shift.clerk_id == actor.clerk_id else None


def shift_for_payment(connection: Connection, actor: SignedIn, now: datetime) -> Shift:
    """The open shift a payment by ``actor`` at ``now`` goes into, or a refusal saying why not."""
    shift = current_shift(connection, actor)
    if shift is None:
        other = open_shift_on_terminal(connection)
        if other is not None:
            raise ShiftError(
                "Shift {shift} of clerk {clerk} is open on this terminal; it must be closed "
                "before you open yours.",
                shift=other.shift_no,
                clerk=other.clerk_no,
            )
        raise ShiftError("No shift is open: open your shift (F12) with the float first.")
    if shift.business_day != business_day(now):
        raise ShiftError(
            "Your shift {shift} is from {day}: close it and print its Z report (日清日结), then "
            "open today's shift.",
            shift=shift.shift_no,
            day=shift.business_day.isoformat(),
        )
    return shift


def open_shift(connection: Connection, actor: SignedIn, *, float_fen: Fen, now: datetime) -> Shift:
    """Open ``actor``'s shift with ``float_fen`` in the drawer, in the caller's transaction."""
    require(actor, Permission.RUN_SHIFT)
    if isinstance(float_fen, bool) or not isinstance(float_fen, int) or float_fen < 0:
        raise ShiftError("The float must be an amount of ¥0.00 or more.")
    if float_fen > MAX_FLOAT_FEN:
        raise ShiftError(
            "A float of {amount} is more than a drawer holds.", amount=format_yuan(float_fen)
        )
    existing = open_shift_on_terminal(connection)
    if existing is not None:
        if existing.clerk_id == actor.clerk_id and existing.business_day == business_day(now):
            raise ShiftError("Your shift {shift} is already open.", shift=existing.shift_no)
        raise ShiftError(
            "Shift {shift} ({day}, clerk {clerk}) is still open on this terminal: close it first "
            "(日清日结).",
            shift=existing.shift_no,
            day=existing.business_day.isoformat(),
            clerk=existing.clerk_no,
        )
    config = settings.load(connection)
    day = business_day(now)
    number = next_number(connection, f"shift:{config.terminal_code}:{day:%Y%m%d}")
    shift_no = f"{config.terminal_code}-{day:%Y%m%d}-{number}"
    uid = new_uid()
    connection.execute(
        text(
            "INSERT INTO shift (uid, shift_no, terminal_code, window, clerk_id, business_day, "
            "state, float_fen, opened_at) VALUES (:uid, :no, :terminal, :window, :clerk, :day, "
            "'open', :float, :now)"
        ),
        {"uid": uid.bytes, "no": shift_no, "terminal": config.terminal_code,
         "window": config.window, "clerk": actor.clerk_id, "day": day, "float": float_fen,
         "now": naive_utc(now)},
    )  # fmt: skip
    audit.append(connection, at=now, actor=actor.number, action="shift.opened", subject=shift_no,
                 detail={"float_fen": float_fen})  # fmt: skip
    outbox.add(connection, op_id=uid, terminal_id=config.terminal_code, kind="shift.opened",
               payload={"shift_uid": str(uid), "shift_no": shift_no, "clerk_no": actor.number,
                        "float_fen": float_fen, "business_day": day.isoformat()},
               business_time=now, now=now)  # fmt: skip
    found = current_shift(connection, actor)
    assert found is not None  # just inserted in this transaction
    return found


def totals(connection: Connection, shift_id: int) -> ShiftTotals:
    """Sum the shift's tenders and reversals (two indexed queries)."""
    float_fen = int(
        connection.execute(
            text("SELECT float_fen FROM shift WHERE id = :id"), {"id": shift_id}
        ).scalar_one()
    )
    by_tender: dict[Tender, tuple[int, Fen]] = {}
    reversed_by_tender: dict[Tender, Fen] = {}
    reversal_ids: set[int] = set()
    rows = connection.execute(
        text(
            "SELECT p.id, p.state, t.tender, t.amount_fen FROM payment AS p "
            "JOIN payment_tender AS t ON t.payment_id = p.id WHERE p.shift_id = :id"
        ),
        {"id": shift_id},
    )
    reversal_fen = 0
    seen: set[tuple[int, Tender]] = set()
    for payment_id, state, tender_value, amount in rows:
        tender = Tender(str(tender_value))
        count, total = by_tender.get(tender, (0, 0))
        first = (int(payment_id), tender) not in seen
        seen.add((int(payment_id), tender))
        by_tender[tender] = (count + (1 if first else 0), total + int(amount))
        if PaymentState(str(state)) is PaymentState.REVERSED:
            reversed_by_tender[tender] = reversed_by_tender.get(tender, 0) + int(amount)
            reversal_ids.add(int(payment_id))
            reversal_fen += int(amount)
    order = list(Tender)
    tenders = tuple(
        TenderTotal(tender, count, amount)
        for tender, (count, amount) in sorted(by_tender.items(), key=lambda kv: order.index(kv[0]))
    )
    return ShiftTotals(float_fen, tenders, len(reversal_ids), reversal_fen, reversed_by_tender)


def _slip(
    connection: Connection,
    shift: Shift,
    kind: ShiftSlipKind,
    now: datetime,
    **closing: object,
) -> ShiftSlip:
    figures = totals(connection, shift.id)
    return ShiftSlip(
        kind=kind,
        shift_uid=shift.uid,
        shift_no=shift.shift_no,
        issuer=settings.load_hall_identity(connection),
        window=shift.window,
        clerk_no=shift.clerk_no,
        opened_at=local(shift.opened_at),
        printed_at=local(now),
        float_fen=figures.float_fen,
        tenders=figures.tenders,
        reversal_count=figures.reversal_count,
        reversal_fen=figures.reversal_fen,
        expected_cash_fen=figures.expected_cash_fen,
        **closing,  # type: ignore[arg-type]
    )


def x_report(connection: Connection, actor: SignedIn, *, now: datetime) -> ShiftSlip:
    """The X reading of ``actor``'s open shift, queued for the receipt printer; nothing changes."""
    require(actor, Permission.RUN_SHIFT)
    shift = current_shift(connection, actor)
    if shift is None:
        raise ShiftError("No shift of yours is open, so there is nothing to read.")
    slip = _slip(connection, shift, ShiftSlipKind.X, now)
    print_jobs.enqueue(connection, slip, printer=RECEIPT_PRINTER, now=now, source_uid=shift.uid)
    audit.append(connection, at=now, actor=actor.number, action="shift.x_report",
                 subject=shift.shift_no)  # fmt: skip
    return slip


def differences(figures: ShiftTotals, counted: Mapping[Tender, Fen]) -> dict[Tender, Fen]:
    """Counted minus expected for every tender that was expected or counted."""
    expected = figures.expected()
    tenders = set(expected) | set(counted)
    return {tender: counted.get(tender, 0) - expected.get(tender, 0) for tender in tenders}


def _difference_words(diffs: Mapping[Tender, Fen]) -> str:
    names = {Tender.BANK_CARD: "银行卡", Tender.WECHAT: "微信", Tender.ALIPAY: "支付宝",
             Tender.CHEQUE: "支票", Tender.PREPAID: "预收"}  # fmt: skip
    parts = []
    for tender, diff in sorted(diffs.items(), key=lambda kv: list(Tender).index(kv[0])):
        if tender is Tender.CASH or diff == 0:
            continue
        word = "长款" if diff > 0 else "短款"
        parts.append(f"{names.get(tender, tender.value)}{word}{format_yuan(abs(diff), symbol='¥')}")
    return "；".join(parts)


def close_shift(
    connection: Connection,
    actor: SignedIn,
    *,
    counted: Mapping[Tender, Fen],
    now: datetime,
    reason: str = "",
    approval: Approval | None = None,
) -> ShiftSlip:
    """Close ``actor``'s shift with the counted totals and queue the numbered Z report.

    Raises :class:`ApprovalRequiredError` (nothing written) when a tender differs by more than the
    limit and no reason or approval was given; the UI then asks for both and calls again.
    """
    require(actor, Permission.RUN_SHIFT)
    shift = current_shift(connection, actor)
    if shift is None:
        raise ShiftError("No shift of yours is open on this terminal.")
    if any(
        isinstance(amount, bool) or not isinstance(amount, int) or amount < 0
        for amount in counted.values()
    ):
        raise ShiftError("Counted amounts must be ¥0.00 or more.")
    if Tender.CASH not in counted:
        raise ShiftError("Enter the counted cash, even when it is ¥0.00.")
    config = settings.load(connection)
    figures = totals(connection, shift.id)
    diffs = differences(figures, counted)
    over_limit = {t: d for t, d in diffs.items() if abs(d) > config.difference_limit_fen}
    reason = reason.strip()
    if over_limit and (not reason or approval is None):
        raise ApprovalRequiredError(diffs, config.difference_limit_fen)
    approved_by = ""
    if over_limit and approval is not None:
        if approval.manager_id == actor.clerk_id:
            raise PermissionDeniedError("An approval must come from someone else, not yourself.")
        consume_approval(
            connection, approval, permission=Permission.APPROVE, act=CLOSE_ACT, now=now, by=actor
        )  # fmt: skip
        approved_by = approval.manager_no
    z_no = f"{config.terminal_code}-Z{next_number(connection, f'z:{config.terminal_code}'):04d}"
    non_cash = _difference_words(diffs)
    reason_text = "；".join(part for part in (reason, non_cash) if part)
    slip = _slip(connection, shift, ShiftSlipKind.Z, now, counted_cash_fen=counted[Tender.CASH],
                 difference_reason=reason_text, approved_by=approved_by, z_no=z_no)  # fmt: skip
    total_difference = sum(diffs.values())
    connection.execute(
        text(
            "UPDATE shift SET state = 'closed', closed_at = :now, z_no = :z, counted = :counted, "
            "expected_cash_fen = :expected, counted_cash_fen = :cash, difference_fen = :diff, "
            "difference_reason = :reason, approved_by_id = :approver WHERE id = :id"
        ),
        {"now": naive_utc(now), "z": z_no,
         "counted": json.dumps({t.value: a for t, a in counted.items()}, sort_keys=True),
         "expected": figures.expected_cash_fen, "cash": counted[Tender.CASH],
         "diff": total_difference, "reason": reason_text[:200] or None,
         "approver": approval.manager_id if approved_by and approval else None, "id": shift.id},
    )  # fmt: skip
    print_jobs.enqueue(connection, slip, printer=RECEIPT_PRINTER, now=now, source_uid=shift.uid)
    audit.append(connection, at=now, actor=actor.number, action="shift.closed",
                 subject=shift.shift_no,
                 detail={"z_no": z_no, "differences": {t.value: d for t, d in diffs.items()},
                         "approved_by": approved_by})  # fmt: skip
    outbox.add(connection, op_id=new_uid(), terminal_id=config.terminal_code, kind="shift.closed",
               payload={"shift_uid": str(shift.uid), "z_no": z_no,
                        "counted": {t.value: a for t, a in counted.items()},
                        "difference_fen": total_difference},
               business_time=now, now=now)  # fmt: skip
    return slip
