"""Signing in, on-the-spot approval and managing sign-ins (登录、授权、人员管理).

Passwords are kept only as argon2id hashes (argon2-cffi's defaults, RFC 9106's second
recommendation), which makes a stolen terminal database useless for guessing passwords offline.
A sign-in locks after ``auth.max_failures`` wrong passwords in a row for ``auth.lock_minutes``;
the failure is counted (and audited) in its own committed transaction, so giving up and trying
again does not reset it, and an unknown number gets the same answer as a wrong password.

Why approvals are records, not flags: a reversal or a large cash difference needs a manager's
number and password typed at the clerk's counter. :func:`approve` checks them and writes an
``approval.granted`` audit entry; the service that needs the approval (:func:`consume_approval`)
finds that entry, checks it is recent, for the right act and unused, and marks it used in the
act's own transaction. An :class:`Approval` made up in code, or used twice, is refused.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, text

from counterdesk.domain.ids import new_uid
from counterdesk.domain.permissions import Permission, Role, allows
from counterdesk.domain.workdays import CHINA_STANDARD_TIME
from counterdesk.services.common import CounterError, aware_utc, naive_utc
from counterdesk.store import audit, settings

MIN_PASSWORD_LENGTH: Final = 6
APPROVAL_LIFETIME: Final = timedelta(minutes=5)
CLI_ACTOR: Final = "cli"

_hasher = PasswordHasher()
_DUMMY_HASH: Final = _hasher.hash("not a password of anyone")


class AuthError(CounterError):
    """A refusal the person at the counter must read: the message says what to do."""


class SignInError(AuthError):
    """Wrong number or password, a disabled or a locked sign-in."""


class PermissionDeniedError(AuthError):
    """The signed-in person's role does not allow the act."""


class ClerkError(AuthError):
    """A clerk cannot be added or changed as asked (number taken, weak password…)."""


@dataclass(frozen=True)
class SignedIn:
    """Who is at the counter: what every service call carries and checks."""

    clerk_id: int
    number: str
    name: str
    role: Role

    def can(self, permission: Permission) -> bool:
        return allows(self.role, permission)


CLI_ADMIN: Final = SignedIn(clerk_id=0, number=CLI_ACTOR, name="IT (command line)", role=Role.ADMIN)
"""The actor for ``counterdesk clerk …``: IT at the terminal's own command line."""


@dataclass(frozen=True)
class Approval:
    """A manager's approval of one act, granted by :func:`approve` and used once."""

    approval_uid: uuid.UUID
    manager_id: int
    manager_no: str
    permission: Permission
    act: str
    granted_at: datetime


def require(actor: SignedIn, permission: Permission) -> None:
    """Refuse with :class:`PermissionDeniedError` unless ``actor``'s role allows ``permission``."""
    if not actor.can(permission):
        raise PermissionDeniedError(
            "{number} ({role}) may not do this ({permission}); ask a manager.",
            number=actor.number,
            role=actor.role.value,
            permission=permission.value,
        )


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ClerkError("A password needs at least {n} characters.", n=MIN_PASSWORD_LENGTH)
    return _hasher.hash(password)


def _check_password(engine: Engine, number: str, password: str, now: datetime) -> SignedIn:
    """Check one number and password, counting a failure in its own committed transaction."""
    number = number.strip()
    wrong = SignInError("The clerk number or the password is wrong.")
    with engine.begin() as connection:
        policy = settings.load(connection)
        row = connection.execute(
            text(
                "SELECT id, number, name, role, password_hash, active, failed_attempts, "
                "locked_until FROM clerk WHERE number = :number"
            ),
            {"number": number},
        ).one_or_none()
        if row is None:
            # As slow as a wrong password, so timing does not tell which numbers exist.
            with contextlib.suppress(VerificationError, InvalidHashError):
                _hasher.verify(_DUMMY_HASH, password)
            audit.append(connection, at=now, actor=number[:16] or "?", action="signin.unknown",
                         subject=number[:64])  # fmt: skip
            failure: SignInError | None = wrong
        else:
            failure = _check_row(
                connection, row, password=password, now=now, policy=policy, wrong=wrong
            )
        if failure is None:
            assert row is not None  # a failure is returned for a missing row
            return SignedIn(int(row[0]), str(row[1]), str(row[2]), Role(str(row[3])))
    raise failure


