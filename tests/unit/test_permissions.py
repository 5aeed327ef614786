"""Roles and their grants (权限): who may take money, approve, and manage sign-ins."""

from __future__ import annotations

import pytest

from counterdesk.domain.permissions import GRANTS, Permission, Role, allows
from counterdesk.services.auth import CLI_ADMIN, PermissionDeniedError, SignedIn, require

COUNTER_WORK = {
    Permission.TAKE_PAYMENT,
    Permission.RUN_SHIFT,
    Permission.REPRINT,
    Permission.HANDLE_ORDERS,
}


def test_every_role_has_grants() -> None:
    assert set(GRANTS) == set(Role)


def test_a_clerk_does_counter_work_and_nothing_else() -> None:
    assert GRANTS[Role.CLERK] == COUNTER_WORK


def test_a_manager_does_counter_work_approves_reads_reports_sets_up_devices_supervises() -> None:
    assert GRANTS[Role.MANAGER] == COUNTER_WORK | {
        Permission.APPROVE,
        Permission.VIEW_REPORTS,
        Permission.CONFIGURE_DEVICES,
        Permission.SUPERVISE,
    }


def test_only_a_manager_writes_supervision_notes() -> None:
    assert [role for role in Role if allows(role, Permission.SUPERVISE)] == [Role.MANAGER]


def test_an_admin_manages_sign_ins_and_the_audit_log_but_handles_no_money() -> None:
    assert GRANTS[Role.ADMIN] == {
        Permission.MANAGE_CLERKS,
        Permission.VERIFY_AUDIT,
        Permission.VIEW_REPORTS,
        Permission.CONFIGURE_DEVICES,
    }
    for permission in (*COUNTER_WORK, Permission.APPROVE):
        assert not allows(Role.ADMIN, permission)


@pytest.mark.parametrize("role", list(Role))
def test_separation_of_duties(role: Role) -> None:
    """Whoever creates sign-ins cannot take money or approve money acts with them."""
    if allows(role, Permission.MANAGE_CLERKS):
        assert not allows(role, Permission.TAKE_PAYMENT)
        assert not allows(role, Permission.APPROVE)


def test_only_a_manager_approves() -> None:
    assert [role for role in Role if allows(role, Permission.APPROVE)] == [Role.MANAGER]


def test_roles_are_stored_as_these_words() -> None:
    assert {role.value for role in Role} == {"clerk", "manager", "admin"}
    assert Role("manager") is Role.MANAGER


@pytest.mark.parametrize(("role", "permission"), [(r, p) for r in Role for p in Permission])
def test_signed_in_can_follows_the_grants(role: Role, permission: Permission) -> None:
    person = SignedIn(clerk_id=7, number="0107", name="张敏", role=role)
    assert person.can(permission) is (permission in GRANTS[role])


def test_require_refuses_with_who_and_what() -> None:
    clerk = SignedIn(clerk_id=7, number="0107", name="张敏", role=Role.CLERK)
    require(clerk, Permission.TAKE_PAYMENT)  # allowed: no error
    with pytest.raises(PermissionDeniedError) as refused:
        require(clerk, Permission.MANAGE_CLERKS)
    assert str(refused.value) == "0107 (clerk) may not do this (manage_clerks); ask a manager."
    assert refused.value.params == {
        "number": "0107",
        "role": "clerk",
        "permission": "manage_clerks",
    }


def test_the_command_line_actor_is_an_admin() -> None:
    assert CLI_ADMIN.role is Role.ADMIN
    require(CLI_ADMIN, Permission.MANAGE_CLERKS)
    with pytest.raises(PermissionDeniedError, match="take_payment"):
        require(CLI_ADMIN, Permission.TAKE_PAYMENT)
