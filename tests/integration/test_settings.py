"""Business settings and the calendar override table, stored in the terminal database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, text

from counterdesk.domain.accounts import CustomerClass
from counterdesk.domain.late_fee import LateFeeRules, late_fee_for_bill
from counterdesk.domain.workdays import parse_overrides
from counterdesk.store import settings

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def test_defaults_without_any_row(engine: Engine) -> None:
    with engine.connect() as connection:
        loaded = settings.load(connection)
    assert loaded.late_fee == LateFeeRules()
    assert loaded.maximum_amount_fen == 100_000_000
    assert loaded.complete_years == ()


def test_a_stored_rate_changes_the_late_fee(engine: Engine) -> None:
    with engine.begin() as connection:
        settings.write(connection, "late_fee.residential_rate", 5, now=NOW)
        settings.write(connection, "late_fee.minimum_fen", 0, now=NOW)
    with engine.connect() as connection:
        rules = settings.load(connection).late_fee
    # ¥100 for 30 days at 0.5‰ a day is ¥1.50.
    fee = late_fee_for_bill(10_000, date(2026, 1, 1), date(2026, 1, 31), CustomerClass.RESIDENTIAL,
                            rules)  # fmt: skip
    assert fee == 150


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("late_fee.residential_rte", 5, "Unknown setting"),
        ("late_fee.residential_rate", -1, "zero or more"),
        ("late_fee.residential_rate", 1.5, "whole number"),
        ("late_fee.residential_rate", True, "whole number"),
        ("money.maximum_amount_fen", 0, "more than zero"),
        ("calendar.complete_years", [27], "list of years"),
        ("calendar.complete_years", "2027", "list of years"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(
    engine: Engine, key: str, value: object, message: str
) -> None:
    with pytest.raises(settings.SettingError, match=message), engine.begin() as connection:
        settings.write(connection, key, value, now=NOW)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM setting")).scalar() == 0


def test_overrides_make_an_unknown_year_exact(engine: Engine) -> None:
    with engine.connect() as connection:
        before = settings.load_calendar(connection)
    assert before.is_provisional(date(2027, 2, 10))

    table = parse_overrides("2027-02-06 work\n2027-02-08 off\n2027-02-09 off\n2027-02-10 off\n")
    with engine.begin() as connection:
        assert settings.import_overrides(connection, table, note="国务院办公厅 2027") == 4
        settings.write(connection, "calendar.complete_years", [2027], now=NOW)
    with engine.connect() as connection:
        calendar = settings.load_calendar(connection)
    assert not calendar.is_provisional(date(2027, 2, 10))
    assert not calendar.is_workday(date(2027, 2, 10))
    assert calendar.is_workday(date(2027, 2, 6))  # a Saturday worked (调休)
    deadline = calendar.add_workdays(date(2027, 2, 5), 2)
    assert deadline.due == date(2027, 2, 11)
    assert not deadline.provisional


def test_the_hall_identity_comes_from_settings(engine: Engine) -> None:
    with engine.begin() as connection:
        settings.write(connection, "hall.utility_name", " 国网云溪市供电公司 ", now=NOW)
        settings.write(connection, "hall.phone", "95598", now=NOW)
        with pytest.raises(settings.SettingError, match="at most 40"):
            settings.write(connection, "hall.name", "营" * 41, now=NOW)
    with engine.connect() as connection:
        hall = settings.load_hall_identity(connection)
    assert hall.utility_name == "国网云溪市供电公司"
    assert hall.phone == "95598"
    assert hall.hall_name == ""
