"""The meter change order (换表工单): its states, the guard on closing, and the sync precondition.

DOMAIN.md's chain: Requested → Notified → Executed (readings) → Confirmed → [BackBilling →
Approved] → Closed. The customer is notified (the meter change notice and service card), the
fitter executes the change and the readings are entered, the customer confirms them, and then one
of two ends: a change that found nothing wrong with the old installation closes; one that found a
metering error (a fault, a test out of tolerance, wrong wiring, a wrong multiplier) goes through
back-billing (电量退补), which a manager approves before it is billed (``approve`` is an approval
transition), and only then closes. Cancelling is possible until the meter has been changed: after
that the old meter is off the wall and the order must be finished.

The bracketed part is not a free choice: :func:`check_close` refuses to close a confirmed order
whose case needs back-billing, so a fault cannot be closed and forgotten, and
:func:`check_start_back_billing` refuses back-billing where nothing was found.

The sync precondition (:class:`MeterChangePrecondition`) is what SYNC.md's conflict rule checks
at HQ when the terminal's change arrives: the expected meter is still the account's meter, the
account has not changed since, and the old meter's final reading is not below the last known one.
If it fails the change goes to the conflict inbox; the first of two halls to change a meter wins.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final
from uuid import UUID

from counterdesk.documents.receipts import MeterChangeReason
from counterdesk.domain.accounts import format_reading
from counterdesk.domain.orders.workflow import Workflow, move
from counterdesk.domain.refusal import CounterError

__all__ = [
    "ACTIONS",
    "METER_CHANGE",
    "STATES",
    "Finding",
    "MeterChangeCase",
    "MeterChangeConflictError",
    "MeterChangePrecondition",
    "MeterChangeReason",
    "MeterChangeRefusedError",
    "check_close",
    "check_start_back_billing",
    "fire",
    "needs_back_billing",
]

REQUESTED: Final = "requested"
NOTIFIED: Final = "notified"
EXECUTED: Final = "executed"
CONFIRMED: Final = "confirmed"
BACK_BILLING: Final = "back_billing"
APPROVED: Final = "approved"
CLOSED: Final = "closed"
CANCELLED: Final = "cancelled"
STATES: Final = (
    REQUESTED,
    NOTIFIED,
    EXECUTED,
    CONFIRMED,
    BACK_BILLING,
    APPROVED,
    CLOSED,
    CANCELLED,
)

NOTIFY: Final = "notify"
EXECUTE: Final = "execute"
CONFIRM: Final = "confirm"
START_BACK_BILLING: Final = "start_back_billing"
APPROVE: Final = "approve"
CLOSE: Final = "close"
CANCEL: Final = "cancel"
ACTIONS: Final = (NOTIFY, EXECUTE, CONFIRM, START_BACK_BILLING, APPROVE, CLOSE, CANCEL)

METER_CHANGE: Final = Workflow(
    kind="meter_change",
    initial=REQUESTED,
    final=frozenset({CLOSED, CANCELLED}),
    transitions=(
        move(NOTIFY, REQUESTED, NOTIFIED),
        move(EXECUTE, NOTIFIED, EXECUTED),
        move(CONFIRM, EXECUTED, CONFIRMED),
        move(START_BACK_BILLING, CONFIRMED, BACK_BILLING),
        move(APPROVE, BACK_BILLING, APPROVED, approval=True),
        move(CLOSE, (CONFIRMED, APPROVED), CLOSED),
        move(CANCEL, (REQUESTED, NOTIFIED), CANCELLED),
    ),
)
"""The meter change's table of legal moves (pause/resume built in)."""


class Finding(enum.StrEnum):
    """What the test or inspection of the old installation found (检定/检查结论)."""

    NONE = "none"
    """Within tolerance, wired and multiplied correctly: nothing to correct."""
    METER_ERROR = "meter_error"
    """Meter or CT/PT error out of tolerance (误差超差)."""
    WIRING_ERROR = "wiring_error"
    """Wrong wiring (接线错误)."""
    WRONG_MULTIPLIER = "wrong_multiplier"
    """The billed multiplier differs from the real one (倍率不符)."""


_NEEDS_A_FINDING: Final = frozenset({MeterChangeReason.FAULT, MeterChangeReason.TEST})
"""Reasons that suspect the old meter: the order waits for the test result before closing."""


