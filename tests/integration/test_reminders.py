"""A payment reminder made from the account the clerk has open, read back from its PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine

from counterdesk.documents.samples import SAMPLE_HALL
from counterdesk.domain.money import format_yuan
from counterdesk.services.reminders import NoArrearsError, payment_reminder
from counterdesk.store import settings
from counterdesk.store.account_view import AccountView, load_account_view
from printing.notices import render_notice
from tests.conftest import SEED_AS_OF


def _view(city_engine: Engine, *, in_arrears: bool) -> AccountView:
    with city_engine.connect() as connection:
        rules = settings.load(connection).late_fee
        for (account_id,) in connection.exec_driver_sql("SELECT id FROM account ORDER BY id"):
            view = load_account_view(connection, account_id, SEED_AS_OF, rules)
            if (view.arrears_fen > 0) == in_arrears:
                return view
    raise AssertionError("the small city has no such account")


def test_the_reminder_lists_what_the_screen_shows_as_overdue(city_engine: Engine) -> None:
    view = _view(city_engine, in_arrears=True)
    reminder = payment_reminder(view, SAMPLE_HALL, today=SEED_AS_OF)
    assert reminder.principal_fen == view.arrears_fen
    overdue = [bill for bill in view.bills if bill.overdue_days > 0]
    assert reminder.late_fee_fen == sum(bill.late_fee_fen for bill in overdue)
    assert [line.period for line in reminder.arrears] == sorted(
        line.period for line in reminder.arrears
    )
    assert reminder.notice_no == f"CJ-20261121-{view.number}"
    # The same account on the same day is the same notice.
    assert payment_reminder(view, SAMPLE_HALL, today=SEED_AS_OF).notice_uid == reminder.notice_uid
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(render_notice(reminder))).pages
    )
    assert view.number in text
    assert format_yuan(reminder.total_fen).replace("¥", "") in text


def test_no_reminder_for_an_account_that_owes_nothing_overdue(city_engine: Engine) -> None:
    view = _view(city_engine, in_arrears=False)
    with pytest.raises(NoArrearsError, match=view.number):
        payment_reminder(view, SAMPLE_HALL, today=SEED_AS_OF)
