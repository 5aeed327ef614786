"""Cases (工单): complaints (投诉), reports (举报) and inquiries (咨询), closed in a loop.

Why a case is its own order type: DOMAIN.md's closed loop (投诉举报工作单) is registered,
transferred to the responsible department with a deadline, answered, and called back (回访); an
unsatisfied customer reopens it. First-contact responsibility (首问负责制) makes the clerk who
registered the case its owner for good: a transfer hands the *work* to a department, never the
ownership, so the owner is the one asked why a case is late and who sees the call-back through.

Decisions written down here, because the sources leave them open:

- An inquiry answered on the spot goes ``registered → replied`` in one move (``answer``). It is
  still called back, unless the customer declined a call-back at registration; then it may close
  without one (``close_without_call_back``). A report may be anonymous (匿名举报), so it may decline
  too. A complaint never skips the call-back: it cannot be registered as declining one, and its
  table has no such action at all.
- The first owner may handle a case himself (``accept`` straight from ``registered``): DOMAIN.md's
  first-contact rule is "handles it or transfers it".
- A department that finds a case is not theirs transfers it on (``transfer`` from ``transferred``
  or ``in_progress``); the first owner stays.
- Cases do not pause: nothing in them waits on the customer, and a held case is exactly the
  "压单" the overdue board exists to show.
- Deadlines (all in working days, per kind, a setting): contact within 1 and reply within 5 of the
  registration (DOMAIN.md; the older standard said 7), call-back within 2 of the reply (a weak
  source: the hall's practice, not a published commitment). The call-back is first planned from the
  reply's deadline and re-planned from the actual reply (:func:`replan_after_reply`). A reopened
  case gets a fresh reply and call-back counted from the reopening (:func:`replan_reopened`);
  the contact step is not repeated, because the unsatisfied call-back was itself a contact.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from types import MappingProxyType
from typing import Final

from counterdesk.domain.orders.steps import PlannedStep, StepRule, plan_steps
from counterdesk.domain.orders.workflow import (
    Transition,
    TransitionRefusedError,
    Workflow,
    move,
)
from counterdesk.domain.phones import normalise_phone
from counterdesk.domain.refusal import CounterError
from counterdesk.domain.workdays import WorkCalendar

# --- what a case is about -------------------------------------------------------------------


class CaseKind(enum.StrEnum):
    COMPLAINT = "complaint"
    REPORT = "report"
    INQUIRY = "inquiry"

    @property
    def zh(self) -> str:
        """The printed word (printouts are Chinese only)."""
        return _KIND_ZH[self]


class CaseCategory(enum.StrEnum):
    SERVICE_ATTITUDE = "service_attitude"
    SUPPLY_QUALITY = "supply_quality"
    OUTAGE = "outage"
    SAFETY = "safety"
    CONNECTION = "connection"
    METER = "meter"
    FEES = "fees"
    OTHER = "other"

    @property
    def zh(self) -> str:
        return _CATEGORY_ZH[self]


class CaseChannel(enum.StrEnum):
    COUNTER = "counter"
    PHONE = "phone"
    TRANSFER_95598 = "transfer_95598"
    """Handed down from the 95598 customer-service hotline (95598转办)."""

    @property
    def zh(self) -> str:
        return _CHANNEL_ZH[self]


_KIND_ZH: Final = {CaseKind.COMPLAINT: "投诉", CaseKind.REPORT: "举报", CaseKind.INQUIRY: "咨询"}
_CATEGORY_ZH: Final = {
    CaseCategory.SERVICE_ATTITUDE: "服务态度",
    CaseCategory.SUPPLY_QUALITY: "供电质量",
    CaseCategory.OUTAGE: "停电",
    CaseCategory.SAFETY: "用电安全",
    CaseCategory.CONNECTION: "业扩报装",
    CaseCategory.METER: "计量",
    CaseCategory.FEES: "电费",
    CaseCategory.OTHER: "其他",
}
_CHANNEL_ZH: Final = {
    CaseChannel.COUNTER: "柜台",
    CaseChannel.PHONE: "电话",
    CaseChannel.TRANSFER_95598: "95598转办",
}

# --- the workflow ---------------------------------------------------------------------------

REGISTERED: Final = "registered"
TRANSFERRED: Final = "transferred"
IN_PROGRESS: Final = "in_progress"
REPLIED: Final = "replied"
CLOSED: Final = "closed"
REOPENED: Final = "reopened"

TRANSFER: Final = "transfer"
ACCEPT: Final = "accept"
REPLY: Final = "reply"
ANSWER: Final = "answer"
CALL_BACK_SATISFIED: Final = "call_back_satisfied"
CALL_BACK_UNSATISFIED: Final = "call_back_unsatisfied"
CLOSE_WITHOUT_CALL_BACK: Final = "close_without_call_back"

_LOOP: Final = (
    move(TRANSFER, (REGISTERED, TRANSFERRED, IN_PROGRESS, REOPENED), TRANSFERRED),
    move(ACCEPT, (REGISTERED, TRANSFERRED, REOPENED), IN_PROGRESS),
    move(REPLY, IN_PROGRESS, REPLIED),
    move(CALL_BACK_SATISFIED, REPLIED, CLOSED),
    move(CALL_BACK_UNSATISFIED, REPLIED, REOPENED),
)


def _workflow(kind: CaseKind, *extra: Transition) -> Workflow:
    return Workflow(kind.value, REGISTERED, frozenset({CLOSED}), (*_LOOP, *extra), pausable=False)


CASE_WORKFLOWS: Final[Mapping[CaseKind, Workflow]] = MappingProxyType(
    {
        CaseKind.COMPLAINT: _workflow(CaseKind.COMPLAINT),
        CaseKind.REPORT: _workflow(CaseKind.REPORT, move(CLOSE_WITHOUT_CALL_BACK, REPLIED, CLOSED)),
        CaseKind.INQUIRY: _workflow(
            CaseKind.INQUIRY,
            move(ANSWER, REGISTERED, REPLIED),
            move(CLOSE_WITHOUT_CALL_BACK, REPLIED, CLOSED),
        ),
    }
)
"""One table per kind: only an inquiry can be answered on the spot, a complaint never skips the
call-back."""


class CallBackRequiredError(TransitionRefusedError):
    """Closing without a call-back, when the customer did not decline one."""

    def __init__(self, order_no: str, state: str) -> None:
        CounterError.__init__(
            self,
            "Case {order} must be called back (回访) before it closes: "
            "the customer did not decline a call-back.",
            order=order_no,
            state=state,
            action=CLOSE_WITHOUT_CALL_BACK,
        )
        self.state = state
        self.action = CLOSE_WITHOUT_CALL_BACK


def fire_case(
    kind: CaseKind, order_no: str, state: str, action: str, *, call_back_declined: bool = False
) -> str:
    """The state after ``action``; refuses closing without a call-back the customer wanted."""
    target = CASE_WORKFLOWS[kind].fire(order_no, state, action)
    if action == CLOSE_WITHOUT_CALL_BACK and not call_back_declined:
        raise CallBackRequiredError(order_no, state)
    return target


def case_actions(
    kind: CaseKind, state: str, *, call_back_declined: bool = False
) -> tuple[str, ...]:
    """The actions open from ``state`` (the counter's buttons), with the call-back rule applied."""
    found = CASE_WORKFLOWS[kind].available(state)
    if call_back_declined:
        return found
    return tuple(action for action in found if action != CLOSE_WITHOUT_CALL_BACK)


@dataclass(frozen=True)
class CaseOwnership:
    """Who answers for a case: the first owner (首问负责人) and who works on it now.

    ``first_owner`` is set at registration and no method changes it: a transfer makes a new
    ownership with the same first owner. ``handler`` may be empty until the department names one.
    """

    first_owner: str
    department: str
    handler: str | None = None

    def __post_init__(self) -> None:
        if not self.first_owner.strip():
            raise ValueError("A case needs its first owner (首问负责人).")
        if not self.department.strip():
            raise ValueError("A case needs a responsible department.")

    def transfer_to(self, department: str, handler: str | None = None) -> CaseOwnership:
        """The ownership after a transfer (转办): new department and handler, same first owner."""
        return CaseOwnership(self.first_owner, department, handler)


# --- deadlines ------------------------------------------------------------------------------

CONTACT: Final = "contact"
REPLY_STEP: Final = "reply"
CALL_BACK: Final = "call_back"

MAX_STANDARD_WORKDAYS: Final = 60
"""The longest allowance a setting may give one step: past it, a number is a typo."""

_STANDARD: Final = {CONTACT: 1, REPLY_STEP: 5, CALL_BACK: 2}
DEFAULT_CASE_STANDARDS: Final[dict[str, dict[str, int]]] = {
    kind.value: dict(_STANDARD) for kind in CaseKind
}
"""Working days per kind and step. Contact 1 and reply 5 from the registration (DOMAIN.md, the
older 十项承诺); call-back 2 after the reply (weak source: hall practice). Reports and inquiries
take the complaint numbers until a better source says otherwise."""


@dataclass(frozen=True)
class CaseStandard:
    """One kind's allowances in working days: contact and reply from registration, call-back
    from the reply."""

    contact: int
    reply: int
    call_back: int


CaseStandards = Mapping[CaseKind, CaseStandard]


def parse_case_standards(value: object) -> dict[CaseKind, CaseStandard]:
    """Read the setting: every kind, each with ``contact``, ``reply`` and ``call_back`` days."""
    if not isinstance(value, Mapping):
        raise ValueError(f"Case standards must be a mapping of kind to steps, not {value!r}.")
    unknown = sorted(str(key) for key in value if key not in {kind.value for kind in CaseKind})
    if unknown:
        raise ValueError(f"Case standards: unknown kind {unknown[0]!r}.")
    standards: dict[CaseKind, CaseStandard] = {}
    for kind in CaseKind:
        entry = value.get(kind.value)
        if not isinstance(entry, Mapping):
            raise ValueError(f"Case standards: {kind.value} needs contact, reply and call_back.")
        if set(entry) != set(_STANDARD):
            raise ValueError(
                f"Case standards: {kind.value} must give exactly contact, reply and call_back, "
                f"not {sorted(map(str, entry))}."
            )
        days: dict[str, int] = {}
        for step in _STANDARD:
            amount = entry[step]
            if (
                isinstance(amount, bool)
                or not isinstance(amount, int)
                or not 0 <= amount <= MAX_STANDARD_WORKDAYS
            ):
                raise ValueError(
                    f"Case standards: {kind.value}.{step} must be 0 to {MAX_STANDARD_WORKDAYS} "
                    f"working days, not {amount!r}."
                )
            days[step] = amount
        if days[REPLY_STEP] < days[CONTACT]:
            raise ValueError(
                f"Case standards: {kind.value} replies within {days[REPLY_STEP]} working days but "
                f"contacts within {days[CONTACT]}; a reply cannot come before the contact."
            )
        standards[kind] = CaseStandard(days[CONTACT], days[REPLY_STEP], days[CALL_BACK])
    return standards


def plan_case(
    calendar: WorkCalendar, kind: CaseKind, registered_at: datetime, standards: CaseStandards
) -> tuple[PlannedStep, ...]:
    """The contact, reply and call-back deadlines of a case registered at ``registered_at``."""
    standard = standards[kind]
    rules = (
        StepRule(CONTACT, standard.contact, from_start=True),
        StepRule(REPLY_STEP, standard.reply, from_start=True),
        StepRule(CALL_BACK, standard.call_back),
    )
    return plan_steps(calendar, registered_at, rules)


def replan_after_reply(
    calendar: WorkCalendar,
    kind: CaseKind,
    steps: Sequence[PlannedStep],
    replied_at: datetime,
    standards: CaseStandards,
) -> tuple[PlannedStep, ...]:
    """Mark the reply done and count the call-back from the actual reply, not its deadline."""
    (call_back,) = plan_steps(
        calendar, replied_at, (StepRule(CALL_BACK, standards[kind].call_back),)
    )
    updated: list[PlannedStep] = []
    for step in steps:
        if step.step == REPLY_STEP and step.done_at is None:
            updated.append(replace(step, done_at=replied_at))
        elif step.step == CALL_BACK:
            updated.append(call_back)
        else:
            updated.append(step)
    return tuple(updated)


def replan_reopened(
    calendar: WorkCalendar,
    kind: CaseKind,
    steps: Sequence[PlannedStep],
    reopened_at: datetime,
    standards: CaseStandards,
) -> tuple[PlannedStep, ...]:
    """A reopened case's steps: fresh reply and call-back from the reopening, contact kept.

    The earlier round's reply and call-back are in the order's history; here they are replaced.
    """
    standard = standards[kind]
    fresh = {
        step.step: step
        for step in plan_steps(
            calendar,
            reopened_at,
            (StepRule(REPLY_STEP, standard.reply), StepRule(CALL_BACK, standard.call_back)),
        )
    }
    return tuple(fresh.get(step.step, step) for step in steps)


# --- registering a case ---------------------------------------------------------------------

MAX_CONTENT_CHARS: Final = 2000


class CaseDraftError(CounterError):
    """A case that cannot be registered as typed; ``params["field"]`` names the field to fix."""


@dataclass(frozen=True)
class CaseDraft:
    """A case as the clerk registers it.

    ``account_no`` is absent for a prospective customer (no account yet). ``call_back_declined``
    records that the customer does not want a call-back (or an anonymous report); then no phone
    is needed.
    """

    kind: CaseKind
    category: CaseCategory
    channel: CaseChannel
    content: str
    phone: str | None = None
    account_no: str | None = None
    call_back_declined: bool = False


def check_case_draft(draft: CaseDraft) -> CaseDraft:
    """The draft with its text tidied, or the first :class:`CaseDraftError` found."""
    content = draft.content.strip()
    if not content:
        raise CaseDraftError(
            "Write down what the customer says: the case has no content.", field="content"
        )
    if len(content) > MAX_CONTENT_CHARS:
        raise CaseDraftError(
            "Keep the content to {maximum} characters; it has {length}.",
            field="content",
            maximum=MAX_CONTENT_CHARS,
            length=len(content),
        )
    if draft.kind is CaseKind.COMPLAINT and draft.call_back_declined:
        raise CaseDraftError(
            "A complaint is always called back (回访); it cannot be registered without one.",
            field="call_back_declined",
        )
    phone: str | None = None
    if draft.phone is not None and draft.phone.strip():
        phone = normalise_phone(draft.phone)
        if phone is None:
            raise CaseDraftError(
                "“{phone}” is not a phone number: a mobile has 11 digits starting 13 to 19, "
                "a landline starts with its area code (0535-1234567).",
                field="phone",
                phone=draft.phone.strip(),
            )
    elif not draft.call_back_declined:
        raise CaseDraftError(
            "Take the customer's phone number: the case will be called back (回访).",
            field="phone",
        )
    account_no = (draft.account_no or "").strip() or None
    return replace(draft, content=content, phone=phone, account_no=account_no)