@dataclass(frozen=True)
class MeterChangeCase:
    """Why the meter was changed and what was found; ``finding`` is None until it is recorded.

    A rotation or a customer's request needs no finding to close (the removed meter is sealed and
    may be tested on request); a fault or a test-driven change does, because the test result (due
    within 5 working days, DOMAIN.md) decides whether there is energy to correct.
    """

    reason: MeterChangeReason
    finding: Finding | None = None

    @property
    def awaiting_finding(self) -> bool:
        return self.finding is None and self.reason in _NEEDS_A_FINDING


class MeterChangeRefusedError(CounterError):
    """A meter change order's move refused for its case, not its state (see :func:`check_close`)."""


def needs_back_billing(case: MeterChangeCase) -> bool:
    """Whether the order must go through back-billing before it closes: an error was found."""
    return case.finding not in (None, Finding.NONE)


def check_close(order_no: str, state: str, case: MeterChangeCase) -> None:
    """Refuse to close a confirmed order whose case needs back-billing or still awaits its test.

    The workflow allows ``close`` from ``confirmed`` and ``approved``; from ``approved`` the
    back-billing is done. Other states are the workflow's business (:func:`fire` asks it).
    """
    if state != CONFIRMED:
        return
    if case.awaiting_finding:
        raise MeterChangeRefusedError(
            "Order {order} changed a meter for a fault or a test: record what the test of the "
            "old meter found before closing it.",
            order=order_no,
        )
    if needs_back_billing(case):
        raise MeterChangeRefusedError(
            "Order {order} found a metering error on the old installation: compute the "
            "back-billing (电量退补) and have it approved before closing.",
            order=order_no,
        )


def check_start_back_billing(order_no: str, case: MeterChangeCase) -> None:
    """Refuse back-billing where the old installation was found to measure correctly."""
    if not needs_back_billing(case):
        raise MeterChangeRefusedError(
            "Order {order} has no metering error on record, so there is nothing to back-bill.",
            order=order_no,
        )


def fire(
    order_no: str,
    state: str,
    action: str,
    case: MeterChangeCase,
    *,
    paused_from: str | None = None,
) -> str:
    """The state after ``action``: the workflow's move plus the case's guards."""
    target = METER_CHANGE.fire(order_no, state, action, paused_from=paused_from)
    if action == CLOSE:
        check_close(order_no, state, case)
    elif action == START_BACK_BILLING:
        check_start_back_billing(order_no, case)
    return target


# --- the sync precondition -----------------------------------------------------------------------


class MeterChangeConflictError(CounterError):
    """The meter change no longer fits the account at HQ: it goes to the conflict inbox."""


def _frozen(readings: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(readings))


def _empty() -> Mapping[str, int]:
    return MappingProxyType({})