def _check_row(
    connection: Connection,
    row: Sequence[Any],
    *,
    password: str,
    now: datetime,
    policy: settings.BusinessSettings,
    wrong: SignInError,
) -> SignInError | None:
    clerk_id, number, stored, active = int(row[0]), str(row[1]), str(row[4]), bool(row[5])
    failures, locked_until = int(row[6]), row[7]
    if not active:
        audit.append(connection, at=now, actor=number, action="signin.disabled", subject=number)
        return SignInError("Sign-in {number} is disabled; ask the hall's IT admin.", number=number)
    if locked_until is not None and aware_utc(locked_until) > now:
        until = aware_utc(locked_until)
        return SignInError(
            "Sign-in {number} is locked after {failures} wrong passwords until {until}; IT can "
            "reset the password.",
            number=number,
            failures=policy.max_failures,
            until=f"{until.astimezone(CHINA_STANDARD_TIME):%H:%M}",
        )
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        failures += 1
        lock = failures >= policy.max_failures
        connection.execute(
            text("UPDATE clerk SET failed_attempts = :n, locked_until = :until WHERE id = :id"),
            {
                "n": 0 if lock else failures,
                "until": naive_utc(now + timedelta(minutes=policy.lock_minutes)) if lock else None,
                "id": clerk_id,
            },
        )
        audit.append(connection, at=now, actor=number, action="signin.failed", subject=number,
                     detail={"failures": failures, "locked": lock})  # fmt: skip
        if lock:
            return SignInError(
                "Wrong password {failures} times: sign-in {number} is locked for {minutes} "
                "minutes.",
                failures=failures,
                number=number,
                minutes=policy.lock_minutes,
            )
        return wrong
    connection.execute(
        text("UPDATE clerk SET failed_attempts = 0, locked_until = NULL WHERE id = :id"),
        {"id": clerk_id},
    )
    return None


def _local_zone() -> object:
    from counterdesk.domain.workdays import CHINA_STANDARD_TIME

    return CHINA_STANDARD_TIME


def sign_in(engine: Engine, number: str, password: str, *, now: datetime) -> SignedIn:
    """Check a clerk number and password; returns who signed in or raises :class:`SignInError`."""
    who = _check_password(engine, number, password, now)
    with engine.begin() as connection:
        audit.append(connection, at=now, actor=who.number, action="signin.ok", subject=who.number)
    return who


def approve(
    engine: Engine,
    number: str,
    password: str,
    *,
    permission: Permission,
    act: str,
    for_clerk: SignedIn,
    now: datetime,
) -> Approval:
    """A manager's number and password typed at ``for_clerk``'s counter, for one ``act``.

    The manager's wrong passwords count towards their own lock, as at sign-in. A manager cannot
    approve their own act: the point of a second person is that it is a second person.
    """
    manager = _check_password(engine, number, password, now)
    if manager.clerk_id == for_clerk.clerk_id:
        raise PermissionDeniedError("An approval must come from someone else, not yourself.")
    require(manager, permission)
    approval = Approval(new_uid(), manager.clerk_id, manager.number, permission, act, now)
    with engine.begin() as connection:
        audit.append(
            connection, at=now, actor=manager.number, action="approval.granted",
            subject=str(approval.approval_uid),
            detail={"permission": permission.value, "act": act, "for": for_clerk.number},
        )  # fmt: skip
    return approval


def consume_approval(
    connection: Connection,
    approval: Approval,
    *,
    permission: Permission,
    act: str,
    now: datetime,
    by: SignedIn,
) -> None:
    """Check ``approval`` against its audit record and mark it used, in the act's transaction.

    ``by`` is who acts on it: it must be the clerk the manager approved for, at whose counter the
    manager typed the password.
    """
    subject = str(approval.approval_uid)
    rows = connection.execute(
        text("SELECT action, actor, at, detail FROM audit_entry WHERE subject = :s"),
        {"s": subject},
    ).all()
    granted = [row for row in rows if row[0] == "approval.granted"]
    manager_id = connection.execute(
        text("SELECT id FROM clerk WHERE number = :n"), {"n": approval.manager_no}
    ).scalar_one_or_none()
    if (
        len(granted) != 1
        or granted[0][1] != approval.manager_no
        or manager_id != approval.manager_id
    ):
        raise PermissionDeniedError("This approval was not granted here; ask the manager again.")
    if any(row[0] == "approval.used" for row in rows):
        raise PermissionDeniedError("This approval has been used already; ask the manager again.")

    detail = json.loads(granted[0][3])
    if detail.get("permission") != permission.value or detail.get("act") != act:
        raise PermissionDeniedError("This approval was given for something else.")
    if detail.get("for") != by.number:
        raise PermissionDeniedError("This approval was given to another clerk; ask again.")
    if now - aware_utc(granted[0][2]) > APPROVAL_LIFETIME:
        raise PermissionDeniedError("The approval is more than 5 minutes old; ask again.")
    audit.append(connection, at=now, actor=approval.manager_no, action="approval.used",
                 subject=subject, detail={"act": act})  # fmt: skip


