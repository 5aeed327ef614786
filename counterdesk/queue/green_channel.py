"""Who may take a green-channel ticket (绿色通道) at the kiosk: the elderly and key customers.

The green channel's tickets outrank every other line (category ``V``, priority 1), so the kiosk
does not hand them to whoever taps a button: it asks for proof the customer can show without a
clerk.

- The elderly (老年人): a resident ID card (二代证) whose holder is at least ``threshold`` years
  old (default 65) on the hall's own date. The age is counted on the business day in the hall's
  time zone, not in UTC, so a customer whose 65th birthday is today is admitted from midnight
  local time. The birth date is the one the card's chip gives; a card that gives none falls back
  to the date inside the 18-character ID number.
- Key customers (重点客户): a card whose number is on the hall's list of key-customer cards.

Out of scope, on purpose: disability cards (残疾人证) and military or veteran cards (军人证,
优待证) carry no machine-readable chip a kiosk reader could check, and their holders are helped
by the lobby staff (大堂经理), who can issue a green-channel ticket from the counter.

Pure and Qt-free, so the rule is tested without a reader, a server or a screen.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from counterdesk.domain.id_numbers import is_valid

GREEN_CHANNEL: Final = "V"
"""The category code of the green channel (``counterdesk.queue.model.DEFAULT_CATEGORIES``)."""
ELDER_AGE: Final = 65
"""The age from which the green channel is open to anyone with an ID card."""


class Verdict(enum.StrEnum):
    ELDERLY = "elderly"
    KEY_CUSTOMER = "key_customer"
    TOO_YOUNG = "too_young"
    NO_BIRTH_DATE = "no_birth_date"
    NOT_A_KEY_CARD = "not_a_key_card"


ADMITTED: Final = frozenset({Verdict.ELDERLY, Verdict.KEY_CUSTOMER})


@dataclass(frozen=True)
class Decision:
    """Whether the green channel is open to this card, and why; ``age`` for an ID card."""

    verdict: Verdict
    age: int | None = None

    @property
    def admitted(self) -> bool:
        return self.verdict in ADMITTED


def age_on(birth: date, day: date) -> int:
    """Full years (周岁) on ``day``: one more on each birthday (29 February: on 1 March)."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def birth_date_of(id_number: str) -> date | None:
    """The birth date written in an 18-character ID number (digits 7–14), if it is one."""
    text = id_number.strip().upper()
    if not is_valid(text):
        return None
    try:
        return date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return None


def judge_id_card(
    birth_date: date | None, id_number: str, today: date, threshold: int = ELDER_AGE
) -> Decision:
    """The green channel for the holder of an ID card, on the hall's date ``today``."""
    born = birth_date or birth_date_of(id_number)
    if born is None:
        return Decision(Verdict.NO_BIRTH_DATE)
    age = age_on(born, today)
    return Decision(Verdict.ELDERLY if age >= threshold else Verdict.TOO_YOUNG, age)


def judge_card(number: str, key_cards: frozenset[str]) -> Decision:
    """The green channel for a swiped or tapped card: open only to a listed key-customer card."""
    listed = normalise(number) in key_cards
    return Decision(Verdict.KEY_CUSTOMER if listed else Verdict.NOT_A_KEY_CARD)


def normalise(number: str) -> str:
    """A card number as listed: no spaces, capital letters (RFID UIDs are hex)."""
    return "".join(number.split()).upper()


def parse_key_cards(text: str) -> frozenset[str]:
    """The card numbers in a key-customer list: one a line, ``#`` starts a comment."""
    numbers = (normalise(line.split("#", 1)[0]) for line in text.splitlines())
    return frozenset(number for number in numbers if number)


def read_key_cards(path: Path) -> frozenset[str]:
    """The list in ``path``; no file means no key customers (the kiosk still serves the elderly).

    An unreadable file raises ``OSError``, so the kiosk can say the list is missing rather than
    refuse every key customer in silence.
    """
    if not path.exists():
        return frozenset()
    return parse_key_cards(path.read_text(encoding="utf-8-sig"))
