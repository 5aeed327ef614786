"""Printers configured on a terminal: checked before they are saved, read back as profiles."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from printing import printers
from printing.printers import PrinterConfigError
from printing.profile import Encoding, PrinterProfile
from printing.slip import Paper


def test_a_printer_is_saved_in_canonical_form_and_read_back(engine: Engine) -> None:
    with engine.begin() as connection:
        saved = printers.save(
            connection,
            PrinterProfile(
                "receipt",
                "tcp://192.168.1.50",
                paper=Paper.MM58,
                encoding=Encoding.BIG5,
                drawer=False,
                timeout=2.5,
            ),
        )
    assert saved.address == "tcp://192.168.1.50:9100"
    with engine.connect() as connection:
        loaded = printers.load_all(connection)
    assert loaded == {"receipt": saved}


def test_saving_again_replaces_and_remove_forgets(engine: Engine) -> None:
    with engine.begin() as connection:
        printers.save(connection, PrinterProfile("receipt", "file:receipts.bin"))
        printers.save(connection, PrinterProfile("receipt", "serial:COM3?baud=19200"))
        assert printers.load_all(connection)["receipt"].address.startswith("serial:COM3")
        assert printers.remove(connection, "receipt")
        assert not printers.remove(connection, "receipt")
        assert printers.load_all(connection) == {}


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        (PrinterProfile("receipt", "lpt:1"), "Unknown printer kind 'lpt'"),
        (PrinterProfile("window 3", "file:x.bin"), "short word"),
        (PrinterProfile("receipt", "file:x.bin", timeout=0.01), "timeout"),
    ],
)
def test_a_bad_printer_is_refused_and_nothing_is_saved(
    engine: Engine, profile: PrinterProfile, message: str
) -> None:
    with engine.begin() as connection, pytest.raises(PrinterConfigError, match=message):
        printers.save(connection, profile)
    with engine.connect() as connection:
        assert printers.load_all(connection) == {}


def test_a_row_edited_into_nonsense_is_named(engine: Engine) -> None:
    with engine.begin() as connection:
        printers.save(connection, PrinterProfile("receipt", "file:x.bin"))
        connection.exec_driver_sql("UPDATE printer SET paper_mm = 76")
        with pytest.raises(PrinterConfigError, match="Printer receipt is misconfigured"):
            printers.load_all(connection)
