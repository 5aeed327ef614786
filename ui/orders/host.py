"""What an order page needs from the counter window, passed in one object.

Why not the window itself: the pages are tested on their own (pytest-qt with a real database and
no window), and a page that reached into the window would drag the whole counter into every test.
The window fills an :class:`OrderHost` with its engine, clerk, clock and devices; a test fills one
with a test database and plain functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine

from counterdesk.services.auth import SignedIn
from devices.events import IdCard


def _nothing() -> None:
    return None


def _no_card() -> IdCard | None:
    return None


def _no_pdf(_pdf: bytes, _title: str, _file_name: str) -> None:
    return None


@dataclass
class OrderHost:
    """The counter's services for order pages.

    ``clerk`` is read at the moment of each act (the clerk may lock and another sign in);
    ``printed`` is called after a page queued a print job (the window wakes its print queue);
    ``show_pdf`` opens an A4 notice in the preview (PDF bytes, title, file name);
    ``orders_changed`` tells the window to refresh the customer column and the board.
    """

    engine: Engine
    clerk: Callable[[], SignedIn | None]
    clock: Callable[[], datetime]
    last_id_card: Callable[[], IdCard | None] = field(default=_no_card)
    printed: Callable[[], None] = field(default=_nothing)
    show_pdf: Callable[[bytes, str, str], None] = field(default=_no_pdf)
    orders_changed: Callable[[], None] = field(default=_nothing)
