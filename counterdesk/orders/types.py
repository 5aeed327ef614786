"""What makes one order kind different from another, as seen by the engine.

Each kind (:class:`~counterdesk.orders.records.OrderKind`) supplies its state machine, which steps
an action completes, a guard for rules beyond the state table (a faulty-meter change cannot close
before its back-billing is approved) and an effect written in the same transaction (a meter change
executed ends the old installation and starts the new one). The engine does the rest the same way
for every kind: version check, history, audit, outbox.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from counterdesk.domain.orders.steps import PlannedStep
from counterdesk.domain.orders.workflow import Workflow
from counterdesk.domain.workdays import WorkCalendar
from counterdesk.orders.records import Order, OrderKind
from counterdesk.services.auth import SignedIn


@dataclass(frozen=True)
class ActContext:
    """One action about to be written: the order before it, and what the clerk entered."""

    connection: Connection
    order: Order
    action: str
    target: str
    detail: Mapping[str, Any]
    now: datetime
    actor: SignedIn
    calendar: WorkCalendar


@dataclass(frozen=True)
class Effect:
    """What a kind adds to an action: detail to merge, and new steps when the plan changes."""

    detail: Mapping[str, Any] = field(default_factory=dict)
    steps: tuple[PlannedStep, ...] | None = None


def _reached(_order: Order, _action: str, target: str) -> frozenset[str]:
    return frozenset({target})


def _no_guard(_context: ActContext) -> None:
    return None


def _no_effect(_context: ActContext) -> Effect:
    return Effect()


@dataclass(frozen=True)
class OrderType:
    kind: OrderKind
    workflow: Callable[[Order], Workflow]
    completes: Callable[[Order, str, str], frozenset[str]] = _reached
    """The step codes an action completes; by default the state it reaches."""
    guard: Callable[[ActContext], None] = _no_guard
    effect: Callable[[ActContext], Effect] = _no_effect
    fire: Callable[[Order, str], str] | None = None
    """The next state, where a kind has rules beyond its table (a complaint is always called
    back); by default the workflow's own ``fire``."""
    actions: Callable[[Order], tuple[str, ...]] | None = None
    """The actions to offer, with the same rules; by default the workflow's ``available``."""
