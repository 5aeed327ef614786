"""What counts as a secret in a configuration, and how it is hidden when one is shown.

``counterdesk config show`` prints the configuration and ``counterdesk diagnose`` ships it to
support; both must hide the same things, so both ask here: a value under a key whose name holds
one of :data:`SECRET_WORDS`, and the password part of a URL (``postgresql://user:pw@host``).
"""

from __future__ import annotations

import re
from typing import Any, Final

SECRET_WORDS: Final = ("token", "password", "passwd", "secret", "key")
_URL_PASSWORD: Final = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^/:@\s]+:)[^@\s/]+@", re.I)


def is_secret(name: str) -> bool:
    """Whether a key of this name holds a secret (``hq_token``, ``api_key``, ``password``)."""
    lowered = name.lower()
    return any(word in lowered for word in SECRET_WORDS)


def mask_url(value: str, mask: str) -> str:
    """``https://user:pass@host`` → ``https://user:<mask>@host``, anywhere in ``value``."""
    return _URL_PASSWORD.sub(lambda found: f"{found['head']}{mask}@", value)


def mask_values(values: Any, mask: str, *, url_mask: str | None = None) -> Any:
    """``values`` (dicts, lists, strings) with every non-empty value under a secret key
    replaced by ``mask``, and passwords in URLs by ``url_mask`` (default ``mask``). An empty
    value stays empty: that a secret is missing is what support needs to see."""
    if isinstance(values, dict):
        return {
            name: mask if is_secret(str(name)) and value not in ("", None)
            else mask_values(value, mask, url_mask=url_mask)
            for name, value in values.items()
        }  # fmt: skip
    if isinstance(values, list | tuple):
        return [mask_values(value, mask, url_mask=url_mask) for value in values]
    if isinstance(values, str):
        return mask_url(values, mask if url_mask is None else url_mask)
    return values
