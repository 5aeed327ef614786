"""Translations of the user interface: ``counterdesk_<lang>.ts`` sources and compiled ``.qm``.

Regenerate both after changing any user-visible string: ``uv run python -m ui.i18n``.
"""
