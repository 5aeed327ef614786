"""Reconnection (复电): the order a payment raises when it clears a disconnected account's arrears.

Its one step is the 24-hour commitment (DOMAIN.md, a setting); it is not paused, because the
customer has nothing left to do once the arrears are paid.
"""

from __future__ import annotations

from typing import Final

from counterdesk.domain.orders.workflow import Workflow, move

RECONNECTION_FLOW: Final = Workflow(
    kind="reconnection",
    initial="open",
    final=frozenset({"closed", "cancelled"}),
    transitions=(move("restore", "open", "closed"), move("cancel", "open", "cancelled")),
    pausable=False,
)
"""open → closed when the field team reports supply restored; cancelled by a reversal."""