# --- managing sign-ins ------------------------------------------------------------------------


def add_clerk(
    connection: Connection,
    actor: SignedIn,
    *,
    number: str,
    name: str,
    role: Role,
    password: str,
    now: datetime,
) -> int:
    """Add a person who signs in; returns the new row id."""
    require(actor, Permission.MANAGE_CLERKS)
    number, name = number.strip(), name.strip()
    if not number.isdigit() or not 2 <= len(number) <= 8:
        raise ClerkError(
            "A clerk number is 2 to 8 digits (printed on receipts), not “{number}”.", number=number
        )
    if not name or len(name) > 40:
        raise ClerkError("A clerk needs a name of at most 40 characters.")
    taken = connection.execute(text("SELECT 1 FROM clerk WHERE number = :n"), {"n": number}).first()
    if taken:
        raise ClerkError("Clerk number {number} is taken; choose another.", number=number)
    hashed = hash_password(password)
    clerk_id = int(
        connection.execute(
            text(
                "INSERT INTO clerk (uid, number, name, role, password_hash, active, "
                "failed_attempts, created_at, password_changed_at) VALUES (:uid, :number, :name, "
                ":role, :hash, 1, 0, :now, :now) RETURNING id"
            ),
            {"uid": new_uid().bytes, "number": number, "name": name, "role": role.value,
             "hash": hashed, "now": naive_utc(now)},
        ).scalar_one()
    )  # fmt: skip
    audit.append(connection, at=now, actor=actor.number, action="clerk.added", subject=number,
                 detail={"role": role.value, "name": name})  # fmt: skip
    return clerk_id


def _clerk_id(connection: Connection, number: str) -> int:
    found = connection.execute(
        text("SELECT id FROM clerk WHERE number = :n"), {"n": number.strip()}
    ).scalar_one_or_none()
    if found is None:
        raise ClerkError("There is no clerk {number}.", number=number)
    return int(found)


def reset_password(
    connection: Connection, actor: SignedIn, number: str, password: str, *, now: datetime
) -> None:
    """Set a new password and lift a lock (IT, after checking who is asking)."""
    require(actor, Permission.MANAGE_CLERKS)
    clerk_id = _clerk_id(connection, number)
    connection.execute(
        text(
            "UPDATE clerk SET password_hash = :hash, failed_attempts = 0, locked_until = NULL, "
            "password_changed_at = :now WHERE id = :id"
        ),
        {"hash": hash_password(password), "now": naive_utc(now), "id": clerk_id},
    )
    audit.append(connection, at=now, actor=actor.number, action="clerk.password_reset",
                 subject=number.strip())  # fmt: skip


def set_active(
    connection: Connection, actor: SignedIn, number: str, *, active: bool, now: datetime
) -> None:
    """Disable (or enable again) a sign-in; the clerk's records stay for the audit trail."""
    require(actor, Permission.MANAGE_CLERKS)
    clerk_id = _clerk_id(connection, number)
    connection.execute(
        text("UPDATE clerk SET active = :active WHERE id = :id"),
        {"active": active, "id": clerk_id},
    )
    action = "clerk.enabled" if active else "clerk.disabled"
    audit.append(connection, at=now, actor=actor.number, action=action, subject=number.strip())


@dataclass(frozen=True)
class ClerkInfo:
    number: str
    name: str
    role: Role
    active: bool
    locked: bool


def list_clerks(connection: Connection, *, now: datetime) -> list[ClerkInfo]:
    rows = connection.execute(
        text("SELECT number, name, role, active, locked_until FROM clerk ORDER BY number")
    )
    return [
        ClerkInfo(str(number), str(name), Role(str(role)), bool(active),
                  locked is not None and aware_utc(locked) > now)
        for number, name, role, active, locked in rows
    ]  # fmt: skip
