"""The printers configured on this terminal, kept in its database (table ``printer``).

Why the database and not the business settings: a printer's address is a fact about one desk
(the printer at window 3 is at 192.168.1.53), never synced, and the print queue that names a
printer lives in the same file, so a job and the printer it waits for are read together.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from sqlalchemy import Connection, Table, delete, insert, select

from counterdesk.services import common
from counterdesk.store.models import PrinterRow
from printing.address import parse_address
from printing.columns import LayoutError
from printing.profile import Encoding, PrinterProfile
from printing.slip import Paper

_PRINTER: Final[Table] = PrinterRow.__table__  # type: ignore[assignment]

RECEIPT_PRINTER: Final = common.RECEIPT_PRINTER
"""The name of the window's receipt printer, which payments print to."""


class PrinterConfigError(ValueError):
    """A printer that cannot be saved: bad address, paper, encoding or timeout."""


def check(profile: PrinterProfile) -> PrinterProfile:
    """The profile with its address in canonical form, or :class:`PrinterConfigError`."""
    if not profile.name or len(profile.name) > 32 or not profile.name.isidentifier():
        raise PrinterConfigError(
            f"A printer name is a short word such as 'receipt' or 'kiosk', not {profile.name!r}."
        )
    if not 0.2 <= profile.timeout <= 120:
        raise PrinterConfigError(
            f"Printer {profile.name}: the timeout must be 0.2 to 120 s, not {profile.timeout}."
        )
    try:
        address = str(parse_address(profile.address))
    except ValueError as error:
        raise PrinterConfigError(f"Printer {profile.name}: {error}") from error
    return replace(profile, address=address)


def save(connection: Connection, profile: PrinterProfile) -> PrinterProfile:
    """Add or replace a printer after checking it; the caller's transaction commits it."""
    checked = check(profile)
    connection.execute(delete(_PRINTER).where(_PRINTER.c.name == checked.name))
    connection.execute(
        insert(_PRINTER).values(
            name=checked.name,
            address=checked.address,
            paper_mm=checked.paper.millimetres,
            encoding=checked.encoding.value,
            native_qr=checked.native_qr,
            cutter=checked.cutter,
            drawer=checked.drawer,
            timeout_ms=round(checked.timeout * 1000),
        )
    )
    return checked


def load_all(connection: Connection) -> dict[str, PrinterProfile]:
    """Every configured printer by name. A row that no longer makes sense is named in the error."""
    profiles: dict[str, PrinterProfile] = {}
    for row in connection.execute(select(_PRINTER).order_by(_PRINTER.c.name)):
        try:
            profiles[row.name] = PrinterProfile(
                name=row.name,
                address=row.address,
                paper=Paper.from_millimetres(row.paper_mm),
                encoding=Encoding(row.encoding),
                native_qr=bool(row.native_qr),
                cutter=bool(row.cutter),
                drawer=bool(row.drawer),
                timeout=row.timeout_ms / 1000,
            )
        except (LayoutError, ValueError) as error:
            raise PrinterConfigError(f"Printer {row.name} is misconfigured: {error}") from error
    return profiles


def remove(connection: Connection, name: str) -> bool:
    return bool(connection.execute(delete(_PRINTER).where(_PRINTER.c.name == name)).rowcount)
