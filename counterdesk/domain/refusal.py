"""The business refusal every layer raises: a message for the clerk, in their language.

Why it lives in the domain: a work order's state machine refuses an illegal transition ("a
surveyed application cannot be energized before its scheme is replied") with the same kind of
translatable message as a service refusing a payment, and the domain is the bottom layer, so the
class is defined here and re-exported by :mod:`counterdesk.services.common`.
"""

from __future__ import annotations


class CounterError(Exception):
    """A business refusal with a message for the clerk; the transaction rolls back.

    The message is an English ``template`` with ``{name}`` fields and their values, so the UI can
    show it in the clerk's language: ``ui.messages`` translates the template (context
    ``CounterError``) and then fills in the values. Values are already language-neutral text
    (``¥1,234.50``, ``2026-11-21``, receipt numbers).
    """

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = {name: str(value) for name, value in params.items()}
        super().__init__(template.format(**self.params))
