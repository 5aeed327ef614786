"""Money as integer fen (分), parsing of what a clerk types, display, and the one rounding rule.

Why integers: a float cannot hold 0.1 exactly, and a counter that is off by one fen at the end of a
shift is a counter that has to be recounted. Every amount in CounterDesk is an ``int`` of fen; the
alias :data:`Fen` only documents intent. Prices per unit (¥/kWh) carry more decimals than fen and
live in :mod:`counterdesk.domain.tariff` as integers of 1/10000 yuan.

The rounding rule, written down once (四舍五入 to the fen): a computed amount is rounded half away
from zero to a whole fen at the end of each line item — one charge line of a bill (a tier, a
time-of-use register), one bill's late fee — never on intermediate products, and a total is the sum
of its rounded lines, so printed lines always add up to the printed total. :func:`round_div` is
the only place that rounds.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from typing import Final

Fen = int
"""An amount of money in fen (1 yuan = 100 fen). Always an ``int``."""

FEN_PER_YUAN: Final = 100

DEFAULT_MAXIMUM_FEN: Final[Fen] = 100_000_000
"""¥1,000,000.00: the default ceiling for one amount typed at the counter (a setting)."""


def round_div(numerator: int, denominator: int) -> int:
    """Divide two integers and round half away from zero (四舍五入).

    This is the project's one rounding rule for money. It works on integers only, so there is no
    binary fraction to surprise anyone: ``round_div(5, 10) == 1``, ``round_div(-5, 10) == -1``.
    """
    if denominator == 0:
        raise ZeroDivisionError("round_div by zero")
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    quotient, remainder = divmod(abs(numerator), denominator)
    if remainder * 2 >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


class AmountProblem(enum.Enum):
    """Why a typed amount was refused; the UI turns each into a translated sentence."""

    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    NEGATIVE = "negative"
    ZERO = "zero"
    TOO_MANY_DECIMALS = "too_many_decimals"
    BAD_GROUPING = "bad_grouping"
    OVER_MAXIMUM = "over_maximum"


_MESSAGES: Final[dict[AmountProblem, str]] = {
    AmountProblem.EMPTY: "Enter an amount.",
    AmountProblem.NOT_A_NUMBER: "'{text}' is not an amount: use digits and one decimal point.",
    AmountProblem.NEGATIVE: "The amount cannot be negative.",
    AmountProblem.ZERO: "The amount must be more than zero.",
    AmountProblem.TOO_MANY_DECIMALS: "'{text}' has more than two decimals: amounts go to the fen.",
    AmountProblem.BAD_GROUPING: "'{text}' has misplaced thousands separators (write 1,234.50).",
    AmountProblem.OVER_MAXIMUM: "The amount is over the maximum of {maximum}.",
}


class AmountError(ValueError):
    """A typed amount that cannot be taken: ``problem`` says why, ``str()`` in English."""

    def __init__(self, problem: AmountProblem, text: str, maximum_fen: Fen | None = None) -> None:
        super().__init__(problem, text, maximum_fen)
        self.problem = problem
        self.text = text
        self.maximum_fen = maximum_fen

    def __str__(self) -> str:
        maximum = format_yuan(self.maximum_fen) if self.maximum_fen is not None else ""
        return _MESSAGES[self.problem].format(text=self.text, maximum=maximum)


_CURRENCY_PREFIXES: Final = ("RMB", "CNY", "¥", "元")
_PLAIN = re.compile(r"(?P<int>\d+)(?:\.(?P<frac>\d*))?")
_GROUPED = re.compile(r"(?P<int>\d{1,3}(?:,\d{3})+)(?:\.(?P<frac>\d*))?")


def parse_amount(
    text: str, *, maximum_fen: Fen = DEFAULT_MAXIMUM_FEN, allow_zero: bool = False
) -> Fen:
    """Read an amount as a clerk types it and return fen.

    Accepted: ``12``, ``12.3``, ``12.30``, ``.5``, ``¥1,234.50``, ``￥12``, ``RMB 12``, ``12元``,
    and the same in a Chinese input method's full-width digits and punctuation (``１２．３``).
    Refused with an :class:`AmountError`: empty text, letters, a minus sign, more than two
    decimals, misplaced thousands separators, zero (unless ``allow_zero``) and anything over
    ``maximum_fen``.
    """
    original = text
    # NFKC folds full-width digits, '．', '，' and '￥' into their ASCII forms (￥ becomes ¥).
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not cleaned:
        raise AmountError(AmountProblem.EMPTY, original)
    if cleaned.startswith(("-", "−")) or cleaned.endswith("-"):
        raise AmountError(AmountProblem.NEGATIVE, original)
    cleaned = cleaned.removeprefix("+")
    for prefix in _CURRENCY_PREFIXES:
        if cleaned.upper().startswith(prefix):
            cleaned = cleaned[len(prefix) :]
            break
    cleaned = cleaned.removesuffix("元")
    if cleaned.startswith("."):
        cleaned = "0" + cleaned
    if cleaned.startswith(("-", "−")):
        raise AmountError(AmountProblem.NEGATIVE, original)

    match = _PLAIN.fullmatch(cleaned) or _GROUPED.fullmatch(cleaned)
    if match is None:
        if "," in cleaned and re.fullmatch(r"[\d,]+(?:\.\d*)?", cleaned):
            raise AmountError(AmountProblem.BAD_GROUPING, original)
        raise AmountError(AmountProblem.NOT_A_NUMBER, original)

    whole = int(match["int"].replace(",", ""))
    fraction = match["frac"] or ""
    if len(fraction) > 2:
        raise AmountError(AmountProblem.TOO_MANY_DECIMALS, original)
    fen = whole * FEN_PER_YUAN + int(fraction.ljust(2, "0"))
    if fen == 0 and not allow_zero:
        raise AmountError(AmountProblem.ZERO, original)
    if fen > maximum_fen:
        raise AmountError(AmountProblem.OVER_MAXIMUM, original, maximum_fen)
    return fen


def format_yuan(fen: Fen, *, symbol: str = "¥") -> str:
    """Show fen as ``¥1,234.50`` (``-¥3.00`` when negative): two decimals, thousands grouped."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{symbol}{whole:,}.{part:02d}"


def format_plain(fen: Fen) -> str:
    """Show fen as ``1234.50`` with no symbol or grouping: for input fields and exports."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{whole}.{part:02d}"
