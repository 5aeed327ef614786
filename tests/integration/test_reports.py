"""Daily reports (实收统计) as a hall manager and a clerk read them, from real payments.

The day is taken through the payments and shifts services (tests/helpers/takings.py lists it);
every figure below is worked out by hand from that table, not from the code under test.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from counterdesk.documents.receipts import DocumentError, Tender
from counterdesk.domain.accounts import Utility
from counterdesk.services import auth, reports, shifts
from counterdesk.services.auth import PermissionDeniedError, SignedIn
from counterdesk.services.common import CounterError
from counterdesk.services.reports import (
    ClerkTakings,
    HallTakings,
    HourTakings,
    Takings,
    TenderTakings,
)
from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade
from counterdesk.store.models import PaymentState
from tests.helpers.counter import TODAY, later
from tests.helpers.takings import SECOND_CLERK, SECOND_NAME, Day, take_a_day

AT = later(300)
"""15:30 in the hall, when the manager prints the report."""


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Day]:
    """One day of payments for the whole module: the reports only read it."""
    engine = make_engine(tmp_path_factory.mktemp("reports") / "terminal.db")
    upgrade(engine)
    yield take_a_day(engine)
    engine.dispose()


def hall(day: Day, actor: SignedIn | None = None, on: date = TODAY) -> HallTakings:
    with day.counter.engine.connect() as connection:
        return reports.hall_takings(connection, actor or day.counter.manager, on, now=AT)


def clerk_day(day: Day, actor: SignedIn, clerk_no: str) -> reports.ClerkDayReport:
    with day.counter.engine.connect() as connection:
        return reports.clerk_day(connection, actor, TODAY, clerk_no, now=AT)


def test_the_hall_takings_by_clerk(day: Day) -> None:
    report = hall(day)
    assert report.by_clerk == (
        ClerkTakings("0107", "张敏", Takings(4, 60_800, 1, 8_800)),
        ClerkTakings(SECOND_CLERK, SECOND_NAME, Takings(2, 17_550, 0, 0)),
    )
    assert report.total == Takings(payments=6, gross_fen=78_350, reversals=1, reversed_fen=8_800)
    assert report.total.net_fen == 69_550
    assert [row.takings.net_fen for row in report.by_clerk] == [52_000, 17_550]


def test_the_hall_takings_by_tender_count_a_split_payment_under_each_tender(day: Day) -> None:
    assert hall(day).by_tender == (
        TenderTakings(Tender.CASH, Takings(4, 44_350, 1, 8_800)),  # 200 + 100 + 88 + 55.50
        TenderTakings(Tender.BANK_CARD, Takings(1, 15_000, 0, 0)),
        TenderTakings(Tender.WECHAT, Takings(1, 7_000, 0, 0)),
        TenderTakings(Tender.ALIPAY, Takings(1, 12_000, 0, 0)),
    )


def test_the_hall_takings_by_utility_and_by_hour_of_the_halls_clock(day: Day) -> None:
    report = hall(day)
    assert [(row.utility, row.takings) for row in report.by_utility] == [
        (Utility.ELECTRICITY, Takings(5, 61_350, 1, 8_800)),
        (Utility.WATER, Takings(1, 17_000, 0, 0)),
    ]
    assert report.by_hour == (
        HourTakings(10, Takings(2, 35_000, 0, 0)),
        HourTakings(11, Takings(2, 25_800, 1, 8_800)),
        HourTakings(14, Takings(2, 17_550, 0, 0)),
    )
    assert [row.label for row in report.by_hour] == ["10:00–10:59", "11:00–11:59", "14:00–14:59"]


def test_every_cut_comes_to_the_same_net(day: Day) -> None:
    report = hall(day)
    nets = [
        sum(row.takings.net_fen for row in cut)
        for cut in (report.by_clerk, report.by_tender, report.by_utility, report.by_hour)
    ]
    assert nets == [69_550] * 4


def test_the_report_says_who_printed_it_where_and_when(day: Day) -> None:
    report = hall(day)
    assert report.business_day == TODAY
    assert report.terminal_code == "QS03"
    assert report.issuer.hall_name == "青山供电营业厅"
    assert report.printed_at.utcoffset() == timedelta(hours=8)
    assert (report.printed_at.hour, report.printed_at.minute) == (15, 30)


def test_the_clerks_net_agrees_with_the_shift_totals(day: Day) -> None:
    """The report and the Z report read the same payments the same way."""
    with day.counter.engine.connect() as connection:
        shift = shifts.open_shift_on_terminal(connection)
        assert shift is not None
        assert shift.clerk_no == SECOND_CLERK
        figures = shifts.totals(connection, shift.id)
    expected = figures.expected()
    expected[Tender.CASH] -= figures.float_fen
    second = next(row for row in hall(day).by_clerk if row.clerk_no == SECOND_CLERK)
    assert sum(expected.values()) == second.takings.net_fen


def test_other_days_are_left_out(day: Day) -> None:
    before = hall(day, on=TODAY - timedelta(days=1))
    assert before.total == Takings(1, 9_999, 0, 0)
    empty = hall(day, on=TODAY + timedelta(days=1))
    assert empty.total == Takings()
    assert (empty.by_clerk, empty.by_tender, empty.by_utility, empty.by_hour) == ((), (), (), ())


def test_a_clerk_may_not_read_the_halls_takings(day: Day) -> None:
    with pytest.raises(PermissionDeniedError) as refused:
        hall(day, actor=day.counter.clerk)
    assert isinstance(refused.value, CounterError)
    assert refused.value.params["permission"] == "view_reports"
    assert "{" in refused.value.template  # translated by the UI, values filled in after


@pytest.mark.parametrize("who", ["manager", "admin", "cli"])
def test_managers_and_admins_read_the_halls_takings(day: Day, who: str) -> None:
    actor = auth.CLI_ADMIN if who == "cli" else getattr(day.counter, who)
    assert hall(day, actor=actor).total.net_fen == 69_550


def test_a_clerk_reads_their_own_day(day: Day) -> None:
    report = clerk_day(day, day.counter.clerk, "0107")
    assert (report.clerk_no, report.clerk_name) == ("0107", "张敏")
    assert [line.receipt_no for line in report.payments] == list(day.receipts[:4])
    assert [f"{line.paid_at:%H:%M}" for line in report.payments] == [
        "10:31", "10:40", "11:05", "11:20",
    ]  # fmt: skip
    assert [line.amount_fen for line in report.payments] == [20_000, 15_000, 17_000, 8_800]
    assert [line.account_no for line in report.payments][:3] == [
        "3301020456", "3301020457", "5501000123",
    ]  # fmt: skip
    split = report.payments[2]
    assert [(part.tender, part.amount_fen) for part in split.tenders] == [
        (Tender.CASH, 10_000),
        (Tender.WECHAT, 7_000),
    ]
    assert split.utility is Utility.WATER
    assert [line.state for line in report.payments] == [PaymentState.POSTED] * 3 + [
        PaymentState.REVERSED
    ]
    assert report.payments[3].reversal_no == day.reversal_no
    assert report.total == Takings(4, 60_800, 1, 8_800)
    assert report.by_tender[0] == TenderTakings(Tender.CASH, Takings(3, 38_800, 1, 8_800))


def test_the_clerks_day_lists_their_shifts_with_the_closing_figures(day: Day) -> None:
    (shift,) = clerk_day(day, day.counter.clerk, "0107").shifts
    assert shift.shift_no == "QS03-20261121-1"
    assert shift.z_no == day.z_no
    assert (shift.float_fen, shift.expected_cash_fen, shift.counted_cash_fen) == (
        50_000,
        80_000,  # the float and 200 + 100 of cash; the reversed 88 is out
        80_000,
    )
    assert shift.difference_fen == 0
    assert (f"{shift.opened_at:%H:%M}", f"{shift.closed_at:%H:%M}") == ("10:30", "12:00")


def test_an_open_shift_has_no_closing_figures_yet(day: Day) -> None:
    report = clerk_day(day, day.counter.manager, SECOND_CLERK)
    (shift,) = report.shifts
    assert not shift.closed
    assert (shift.z_no, shift.counted_cash_fen, shift.difference_fen) == ("", None, None)
    assert report.total == Takings(2, 17_550, 0, 0)


def test_a_clerk_may_not_read_another_clerks_day(day: Day) -> None:
    with pytest.raises(PermissionDeniedError):
        clerk_day(day, day.counter.clerk, SECOND_CLERK)
    with pytest.raises(PermissionDeniedError):  # nor learn which numbers exist
        clerk_day(day, day.counter.clerk, "4242")
    assert clerk_day(day, day.second, SECOND_CLERK).total.payments == 2


def test_an_unknown_clerk_is_refused_with_a_template(day: Day) -> None:
    with pytest.raises(reports.ReportError) as refused:
        clerk_day(day, day.counter.manager, "4242")
    assert refused.value.template == "There is no clerk {number}."
    assert refused.value.params == {"number": "4242"}


def test_someone_without_payments_gets_an_empty_day(day: Day) -> None:
    report = clerk_day(day, day.counter.manager, "9001")  # the IT admin takes no money
    assert (report.clerk_no, report.clerk_name) == ("9001", "王工")
    assert (report.payments, report.shifts, report.by_tender) == ((), (), ())
    assert report.total == Takings()


def test_a_report_whose_cuts_disagree_is_refused(day: Day) -> None:
    report = hall(day)
    wrong = (TenderTakings(Tender.CASH, Takings(4, 44_351, 1, 8_800)), *report.by_tender[1:])
    with pytest.raises(DocumentError, match="by tender"):
        dataclasses.replace(report, by_tender=wrong)
    with pytest.raises(ValueError, match="by hour"):
        dataclasses.replace(report, by_hour=report.by_hour[:-1])
    with pytest.raises(ValueError, match="time zone"):
        dataclasses.replace(report, printed_at=report.printed_at.replace(tzinfo=None))


def test_reports_write_nothing(day: Day) -> None:
    def audit_entries() -> int:
        with day.counter.engine.connect() as connection:
            return int(connection.exec_driver_sql("SELECT count(*) FROM audit_entry").scalar_one())

    before = audit_entries()
    hall(day)
    clerk_day(day, day.counter.clerk, "0107")
    assert audit_entries() == before
