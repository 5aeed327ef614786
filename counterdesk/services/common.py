"""What every counter service shares: the refusal type, time conversions, number formats.

A :class:`CounterError` is a refusal the clerk reads: the message says what happened and what to
do, and nothing has been written (the service raises before its transaction commits).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Final

from counterdesk.domain.refusal import CounterError
from counterdesk.domain.workdays import CHINA_STANDARD_TIME

__all__ = ["CounterError", "aware_utc", "business_day", "local", "naive_utc", "stored_date"]


def naive_utc(moment: datetime) -> datetime:
    """The stored form of an instant: UTC without a zone (SQLite keeps no zones)."""
    if moment.tzinfo is None:
        raise ValueError(f"a time without a zone cannot be stored: {moment!r}")
    return moment.astimezone(UTC).replace(tzinfo=None)


def aware_utc(value: object) -> datetime:
    """Read a stored instant back (a datetime, or ISO text from a raw SQL query)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC)


def local(moment: datetime) -> datetime:
    """The hall's clock: what receipts print and business days are counted in."""
    return moment.astimezone(CHINA_STANDARD_TIME)


def business_day(moment: datetime) -> date:
    return local(moment).date()


def stored_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


RECEIPT_PRINTER: Final = "receipt"
"""The printer every counter printout is queued for; ``printing.printers`` maps it to a device."""
