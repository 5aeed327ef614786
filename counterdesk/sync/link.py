"""Joining HQ (``counterdesk sync join``): check the token with HQ, then store the link.

Nothing is stored until HQ has answered ``GET /sync/v1/status`` with this token, so a mistyped
address or a revoked token leaves the terminal as it was. The initial load does not run here: it
is the next round's work (the app's thread, or ``counterdesk sync now``), resumable page by page.

HQ's name for the terminal becomes its terminal code (receipt numbers start with it) when the
terminal has queued nothing yet; a terminal whose outbox already carries another code is refused
rather than renamed, because HQ would file its earlier receipts under the wrong terminal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Final

import httpx
from sqlalchemy import Engine

from counterdesk.store import settings
from counterdesk.sync import store
from counterdesk.sync.client import SyncClient, SyncError
from counterdesk.sync.status import SyncStatus

URL: Final = re.compile(r"https?://[^\s/?#]+(:\d+)?(/[^\s?#]*)?")
TOKEN: Final = re.compile(r"[A-Za-z0-9._~+/=-]{16,200}")


class JoinError(SyncError):
    """The join cannot go ahead; nothing was stored."""


def join(
    engine: Engine,
    url: str,
    token: str,
    *,
    transport: httpx.BaseTransport | None = None,
    now: Callable[[], datetime] | None = None,
) -> SyncStatus:
    """Check ``token`` with HQ at ``url`` and store the link; returns the terminal's status.

    Raises :class:`JoinError` for bad input or a terminal code clash, and the client's
    :class:`~counterdesk.sync.client.TransientSyncError` (HQ unreachable) or
    :class:`~counterdesk.sync.client.RefusedSyncError` (token refused) as they come.
    """
    from counterdesk.sync.engine import SyncEngine

    clock = now or (lambda: datetime.now(UTC))
    url = url.strip().rstrip("/")
    token = token.strip()
    if not URL.fullmatch(url):
        raise JoinError(f"HQ's address must look like https://hq.example.cn, not {url!r}.")
    if not TOKEN.fullmatch(token):
        raise JoinError(
            "The token is the long string HQ issued for this terminal (16 to 200 letters, digits "
            "and -._~+/=); check it was copied whole."
        )
    with SyncClient(url, token, transport=transport) as client:
        hq = client.status()
    with engine.begin() as connection:
        code = settings.load(connection).terminal_code
        if hq.terminal_id != code:
            others = connection.exec_driver_sql(
                "SELECT count(*) FROM outbox WHERE terminal_id != ?", (hq.terminal_id,)
            ).scalar_one()
            if others:
                raise JoinError(
                    f"HQ issued this token for terminal {hq.terminal_id}, but this terminal is "
                    f"{code} and has {others} operations queued under that code. Ask HQ for a "
                    f"token for {code}."
                )
            try:
                settings.write(connection, "terminal.code", hq.terminal_id, now=clock())
            except settings.SettingError as error:
                raise JoinError(
                    f"HQ's terminal id {hq.terminal_id!r} cannot be this terminal's code: {error}"
                ) from error
        store.write_link(
            connection,
            hq_url=url,
            token=token,
            terminal_id=hq.terminal_id,
            hall=hq.hall,
            scopes=store.with_global(hq.scopes),
            now=clock(),
            open_conflicts=hq.open_conflicts,
        )
    return SyncEngine(engine, transport=transport, now=clock).status()
