"""Connection applications (业扩报装) and supply changes (变更用电): their chains and deadlines.

Why three chains and not one per type. DOMAIN.md gives one life for a new supply: Accepted →
Surveyed → SchemeReplied → (HV: DesignReviewed → MidChecked) → CompletionInspected → Energized →
Archived. A low-voltage supply has no customer substation, so there is no design to review and
nothing to inspect half-built; a high-voltage one has both. Capacity increase and temporary supply
build new supply too (a bigger transformer, a site hook-up), so they follow the chain of their
voltage class, which the clerk chooses; the four new-connection types fix it.

The other changes (减容, 过户, 移表, 改类, 销户) alter an existing installation or contract: there
is no supply scheme to reply, nothing for the customer to build, nothing to inspect before
energizing. Pretending otherwise would print five empty steps on the receipt and keep the order open
on the overdue board for steps nobody performs. Each still needs a site visit (the final reading for
a closure or a transfer, the actual use before a tariff change, sealing the equipment given up in a
decrease, the new meter position), and then one step does the change (sealing, rewiring, the new
contract): accepted → surveyed → executed → archived.

Withdrawal (客户撤回) is possible until the supply is live: from every open state, paused included,
but not from ``energized`` or ``executed``. Once the meter is connected or the change is made,
undoing it is a new application (a closure, another change), not a withdrawal.

Deadlines. The 2023 commitments promise the utility's own steps in working days in all (residential
5, low-voltage non-residential 6, HV single source 22, dual source 32); the older per-step limits
(scheme reply 3 / 7 / 15 / 30 from the acceptance, HV design review 10, mid check 5, completion 5,
energizing 5, each from the step before) still serve as checks. Where the two disagree the
whole-process promise wins: no step is ever due after a later step, so none is due after energizing,
which falls due exactly at the total. With the defaults this caps the low-voltage scheme reply (7)
at 6 and, for HV, every step after the scheme reply at the total; the separate energizing limit (5)
is thereby always subsumed and is not a setting. The customer's own time (building the installation,
bringing documents) is a pause, so it never eats the total. DOMAIN.md gives no survey limit: by
default the survey is due with the scheme reply, whose old limit counted from the acceptance and so
included the survey. DOMAIN.md lists the completion limit (5) with the HV ones; low voltage uses it
too (it is capped anyway). The five change types have no published standard: 3 working days to
survey and 5 in all are weak-sourced defaults, settings like the rest.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Final

from counterdesk.domain.orders.steps import PlannedStep, StepRule, plan_steps
from counterdesk.domain.orders.workflow import PAUSED, Workflow, move
from counterdesk.domain.workdays import CHINA_STANDARD_TIME, WorkCalendar


class ConnectionType(enum.StrEnum):
    RESIDENTIAL_NEW = "residential_new"
    LV_NON_RESIDENTIAL = "lv_non_residential"
    HV_SINGLE = "hv_single"
    HV_DUAL = "hv_dual"
    CAPACITY_INCREASE = "capacity_increase"
    CAPACITY_DECREASE = "capacity_decrease"
    NAME_TRANSFER = "name_transfer"
    TEMPORARY_SUPPLY = "temporary_supply"
    METER_RELOCATION = "meter_relocation"
    TARIFF_CHANGE = "tariff_change"
    ACCOUNT_CLOSURE = "account_closure"


class Voltage(enum.StrEnum):
    """The supply's voltage class: it decides the chain (and the standard) of an application."""

    LOW = "low"
    HIGH_SINGLE = "high_single"
    HIGH_DUAL = "high_dual"


_T = ConnectionType

TYPE_PRINT_NAMES: Final[Mapping[ConnectionType, str]] = MappingProxyType(
    {
        _T.RESIDENTIAL_NEW: "居民新装",
        _T.LV_NON_RESIDENTIAL: "低压非居民新装",
        _T.HV_SINGLE: "高压单电源新装",
        _T.HV_DUAL: "高压双电源新装",
        _T.CAPACITY_INCREASE: "增容",
        _T.CAPACITY_DECREASE: "减容",
        _T.NAME_TRANSFER: "过户",
        _T.TEMPORARY_SUPPLY: "临时用电",
        _T.METER_RELOCATION: "移表",
        _T.TARIFF_CHANGE: "改类（电价变更）",
        _T.ACCOUNT_CLOSURE: "销户",
    }
)

VOLTAGE_PRINT_NAMES: Final[Mapping[Voltage, str]] = MappingProxyType(
    {Voltage.LOW: "低压", Voltage.HIGH_SINGLE: "高压单电源", Voltage.HIGH_DUAL: "高压双电源"}
)

