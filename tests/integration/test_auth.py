"""Signing in with lockout, one-time manager approvals and managing sign-ins, on a real database.

The people are made once per module (argon2 costs ~0.1 s a hash) and every test gets a copy.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from counterdesk.domain.permissions import Permission, Role
from counterdesk.services import auth
from counterdesk.services.auth import (
    Approval,
    ClerkError,
    PermissionDeniedError,
    SignedIn,
    SignInError,
)
from counterdesk.services.common import aware_utc
from counterdesk.store import settings
from tests.helpers.counter import (
    MANAGER_PASSWORD,
    NOW,
    PASSWORD,
    Counter,
    audit_actions,
    last_audit_id,
    later,
    rows_in,
)

WRONG = "The clerk number or the password is wrong."
ACT = "payment.reverse"


def _clerk(engine: Engine, number: str) -> tuple[int, datetime | None, str, bool]:
    """failed_attempts, locked_until (aware UTC), password_hash, active."""
    with engine.connect() as connection:
        failures, locked, hashed, active = connection.execute(
            text(
                "SELECT failed_attempts, locked_until, password_hash, active FROM clerk "
                "WHERE number = :n"
            ),
            {"n": number},
        ).one()
    return int(failures), None if locked is None else aware_utc(locked), str(hashed), bool(active)


def _last_detail(engine: Engine) -> tuple[str, str, str, dict[str, object]]:
    with engine.connect() as connection:
        actor, action, subject, detail = connection.execute(
            text("SELECT actor, action, subject, detail FROM audit_entry ORDER BY id DESC LIMIT 1")
        ).one()
    return str(actor), str(action), str(subject), json.loads(detail)


def _fail(engine: Engine, number: str, times: int, now: datetime = NOW) -> list[str]:
    messages = []
    for _ in range(times):
        with pytest.raises(SignInError) as refused:
            auth.sign_in(engine, number, "not-the-password", now=now)
        messages.append(str(refused.value))
    return messages


# --- signing in -----------------------------------------------------------------------------------


def test_the_right_password_signs_in(counter: Counter) -> None:
    before = last_audit_id(counter.engine)
    who = auth.sign_in(counter.engine, " 0107 ", PASSWORD, now=NOW)
    assert who == counter.clerk
    assert (who.number, who.name, who.role) == ("0107", "张敏", Role.CLERK)
    assert audit_actions(counter.engine, after_id=before) == ["signin.ok"]
    assert _last_detail(counter.engine)[:3] == ("0107", "signin.ok", "0107")


def test_a_wrong_password_is_refused_and_counted(counter: Counter) -> None:
    before = last_audit_id(counter.engine)
    assert _fail(counter.engine, "0107", 1) == [WRONG]
    failures, locked, _, _ = _clerk(counter.engine, "0107")
    assert (failures, locked) == (1, None)
    assert audit_actions(counter.engine, after_id=before) == ["signin.failed"]
    assert _last_detail(counter.engine)[3] == {"failures": 1, "locked": False}


def test_an_unknown_number_gets_the_same_answer_as_a_wrong_password(counter: Counter) -> None:
    before = last_audit_id(counter.engine)
    with pytest.raises(SignInError) as unknown:
        auth.sign_in(counter.engine, "4444", PASSWORD, now=NOW)
    wrong = _fail(counter.engine, "0107", 1)[0]
    assert str(unknown.value) == wrong == WRONG
    assert type(unknown.value) is SignInError
    assert audit_actions(counter.engine, after_id=before) == ["signin.unknown", "signin.failed"]
    assert rows_in(counter.engine, "clerk") == {"clerk": 3}


def test_five_wrong_passwords_lock_the_sign_in(counter: Counter) -> None:
    messages = _fail(counter.engine, "0107", 5)
    assert messages[:4] == [WRONG] * 4
    assert messages[4] == "Wrong password 5 times: sign-in 0107 is locked for 15 minutes."
    failures, locked, _, _ = _clerk(counter.engine, "0107")
    assert locked == NOW + timedelta(minutes=15)
    assert failures == 0
    assert _last_detail(counter.engine)[3] == {"failures": 5, "locked": True}


def test_a_locked_sign_in_refuses_even_the_right_password(counter: Counter) -> None:
    _fail(counter.engine, "0107", 5)
    before = _clerk(counter.engine, "0107")
    with pytest.raises(SignInError, match="locked") as refused:
        auth.sign_in(counter.engine, "0107", PASSWORD, now=later(14))
    # 10:45 in the hall: the lock's end in local time (UTC+8).
    assert "until 10:45" in str(refused.value)
    # More wrong passwords while locked neither extend the lock nor count.
    _fail(counter.engine, "0107", 3, now=later(10))
    assert _clerk(counter.engine, "0107") == before


def test_the_lock_ends_after_lock_minutes(counter: Counter) -> None:
    _fail(counter.engine, "0107", 5)
    with pytest.raises(SignInError, match="locked"):
        auth.sign_in(counter.engine, "0107", PASSWORD, now=later(15) - timedelta(seconds=1))
    assert auth.sign_in(counter.engine, "0107", PASSWORD, now=later(15)) == counter.clerk
    failures, locked, _, _ = _clerk(counter.engine, "0107")
    assert (failures, locked) == (0, None)


def test_the_lock_follows_the_settings(counter: Counter) -> None:
    with counter.engine.begin() as connection:
        settings.write(connection, "auth.max_failures", 2, now=NOW)
        settings.write(connection, "auth.lock_minutes", 60, now=NOW)
    messages = _fail(counter.engine, "0107", 2)
    assert messages == [WRONG, "Wrong password 2 times: sign-in 0107 is locked for 60 minutes."]
    with pytest.raises(SignInError, match="locked"):
        auth.sign_in(counter.engine, "0107", PASSWORD, now=later(59))
    auth.sign_in(counter.engine, "0107", PASSWORD, now=later(60))


def test_a_good_sign_in_clears_the_count_of_failures(counter: Counter) -> None:
    _fail(counter.engine, "0107", 4)
    assert _clerk(counter.engine, "0107")[0] == 4
    auth.sign_in(counter.engine, "0107", PASSWORD, now=NOW)
    assert _clerk(counter.engine, "0107")[0] == 0
    assert _fail(counter.engine, "0107", 4) == [WRONG] * 4
    assert _clerk(counter.engine, "0107")[1] is None


def test_a_disabled_sign_in_is_refused_and_can_be_enabled_again(counter: Counter) -> None:
    before = last_audit_id(counter.engine)
    with counter.engine.begin() as connection:
        auth.set_active(connection, counter.admin, "0107", active=False, now=NOW)
    assert _clerk(counter.engine, "0107")[3] is False
    with pytest.raises(SignInError, match="disabled"):
        auth.sign_in(counter.engine, "0107", PASSWORD, now=later(1))
    with counter.engine.begin() as connection:
        auth.set_active(connection, counter.admin, "0107", active=True, now=later(2))
    assert auth.sign_in(counter.engine, "0107", PASSWORD, now=later(3)) == counter.clerk
    assert audit_actions(counter.engine, after_id=before) == [
        "clerk.disabled",
        "signin.disabled",
        "clerk.enabled",
        "signin.ok",
    ]


def test_a_password_reset_lifts_the_lock_and_replaces_the_password(counter: Counter) -> None:
    _fail(counter.engine, "0107", 5)
    old_hash = _clerk(counter.engine, "0107")[2]
    with counter.engine.begin() as connection:
        auth.reset_password(connection, counter.admin, "0107", "fresh-start", now=later(1))
    failures, locked, new_hash, _ = _clerk(counter.engine, "0107")
    assert (failures, locked) == (0, None)
    assert new_hash != old_hash
    assert _last_detail(counter.engine)[:3] == ("9001", "clerk.password_reset", "0107")
    with pytest.raises(SignInError, match="wrong"):
        auth.sign_in(counter.engine, "0107", PASSWORD, now=later(2))
    assert auth.sign_in(counter.engine, "0107", "fresh-start", now=later(2)) == counter.clerk


def test_passwords_are_kept_only_as_salted_argon2id_hashes(counter: Counter) -> None:
    with counter.engine.begin() as connection:
        auth.add_clerk(
            connection,
            counter.admin,
            number="0108",
            name="赵六",
            role=Role.CLERK,
            password=PASSWORD,
            now=NOW,
        )
    with counter.engine.connect() as connection:
        hashes = dict(connection.execute(text("SELECT number, password_hash FROM clerk")).all())
        everything = "\n".join(
            str(row) for row in connection.execute(text("SELECT * FROM clerk")).all()
        )
    assert all(hashed.startswith("$argon2id$") for hashed in hashes.values())
    # The same password twice gives two hashes: each has its own salt.
    assert hashes["0107"] != hashes["0108"]
    assert PASSWORD not in everything
    assert MANAGER_PASSWORD not in everything


# --- managing sign-ins ----------------------------------------------------------------------------


def test_an_admin_adds_a_clerk_who_can_sign_in(counter: Counter) -> None:
    with counter.engine.begin() as connection:
        new_id = auth.add_clerk(
            connection,
            counter.admin,
            number=" 0210 ",
            name=" 孙丽 ",
            role=Role.MANAGER,
            password="secret-1",
            now=NOW,
        )
    assert _last_detail(counter.engine) == (
        "9001",
        "clerk.added",
        "0210",
        {"name": "孙丽", "role": "manager"},
    )
    who = auth.sign_in(counter.engine, "0210", "secret-1", now=later(1))
    assert (who.clerk_id, who.number, who.name, who.role) == (new_id, "0210", "孙丽", Role.MANAGER)


@pytest.mark.parametrize(
    ("number", "name", "password", "words"),
    [
        ("A107", "赵六", PASSWORD, "2 to 8 digits"),
        ("1", "赵六", PASSWORD, "2 to 8 digits"),
        ("123456789", "赵六", PASSWORD, "2 to 8 digits"),
        ("0108", "  ", PASSWORD, "name"),
        ("0108", "赵" * 41, PASSWORD, "name"),
        ("0107", "赵六", PASSWORD, "taken"),
        ("0108", "赵六", "12345", "at least 6"),
    ],
)
def test_a_clerk_that_cannot_be_added_is_refused_and_nothing_is_written(
    counter: Counter, number: str, name: str, password: str, words: str
) -> None:
    before = rows_in(counter.engine, "clerk", "audit_entry")
    with pytest.raises(ClerkError, match=words), counter.engine.begin() as connection:
        auth.add_clerk(
            connection,
            counter.admin,
            number=number,
            name=name,
            role=Role.CLERK,
            password=password,
            now=NOW,
        )
    assert rows_in(counter.engine, "clerk", "audit_entry") == before


def test_changing_an_unknown_clerk_is_refused(counter: Counter) -> None:
    with pytest.raises(ClerkError, match="no clerk 7777"), counter.engine.begin() as connection:
        auth.reset_password(connection, counter.admin, "7777", "whatever1", now=NOW)
    with pytest.raises(ClerkError, match="no clerk 7777"), counter.engine.begin() as connection:
        auth.set_active(connection, counter.admin, "7777", active=False, now=NOW)


@pytest.mark.parametrize("who", ["clerk", "manager"])
def test_only_it_manages_sign_ins(counter: Counter, who: str) -> None:
    actor = getattr(counter, who)
    tables = ("clerk", "audit_entry")
    before = rows_in(counter.engine, *tables)
    hashes_before = _clerk(counter.engine, "0107")
    # Caught inside the transaction and committed: the refusal comes before any write.
    with counter.engine.begin() as connection:
        with pytest.raises(PermissionDeniedError, match="manage_clerks"):
            auth.add_clerk(
                connection,
                actor,
                number="0108",
                name="赵六",
                role=Role.ADMIN,
                password=PASSWORD,
                now=NOW,
            )
        with pytest.raises(PermissionDeniedError, match="manage_clerks"):
            auth.reset_password(connection, actor, "0107", "taken-over", now=NOW)
        with pytest.raises(PermissionDeniedError, match="manage_clerks"):
            auth.set_active(connection, actor, "0107", active=False, now=NOW)
    assert rows_in(counter.engine, *tables) == before
    assert _clerk(counter.engine, "0107") == hashes_before


def test_the_list_of_clerks_shows_who_is_locked(counter: Counter) -> None:
    _fail(counter.engine, "0001", 5)
    with counter.engine.connect() as connection:
        now_locked = auth.list_clerks(connection, now=later(1))
        later_on = auth.list_clerks(connection, now=later(16))
    assert [(c.number, c.role, c.locked) for c in now_locked] == [
        ("0001", Role.MANAGER, True),
        ("0107", Role.CLERK, False),
        ("9001", Role.ADMIN, False),
    ]
    assert not any(c.locked for c in later_on)


# --- approvals ------------------------------------------------------------------------------------


def _approve(counter: Counter, *, act: str = ACT, at: datetime = NOW) -> Approval:
    return auth.approve(
        counter.engine,
        "0001",
        MANAGER_PASSWORD,
        permission=Permission.APPROVE,
        act=act,
        for_clerk=counter.clerk,
        now=at,
    )


def _consume(
    counter: Counter,
    approval: Approval,
    *,
    act: str = ACT,
    at: datetime = NOW,
    permission: Permission = Permission.APPROVE,
    by: SignedIn | None = None,
) -> None:
    with counter.engine.begin() as connection:
        auth.consume_approval(
            connection, approval, permission=permission, act=act, now=at, by=by or counter.clerk
        )


def test_an_approval_is_for_the_clerk_it_was_given_to(counter: Counter) -> None:
    approval = _approve(counter)  # typed at clerk 0107's counter
    with pytest.raises(PermissionDeniedError, match="another clerk"):
        _consume(counter, approval, by=counter.admin)
    _consume(counter, approval)  # still unused: 0107 may use it


def test_a_manager_approves_once(counter: Counter) -> None:
    before = last_audit_id(counter.engine)
    approval = _approve(counter)
    assert (approval.manager_id, approval.manager_no) == (counter.manager.clerk_id, "0001")
    assert (approval.permission, approval.act, approval.granted_at) == (
        Permission.APPROVE,
        ACT,
        NOW,
    )
    assert _last_detail(counter.engine) == (
        "0001",
        "approval.granted",
        str(approval.approval_uid),
        {"act": ACT, "for": "0107", "permission": "approve"},
    )
    _consume(counter, approval, at=later(1))
    assert _last_detail(counter.engine)[:3] == ("0001", "approval.used", str(approval.approval_uid))
    with pytest.raises(PermissionDeniedError, match="used already"):
        _consume(counter, approval, at=later(2))
    assert audit_actions(counter.engine, after_id=before) == ["approval.granted", "approval.used"]


def test_an_approval_lasts_five_minutes(counter: Counter) -> None:
    stale = _approve(counter)
    with pytest.raises(PermissionDeniedError, match="more than 5 minutes old"):
        _consume(counter, stale, at=later(5) + timedelta(seconds=1))
    fresh = _approve(counter, at=later(10))
    _consume(counter, fresh, at=later(15))


def test_an_approval_is_for_one_act(counter: Counter) -> None:
    approval = _approve(counter, act="shift.close")
    with pytest.raises(PermissionDeniedError, match="something else"):
        _consume(counter, approval, act=ACT)
    with pytest.raises(PermissionDeniedError, match="something else"):
        _consume(counter, approval, act="shift.close", permission=Permission.VIEW_REPORTS)
    # Still unused: the right act may use it.
    _consume(counter, approval, act="shift.close")


def test_an_approval_made_up_in_code_is_refused(counter: Counter) -> None:
    forged = Approval(uuid.uuid4(), counter.manager.clerk_id, "0001", Permission.APPROVE, ACT, NOW)
    with pytest.raises(PermissionDeniedError, match="not granted here"):
        _consume(counter, forged)
    # A real approval's id with another manager's number is refused too.
    real = _approve(counter)
    with pytest.raises(PermissionDeniedError, match="not granted here"):
        _consume(counter, replace(real, manager_no="0002"))
    # So is one that names the clerk as the approver behind the manager's number.
    with pytest.raises(PermissionDeniedError, match="not granted here"):
        _consume(counter, replace(real, manager_id=counter.clerk.clerk_id))
    _consume(counter, real)


def test_a_refused_approval_writes_nothing(counter: Counter) -> None:
    approval = _approve(counter)
    before = rows_in(counter.engine, "audit_entry")
    with counter.engine.begin() as connection, pytest.raises(PermissionDeniedError):
        auth.consume_approval(
            connection,
            approval,
            permission=Permission.APPROVE,
            act="shift.close",
            now=NOW,
            by=counter.clerk,
        )
    assert rows_in(counter.engine, "audit_entry") == before


def test_a_manager_cannot_approve_their_own_act(counter: Counter) -> None:
    before = rows_in(counter.engine, "audit_entry")
    with pytest.raises(PermissionDeniedError, match="someone else"):
        auth.approve(
            counter.engine,
            "0001",
            MANAGER_PASSWORD,
            permission=Permission.APPROVE,
            act=ACT,
            for_clerk=counter.manager,
            now=NOW,
        )
    assert rows_in(counter.engine, "audit_entry") == before


@pytest.mark.parametrize(("number", "password"), [("0107", PASSWORD), ("9001", PASSWORD)])
def test_only_a_manager_can_approve(counter: Counter, number: str, password: str) -> None:
    before = rows_in(counter.engine, "audit_entry", "clerk")
    for_clerk = counter.manager if number == "0107" else counter.clerk
    with pytest.raises(PermissionDeniedError, match=r"may not do this \(approve\)"):
        auth.approve(
            counter.engine,
            number,
            password,
            permission=Permission.APPROVE,
            act=ACT,
            for_clerk=for_clerk,
            now=NOW,
        )
    assert rows_in(counter.engine, "audit_entry", "clerk") == before


def test_a_wrong_manager_password_counts_towards_the_managers_lock(counter: Counter) -> None:
    for _ in range(5):
        with pytest.raises(SignInError):
            auth.approve(
                counter.engine,
                "0001",
                "guess-guess",
                permission=Permission.APPROVE,
                act=ACT,
                for_clerk=counter.clerk,
                now=NOW,
            )
    assert _clerk(counter.engine, "0001")[1] == NOW + timedelta(minutes=15)
    with pytest.raises(SignInError, match="locked"):
        _approve(counter, at=later(1))
    assert _clerk(counter.engine, "0107")[:2] == (0, None)
