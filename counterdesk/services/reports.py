"""Daily reports (实收统计): what the hall took on a business day, and one clerk's day.

Why from the payment rows and not from the Z reports: the Z report is one shift at one terminal,
while the manager banks and audits the whole day, and needs to see it cut four ways (by clerk, by
tender, by utility, by hour of the day). Every cut is computed from the same payments, so each
must come to the same net figure; :class:`HallTakings` refuses to exist when they do not, because
a report that contradicts itself is worse than none (as :mod:`counterdesk.documents.receipts`).

Counting rules, the same as the shift's X and Z reports (:func:`.shifts.totals`):

- *gross* (收款) is every payment of the day, reversed ones included; *reversed* (冲正) is the
  money of the payments that were reversed; *net* (实收) is gross minus reversed.
- A reversal belongs to the day, clerk, tender and hour of the payment it undid. Reversals are
  made in the payment's own shift, so they are the same clerk and (but for a shift kept open past
  midnight) the same day.
- A split payment (组合支付) counts once under each tender it used, with that tender's part; so
  the tender counts may add up to more than the number of payments, the amounts never do.

Reports are read-only: they write nothing, not even an audit entry, and need no transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from sqlalchemy import Connection, text

from counterdesk.documents.identity import HallIdentity
from counterdesk.documents.receipts import DocumentError, Tender, TenderPart
from counterdesk.domain.accounts import Utility
from counterdesk.domain.money import Fen
from counterdesk.domain.permissions import Permission
from counterdesk.services.auth import SignedIn, require
from counterdesk.services.common import CounterError, aware_utc, local
from counterdesk.store import settings
from counterdesk.store.models import PaymentState

_TENDER_ORDER: Final = tuple(Tender)
_UTILITY_ORDER: Final = tuple(Utility)


class ReportError(CounterError):
    """A report that cannot be made as asked (an unknown clerk)."""


@dataclass(frozen=True)
class Takings:
    """What a group of payments took: gross (收款), reversed (冲正) and net (实收)."""

    payments: int = 0
    gross_fen: Fen = 0
    reversals: int = 0
    reversed_fen: Fen = 0

    @property
    def net_fen(self) -> Fen:
        return self.gross_fen - self.reversed_fen

    def plus(self, amount_fen: Fen, *, reversed_: bool) -> Takings:
        """These takings and one more payment (or tender part) of ``amount_fen``."""
        return Takings(
            self.payments + 1,
            self.gross_fen + amount_fen,
            self.reversals + (1 if reversed_ else 0),
            self.reversed_fen + (amount_fen if reversed_ else 0),
        )

    @staticmethod
    def sum(parts: Iterable[Takings]) -> Takings:
        total = Takings()
        for part in parts:
            total = Takings(
                total.payments + part.payments,
                total.gross_fen + part.gross_fen,
                total.reversals + part.reversals,
                total.reversed_fen + part.reversed_fen,
            )
        return total


@dataclass(frozen=True)
class ClerkTakings:
    clerk_no: str
    clerk_name: str
    takings: Takings


@dataclass(frozen=True)
class TenderTakings:
    tender: Tender
    takings: Takings


@dataclass(frozen=True)
class UtilityTakings:
    utility: Utility
    takings: Takings


@dataclass(frozen=True)
class HourTakings:
    """The payments taken in one hour of the hall's clock (``hour`` 8 is 08:00–08:59)."""

    hour: int
    takings: Takings

    @property
    def label(self) -> str:
        return f"{self.hour:02d}:00–{self.hour:02d}:59"


