"""Who issues a printout: the utility and hall printed at the top of every receipt and notice."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HallIdentity:
    """The utility (供电公司/水务公司) and service hall (营业厅) as printed, from settings.

    ``logo_path`` is a PNG or BMP on the terminal; an empty string prints no logo.
    """

    utility_name: str
    hall_name: str
    phone: str
    address: str = ""
    website: str = ""
    logo_path: str = ""
