"""The words of the sync screens: times in the hall's clock, kinds and HQ's reasons, a reference.

Pure functions over the protocol's models, checked in English (the source language) with the
application's translators installed, as a window would show them.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from counterdesk.sync.protocol import Conflict
from counterdesk.sync.status import Link
from ui.app import prepare_application
from ui.sync.conflicts import reference_text
from ui.sync.words import (
    LINK_COLOURS,
    age_text,
    code_word,
    kind_word,
    knows_code,
    link_meaning,
    link_word,
    table_word,
    when_text,
)

NOW = datetime(2026, 11, 21, 2, 30, tzinfo=UTC)  # 10:30 in the hall (UTC+8)


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> None:
    prepare_application(qapp, "en")


def plural(text: str, n: int) -> str:
    return QCoreApplication.translate("SyncWords", text, "", n)


def test_times_are_the_halls_today_this_year_or_a_date() -> None:
    assert when_text(NOW - timedelta(minutes=3), NOW) == "10:27"
    assert when_text(NOW + timedelta(seconds=40), NOW, seconds=True) == "10:30:40"
    # 23:50 in the hall on the 20th is another day, though the same UTC date as NOW.
    assert when_text(datetime(2026, 11, 20, 15, 50, tzinfo=UTC), NOW) == "11-20 23:50"
    assert when_text(datetime(2025, 12, 31, 1, 0, tzinfo=UTC), NOW) == "2025-12-31"


def test_ages_take_the_largest_whole_unit() -> None:
    assert age_text(NOW, NOW) == "just now"
    assert age_text(NOW + timedelta(minutes=1), NOW) == "just now"  # a clock ahead is not "-1"
    assert age_text(NOW - timedelta(minutes=5, seconds=59), NOW) == plural("%n minute(s) ago", 5)
    assert age_text(NOW - timedelta(hours=2, minutes=59), NOW) == plural("%n hour(s) ago", 2)
    assert age_text(NOW - timedelta(days=3, hours=23), NOW) == plural("%n day(s) ago", 3)


def test_every_link_has_a_word_a_meaning_and_a_colour() -> None:
    assert [link_word(link) for link in Link] == [
        "Not joined to HQ", "Online", "Offline", "HQ refused"
    ]  # fmt: skip
    assert link_meaning(Link.OFFLINE).startswith("Offline: take payments as usual")
    assert set(LINK_COLOURS) == set(Link)


def test_kinds_in_words_a_meter_change_by_its_order_kind() -> None:
    assert kind_word("payment.posted") == "Payment"
    assert kind_word("payment.reversed") == "Reversal"
    assert kind_word("shift.closed") == "Shift closed"
    assert kind_word("order.execute", {"kind": "meter_change"}) == "Meter change"
    assert kind_word("order.accept", {"kind": "case"}) == "Work order"
    assert kind_word("meter.swapped") == "Meter change"
    assert kind_word("queue.called") == "queue.called"  # a newer terminal's kind, as itself
    assert table_word("meter_installation") == "meter installations"
    assert table_word("gadget") == "gadget"


def test_a_reason_this_program_does_not_know_shows_hqs_english() -> None:
    assert code_word("meter_changed") == "This meter has already been changed by another hall"
    assert code_word("unknown_account", "Account x is not at HQ.") == (
        "HQ does not know this account"
    )
    assert not knows_code("tariff_frozen")
    assert code_word("tariff_frozen", "Tariff T9 is frozen for audit.") == (
        "Tariff T9 is frozen for audit."
    )
    assert code_word("tariff_frozen") == "tariff_frozen"


def conflict(kind: str, payload: dict[str, object]) -> Conflict:
    return Conflict(
        id=1, op_id=uuid.uuid4(), terminal_id="QS03", terminal_seq=7, kind=kind,
        status="rejected", code="unknown_account", message="", payload=payload,
        business_time=NOW, received_at=NOW, state="open",
    )  # fmt: skip


def test_the_reference_is_the_number_the_hall_knows_it_by() -> None:
    payment = conflict("payment.posted", {"receipt_no": "QS03-20261121-0001",
                                          "received_fen": 16_947})  # fmt: skip
    assert reference_text(payment) == "QS03-20261121-0001 · ¥169.47"
    reversal = conflict("payment.reversed", {"reversal_no": "CZ-QS03-0002"})
    assert reference_text(reversal) == "CZ-QS03-0002"
    order = conflict("order.execute", {"order_no": "HB202611210003", "kind": "meter_change"})
    assert reference_text(order) == "HB202611210003"
    assert reference_text(conflict("shift.opened", {"float_fen": 50_000})) == ""