def _require_aware(name: str, moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise DocumentError(f"{name} must carry its time zone, got {moment!r}.")


def _check_same(what: str, total: Takings, name: str, part: Takings, *, counts: bool) -> None:
    """Refuse a breakdown whose money (and, where each payment is in one row, counts) differ."""
    money = (total.gross_fen, total.reversed_fen, total.net_fen)
    if (part.gross_fen, part.reversed_fen, part.net_fen) != money:
        raise DocumentError(
            f"{what}: by {name} gross/reversed/net {part.gross_fen}/{part.reversed_fen}/"
            f"{part.net_fen} fen, by clerk {money[0]}/{money[1]}/{money[2]} fen."
        )
    if counts and (part.payments, part.reversals) != (total.payments, total.reversals):
        raise DocumentError(
            f"{what}: by {name} {part.payments} payments and {part.reversals} reversals, "
            f"by clerk {total.payments} and {total.reversals}."
        )


@dataclass(frozen=True)
class HallTakings:
    """The hall's takings on one business day (营业厅实收统计日报), cut four ways.

    ``total`` is the sum of the clerks' rows; the tender, utility and hour cuts must each come to
    the same gross, reversed and net money, or the report is refused with :class:`DocumentError`.
    """

    issuer: HallIdentity
    terminal_code: str
    business_day: date
    printed_at: datetime
    by_clerk: tuple[ClerkTakings, ...]
    by_tender: tuple[TenderTakings, ...]
    by_utility: tuple[UtilityTakings, ...]
    by_hour: tuple[HourTakings, ...]

    def __post_init__(self) -> None:
        _require_aware("printed_at", self.printed_at)
        what = f"Takings of {self.business_day}"
        total = self.total
        _check_same(what, total, "tender", Takings.sum(r.takings for r in self.by_tender),
                    counts=False)  # fmt: skip
        _check_same(what, total, "utility", Takings.sum(r.takings for r in self.by_utility),
                    counts=True)  # fmt: skip
        _check_same(what, total, "hour", Takings.sum(r.takings for r in self.by_hour),
                    counts=True)  # fmt: skip

    @property
    def total(self) -> Takings:
        return Takings.sum(row.takings for row in self.by_clerk)


@dataclass(frozen=True)
class PaymentLine:
    """One payment in a clerk's day: when, which receipt and account, how much, how, and state."""

    paid_at: datetime
    receipt_no: str
    account_no: str
    utility: Utility
    amount_fen: Fen
    tenders: tuple[TenderPart, ...]
    state: PaymentState
    reversal_no: str = ""

    @property
    def reversed(self) -> bool:
        return self.state is PaymentState.REVERSED


@dataclass(frozen=True)
class ShiftLine:
    """One shift of the clerk that day (收费班次) with its closing (轧账) figures once closed.

    ``difference_fen`` is what the shift recorded at closing: counted minus expected over all
    tenders (长款 positive, 短款 negative); ``None`` while the shift is open.
    """

    shift_no: str
    window: str
    opened_at: datetime
    closed_at: datetime | None
    float_fen: Fen
    z_no: str
    expected_cash_fen: Fen | None
    counted_cash_fen: Fen | None
    difference_fen: Fen | None
    difference_reason: str = ""

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True)
class ClerkDayReport:
    """One clerk's business day (收费员日报): each payment, each shift, and the totals."""

    issuer: HallIdentity
    terminal_code: str
    business_day: date
    printed_at: datetime
    clerk_no: str
    clerk_name: str
    payments: tuple[PaymentLine, ...]
    shifts: tuple[ShiftLine, ...]
    by_tender: tuple[TenderTakings, ...]

    def __post_init__(self) -> None:
        _require_aware("printed_at", self.printed_at)
        what = f"Day of clerk {self.clerk_no} on {self.business_day}"
        for line in self.payments:
            _require_aware("paid_at", line.paid_at)
            if sum(part.amount_fen for part in line.tenders) != line.amount_fen:
                raise DocumentError(
                    f"{what}: the tenders of receipt {line.receipt_no} do not add up to "
                    f"{line.amount_fen} fen."
                )
        _check_same(what, self.total, "tender", Takings.sum(r.takings for r in self.by_tender),
                    counts=False)  # fmt: skip

    @property
    def total(self) -> Takings:
        total = Takings()
        for line in self.payments:
            total = total.plus(line.amount_fen, reversed_=line.reversed)
        return total

    @property
    def closed_shifts(self) -> tuple[ShiftLine, ...]:
        return tuple(shift for shift in self.shifts if shift.closed)


# --- reading the day's payments --------------------------------------------------------------


@dataclass(frozen=True)
class _Paid:
    id: int
    receipt_no: str
    paid_at: datetime
    state: PaymentState
    amount_fen: Fen
    clerk_no: str
    clerk_name: str
    account_no: str
    utility: Utility
    reversal_no: str

    @property
    def reversed(self) -> bool:
        return self.state is PaymentState.REVERSED


_PAYMENTS_SQL: Final = (
    "SELECT p.id, p.receipt_no, p.paid_at, p.state, p.received_fen, c.number, c.name, a.number, "
    "a.utility, r.reversal_no FROM payment AS p JOIN clerk AS c ON c.id = p.clerk_id "
    "JOIN account AS a ON a.id = p.account_id LEFT JOIN reversal AS r ON r.payment_id = p.id "
    "WHERE p.business_day = :day"
)
_TENDERS_SQL: Final = (
    "SELECT t.payment_id, t.tender, t.amount_fen, t.reference FROM payment_tender AS t "
    "JOIN payment AS p ON p.id = t.payment_id WHERE p.business_day = :day"
)
_BY_CLERK: Final = " AND p.clerk_id = :clerk"


def _payments(
    connection: Connection, day: date, clerk_id: int | None = None
) -> tuple[list[_Paid], dict[int, list[TenderPart]]]:
    """The day's payments in the order they were taken, and each payment's tenders."""
    params: dict[str, object] = {"day": day.isoformat()}
    where = ""
    if clerk_id is not None:
        params["clerk"] = clerk_id
        where = _BY_CLERK
    rows = connection.execute(text(_PAYMENTS_SQL + where + " ORDER BY p.paid_at, p.id"), params)
    paid = [
        _Paid(int(row[0]), str(row[1]), local(aware_utc(row[2])), PaymentState(str(row[3])),
              int(row[4]), str(row[5]), str(row[6]), str(row[7]), Utility(str(row[8])),
              "" if row[9] is None else str(row[9]))
        for row in rows
    ]  # fmt: skip
    tenders: dict[int, list[TenderPart]] = defaultdict(list)
    for payment_id, tender, amount, reference in connection.execute(
        text(_TENDERS_SQL + where + " ORDER BY t.id"), params
    ):
        tenders[int(payment_id)].append(
            TenderPart(Tender(str(tender)), int(amount), str(reference))
        )
    return paid, tenders


