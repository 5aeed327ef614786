"""Back-billing (电量退补): the energy and money to correct after a metering error is found.

Source: 供电营业规则 (1996) Art. 80 (1) and Art. 81 (1), (3), as DOMAIN.md states them under
"Meter change and back-billing". The 2024 revision (NDRC Order No. 14, in force 2024-06-01) may
renumber the articles, so the printed notice cites "《供电营业规则》的有关规定" without a
number, and the limits below are settings. Three cases, each a function of the energy recorded
(抄见电量, W_r, in kWh as billed, i.e. after the multiplier) over a period:

- **Meter or CT/PT error out of tolerance** (误差超差, Art. 80 (1)): corrected from "0" error by
  the measured error ``e`` (+4.00 % = the meter ran 4 % fast), over *half* the time from the last
  test or change (上次校验或换装投入之日) to the day the error was corrected. The half is applied to
  the energy: the correction base is ``W_r ÷ 2``, where W_r is the energy recorded over the whole
  period, which is the energy of half the time when use is even (the records give energy per
  billing period, not per day, so halving the period's energy is how the rule is applied).
  ``actual = (W_r ÷ 2) ÷ (1 + e)``, ``correction = actual − W_r ÷ 2 = −(W_r ÷ 2) × e ÷ (1 + e)``.
- **Wiring error** (接线错误, Art. 81 (1)): the correction factor (更正系数) ``K = P_correct ÷
  P_wrong`` over the *full* time from the last test or change: ``actual = W_r × K``, ``correction
  = W_r × (K − 1)`` (the rule's "差额率" is K − 1).
- **Wrong multiplier** (倍率不符, Art. 81 (3)): the difference between the correct and the wrong
  multiplier over the period in the reading records: ``actual = W_r × correct ÷ wrong``.

Every quantity is exact (:class:`~fractions.Fraction`) until the one rounding of the correction to
whole kWh, half away from zero (:func:`~counterdesk.domain.money.round_div`); the money is that kWh
figure at one price, rounded to the fen by the tariff module's line rule
(:func:`~counterdesk.domain.tariff.line_amount_fen`). The sign says who pays: positive = the
customer owes more (补收), negative = a refund (退还). Until the amount is settled the customer
keeps paying on the meter reading (DOMAIN.md); the notice says so.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Final

from counterdesk.domain.money import Fen, format_yuan, round_div
from counterdesk.domain.refusal import CounterError
from counterdesk.domain.tariff import Price, format_price, line_amount_fen

BASIS_POINTS: Final = 10_000
"""A measured error is an ``int`` of basis points (0.01 %): +4.00 % is ``400``."""

RULE_NAME: Final = "《供电营业规则》"

DEFAULT_BACK_BILLING: Final[dict[str, int]] = {
    "error_limit_percent": 50,
    "wiring_factor_limit": 10,
}
"""The settings' defaults: the largest plausible measured error (±50 %) and the range of a wiring
factor (1/10 to 10). A value outside is a typing error in a test report (17.32 for 1.732, 40 %
for 4.0 %), not a meter, so it is refused before a manager is asked to approve it."""


class BackBillingError(CounterError):
    """A back-billing case whose figures cannot be right; nothing was computed."""


class BackBillingKind(enum.StrEnum):
    """What was wrong with the metering (计量差错类型)."""

    METER_ERROR = "meter_error"
    """Meter or CT/PT error out of tolerance (误差超差): half the period."""
    WIRING_ERROR = "wiring_error"
    """Wrong wiring (接线错误): the correction factor K over the full period."""
    WRONG_MULTIPLIER = "wrong_multiplier"
    """The multiplier billed differs from the real one (倍率不符)."""


KIND_WORDS: Final = {
    BackBillingKind.METER_ERROR: "计量误差超出允许范围",
    BackBillingKind.WIRING_ERROR: "计量装置接线错误",
    BackBillingKind.WRONG_MULTIPLIER: "计费倍率与实际不符",
}
"""The kind as the customer reads it on the notice."""


@dataclass(frozen=True)
class BackBillingRules:
    """The plausibility limits of a case (settings ``back_billing.*``)."""

    error_limit_percent: int = 50
    wiring_factor_limit: int = 10

    def __post_init__(self) -> None:
        if not 0 < self.error_limit_percent < 100:
            raise ValueError(
                f"error_limit_percent must be from 1 to 99, not {self.error_limit_percent}."
            )
        if self.wiring_factor_limit < 2:
            raise ValueError(
                f"wiring_factor_limit must be 2 or more, not {self.wiring_factor_limit}."
            )


def parse_back_billing_rules(value: object) -> BackBillingRules:
    """Read the settings value (shaped like :data:`DEFAULT_BACK_BILLING`); missing keys default.

    Raises ``ValueError`` naming the bad entry, so a typo never silently changes a limit.
    """
    if not isinstance(value, dict):
        raise ValueError(f"Back-billing rules must be an object, not {value!r}.")
    unknown = sorted(set(value) - set(DEFAULT_BACK_BILLING))
    if unknown:
        raise ValueError(f"Unknown back-billing rule {unknown[0]!r}.")
    merged: dict[str, int] = dict(DEFAULT_BACK_BILLING)
    for key, entry in value.items():
        if isinstance(entry, bool) or not isinstance(entry, int):
            raise ValueError(f"Back-billing rule {key!r} must be a whole number, not {entry!r}.")
        merged[key] = entry
    return BackBillingRules(**merged)


@dataclass(frozen=True)
class MeterErrorCase:
    """Error out of tolerance (误差超差): ``error_bp`` as tested, + means the meter ran fast.

    ``since`` is the day the meter (or CT/PT) was last tested or put in service, ``until`` the day
    the error was corrected (normally the change); ``recorded_units`` the kWh billed in between.
    """

    error_bp: int
    recorded_units: int
    since: date
    until: date

    @property
    def kind(self) -> BackBillingKind:
        return BackBillingKind.METER_ERROR


@dataclass(frozen=True)
class WiringErrorCase:
    """Wrong wiring (接线错误): ``K = correct_power ÷ wrong_power`` from the wiring analysis.

    The two powers are given as the analysis writes them (√3·UI·cosφ against UI·cosφ is
    1.732 against 1), so the notice can show both and the ratio.
    """

    correct_power: Fraction
    wrong_power: Fraction
    recorded_units: int
    since: date
    until: date

    @property
    def kind(self) -> BackBillingKind:
        return BackBillingKind.WIRING_ERROR

    @property
    def factor(self) -> Fraction:
        """更正系数 K."""
        return self.correct_power / self.wrong_power


@dataclass(frozen=True)
class MultiplierCase:
    """Wrong multiplier (倍率不符): the records billed ``wrong_multiplier``, not ``correct``."""

    correct_multiplier: int
    wrong_multiplier: int
    recorded_units: int
    since: date
    until: date

    @property
    def kind(self) -> BackBillingKind:
        return BackBillingKind.WRONG_MULTIPLIER


BackBillingCase = MeterErrorCase | WiringErrorCase | MultiplierCase


@dataclass(frozen=True)
class BackBillingResult:
    """A computed case: the inputs, the exact steps, the rounded kWh and money, and the words.

    ``counted_days`` is the time the rule counts (half of ``period_days`` for an error case),
    ``basis_units`` the recorded energy the correction applies to (``W_r ÷ 2`` or ``W_r``) and
    ``actual_units`` what it should have been; both exact. ``correction_units`` is their
    difference rounded to whole kWh, ``amount_fen`` that at ``price`` (1/10000 yuan per kWh, i.e.
    1/100 fen: :data:`~counterdesk.domain.tariff.Price`). ``explanation`` is the computation in
    Chinese with the numbers substituted, one line a step, for the notice.
    """

    case: BackBillingCase
    price: Price
    period_days: int
    counted_days: Fraction
    basis_units: Fraction
    actual_units: Fraction
    correction_units: int
    amount_fen: Fen
    explanation: tuple[str, ...]

    @property
    def kind(self) -> BackBillingKind:
        return self.case.kind

    @property
    def owed_by_customer(self) -> bool:
        """True for 补收 (the customer pays more), False for 退还 and for nothing to correct."""
        return self.correction_units > 0

    @property
    def direction(self) -> str:
        """补 (owed by the customer), 退 (refunded) or 无 (nothing to correct)."""
        if self.correction_units > 0:
            return "补"
        return "退" if self.correction_units < 0 else "无"


# --- reading what a clerk types ------------------------------------------------------------------

_DECIMAL = re.compile(r"(?P<sign>[+-]?)(?P<int>\d*)(?:\.(?P<frac>\d*))?")


def _decimal_parts(text: str, what: str, decimals: int) -> tuple[int, int]:
    """Sign and value in units of 10^-decimals of a typed decimal, full-width forms folded."""
    cleaned = unicodedata.normalize("NFKC", text).strip().replace("−", "-").replace(" ", "")
    match = _DECIMAL.fullmatch(cleaned)
    if not cleaned or match is None or not (match["int"] or match["frac"]):
        raise ValueError(f"{text!r} is not {what}: use digits and at most one decimal point.")
    fraction = match["frac"] or ""
    if len(fraction) > decimals:
        raise ValueError(f"{text!r} has more than {decimals} decimals.")
    scaled = int(match["int"] or "0") * 10**decimals + int(fraction.ljust(decimals, "0"))
    return (-1 if match["sign"] == "-" else 1), scaled


def parse_error_percent(text: str) -> int:
    """A measured error as a test report writes it (``+4.00``, ``-2.5%``) in basis points (400).

    At most two decimals: a report gives the error to 0.01 %.
    """
    sign, scaled = _decimal_parts(text.strip().removesuffix("%").removesuffix("％"), "an error", 2)
    return sign * scaled


def parse_power(text: str) -> Fraction:
    """One side of a wiring factor as written (``1.732``, ``1``), exact; positive, ≤ 4 decimals."""
    sign, scaled = _decimal_parts(text, "a power ratio", 4)
    if sign < 0 or scaled == 0:
        raise ValueError(f"A power in a wiring factor must be more than zero, not {text!r}.")
    return Fraction(scaled, 10**4)


# --- how numbers are written on the notice -------------------------------------------------------


def cn_day(day: date) -> str:
    """2026年11月20日, as the notice writes a date."""
    return f"{day.year}年{day.month}月{day.day}日"


def fixed(value: Fraction | int, places: int = 2) -> str:
    """``value`` to ``places`` decimals, half away from zero, thousands grouped: 6,172.50."""
    exact = Fraction(value)
    scaled = round_div(exact.numerator * 10**places, exact.denominator)
    sign = "-" if scaled < 0 else ""
    whole, part = divmod(abs(scaled), 10**places)
    return f"{sign}{whole:,}.{part:0{places}d}" if places else f"{sign}{whole:,}"


def plain(value: Fraction | int) -> str:
    """An exact decimal without trailing zeros (1.732, 1, 314.5), else 4 decimals."""
    exact = Fraction(value)
    for places in range(5):
        if (exact * 10**places).denominator == 1:
            return fixed(exact, places)
    return fixed(exact, 4)


def percent(error_bp: int) -> str:
    """+4.00%, -2.50%, 0.00%: a measured error with its sign."""
    sign = "+" if error_bp > 0 else "-" if error_bp < 0 else ""
    whole, part = divmod(abs(error_bp), 100)
    return f"{sign}{whole}.{part:02d}%"


def _units(value: Fraction | int) -> str:
    """Whole kWh as a whole number (12,345), anything else to two decimals (6,172.50)."""
    exact = Fraction(value)
    return f"{exact.numerator:,}" if exact.denominator == 1 else fixed(exact)


# --- the computation -----------------------------------------------------------------------------


def _check_common(case: BackBillingCase, price: Price) -> int:
    """The checks every case shares; returns the period's length in days."""
    if case.until <= case.since:
        raise BackBillingError(
            "The back-billing period from {since} to {until} is empty or runs backwards.",
            since=case.since.isoformat(),
            until=case.until.isoformat(),
        )
    if case.recorded_units < 0:
        raise BackBillingError(
            "The recorded energy cannot be negative ({units} kWh).", units=case.recorded_units
        )
    if price <= 0:
        raise BackBillingError(
            "The price for back-billing must be more than zero, not {price}.",
            price=format_price(price) if price >= 0 else str(price),
        )
    return (case.until - case.since).days