@dataclass(frozen=True)
class MeterChangePrecondition:
    """What a meter change assumes about the account, carried with the order to HQ (SYNC.md).

    ``expected_meter_uid`` is the meter the terminal saw on the account, ``account_version`` the
    account's version in the terminal's mirror, ``final_readings`` the old meter's final reading
    per register (hundredths) and ``last_known`` the last reading the terminal knew of each.
    A rolled-over register fails :meth:`holds` on purpose: the rule is "final ≥ last known", and
    the rare rollover is for a manager in the conflict inbox rather than a guess at HQ.
    """

    expected_meter_uid: UUID
    account_version: int
    final_readings: Mapping[str, int] = field(default_factory=_empty, hash=False)
    last_known: Mapping[str, int] = field(default_factory=_empty, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "final_readings", _frozen(self.final_readings))
        object.__setattr__(self, "last_known", _frozen(self.last_known))

    def holds(self) -> bool:
        """Final ≥ last known on every register with a last known reading."""
        return not self._reading_conflicts(self.last_known)

    def _reading_conflicts(self, last_known: Mapping[str, int]) -> list[MeterChangeConflictError]:
        found: list[MeterChangeConflictError] = []
        for register, last in sorted(last_known.items()):
            final = self.final_readings.get(register)
            if final is None:
                found.append(
                    MeterChangeConflictError(
                        "The meter change has no final reading for register {register}, whose "
                        "last known reading is {last}.",
                        register=register,
                        last=format_reading(last),
                    )
                )
            elif final < last:
                found.append(
                    MeterChangeConflictError(
                        "The final reading {final} of register {register} is below the last known "
                        "reading {last}.",
                        register=register,
                        final=format_reading(final),
                        last=format_reading(last),
                    )
                )
        return found

    def conflicts(
        self,
        current_meter_uid: UUID | None,
        current_account_version: int,
        current_last_known: Mapping[str, int] | None = None,
    ) -> tuple[MeterChangeConflictError, ...]:
        """Every way the account as HQ has it now contradicts this precondition (none: apply it).

        ``current_last_known`` is HQ's last reading per register, which may be newer than the
        terminal's; without it the terminal's ``last_known`` is used.
        """
        found: list[MeterChangeConflictError] = []
        if current_meter_uid != self.expected_meter_uid:
            found.append(
                MeterChangeConflictError(
                    "The account's meter is no longer the one this change removes; another change "
                    "was applied first."
                )
            )
        if current_account_version != self.account_version:
            found.append(
                MeterChangeConflictError(
                    "The account changed at HQ (version {expected} → {current}) after this meter "
                    "change was made.",
                    expected=self.account_version,
                    current=current_account_version,
                )
            )
        last = self.last_known if current_last_known is None else current_last_known
        found += self._reading_conflicts(last)
        return tuple(found)

    def check(
        self,
        current_meter_uid: UUID | None,
        current_account_version: int,
        current_last_known: Mapping[str, int] | None = None,
    ) -> None:
        """Raise the first conflict (see :meth:`conflicts`); return when the change can apply."""
        found = self.conflicts(current_meter_uid, current_account_version, current_last_known)
        if found:
            raise found[0]

    def to_payload(self) -> dict[str, object]:
        """The JSON-compatible form carried in the outbox row's payload."""
        return {
            "expected_meter_uid": str(self.expected_meter_uid),
            "account_version": self.account_version,
            "final_readings": dict(sorted(self.final_readings.items())),
            "last_known": dict(sorted(self.last_known.items())),
        }

    @classmethod
    def from_payload(cls, value: object) -> MeterChangePrecondition:
        """Read :meth:`to_payload`'s form back; ``ValueError`` names a bad entry."""
        if not isinstance(value, dict):
            raise ValueError(f"A meter change precondition is an object, not {value!r}.")
        try:
            uid = UUID(str(value["expected_meter_uid"]))
        except (KeyError, ValueError):
            raise ValueError("expected_meter_uid is missing or not a UUID.") from None
        version = value.get("account_version")
        if isinstance(version, bool) or not isinstance(version, int):
            raise ValueError(f"account_version must be a whole number, not {version!r}.")
        return cls(
            uid,
            version,
            _readings(value.get("final_readings"), "final_readings"),
            _readings(value.get("last_known"), "last_known"),
        )


def _readings(value: object, name: str) -> dict[str, int]:
    if not isinstance(value, dict):
        raise ValueError(f"{name} must be an object of register → reading, not {value!r}.")
    readings: dict[str, int] = {}
    for register, reading in value.items():
        if isinstance(reading, bool) or not isinstance(reading, int) or reading < 0:
            raise ValueError(
                f"{name}[{register!r}] must be a reading in hundredths, not {reading!r}."
            )
        readings[str(register)] = reading
    return readings


# --- deadlines ---------------------------------------------------------------------------------

DEFAULT_METER_CHANGE_WORKDAYS: Final[dict[str, int]] = {"notify": 1, "execute": 5}
"""Working days from the request: the customer is told within 1, the meter changed within 5.
Weak defaults (DOMAIN.md names no meter change commitment; 5 matches "meter test result ≤ 5")."""


@dataclass(frozen=True)
class MeterChangeWorkdays:
    notify: int = 1
    execute: int = 5


def parse_meter_change_workdays(value: object) -> MeterChangeWorkdays:
    """The setting ``orders.meter_change_workdays`` (shaped like the default); ``ValueError``."""
    if not isinstance(value, dict):
        raise ValueError(f"Meter change working days must be an object, not {value!r}.")
    unknown = sorted(set(value) - set(DEFAULT_METER_CHANGE_WORKDAYS))
    if unknown:
        raise ValueError(f"Unknown meter change step {unknown[0]!r}.")
    merged = {**DEFAULT_METER_CHANGE_WORKDAYS, **value}
    for key, days in merged.items():
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 60:
            raise ValueError(f"Meter change step {key!r} takes 0 to 60 working days, not {days!r}.")
    return MeterChangeWorkdays(**merged)
