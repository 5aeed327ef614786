"""Mainland China phone numbers as a clerk types them, written one way.

Why one module: an applicant's and a complainant's phone are the same kind of fact, checked by the
same rules, so a number accepted on one form is never refused on the other. Numbers come in from
a Chinese input method (full-width digits, brackets, dashes of several widths, a +86 prefix).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_MOBILE: Final = re.compile(r"(?:86)?(1[3-9]\d{9})")
"""A mobile: 1, then 3 to 9, then 9 more digits (12x is not a mobile prefix)."""
_BIG_CITY: Final = re.compile(r"(0(?:10|2\d))(\d{8})")
"""Beijing 010 and the 02x cities: 8-digit local numbers."""
_OTHER_CITY: Final = re.compile(r"(0[3-9]\d{2})(\d{7,8})")
"""Every other area code has 4 digits and a 7 or 8-digit local number."""
_EXTENSION: Final = re.compile(r"\d{1,6}")


def normalise_phone(text: str) -> str | None:
    """``13800138000``, ``0535-1234567`` or ``021-62345678-801``; None if ``text`` is no phone.

    Full-width characters become ASCII, spaces and brackets go, every dash becomes ``-``; a
    landline keeps its area code and may carry an extension after a last dash.
    """
    compact = unicodedata.normalize("NFKC", text)
    compact = re.sub(r"[\u2010-\u2015\u2212]", "-", compact)
    compact = re.sub(r"[\s()]", "", compact).removeprefix("+")
    if found := _MOBILE.fullmatch(compact.replace("-", "")):
        return found[1]
    landline = _landline(compact.replace("-", ""))
    if landline is not None:
        return landline
    number, _, extension = compact.rpartition("-")
    if number and _EXTENSION.fullmatch(extension):
        landline = _landline(number.replace("-", ""))
        if landline is not None:
            return f"{landline}-{extension}"
    return None


def _landline(digits: str) -> str | None:
    found = _BIG_CITY.fullmatch(digits) or _OTHER_CITY.fullmatch(digits)
    return None if found is None else f"{found[1]}-{found[2]}"