FIXED_VOLTAGE: Final[Mapping[ConnectionType, Voltage]] = MappingProxyType(
    {
        _T.RESIDENTIAL_NEW: Voltage.LOW,
        _T.LV_NON_RESIDENTIAL: Voltage.LOW,
        _T.HV_SINGLE: Voltage.HIGH_SINGLE,
        _T.HV_DUAL: Voltage.HIGH_DUAL,
    }
)
"""The new-connection types name their voltage class; the application must agree."""

NEW_SUPPLY_TYPES: Final = frozenset({*FIXED_VOLTAGE, _T.CAPACITY_INCREASE, _T.TEMPORARY_SUPPLY})
"""Types that build supply: the long chains, and the ones a restricted area holds up."""

CHANGE_TYPES: Final = frozenset(ConnectionType) - NEW_SUPPLY_TYPES
"""Changes to an existing installation or contract: the short chain."""

CAPACITY_TYPES: Final = NEW_SUPPLY_TYPES | {_T.CAPACITY_DECREASE}
"""Types whose application states the capacity applied for (kVA)."""


def needs_voltage(kind: ConnectionType) -> bool:
    """True when the clerk must choose the voltage class: capacity increase, temporary supply."""
    return kind in NEW_SUPPLY_TYPES and kind not in FIXED_VOLTAGE


def _checked_voltage(kind: ConnectionType, voltage: Voltage) -> Voltage:
    fixed = FIXED_VOLTAGE.get(kind)
    if fixed is not None and voltage is not fixed:
        raise ValueError(f"A {kind} application is {fixed} voltage, not {voltage}.")
    return voltage


# --- states, actions and the three chains ----------------------------------------------------

ACCEPTED: Final = "accepted"
SURVEYED: Final = "surveyed"
SCHEME_REPLIED: Final = "scheme_replied"
DESIGN_REVIEWED: Final = "design_reviewed"
MID_CHECKED: Final = "mid_checked"
COMPLETION_INSPECTED: Final = "completion_inspected"
ENERGIZED: Final = "energized"
EXECUTED: Final = "executed"
ARCHIVED: Final = "archived"
CANCELLED: Final = "cancelled"

SURVEY: Final = "survey"
REPLY_SCHEME: Final = "reply_scheme"
REVIEW_DESIGN: Final = "review_design"
CHECK_MIDWAY: Final = "check_midway"
INSPECT_COMPLETION: Final = "inspect_completion"
ENERGIZE: Final = "energize"
EXECUTE: Final = "execute"
ARCHIVE: Final = "archive"
WITHDRAW: Final = "withdraw"

_FINAL: Final = frozenset({ARCHIVED, CANCELLED})


def _chain(kind: str, steps: Iterable[tuple[str, str]]) -> Workflow:
    """A straight chain from ``accepted``: each (action, state) moves one step on; the last
    state before ``archived`` is the live supply, which can no longer be withdrawn."""
    moves = []
    state = ACCEPTED
    withdrawable = [PAUSED]
    for action, target in steps:
        moves.append(move(action, state, target))
        withdrawable.append(state)
        state = target
    moves.append(move(ARCHIVE, state, ARCHIVED))
    moves.append(move(WITHDRAW, withdrawable, CANCELLED))
    return Workflow(kind, ACCEPTED, _FINAL, tuple(moves))


LOW_VOLTAGE_WORKFLOW: Final = _chain(
    "connection_low_voltage",
    [
        (SURVEY, SURVEYED),
        (REPLY_SCHEME, SCHEME_REPLIED),
        (INSPECT_COMPLETION, COMPLETION_INSPECTED),
        (ENERGIZE, ENERGIZED),
    ],
)
HIGH_VOLTAGE_WORKFLOW: Final = _chain(
    "connection_high_voltage",
    [
        (SURVEY, SURVEYED),
        (REPLY_SCHEME, SCHEME_REPLIED),
        (REVIEW_DESIGN, DESIGN_REVIEWED),
        (CHECK_MIDWAY, MID_CHECKED),
        (INSPECT_COMPLETION, COMPLETION_INSPECTED),
        (ENERGIZE, ENERGIZED),
    ],
)
CHANGE_WORKFLOW: Final = _chain("connection_change", [(SURVEY, SURVEYED), (EXECUTE, EXECUTED)])


def workflow_for(kind: ConnectionType, voltage: Voltage) -> Workflow:
    """The chain an application of ``kind`` at ``voltage`` follows (HV single and dual share one;
    only their deadlines differ). ValueError when a new-connection type gets the wrong voltage."""
    voltage = _checked_voltage(kind, voltage)
    if kind in CHANGE_TYPES:
        return CHANGE_WORKFLOW
    return LOW_VOLTAGE_WORKFLOW if voltage is Voltage.LOW else HIGH_VOLTAGE_WORKFLOW