def _period_line(case: BackBillingCase, days: int, counted: str) -> str:
    return f"计算期间：{cn_day(case.since)}至{cn_day(case.until)}，共{days}天；{counted}。"


def _close(
    case: BackBillingCase,
    price: Price,
    *,
    days: int,
    counted_days: Fraction,
    basis: Fraction,
    actual: Fraction,
    lines: list[str],
    basis_label: str = "W",
) -> BackBillingResult:
    """Round once, price it, and write the last two lines every case shares."""
    exact = actual - basis
    units = round_div(exact.numerator, exact.denominator)
    amount = line_amount_fen(units, price)
    who = "补收" if units > 0 else "退还" if units < 0 else "无需退补"
    lines.append(
        f"退补电量 = 实际电量 − {basis_label} = {fixed(actual)} − {_units(basis)} = "
        f"{fixed(exact)} kWh，"
        f"四舍五入取整为 {units:,} kWh，{who}。"
    )
    lines.append(
        f"退补电费 = {units:,} kWh × {format_price(price)} 元/kWh = {format_yuan(amount)}。"
    )
    return BackBillingResult(
        case=case,
        price=price,
        period_days=days,
        counted_days=counted_days,
        basis_units=basis,
        actual_units=actual,
        correction_units=units,
        amount_fen=amount,
        explanation=tuple(lines),
    )


