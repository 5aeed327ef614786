"""The demo's people and terminal: a clerk, a manager and an IT admin at window 3 of 青山营业厅.

Their password is printed on the demo's sign-in window (``ui.app.demo_hint``); a real hall adds its
people with ``counterdesk clerk add`` and never has these.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

from sqlalchemy import Engine, text

from counterdesk.domain.permissions import Role
from counterdesk.services import auth
from counterdesk.store import settings

DEMO_PASSWORD: Final = "demo1234"  # noqa: S105 - the demo's published password
DEMO_PEOPLE: Final = (
    ("0107", "张敏", Role.CLERK),
    ("0001", "李强", Role.MANAGER),
    ("9001", "王工", Role.ADMIN),
)


def ensure_demo_people(engine: Engine) -> bool:
    """Add the demo people and the terminal's code and window once; returns whether it did."""
    now = datetime.now(UTC)
    with engine.begin() as connection:
        if connection.execute(text("SELECT count(*) FROM clerk")).scalar_one():
            return False
        for number, name, role in DEMO_PEOPLE:
            auth.add_clerk(connection, auth.CLI_ADMIN, number=number, name=name, role=role,
                           password=DEMO_PASSWORD, now=now)  # fmt: skip
        settings.write(connection, "terminal.code", "QS03", now=now)
        settings.write(connection, "terminal.window", "3", now=now)
    return True
