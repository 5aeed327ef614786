"""What the sync engine tells the clerk, the manager and IT: one immutable snapshot of its state.

The status bar, the sync page and ``counterdesk sync status`` all read this one record, so they
can never disagree about whether the terminal is online or how much is waiting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Link(StrEnum):
    """The state of the terminal's link to HQ."""

    NOT_CONFIGURED = "not_configured"
    """No HQ address or token yet: the terminal works alone (``counterdesk sync join``)."""
    ONLINE = "online"
    OFFLINE = "offline"
    """HQ did not answer, or answered 5xx: retrying on a timer with backoff."""
    REFUSED = "refused"
    """HQ answered with a refusal that retrying cannot fix (token revoked, protocol too old):
    IT must act; "sync now" tries once more."""


@dataclass(frozen=True, slots=True)
class LoadProgress:
    """The initial load (or a refetch) of the cache: rows written so far of an estimate."""

    scope: str
    table: str
    rows_done: int
    rows_total: int


@dataclass(frozen=True, slots=True)
class SyncStatus:
    link: Link
    hq_url: str
    terminal_id: str
    pending_ops: int
    """Outbox rows HQ has not acknowledged yet."""
    oldest_pending: datetime | None
    """Business time of the oldest of them: how long the terminal has been cut off, in effect."""
    last_success: datetime | None
    """The last time a push and a pull both completed."""
    last_error: str
    """The last failure in English for logs and IT (the UI shows its own words for ``link``)."""
    next_attempt: datetime | None
    """When the timer tries again while offline."""
    open_conflicts: int
    """Ops of this terminal's hall parked in HQ's conflict inbox, as last reported by HQ."""
    rejected_ops: int
    """This terminal's own ops HQ answered ``conflict`` or ``rejected``."""
    scopes: tuple[str, ...] = ()
    loading: LoadProgress | None = None
    gap: str = ""
    """HQ saw a gap in this terminal's sequence numbers (an alert for IT), else empty."""
    cursors: dict[str, str] = field(default_factory=dict)