def _meter_error(case: MeterErrorCase, price: Price, rules: BackBillingRules) -> BackBillingResult:
    limit = rules.error_limit_percent * 100
    if not -limit <= case.error_bp <= limit:
        raise BackBillingError(
            "The measured error {error} is outside the plausible range of ±{limit}; "
            "check the test report.",
            error=percent(case.error_bp),
            limit=f"{rules.error_limit_percent}%",
        )
    days = _check_common(case, price)
    error = Fraction(case.error_bp, BASIS_POINTS)
    basis = Fraction(case.recorded_units, 2)
    actual = basis / (1 + error)
    running = "表计走快，多计电量" if error > 0 else "表计走慢，少计电量" if error < 0 else "无误差"
    lines = [
        f"依据{RULE_NAME}的有关规定：互感器或电能表误差超出允许范围的，以“0”误差为基准，"
        "按实测误差退补电量，退补时间为自上次校验或换装投入之日起至误差更正之日止的二分之一。",
        f"实测误差 e = {percent(case.error_bp)}，{running}。",
        _period_line(case, days, f"按二分之一计{plain(Fraction(days, 2))}天"),
        f"期间抄见电量 W = {case.recorded_units:,} kWh；按二分之一时间计，"
        f"抄见电量 W ÷ 2 = {fixed(basis)} kWh。",
        f"实际电量 = (W ÷ 2) ÷ (1 + e) = {fixed(basis)} ÷ {fixed(1 + error, 4)} = "
        f"{fixed(actual)} kWh。",
    ]
    return _close(
        case,
        price,
        days=days,
        counted_days=Fraction(days, 2),
        basis=basis,
        actual=actual,
        lines=lines,
        basis_label="W ÷ 2",
    )


