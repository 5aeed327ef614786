"""Masking of personal data on paper: names, addresses, phone and ID numbers.

Why: a receipt leaves the hall in the customer's pocket and ends up in bins; a queue ticket is
left on a seat. What is printed must let the customer recognise their own record (张*三, the
street) without giving a stranger a full name, house number, phone or ID number (个人信息保护法
Art. 51; GB/T 35273 de-identification practice). The screen shows the full data to the clerk;
only paper and public screens are masked, and always by these functions, so every printout masks
the same way.
"""

from __future__ import annotations

import unicodedata
from typing import Final

MASK: Final = "*"


def mask_name(name: str) -> str:
    """A person's name with its middle hidden: 张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明.

    Names written in Latin letters keep each word's first letter: ``John Smith`` → ``J*** S****``.
    """
    name = unicodedata.normalize("NFC", name.strip())
    if not name:
        return ""
    if name.isascii():
        return " ".join(word[0] + MASK * (len(word) - 1) for word in name.split())
    if len(name) == 1:
        return MASK
    if len(name) == 2:
        return name[0] + MASK
    return name[0] + MASK * (len(name) - 2) + name[-1]


def mask_address(address: str) -> str:
    """An address with its numbers hidden: 春晖路18号3栋501室 → 春晖路**号*栋***室.

    The street stays readable so the customer can tell it is their address; the numbers that
    find the door do not. An address without digits keeps its first half.
    """
    address = unicodedata.normalize("NFKC", address.strip())
    if any(char.isdigit() for char in address):
        return "".join(MASK if char.isdigit() else char for char in address)
    keep = (len(address) + 1) // 2
    return address[:keep] + MASK * (len(address) - keep)


def mask_phone(phone: str) -> str:
    """A phone number with its middle hidden: 13812345678 → 138****5678."""
    digits = "".join(char for char in unicodedata.normalize("NFKC", phone) if char.isdigit())
    if len(digits) <= 4:
        return MASK * len(digits)
    if len(digits) < 11:
        return MASK * (len(digits) - 4) + digits[-4:]
    return digits[:3] + MASK * (len(digits) - 7) + digits[-4:]


def mask_id_number(number: str) -> str:
    """A resident ID number with its birth date and sequence hidden: 110101********1234."""
    number = unicodedata.normalize("NFKC", number.strip()).upper()
    if len(number) <= 10:
        return MASK * len(number)
    return number[:6] + MASK * (len(number) - 10) + number[-4:]
