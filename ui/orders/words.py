"""Words for the codes work orders store (states, actions, kinds, steps), in the clerk's language.

The domain stores codes (``scheme_replied``, ``call_back_satisfied``); the counter shows words.
Each word is a literal ``translate`` call so lupdate finds it; an unknown code (a newer HQ) is
shown as itself rather than hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QCoreApplication

_STATES: Final[dict[str, Callable[[], str]]] = {
    # connection applications
    "accepted": lambda: QCoreApplication.translate("OrderWords", "Accepted"),
    "surveyed": lambda: QCoreApplication.translate("OrderWords", "Surveyed"),
    "scheme_replied": lambda: QCoreApplication.translate("OrderWords", "Scheme replied"),
    "design_reviewed": lambda: QCoreApplication.translate("OrderWords", "Design reviewed"),
    "mid_checked": lambda: QCoreApplication.translate("OrderWords", "Mid-construction checked"),
    "completion_inspected": lambda: QCoreApplication.translate(
        "OrderWords", "Completion inspected"
    ),
    "energized": lambda: QCoreApplication.translate("OrderWords", "Energized"),
    "executed": lambda: QCoreApplication.translate("OrderWords", "Done on site"),
    "archived": lambda: QCoreApplication.translate("OrderWords", "Archived"),
    # meter changes
    "requested": lambda: QCoreApplication.translate("OrderWords", "Requested"),
    "notified": lambda: QCoreApplication.translate("OrderWords", "Customer notified"),
    "confirmed": lambda: QCoreApplication.translate("OrderWords", "Readings confirmed"),
    "back_billing": lambda: QCoreApplication.translate("OrderWords", "Back-billing"),
    "approved": lambda: QCoreApplication.translate("OrderWords", "Back-billing approved"),
    # cases
    "registered": lambda: QCoreApplication.translate("OrderWords", "Registered"),
    "transferred": lambda: QCoreApplication.translate("OrderWords", "Transferred"),
    "in_progress": lambda: QCoreApplication.translate("OrderWords", "In progress"),
    "replied": lambda: QCoreApplication.translate("OrderWords", "Replied"),
    "reopened": lambda: QCoreApplication.translate("OrderWords", "Reopened"),
    # paid services
    "quoted": lambda: QCoreApplication.translate("OrderWords", "Awaiting payment"),
    "paid": lambda: QCoreApplication.translate("OrderWords", "Paid"),
    "in_service": lambda: QCoreApplication.translate("OrderWords", "In service"),
    "completed": lambda: QCoreApplication.translate("OrderWords", "Completed"),
    # common
    "open": lambda: QCoreApplication.translate("OrderWords", "Open"),
    "paused": lambda: QCoreApplication.translate("OrderWords", "Paused (waiting on customer)"),
    "closed": lambda: QCoreApplication.translate("OrderWords", "Closed"),
    "cancelled": lambda: QCoreApplication.translate("OrderWords", "Cancelled"),
}

_ACTIONS: Final[dict[str, Callable[[], str]]] = {
    "survey": lambda: QCoreApplication.translate("OrderWords", "Site survey done"),
    "reply_scheme": lambda: QCoreApplication.translate("OrderWords", "Scheme replied"),
    "review_design": lambda: QCoreApplication.translate("OrderWords", "Design reviewed"),
    "check_midway": lambda: QCoreApplication.translate("OrderWords", "Mid-construction check"),
    "inspect_completion": lambda: QCoreApplication.translate("OrderWords", "Completion inspected"),
    "energize": lambda: QCoreApplication.translate("OrderWords", "Energized"),
    "execute": lambda: QCoreApplication.translate("OrderWords", "Done on site"),
    "archive": lambda: QCoreApplication.translate("OrderWords", "Archive"),
    "withdraw": lambda: QCoreApplication.translate("OrderWords", "Customer withdraws"),
    "notify": lambda: QCoreApplication.translate("OrderWords", "Customer notified"),
    "confirm": lambda: QCoreApplication.translate("OrderWords", "Customer confirms readings"),
    "start_back_billing": lambda: QCoreApplication.translate("OrderWords", "Start back-billing"),
    "approve": lambda: QCoreApplication.translate("OrderWords", "Approve back-billing"),
    "transfer": lambda: QCoreApplication.translate("OrderWords", "Transfer"),
    "accept": lambda: QCoreApplication.translate("OrderWords", "Department accepts"),
    "reply": lambda: QCoreApplication.translate("OrderWords", "Reply"),
    "answer": lambda: QCoreApplication.translate("OrderWords", "Answered on the spot"),
    "call_back_satisfied": lambda: QCoreApplication.translate("OrderWords", "Call-back: satisfied"),
    "call_back_unsatisfied": lambda: QCoreApplication.translate(
        "OrderWords", "Call-back: not satisfied"
    ),
    "close_without_call_back": lambda: QCoreApplication.translate(
        "OrderWords", "Close (call-back declined)"
    ),
    "pay": lambda: QCoreApplication.translate("OrderWords", "Paid"),
    "start": lambda: QCoreApplication.translate("OrderWords", "Start service"),
    "complete": lambda: QCoreApplication.translate("OrderWords", "Service completed"),
    "refund": lambda: QCoreApplication.translate("OrderWords", "Refunded"),
    "restore": lambda: QCoreApplication.translate("OrderWords", "Supply restored"),
    "close": lambda: QCoreApplication.translate("OrderWords", "Close"),
    "cancel": lambda: QCoreApplication.translate("OrderWords", "Cancel"),
    "pause": lambda: QCoreApplication.translate("OrderWords", "Pause (waiting on customer)"),
    "resume": lambda: QCoreApplication.translate("OrderWords", "Resume"),
    "create": lambda: QCoreApplication.translate("OrderWords", "Created"),
    "supervise": lambda: QCoreApplication.translate("OrderWords", "Supervision note"),
}

_STEPS: Final[dict[str, Callable[[], str]]] = {
    "surveyed": lambda: QCoreApplication.translate("OrderWords", "Site survey"),
    "scheme_replied": lambda: QCoreApplication.translate("OrderWords", "Scheme reply"),
    "design_reviewed": lambda: QCoreApplication.translate("OrderWords", "Design review"),
    "mid_checked": lambda: QCoreApplication.translate("OrderWords", "Mid-construction check"),
    "completion_inspected": lambda: QCoreApplication.translate(
        "OrderWords", "Completion inspection"
    ),
    "energized": lambda: QCoreApplication.translate("OrderWords", "Meter fitted and energized"),
    "notified": lambda: QCoreApplication.translate("OrderWords", "Notify the customer"),
    "contact": lambda: QCoreApplication.translate("OrderWords", "First contact"),
    "reply": lambda: QCoreApplication.translate("OrderWords", "Reply"),
    "call_back": lambda: QCoreApplication.translate("OrderWords", "Call-back"),
    "restored": lambda: QCoreApplication.translate("OrderWords", "Supply restored"),
    "complete": lambda: QCoreApplication.translate("OrderWords", "Service completed"),
    "executed": lambda: QCoreApplication.translate("OrderWords", "Change carried out"),
}

_KINDS: Final[dict[str, Callable[[], str]]] = {
    "connection": lambda: QCoreApplication.translate("OrderWords", "Application"),
    "meter_change": lambda: QCoreApplication.translate("OrderWords", "Meter change"),
    "case": lambda: QCoreApplication.translate("OrderWords", "Case"),
    "paid_service": lambda: QCoreApplication.translate("OrderWords", "Paid service"),
    "reconnection": lambda: QCoreApplication.translate("OrderWords", "Reconnection"),
}

_SUBTYPES: Final[dict[str, Callable[[], str]]] = {
    "residential_new": lambda: QCoreApplication.translate("OrderWords", "Residential new supply"),
    "lv_non_residential": lambda: QCoreApplication.translate(
        "OrderWords", "Low-voltage non-residential new supply"
    ),
    "hv_single": lambda: QCoreApplication.translate(
        "OrderWords", "High-voltage new supply, single source"
    ),
    "hv_dual": lambda: QCoreApplication.translate(
        "OrderWords", "High-voltage new supply, dual source"
    ),
    "capacity_increase": lambda: QCoreApplication.translate("OrderWords", "Capacity increase"),
    "capacity_decrease": lambda: QCoreApplication.translate("OrderWords", "Capacity decrease"),
    "name_transfer": lambda: QCoreApplication.translate("OrderWords", "Name transfer"),
    "temporary_supply": lambda: QCoreApplication.translate("OrderWords", "Temporary supply"),
    "meter_relocation": lambda: QCoreApplication.translate("OrderWords", "Meter relocation"),
    "tariff_change": lambda: QCoreApplication.translate("OrderWords", "Tariff change"),
    "account_closure": lambda: QCoreApplication.translate("OrderWords", "Account closure"),
    "complaint": lambda: QCoreApplication.translate("OrderWords", "Complaint"),
    "report": lambda: QCoreApplication.translate("OrderWords", "Report"),
    "inquiry": lambda: QCoreApplication.translate("OrderWords", "Inquiry"),
    "rotation": lambda: QCoreApplication.translate("OrderWords", "Periodic rotation"),
    "fault": lambda: QCoreApplication.translate("OrderWords", "Meter fault"),
    "test": lambda: QCoreApplication.translate("OrderWords", "Test result"),
    "customer_request": lambda: QCoreApplication.translate("OrderWords", "Customer request"),
}


def _word(table: dict[str, Callable[[], str]], code: str) -> str:
    found = table.get(code)
    return code if found is None else found()


def state_word(code: str) -> str:
    return _word(_STATES, code)


def action_word(code: str) -> str:
    return _word(_ACTIONS, code)


def step_word(code: str) -> str:
    """A step is named after the state it reaches, unless it has a name of its own."""
    return _word(_STEPS, code) if code in _STEPS else state_word(code)


def kind_word(code: str) -> str:
    return _word(_KINDS, code)


def subtype_word(code: str) -> str:
    """The application type, case kind, change reason; a paid service's code as itself."""
    return _word(_SUBTYPES, code)


def register_word(code: str) -> str:
    """A meter register's name on screen (总/尖/峰/平/谷); an unknown one as itself."""
    words = {
        "total": lambda: QCoreApplication.translate("ReadingsStep", "Total"),
        "sharp": lambda: QCoreApplication.translate("ReadingsStep", "Sharp peak"),
        "peak": lambda: QCoreApplication.translate("ReadingsStep", "Peak"),
        "flat": lambda: QCoreApplication.translate("ReadingsStep", "Flat"),
        "valley": lambda: QCoreApplication.translate("ReadingsStep", "Valley"),
    }
    found = words.get(code)
    return code if found is None else found()
