"""Business settings: the numbers DOMAIN.md says must be configurable, with their defaults in code.

Why a table and not the terminal's config file: these numbers (late-fee rates, the largest amount
a clerk may type, the years of official holidays on file) are the utility's policy, the same on
every terminal, and will come down from HQ with the rest of the synced data. Only values that
differ from the default are stored; a key the program does not know, or a value of the wrong kind,
is refused with a message naming the key, so a typo never silently changes a rate.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Connection, text

from counterdesk.documents.identity import HallIdentity
from counterdesk.domain.back_billing import DEFAULT_BACK_BILLING, parse_back_billing_rules
from counterdesk.domain.late_fee import LateFeeRules
from counterdesk.domain.money import DEFAULT_MAXIMUM_FEN, Fen
from counterdesk.domain.orders.cases import DEFAULT_CASE_STANDARDS, parse_case_standards
from counterdesk.domain.orders.connection import (
    DEFAULT_CONNECTION_STANDARDS,
    parse_connection_standards,
    parse_restricted_areas,
)
from counterdesk.domain.orders.connection_docs import DEFAULT_LOW_VOLTAGE_LIMIT_KVA
from counterdesk.domain.orders.meter_change import (
    DEFAULT_METER_CHANGE_WORKDAYS,
    parse_meter_change_workdays,
)
from counterdesk.domain.orders.paid_services import DEFAULT_FEE_SCHEDULE, parse_fee_schedule
from counterdesk.domain.orders.readings import DEFAULT_READING_CHECKS, parse_reading_checks
from counterdesk.domain.orders.steps import DEFAULT_HELD_AFTER_WORKDAYS
from counterdesk.domain.workdays import WorkCalendar


class SettingError(ValueError):
    """A setting that cannot be stored: unknown key or a value of the wrong kind or range."""


def _non_negative_int(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SettingError(f"{key} must be a whole number of zero or more, not {value!r}.")
    return value


def _positive_int(key: str, value: Any) -> int:
    if _non_negative_int(key, value) == 0:
        raise SettingError(f"{key} must be more than zero.")
    return int(value)


def _years(key: str, value: Any) -> list[int]:
    if not isinstance(value, list) or not all(
        isinstance(year, int) and not isinstance(year, bool) and 2000 <= year <= 2100
        for year in value
    ):
        raise SettingError(f"{key} must be a list of years such as [2027], not {value!r}.")
    return sorted(set(value))


def _percent(key: str, value: Any) -> int:
    if _non_negative_int(key, value) > 100:
        raise SettingError(f"{key} must be a percentage from 0 to 100, not {value!r}.")
    return int(value)


def _thresholds(key: str, value: Any) -> list[int]:
    if (
        not isinstance(value, list)
        or len(value) != 4
        or not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 100 for v in value)
        or value != sorted(value)
    ):
        raise SettingError(f"{key} must be four rising scores from 0 to 100, not {value!r}.")
    return list(value)


def _text(limit: int) -> Callable[[str, Any], str]:
    def check(key: str, value: Any) -> str:
        if not isinstance(value, str) or len(value.strip()) > limit:
            raise SettingError(f"{key} must be text of at most {limit} characters, not {value!r}.")
        return value.strip()

    return check


def _names(key: str, value: Any) -> list[str]:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and 0 < len(v.strip()) <= 40 for v in value)
        or len({v.strip() for v in value}) != len(value)
    ):
        raise SettingError(f"{key} must be a list of different names of 1 to 40 characters.")
    return [v.strip() for v in value]


def _parsed(parse: Callable[[object], Any]) -> Callable[[str, Any], Any]:
    """A validator from a domain parser, keeping the stored JSON as it was given."""

    def check(key: str, value: Any) -> Any:
        try:
            parse(value)
        except ValueError as error:
            raise SettingError(f"{key}: {error}") from error
        return value

    return check


def _code(key: str, value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z0-9]{1,8}", value.strip()):
        raise SettingError(
            f"{key} must be 1 to 8 capital letters or digits (it starts every receipt number), "
            f"not {value!r}."
        )
    return value.strip()


_DEFAULT_RULES: Final = LateFeeRules()

SETTINGS: Final[Mapping[str, tuple[Any, Callable[[str, Any], Any], str]]] = {
    "late_fee.residential_rate": (
        _DEFAULT_RULES.residential_rate,
        _non_negative_int,
        "Residential late fee per day, in parts per 10,000 (10 = 1‰).",
    ),
    "late_fee.non_residential_current_year_rate": (
        _DEFAULT_RULES.non_residential_current_year_rate,
        _non_negative_int,
        "Non-residential late fee per day on this year's arrears, parts per 10,000.",
    ),
    "late_fee.non_residential_earlier_years_rate": (
        _DEFAULT_RULES.non_residential_earlier_years_rate,
        _non_negative_int,
        "Non-residential late fee per day on earlier years' arrears, parts per 10,000.",
    ),
    "late_fee.minimum_fen": (
        _DEFAULT_RULES.minimum_fen,
        _non_negative_int,
        "The smallest late fee charged, in fen (100 = ¥1).",
    ),
    "money.maximum_amount_fen": (
        DEFAULT_MAXIMUM_FEN,
        _positive_int,
        "The largest amount a clerk may type, in fen.",
    ),
    "calendar.complete_years": (
        [],
        _years,
        "Years whose holidays the calendar override table holds in full.",
    ),
    "hall.utility_name": ("", _text(40), "The utility printed at the top of receipts (供电公司)."),
    "hall.name": ("", _text(40), "The service hall printed under it (营业厅)."),
    "hall.phone": ("", _text(30), "The service telephone printed on every printout."),
    "hall.address": ("", _text(100), "The hall's address, printed on A4 notices."),
    "hall.website": ("", _text(100), "A web address printed on receipts, may be empty."),
    "hall.logo_path": ("", _text(260), "A PNG logo on this terminal for printouts, may be empty."),
    "terminal.code": ("T01", _code, "This terminal's code; receipt numbers start with it."),
    "terminal.window": ("1", _text(8), "The window (窗口) this terminal serves, on receipts."),
    "shift.difference_limit_fen": (
        1_000,
        _non_negative_int,
        "A cash difference at shift close above this (fen) needs a manager and a reason.",
    ),
    "auth.max_failures": (5, _positive_int, "Wrong passwords in a row before a sign-in locks."),
    "auth.lock_minutes": (15, _positive_int, "How long a locked sign-in stays locked, minutes."),
    "reconnection.hours": (
        24,
        _positive_int,
        "Hours committed to restore supply after arrears on a disconnected account are paid.",
    ),
    "queue.no_show_after_recalls": (
        1,
        _non_negative_int,
        "Recalls needed before a called ticket may be marked a no-show (过号).",
    ),
    "queue.wait_target_minutes": (
        15,
        _positive_int,
        "The waiting-time target: the dashboard warns when someone has waited longer.",
    ),
    "queue.served_within_target_percent": (
        85,
        _percent,
        "Share of today's customers who should be called within the target (85 % in 15 min).",
    ),
    "queue.waiting_per_window_limit": (
        10,
        _positive_int,
        "People waiting per open window above which the dashboard suggests opening another.",
    ),
    "queue.notice": ("", _text(200), "The notice line on the hall screen (planned outages…)."),
    "queue.star.volume_weight": (
        40,
        _percent,
        "Star rating: points (of 100) for the clerk's served volume against the month's best.",
    ),
    "queue.star.minimum_ratings": (
        20,
        _non_negative_int,
        "Star rating: ratings a clerk needs in the month before stars are given.",
    ),
    "queue.star.thresholds": (
        [60, 70, 80, 90],
        _thresholds,
        "Star rating: scores for 2, 3, 4 and 5 stars (below the first is 1 star).",
    ),
    "orders.held_after_workdays": (
        DEFAULT_HELD_AFTER_WORKDAYS,
        _positive_int,
        "An open work order untouched this many working days is shown as held (压单).",
    ),
    "orders.departments": (
        ["营业厅", "客户服务中心", "市场营销部（业扩）", "计量中心", "运维检修部", "供电所"],
        _names,
        "Departments a work order can be transferred to (转派).",
    ),
    "orders.connection_standards": (
        DEFAULT_CONNECTION_STANDARDS,
        _parsed(parse_connection_standards),
        "Connection applications (业扩): working days in all and per step, per type and voltage.",
    ),
    "orders.restricted_areas": (
        [],
        _parsed(parse_restricted_areas),
        "Areas where new connections are temporarily impossible: area, reason, last day.",
    ),
    "orders.low_voltage_limit_kva": (
        DEFAULT_LOW_VOLTAGE_LIMIT_KVA,
        _positive_int,
        "The largest capacity supplied at low voltage (kVA); above it, a high-voltage supply.",
    ),
    "orders.reading_checks": (
        DEFAULT_READING_CHECKS,
        _parsed(parse_reading_checks),
        "Meter change readings: plausible consumption (factor × daily average, floor, cap "
        "without history) and the new meter's largest plausible start reading.",
    ),
    "orders.back_billing_rules": (
        DEFAULT_BACK_BILLING,
        _parsed(parse_back_billing_rules),
        "Back-billing (电量退补): the largest plausible meter error (±%) and wiring factor K.",
    ),
    "orders.meter_change_workdays": (
        DEFAULT_METER_CHANGE_WORKDAYS,
        _parsed(parse_meter_change_workdays),
        "Meter changes: working days from the request to notifying the customer and to the change.",
    ),
    "orders.case_standards": (
        DEFAULT_CASE_STANDARDS,
        _parsed(parse_case_standards),
        "Working days per case kind: first contact and reply from registration, call-back "
        "(回访) after the reply.",
    ),
    "orders.paid_service_fees": (
        DEFAULT_FEE_SCHEDULE,
        _parsed(parse_fee_schedule),
        "The paid services (有偿服务) the hall sells: code, names, fee in fen, unit, working days.",
    ),
}
"""Each known key: its default, its validator and what it means."""


@dataclass(frozen=True)
class BusinessSettings:
    late_fee: LateFeeRules
    maximum_amount_fen: Fen
    complete_years: tuple[int, ...]
    terminal_code: str = "T01"
    window: str = "1"
    difference_limit_fen: Fen = 1_000
    max_failures: int = 5
    lock_minutes: int = 15
    reconnection_hours: int = 24


def read_all(connection: Connection) -> dict[str, Any]:
    """Every known setting with its current value (stored or default)."""
    values = {key: default for key, (default, _, _) in SETTINGS.items()}
    for key, raw in connection.execute(text("SELECT key, value FROM setting")):
        if key in SETTINGS:
            values[key] = SETTINGS[key][1](key, json.loads(raw))
    return values


def write(connection: Connection, key: str, value: Any, *, now: datetime) -> None:
    """Store one setting after checking it; the caller's transaction commits it."""
    if key not in SETTINGS:
        known = ", ".join(sorted(SETTINGS))
        raise SettingError(f"Unknown setting {key!r}. Known settings: {known}.")
    checked = SETTINGS[key][1](key, value)
    connection.execute(
        text(
            "INSERT INTO setting (key, value, updated_at) VALUES (:key, :value, :now) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at"
        ),
        {"key": key, "value": json.dumps(checked), "now": now.replace(tzinfo=None)},
    )