def _wiring_error(
    case: WiringErrorCase, price: Price, rules: BackBillingRules
) -> BackBillingResult:
    if case.correct_power <= 0 or case.wrong_power <= 0:
        raise BackBillingError(
            "Both powers of a wiring factor must be more than zero (correct {correct}, "
            "wrong {wrong}).",
            correct=plain(case.correct_power),
            wrong=plain(case.wrong_power),
        )
    factor = case.factor
    if not Fraction(1, rules.wiring_factor_limit) <= factor <= rules.wiring_factor_limit:
        raise BackBillingError(
            "The wiring factor K = {factor} is outside the plausible range 1/{limit} to "
            "{limit}; check the wiring analysis.",
            factor=fixed(factor, 4),
            limit=rules.wiring_factor_limit,
        )
    days = _check_common(case, price)
    basis = Fraction(case.recorded_units)
    actual = basis * factor
    lines = [
        f"依据{RULE_NAME}的有关规定：计费计量装置接线错误的，以实际记录的电量为基数，"
        "按正确与错误接线的差额率退补电量，退补时间为自上次校验或换装投入之日起至更正之日止"
        "的全部时间。",
        f"更正系数 K = P正确 ÷ P错误 = {plain(case.correct_power)} ÷ {plain(case.wrong_power)}"
        f" = {fixed(factor, 4)}。",
        _period_line(case, days, "按全部时间计算"),
        f"期间抄见电量 W = {case.recorded_units:,} kWh。",
        f"实际电量 = W × K = {case.recorded_units:,} × {fixed(factor, 4)} = {fixed(actual)} kWh。",
    ]
    return _close(
        case,
        price,
        days=days,
        counted_days=Fraction(days),
        basis=basis,
        actual=actual,
        lines=lines,
    )