def _by_tender(
    paid: list[_Paid], tenders: dict[int, list[TenderPart]]
) -> tuple[TenderTakings, ...]:
    book: dict[Tender, Takings] = {}
    for payment in paid:
        for part in tenders.get(payment.id, []):
            was = book.get(part.tender, Takings())
            book[part.tender] = was.plus(part.amount_fen, reversed_=payment.reversed)
    return tuple(TenderTakings(t, book[t]) for t in _TENDER_ORDER if t in book)


def hall_takings(
    connection: Connection, actor: SignedIn, day: date, *, now: datetime
) -> HallTakings:
    """The takings of business day ``day`` by clerk, tender, utility and hour (needs reports)."""
    require(actor, Permission.VIEW_REPORTS)
    paid, tenders = _payments(connection, day)
    clerks: dict[str, Takings] = {}
    names: dict[str, str] = {}
    utilities: dict[Utility, Takings] = {}
    hours: dict[int, Takings] = {}
    for p in paid:
        clerks[p.clerk_no] = clerks.get(p.clerk_no, Takings()).plus(
            p.amount_fen, reversed_=p.reversed
        )
        names[p.clerk_no] = p.clerk_name
        utilities[p.utility] = utilities.get(p.utility, Takings()).plus(
            p.amount_fen, reversed_=p.reversed
        )
        hour = p.paid_at.hour
        hours[hour] = hours.get(hour, Takings()).plus(p.amount_fen, reversed_=p.reversed)
    return HallTakings(
        issuer=settings.load_hall_identity(connection),
        terminal_code=settings.load(connection).terminal_code,
        business_day=day,
        printed_at=local(now),
        by_clerk=tuple(ClerkTakings(no, names[no], clerks[no]) for no in sorted(clerks)),
        by_tender=_by_tender(paid, tenders),
        by_utility=tuple(UtilityTakings(u, utilities[u]) for u in _UTILITY_ORDER if u in utilities),
        by_hour=tuple(HourTakings(h, hours[h]) for h in sorted(hours)),
    )


def _shifts(connection: Connection, clerk_id: int, day: date) -> tuple[ShiftLine, ...]:
    rows = connection.execute(
        text(
            "SELECT shift_no, window, opened_at, closed_at, float_fen, z_no, expected_cash_fen, "
            "counted_cash_fen, difference_fen, difference_reason FROM shift "
            "WHERE clerk_id = :clerk AND business_day = :day ORDER BY opened_at, id"
        ),
        {"clerk": clerk_id, "day": day.isoformat()},
    )

    def maybe(value: object) -> int | None:
        return None if value is None else int(str(value))

    return tuple(
        ShiftLine(
            shift_no=str(row[0]),
            window=str(row[1]),
            opened_at=local(aware_utc(row[2])),
            closed_at=None if row[3] is None else local(aware_utc(row[3])),
            float_fen=int(row[4]),
            z_no="" if row[5] is None else str(row[5]),
            expected_cash_fen=maybe(row[6]),
            counted_cash_fen=maybe(row[7]),
            difference_fen=maybe(row[8]),
            difference_reason="" if row[9] is None else str(row[9]),
        )
        for row in rows
    )


def clerk_day(
    connection: Connection, actor: SignedIn, day: date, clerk_no: str, *, now: datetime
) -> ClerkDayReport:
    """Clerk ``clerk_no``'s payments and shifts on ``day``: their own, or anyone's with reports."""
    clerk_no = clerk_no.strip()
    if clerk_no != actor.number:
        require(actor, Permission.VIEW_REPORTS)
    found = connection.execute(
        text("SELECT id, name FROM clerk WHERE number = :n"), {"n": clerk_no}
    ).one_or_none()
    if found is None:
        raise ReportError("There is no clerk {number}.", number=clerk_no)
    clerk_id, clerk_name = int(found[0]), str(found[1])
    paid, tenders = _payments(connection, day, clerk_id)
    return ClerkDayReport(
        issuer=settings.load_hall_identity(connection),
        terminal_code=settings.load(connection).terminal_code,
        business_day=day,
        printed_at=local(now),
        clerk_no=clerk_no,
        clerk_name=clerk_name,
        payments=tuple(
            PaymentLine(
                p.paid_at,
                p.receipt_no,
                p.account_no,
                p.utility,
                p.amount_fen,
                tuple(tenders.get(p.id, [])),
                p.state,
                p.reversal_no,
            )
            for p in paid
        ),
        shifts=_shifts(connection, clerk_id, day),
        by_tender=_by_tender(paid, tenders),
    )
