"""Words for the sync with HQ: the link, the kinds of operation, HQ's reason codes, the times.

Why one module: the status bar, the sync page and the conflict inbox must say "offline" and
"payment" the same way, and a clerk reads "离线：缴费照常" where IT reads ``offline``. The engine
and HQ speak English codes (:class:`~counterdesk.sync.status.Link`, ``meter_changed``); the words
are here, each a literal ``translate`` call in the ``SyncWords`` context so lupdate finds it. A code
this program does not know (a newer HQ) is shown as HQ's English message rather than hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final

from PySide6.QtCore import QCoreApplication

from counterdesk.services.common import local
from counterdesk.sync.status import Link
from ui.chips import Tone

CONTEXT: Final = "SyncWords"

LINK_COLOURS: Final[dict[Link, str]] = {
    Link.ONLINE: "#12B76A",
    Link.OFFLINE: "#F79009",
    Link.REFUSED: "#F04438",
    Link.NOT_CONFIGURED: "#98A2B3",
}
"""The dot beside the link's word (the word is always there: colour is never the only signal)."""

CONFLICT_TONE: Final = Tone.RED
"""Open conflicts wait for a manager: the red of a chip that needs someone's action."""


def link_word(link: Link) -> str:
    """The link in one or two words, for the status bar (在线/离线/未连接总部/总部拒绝)."""
    words = {
        Link.ONLINE: lambda: QCoreApplication.translate("SyncWords", "Online"),
        Link.OFFLINE: lambda: QCoreApplication.translate("SyncWords", "Offline"),
        Link.NOT_CONFIGURED: lambda: QCoreApplication.translate("SyncWords", "Not joined to HQ"),
        Link.REFUSED: lambda: QCoreApplication.translate("SyncWords", "HQ refused"),
    }
    return words[link]()


def link_meaning(link: Link) -> str:
    """What the link means for the clerk's work, in a sentence (离线：缴费照常，联网后自动上传)."""
    words = {
        Link.ONLINE: lambda: QCoreApplication.translate(
            "SyncWords", "Online: payments and orders reach HQ within seconds."
        ),
        Link.OFFLINE: lambda: QCoreApplication.translate(
            "SyncWords",
            "Offline: take payments as usual; they upload by themselves when the link is back.",
        ),
        Link.NOT_CONFIGURED: lambda: QCoreApplication.translate(
            "SyncWords",
            "Not joined to HQ: this terminal works on its own and keeps every payment here.",
        ),
        Link.REFUSED: lambda: QCoreApplication.translate(
            "SyncWords",
            "HQ refused this terminal: payments are still taken and kept here. Call IT; the "
            "reason is below.",
        ),
    }
    return words[link]()


# --- what is loaded ---------------------------------------------------------------------------

_TABLES: Final[dict[str, Callable[[], str]]] = {
    "tariff": lambda: QCoreApplication.translate("SyncWords", "tariffs"),
    "customer": lambda: QCoreApplication.translate("SyncWords", "customers"),
    "account": lambda: QCoreApplication.translate("SyncWords", "accounts"),
    "meter": lambda: QCoreApplication.translate("SyncWords", "meters"),
    "meter_installation": lambda: QCoreApplication.translate("SyncWords", "meter installations"),
    "bill": lambda: QCoreApplication.translate("SyncWords", "bills"),
    "work_order": lambda: QCoreApplication.translate("SyncWords", "work orders"),
}


def table_word(table: str) -> str:
    """A synced table as the progress bar names it (户号, 账单…); an unknown one as itself."""
    found = _TABLES.get(table)
    return table if found is None else found()


# --- operations and HQ's reasons --------------------------------------------------------------

_KINDS: Final[dict[str, Callable[[], str]]] = {
    "payment.posted": lambda: QCoreApplication.translate("SyncWords", "Payment"),
    "payment.reversed": lambda: QCoreApplication.translate("SyncWords", "Reversal"),
    "shift.opened": lambda: QCoreApplication.translate("SyncWords", "Shift opened"),
    "shift.closed": lambda: QCoreApplication.translate("SyncWords", "Shift closed"),
}