def _wrong_multiplier(case: MultiplierCase, price: Price) -> BackBillingResult:
    if case.correct_multiplier < 1 or case.wrong_multiplier < 1:
        raise BackBillingError(
            "A multiplier is at least 1 (correct {correct}, wrong {wrong}).",
            correct=case.correct_multiplier,
            wrong=case.wrong_multiplier,
        )
    days = _check_common(case, price)
    basis = Fraction(case.recorded_units)
    actual = basis * case.correct_multiplier / case.wrong_multiplier
    lines = [
        f"依据{RULE_NAME}的有关规定：计算电量的倍率与实际不符的，以实际倍率为基准，"
        "按正确与错误倍率的差值退补电量，退补时间以抄表记录为准。",
        f"正确倍率 {case.correct_multiplier}，错误倍率 {case.wrong_multiplier}，"
        f"期间电量按倍率 {case.wrong_multiplier} 计收。",
        _period_line(case, days, "按抄表记录计算"),
        f"期间抄见电量 W = {case.recorded_units:,} kWh。",
        f"实际电量 = W × 正确倍率 ÷ 错误倍率 = {case.recorded_units:,} × "
        f"{case.correct_multiplier} ÷ {case.wrong_multiplier} = {fixed(actual)} kWh。",
    ]
    return _close(
        case,
        price,
        days=days,
        counted_days=Fraction(days),
        basis=basis,
        actual=actual,
        lines=lines,
    )


def compute_back_billing(
    case: BackBillingCase, price: Price, rules: BackBillingRules | None = None
) -> BackBillingResult:
    """The correction for ``case`` at ``price`` (1/10000 yuan per kWh), checked and explained.

    Raises :class:`BackBillingError` for figures that cannot be right: an error beyond the limit,
    K not positive or beyond its range, a multiplier below 1, a period that is empty or runs
    backwards, negative energy, a price not above zero.
    """
    rules = rules or BackBillingRules()
    if isinstance(case, MeterErrorCase):
        return _meter_error(case, price, rules)
    if isinstance(case, WiringErrorCase):
        return _wiring_error(case, price, rules)
    return _wrong_multiplier(case, price)
