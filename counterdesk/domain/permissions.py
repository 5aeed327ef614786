"""Roles and what each may do (权限): checked by the services, never only by the UI.

Three roles, after the hall's own division of duties:

- a clerk (收费员) takes payments, runs a shift and reprints receipts;
- a hall manager (值班长 / 营业厅主任) can do all of that, and approves what one person must not
  decide alone: a reversal, a cash difference above the limit, reports for the whole hall;
- an IT admin manages sign-ins and checks the audit log, but handles no money, so the person who
  can create a clerk cannot also take payments as one (separation of duties).
"""

from __future__ import annotations

import enum
from typing import Final


class Role(enum.StrEnum):
    """The stored role of a person who signs in."""

    CLERK = "clerk"
    MANAGER = "manager"
    ADMIN = "admin"


class Permission(enum.StrEnum):
    TAKE_PAYMENT = "take_payment"
    RUN_SHIFT = "run_shift"
    REPRINT = "reprint"
    APPROVE = "approve"
    """Approve on the spot: reversals, shift differences above the limit."""
    VIEW_REPORTS = "view_reports"
    MANAGE_CLERKS = "manage_clerks"
    VERIFY_AUDIT = "verify_audit"
    CONFIGURE_DEVICES = "configure_devices"
    """Set up this terminal's serial devices (displays, keypads, readers)."""
    HANDLE_ORDERS = "handle_orders"
    """Accept and move work orders: applications, meter changes, cases, paid services."""
    SUPERVISE = "supervise"
    """Write supervision notes (督办) on overdue or held orders."""


_COUNTER: Final = frozenset(
    {
        Permission.TAKE_PAYMENT,
        Permission.RUN_SHIFT,
        Permission.REPRINT,
        Permission.HANDLE_ORDERS,
    }
)

GRANTS: Final[dict[Role, frozenset[Permission]]] = {
    Role.CLERK: _COUNTER,
    Role.MANAGER: _COUNTER
    | {
        Permission.APPROVE,
        Permission.VIEW_REPORTS,
        Permission.CONFIGURE_DEVICES,
        Permission.SUPERVISE,
    },
    Role.ADMIN: frozenset(
        {
            Permission.MANAGE_CLERKS,
            Permission.VERIFY_AUDIT,
            Permission.VIEW_REPORTS,
            Permission.CONFIGURE_DEVICES,
        }
    ),
}


def allows(role: Role, permission: Permission) -> bool:
    return permission in GRANTS[role]