def kind_word(kind: str, payload: Mapping[str, Any] | None = None) -> str:
    """An outbox kind in words: 缴费, 冲正, 换表, 工单…; an unknown kind as its code.

    A meter change travels as a work-order event of a ``meter_change`` order (or, from a newer
    terminal, a ``meter.*`` kind): the manager knows it as 换表, not as an order step.
    """
    found = _KINDS.get(kind)
    if found is not None:
        return found()
    family = kind.split(".", 1)[0]
    order_kind = (payload or {}).get("kind")
    if family == "meter" or (family == "order" and order_kind == "meter_change"):
        return QCoreApplication.translate("SyncWords", "Meter change")
    if family == "order":
        return QCoreApplication.translate("SyncWords", "Work order")
    return kind


_CODES: Final[dict[str, Callable[[], str]]] = {
    "meter_changed": lambda: QCoreApplication.translate(
        "SyncWords", "This meter has already been changed by another hall"
    ),
    "reading_conflict": lambda: QCoreApplication.translate(
        "SyncWords", "The old meter's final reading is below the last one HQ knows"
    ),
    "meter_installed": lambda: QCoreApplication.translate(
        "SyncWords", "The new meter is installed on another account at HQ"
    ),
    "unknown_account": lambda: QCoreApplication.translate(
        "SyncWords", "HQ does not know this account"
    ),
    "unknown_payment": lambda: QCoreApplication.translate(
        "SyncWords", "HQ does not know the payment this reverses"
    ),
    "unknown_meter": lambda: QCoreApplication.translate("SyncWords", "HQ does not know this meter"),
    "unknown_order": lambda: QCoreApplication.translate(
        "SyncWords", "HQ does not know this work order"
    ),
    "seq_reused": lambda: QCoreApplication.translate(
        "SyncWords", "This terminal used one sequence number twice"
    ),
    "unknown_kind": lambda: QCoreApplication.translate(
        "SyncWords", "HQ does not know this kind of operation (HQ needs an update)"
    ),
    "unsupported_payload_version": lambda: QCoreApplication.translate(
        "SyncWords", "HQ cannot read this version of the operation (HQ needs an update)"
    ),
    "bad_payload": lambda: QCoreApplication.translate(
        "SyncWords", "HQ cannot read this operation's data"
    ),
    "invalid_data": lambda: QCoreApplication.translate(
        "SyncWords", "HQ's database refused this operation's data"
    ),
    "already_reversed": lambda: QCoreApplication.translate(
        "SyncWords", "HQ has this payment reversed already"
    ),
    "duplicate_payment": lambda: QCoreApplication.translate(
        "SyncWords", "HQ has this payment already, under another operation"
    ),
    "duplicate_order": lambda: QCoreApplication.translate(
        "SyncWords", "HQ has a work order with this number already"
    ),
    "duplicate_shift": lambda: QCoreApplication.translate(
        "SyncWords", "HQ has this shift open already"
    ),
    "shift_closed": lambda: QCoreApplication.translate(
        "SyncWords", "HQ has this shift closed already"
    ),
}


def code_word(code: str, message: str = "") -> str:
    """HQ's reason code in words; a code this program does not know shows HQ's English message."""
    found = _CODES.get(code)
    if found is not None:
        return found()
    return message or code


def knows_code(code: str) -> bool:
    return code in _CODES


# --- times ------------------------------------------------------------------------------------


def when_text(moment: datetime, now: datetime, *, seconds: bool = False) -> str:
    """A moment in the hall's time: ``10:32`` today (``10:32:05`` with ``seconds``),
    ``11-20 10:32`` this year, else the date."""
    shown, today = local(moment), local(now)
    if shown.date() == today.date():
        return f"{shown:%H:%M:%S}" if seconds else f"{shown:%H:%M}"
    if shown.year == today.year:
        return f"{shown:%m-%d %H:%M}"
    return f"{shown:%Y-%m-%d}"


def age_text(moment: datetime, now: datetime) -> str:
    """How long ago ``moment`` was, in the largest whole unit: 3 天前, 2 小时前, 5 分钟前."""
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 60:
        return QCoreApplication.translate("SyncWords", "just now")
    if seconds < 3600:
        return QCoreApplication.translate("SyncWords", "%n minute(s) ago", "", seconds // 60)
    if seconds < 86_400:
        return QCoreApplication.translate("SyncWords", "%n hour(s) ago", "", seconds // 3600)
    return QCoreApplication.translate("SyncWords", "%n day(s) ago", "", seconds // 86_400)