STEP_PRINT_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        ACCEPTED: "受理申请",
        SURVEYED: "现场勘查",
        SCHEME_REPLIED: "答复供电方案",
        DESIGN_REVIEWED: "设计审查",
        MID_CHECKED: "中间检查",
        COMPLETION_INSPECTED: "竣工检验",
        ENERGIZED: "装表接电",
        EXECUTED: "办理变更",
        ARCHIVED: "归档",
    }
)
"""Printed step names, keyed by the state a step reaches (``PlannedStep.step``)."""

_EXECUTE_PRINT_NAMES: Final[Mapping[ConnectionType, str]] = MappingProxyType(
    {
        _T.CAPACITY_DECREASE: "减容封停",
        _T.NAME_TRANSFER: "办理过户",
        _T.METER_RELOCATION: "移表接电",
        _T.TARIFF_CHANGE: "变更电价",
        _T.ACCOUNT_CLOSURE: "拆表销户",
    }
)


def step_print_name(kind: ConnectionType, step: str) -> str:
    """The printed name of ``step`` for this type: the change step says what is done (办理过户)."""
    if step == EXECUTED:
        return _EXECUTE_PRINT_NAMES.get(kind, STEP_PRINT_NAMES[EXECUTED])
    return STEP_PRINT_NAMES[step]


# --- standards (settings) --------------------------------------------------------------------

TOTAL: Final = "total"

_LOW_STEPS: Final = (SURVEYED, SCHEME_REPLIED, COMPLETION_INSPECTED)
_HIGH_STEPS: Final = (SURVEYED, SCHEME_REPLIED, DESIGN_REVIEWED, MID_CHECKED, COMPLETION_INSPECTED)
_CHANGE_STEPS: Final = (SURVEYED,)
_FROM_ACCEPTANCE: Final = frozenset({SURVEYED, SCHEME_REPLIED})
"""Steps whose old limit counts from the acceptance; the others count from the step before."""


def _new(total: int, scheme: int, *high: int) -> dict[str, int]:
    steps = _HIGH_STEPS if high else _LOW_STEPS
    limits = (scheme, scheme, *high) if high else (scheme, scheme, 5)
    return {TOTAL: total, **dict(zip(steps, limits, strict=True))}


_CHANGE_DEFAULT: Final = {TOTAL: 5, SURVEYED: 3}

DEFAULT_CONNECTION_STANDARDS: Final[dict[str, dict[str, int]]] = {
    "residential_new": _new(5, 3),
    "lv_non_residential": _new(6, 7),
    "hv_single": _new(22, 15, 10, 5, 5),
    "hv_dual": _new(32, 30, 10, 5, 5),
    "capacity_increase.low": _new(6, 7),
    "capacity_increase.high_single": _new(22, 15, 10, 5, 5),
    "capacity_increase.high_dual": _new(32, 30, 10, 5, 5),
    "temporary_supply.low": _new(6, 7),
    "temporary_supply.high_single": _new(22, 15, 10, 5, 5),
    "temporary_supply.high_dual": _new(32, 30, 10, 5, 5),
    **{kind.value: dict(_CHANGE_DEFAULT) for kind in sorted(CHANGE_TYPES)},
}
"""Working days per standard: ``total`` (the whole-process promise, due date of energizing or
executing) and the older limit of each earlier step, keyed by :func:`standard_key`.

Capacity increase and temporary supply are promised like a new supply of their voltage (the 2023
assessments count 新装 and 增容 together). A low-voltage increase cannot tell residential from
non-residential by its voltage, so it takes the longer non-residential 6; set it to 5 where low-
voltage increases are mostly households. The change types' 3 / 5 are weak-sourced (see the module
docstring)."""


def standard_key(kind: ConnectionType, voltage: Voltage) -> str:
    """The standards entry for an application: the type, with the voltage for the two types
    whose voltage the clerk chooses (``capacity_increase.high_single``)."""
    voltage = _checked_voltage(kind, voltage)
    return f"{kind}.{voltage}" if needs_voltage(kind) else str(kind)


def _steps_of(kind: ConnectionType, voltage: Voltage) -> tuple[str, ...]:
    """The steps with an own limit, before the last one (due at the total)."""
    if kind in CHANGE_TYPES:
        return _CHANGE_STEPS
    return _LOW_STEPS if voltage is Voltage.LOW else _HIGH_STEPS