def load(connection: Connection) -> BusinessSettings:
    values = read_all(connection)
    return BusinessSettings(
        late_fee=LateFeeRules(
            residential_rate=values["late_fee.residential_rate"],
            non_residential_current_year_rate=values["late_fee.non_residential_current_year_rate"],
            non_residential_earlier_years_rate=values[
                "late_fee.non_residential_earlier_years_rate"
            ],
            minimum_fen=values["late_fee.minimum_fen"],
        ),
        maximum_amount_fen=values["money.maximum_amount_fen"],
        complete_years=tuple(values["calendar.complete_years"]),
        terminal_code=values["terminal.code"],
        window=values["terminal.window"],
        difference_limit_fen=values["shift.difference_limit_fen"],
        max_failures=values["auth.max_failures"],
        lock_minutes=values["auth.lock_minutes"],
        reconnection_hours=values["reconnection.hours"],
    )


def load_hall_identity(connection: Connection) -> HallIdentity:
    """The utility and hall as printed on receipts and notices."""
    values = read_all(connection)
    return HallIdentity(
        utility_name=values["hall.utility_name"],
        hall_name=values["hall.name"],
        phone=values["hall.phone"],
        address=values["hall.address"],
        website=values["hall.website"],
        logo_path=values["hall.logo_path"],
    )


def load_calendar(connection: Connection) -> WorkCalendar:
    """The working-day calendar with the override table and the years it declares complete."""
    overrides = {
        day if not isinstance(day, str) else datetime.fromisoformat(day).date(): bool(is_workday)
        for day, is_workday in connection.execute(
            text("SELECT day, is_workday FROM calendar_override")
        )
    }
    return WorkCalendar(overrides, load(connection).complete_years)


def import_overrides(
    connection: Connection, days: Mapping[Any, bool], *, note: str | None = None
) -> int:
    """Write override days (from :func:`~counterdesk.domain.workdays.parse_overrides`)."""
    for day, is_workday in days.items():
        connection.execute(
            text(
                "INSERT INTO calendar_override (day, is_workday, note) VALUES (:day, :work, :note) "
                "ON CONFLICT (day) DO UPDATE SET is_workday = excluded.is_workday, "
                "note = excluded.note"
            ),
            {"day": day.isoformat(), "work": is_workday, "note": note},
        )
    return len(days)
