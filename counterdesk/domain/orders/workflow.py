"""A work order's life as a table of legal moves, so an illegal one is refused with a reason.

Why a table and not if-statements in the service: DOMAIN.md gives each order type as a chain of
states (Accepted → Surveyed → SchemeReplied → …), and the counter must both refuse a wrong move
("this application has no scheme reply yet") and offer the right next ones as buttons. One table
answers both questions, and a test can walk every state against every action.

Pausing (暂停, waiting on the customer: missing documents, a site not ready) is common to all
types: any open state may pause, and resuming returns to the state it paused from, which the order
keeps (``paused_from``). The deadline clock stops meanwhile (see
:func:`~counterdesk.domain.orders.steps.shift_open_steps`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from counterdesk.domain.refusal import CounterError

PAUSED: Final = "paused"
PAUSE: Final = "pause"
RESUME: Final = "resume"


class TransitionRefusedError(CounterError):
    """An action that the order's state does not allow; nothing changed.

    ``state`` and ``action`` are codes; the counter shows them as words (``ui.order_words``).
    """

    def __init__(self, order_no: str, state: str, action: str) -> None:
        super().__init__(
            "Order {order} is at “{state}”; “{action}” is not possible there.",
            order=order_no,
            state=state,
            action=action,
        )
        self.state = state
        self.action = action


@dataclass(frozen=True)
class Transition:
    """One legal move: ``action`` takes an order in any of ``sources`` to ``target``.

    ``approval`` marks a move one person must not decide alone (a back-billing amount): the service
    asks for a manager's permission to approve.
    """

    action: str
    sources: frozenset[str]
    target: str
    approval: bool = False


def move(
    action: str, sources: str | Iterable[str], target: str, *, approval: bool = False
) -> Transition:
    """Shorthand for the tables: ``move("survey", "accepted", "surveyed")``."""
    found = frozenset((sources,) if isinstance(sources, str) else sources)
    return Transition(action, found, target, approval)


@dataclass(frozen=True)
class Workflow:
    """The states of one order type and the legal moves between them.

    ``final`` states take no action (closed, archived, cancelled). ``pausable`` adds the common
    pause/resume pair.
    """

    kind: str
    initial: str
    final: frozenset[str]
    transitions: tuple[Transition, ...]
    pausable: bool = True
    _by_action: dict[str, list[Transition]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_action: dict[str, list[Transition]] = {}
        for transition in self.transitions:
            if transition.sources & self.final:
                raise ValueError(f"{self.kind}: {transition.action} starts from a final state.")
            if transition.action in (PAUSE, RESUME):
                raise ValueError(f"{self.kind}: pause and resume are built in.")
            for other in by_action.get(transition.action, ()):
                if other.sources & transition.sources:
                    raise ValueError(f"{self.kind}: {transition.action} is ambiguous.")
            by_action.setdefault(transition.action, []).append(transition)
        object.__setattr__(self, "_by_action", by_action)

    @property
    def states(self) -> frozenset[str]:
        found = {self.initial, *self.final}
        for transition in self.transitions:
            found |= transition.sources | {transition.target}
        if self.pausable:
            found.add(PAUSED)
        return frozenset(found)

    @property
    def actions(self) -> frozenset[str]:
        extra = {PAUSE, RESUME} if self.pausable else set()
        return frozenset(self._by_action) | extra

    def is_open(self, state: str) -> bool:
        return state not in self.final

    def transition(self, order_no: str, state: str, action: str) -> Transition:
        """The move ``action`` makes from ``state``, or :class:`TransitionRefusedError`."""
        if state in self.final:
            raise TransitionRefusedError(order_no, state, action)
        for transition in self._by_action.get(action, ()):
            if state in transition.sources:
                return transition
        raise TransitionRefusedError(order_no, state, action)

    def fire(
        self, order_no: str, state: str, action: str, *, paused_from: str | None = None
    ) -> str:
        """The state after ``action``; pause and resume included (resume needs ``paused_from``)."""
        if self.pausable and action == PAUSE:
            if state in self.final or state == PAUSED:
                raise TransitionRefusedError(order_no, state, action)
            return PAUSED
        if self.pausable and action == RESUME:
            if state != PAUSED or paused_from is None:
                raise TransitionRefusedError(order_no, state, action)
            return paused_from
        return self.transition(order_no, state, action).target

    def available(self, state: str) -> tuple[str, ...]:
        """The actions open from ``state``, in table order (the counter's buttons)."""
        if state in self.final:
            return ()
        found = [t.action for t in self.transitions if state in t.sources]
        if state == PAUSED:
            return (RESUME, *found)
        if self.pausable:
            found.append(PAUSE)
        return tuple(dict.fromkeys(found))
