"""The demo's work orders: made once through the real services, with something on the board."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from counterdesk.demo.orders import ensure_demo_orders
from counterdesk.demo.people import DEMO_PASSWORD, ensure_demo_people
from counterdesk.orders.board import board, grouped
from counterdesk.store import settings
from counterdesk.store.database import make_engine

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def test_the_demo_board_has_late_and_held_orders_and_is_made_once(
    small_city: Path, tmp_path: Path
) -> None:
    path = tmp_path / "demo.db"
    shutil.copy(small_city, path)
    engine = make_engine(path)
    try:
        ensure_demo_people(engine)
        assert ensure_demo_orders(engine, DEMO_PASSWORD, now=NOW)
        assert not ensure_demo_orders(engine, DEMO_PASSWORD, now=NOW)
        with engine.connect() as connection:
            lines = board(connection, NOW, settings.load_calendar(connection))
        assert sorted(line.kind.value for line in lines) == [
            "case", "case", "connection", "connection", "paid_service",
        ]  # fmt: skip
        assert sum(line.overdue for line in lines) == 1
        assert sum(line.held for line in lines) == 1
        late = next(line for line in lines if line.overdue)
        assert (late.state, late.supervisions) == ("surveyed", 1)
        assert grouped(lines)[0].overdue == 1
    finally:
        engine.dispose()