_STANDARD_STEPS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        standard_key(kind, voltage): _steps_of(kind, voltage)
        for kind in ConnectionType
        for voltage in ([FIXED_VOLTAGE[kind]] if kind in FIXED_VOLTAGE else Voltage)
    }
)


@dataclass(frozen=True)
class ChainStandard:
    """One standard: the whole-process working days and each earlier step's own limit."""

    total: int
    limits: Mapping[str, int]

    def __post_init__(self) -> None:
        object.__setattr__(self, "limits", MappingProxyType(dict(self.limits)))


@dataclass(frozen=True)
class ConnectionStandards:
    """Every standard, keyed by :func:`standard_key`; build it with
    :func:`parse_connection_standards`."""

    chains: Mapping[str, ChainStandard]

    def for_application(self, kind: ConnectionType, voltage: Voltage) -> ChainStandard:
        return self.chains[standard_key(kind, voltage)]


def _whole_number(value: object, where: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{where} must be a whole number of {minimum} or more, not {value!r}.")
    return value


def parse_connection_standards(value: object) -> ConnectionStandards:
    """Read the standards setting: a mapping like :data:`DEFAULT_CONNECTION_STANDARDS`.

    An unknown entry or step is refused (a typo must not pass silently); an entry that is left
    out takes its default, so a stored setting survives a new type added by an update. Within an
    entry every step is required, each a whole number of working days (the total at least 1).
    """
    if not isinstance(value, Mapping):
        raise ValueError(f"The connection standards must be a mapping, not {value!r}.")
    unknown = sorted(str(key) for key in value if key not in DEFAULT_CONNECTION_STANDARDS)
    if unknown:
        raise ValueError(f"Unknown connection standard {unknown[0]!r}.")
    chains: dict[str, ChainStandard] = {}
    for key, default in DEFAULT_CONNECTION_STANDARDS.items():
        entry = value.get(key, default)
        if not isinstance(entry, Mapping):
            raise ValueError(f"Connection standard {key!r} must be a mapping, not {entry!r}.")
        steps = _STANDARD_STEPS[key]
        expected = {TOTAL, *steps}
        for name in sorted(set(expected) ^ set(entry)):
            problem = "is missing" if name in expected else "is not a step of this chain"
            raise ValueError(f"Connection standard {key!r}: {name!r} {problem}.")
        total = _whole_number(entry[TOTAL], f"{key}.{TOTAL}", 1)
        limits = {step: _whole_number(entry[step], f"{key}.{step}", 0) for step in steps}
        chains[key] = ChainStandard(total, limits)
    return ConnectionStandards(MappingProxyType(chains))


def commitment_workdays(
    kind: ConnectionType, voltage: Voltage, standards: ConnectionStandards
) -> int:
    """N in the receipt's "承诺N个工作日内完成": the whole-process working days."""
    return standards.for_application(kind, voltage).total


# --- planning --------------------------------------------------------------------------------


def plan(
    calendar: WorkCalendar,
    kind: ConnectionType,
    voltage: Voltage,
    accepted_at: datetime,
    standards: ConnectionStandards,
) -> tuple[PlannedStep, ...]:
    """Each step's due date for an application accepted at ``accepted_at`` (aware).

    Steps are the states a step reaches, in chain order, ending with ``energized`` (or
    ``executed``) due at the whole-process total. Archiving is paperwork with no promise to the
    customer, so it has no deadline. A step's own limit never makes it due after a later step:
    walking back from the total, each due date is the earlier of its own and the next one's (a
    capped step takes the later step's provisional flag too, since that is the date it now has).
    """
    standard = standards.for_application(kind, voltage)
    last = EXECUTED if kind in CHANGE_TYPES else ENERGIZED
    rules = [
        StepRule(step, amount, from_start=step in _FROM_ACCEPTANCE)
        for step, amount in standard.limits.items()
    ]
    rules.append(StepRule(last, standard.total, from_start=True))
    planned = list(plan_steps(calendar, accepted_at, rules))
    for index in range(len(planned) - 2, -1, -1):
        later = planned[index + 1]
        if planned[index].due_at > later.due_at:
            planned[index] = replace(
                planned[index], due_at=later.due_at, provisional=later.provisional
            )
    return tuple(planned)


# --- areas where new supply is held up -------------------------------------------------------

DEFAULT_RESTRICTED_AREAS: Final[list[dict[str, str | None]]] = []
"""Areas where new supply cannot be connected for now (a substation being built, a grid
upgrade): ``{"area_code": "GX-03", "reason": "变电站扩建", "until": "2026-12-31"}``, ``until``
inclusive or null when nobody knows."""

AREA_CODE: Final = re.compile(r"[0-9A-Za-z_-]{1,32}")
"""A supply area's code (供电区域), as the application and the restrictions name it."""

DATE_UNKNOWN_PRINT: Final = "日期待定"
"""Printed instead of an energizing date when a restriction has no end date."""


@dataclass(frozen=True)
class RestrictedArea:
    """An area (供电区域) where new supply is temporarily impossible, and why (printed)."""

    area_code: str
    reason: str
    until: date | None = None

    def __post_init__(self) -> None:
        if not AREA_CODE.fullmatch(self.area_code):
            raise ValueError(f"{self.area_code!r} is not an area code (letters, digits, - or _).")
        if not self.reason.strip():
            raise ValueError(f"Restricted area {self.area_code}: give the reason (it is printed).")
        if isinstance(self.until, datetime):
            raise ValueError(f"Restricted area {self.area_code}: 'until' is a date, not a time.")

    def holds(self, day: date) -> bool:
        """Whether the restriction is in force on ``day`` (``until`` is the last day it is)."""
        return self.until is None or day <= self.until


def parse_restricted_areas(value: object) -> tuple[RestrictedArea, ...]:
    """Read the restricted-areas setting: a list like the example in
    :data:`DEFAULT_RESTRICTED_AREAS`. ValueError names the entry (by position and code)."""
    if not isinstance(value, list):
        raise ValueError(f"The restricted areas must be a list, not {value!r}.")
    areas: list[RestrictedArea] = []
    seen: set[str] = set()
    for number, entry in enumerate(value, start=1):
        where = f"Restricted area {number}"
        if not isinstance(entry, Mapping):
            raise ValueError(f"{where} must be a mapping, not {entry!r}.")
        extra = sorted(set(entry) - {"area_code", "reason", "until"})
        if extra:
            raise ValueError(f"{where}: unknown field {extra[0]!r}.")
        code, reason, until = entry.get("area_code"), entry.get("reason"), entry.get("until")
        if not isinstance(code, str) or not isinstance(reason, str):
            raise ValueError(f"{where}: area_code and reason must be text.")
        where = f"{where} ({code})"
        if until is not None and not isinstance(until, str):
            raise ValueError(f"{where}: until must be a date such as 2026-12-31 or null.")
        try:
            day = None if until is None else date.fromisoformat(until)
            area = RestrictedArea(code.strip(), reason.strip(), day)
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from None
        if area.area_code in seen:
            raise ValueError(f"{where} is listed twice.")
        seen.add(area.area_code)
        areas.append(area)
    return tuple(areas)


@dataclass(frozen=True)
class Outlook:
    """What the counter can honestly promise before accepting an application.

    ``steps`` are the dates of a normal acceptance (what the standard promises); ``expected``
    are the dates the customer should actually expect: the same when nothing holds the area up,
    planned from the day after the restriction ends when it does, and None when nobody knows
    when it ends (print :data:`DATE_UNKNOWN_PRINT`).
    """

    restricted: RestrictedArea | None
    steps: tuple[PlannedStep, ...]
    expected: tuple[PlannedStep, ...] | None

    @property
    def expected_energized(self) -> date | None:
        """The day the customer can expect the supply (or the change), if anyone knows it."""
        return None if self.expected is None else self.expected[-1].due_day

    @property
    def expected_provisional(self) -> bool:
        """Whether that day rests on a guessed calendar year (暂定)."""
        return self.expected is not None and self.expected[-1].provisional


def outlook(
    areas: Iterable[RestrictedArea],
    area_code: str,
    kind: ConnectionType,
    voltage: Voltage,
    accepted_at: datetime,
    *,
    calendar: WorkCalendar,
    standards: ConnectionStandards,
) -> Outlook:
    """The plan of an application and, in a restricted area, its honest expected dates.

    Only types that build supply are held up; a transfer or closure in the same area is not. The
    restriction covers ``until`` itself, so the expected plan counts as if the application were
    accepted the day after: the first day work could start, not counted, as for any acceptance.
    """
    steps = plan(calendar, kind, voltage, accepted_at, standards)
    local = accepted_at.astimezone(CHINA_STANDARD_TIME)
    found = None
    if kind in NEW_SUPPLY_TYPES:
        found = next(
            (a for a in areas if a.area_code == area_code.strip() and a.holds(local.date())),
            None,
        )
    if found is None:
        return Outlook(None, steps, steps)
    if found.until is None:
        return Outlook(found, steps, None)
    start = datetime.combine(found.until + timedelta(days=1), local.time(), CHINA_STANDARD_TIME)
    return Outlook(found, steps, plan(calendar, kind, voltage, start, standards))
