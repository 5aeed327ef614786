"""Tariffs (电价) and how usage becomes a charge: flat, tiered (阶梯电价), time-of-use (分时/峰谷).

Prices carry more decimals than fen (¥0.4883/kWh), so a :data:`Price` is an ``int`` of 1/10000 yuan
(4883). ``units × price`` is then exact in 1/10000 yuan and dividing by 100 gives fen.

The billing rule, written down once: **a charge is the sum of its lines, and each line is rounded to
the fen on its own** (``round_div(units × price, 100)``, half away from zero, via
:func:`~counterdesk.domain.money.round_div`). Rounding per line, never the total, is what makes the
lines printed on a bill or receipt always add up to the printed total; the cost is that a bill split
across tiers or registers can differ from an unsplit one by up to half a fen per line.

Tiered tariffs count units cumulatively: monthly tiers start from zero each bill, annual tiers start
from the units already billed this calendar year (``year_to_date_units``), so a bill that crosses a
threshold is split across tiers. Every number here is a default the settings table can replace.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Final

from counterdesk.domain.accounts import Utility
from counterdesk.domain.money import Fen, round_div

Price = int
"""A price per unit in 1/10000 yuan: ¥0.4883/kWh is ``4883``. Always an ``int``."""

PRICE_SCALE: Final = 10_000
"""Price units per yuan."""

PRICE_DECIMALS: Final = 4

_PRICE_TEXT = re.compile(r"(?P<int>\d*)(?:\.(?P<frac>\d*))?")


def parse_price(text: str) -> Price:
    """Read a price as written in a tariff notice (``"0.4883"``) and return 1/10000 yuan (4883).

    Tariff notices give at most four decimals; a fifth would be silently lost, so it is refused, as
    are negatives, empty text and anything that is not a plain decimal number. Full-width digits
    from a Chinese input method are accepted (NFKC folds them).
    """
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        raise ValueError("Enter a price, e.g. 0.4883.")
    if cleaned.startswith(("-", "−")):
        raise ValueError(f"A price cannot be negative: {text!r}.")
    match = _PRICE_TEXT.fullmatch(cleaned)
    if match is None or not (match["int"] or match["frac"]):
        raise ValueError(f"{text!r} is not a price: use digits and at most one decimal point.")
    fraction = match["frac"] or ""
    if len(fraction) > PRICE_DECIMALS:
        raise ValueError(f"{text!r} has more than {PRICE_DECIMALS} decimals; prices go to ¥0.0001.")
    return int(match["int"] or "0") * PRICE_SCALE + int(fraction.ljust(PRICE_DECIMALS, "0"))


def format_price(price: Price) -> str:
    """Show a price with its four decimals: ``4883`` → ``'0.4883'``."""
    whole, part = divmod(price, PRICE_SCALE)
    return f"{whole}.{part:04d}"


class TariffKind(enum.StrEnum):
    """How a tariff turns usage into money: one price, tiers by cumulative units, or a price per
    time-of-use register (峰/平/谷, sometimes 尖峰 "sharp")."""

    FLAT = "flat"
    TIERED = "tiered"
    TIME_OF_USE = "time_of_use"


class TierBasis(enum.StrEnum):
    """Whether tier thresholds count units per bill (月度) or per calendar year (年度).

    Annual tiers need the account's year-to-date units, which is why the basis is part of the tariff
    rather than a presentation detail.
    """

    MONTHLY = "monthly"
    ANNUAL = "annual"


TOTAL_REGISTER: Final = "total"
"""The register name for single-register usage (flat and tiered tariffs)."""


@dataclass(frozen=True, slots=True)
class Tier:
    """One step of a tiered tariff (阶梯): units up to ``upper`` (inclusive, cumulative) at a price.

    ``upper=None`` is the open-ended last tier. Beijing's first tier is ``Tier(240, 4883)``: the
    240th kWh is still tier 1, the 241st is tier 2.
    """

    upper: int | None
    price: Price

    def __post_init__(self) -> None:
        if self.upper is not None and self.upper < 1:
            raise ValueError(f"A tier's upper bound must be at least 1 unit, not {self.upper}.")
        if self.price < 0:
            raise ValueError(f"A tier price cannot be negative ({self.price}).")


def _empty_prices() -> Mapping[str, Price]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Tariff:
    """A tariff (电价): what one unit of usage costs on an account with this ``code``.

    Only the fields of its ``kind`` may be set (``flat_price``; ``tiers`` and ``basis``;
    ``tou_prices``), so a tariff read from settings cannot carry a stray price that some screen
    would show and the bill would ignore. ``tou_prices`` maps register name to price; its order is
    the order of the lines on a bill.
    """

    code: str
    name: str
    utility: Utility
    kind: TariffKind
    unit: str = "kWh"
    flat_price: Price | None = None
    tiers: tuple[Tier, ...] = ()
    basis: TierBasis | None = None
    tou_prices: Mapping[str, Price] = field(default_factory=_empty_prices, hash=False)

    def __post_init__(self) -> None:
        if not self.code.strip():
            raise ValueError("A tariff needs a code.")
        # Settings hand over plain strings; coerce them so the ``is`` checks below cannot miss.
        object.__setattr__(self, "utility", Utility(self.utility))
        object.__setattr__(self, "kind", TariffKind(self.kind))
        if self.basis is not None:
            object.__setattr__(self, "basis", TierBasis(self.basis))
        object.__setattr__(self, "tou_prices", MappingProxyType(dict(self.tou_prices)))
        where = f"Tariff {self.code}"
        if self.kind is TariffKind.FLAT:
            self._check_flat(where)
        elif self.kind is TariffKind.TIERED:
            self._check_tiered(where)
        else:
            self._check_time_of_use(where)

    def _check_flat(self, where: str) -> None:
        if self.flat_price is None:
            raise ValueError(f"{where}: a flat tariff needs flat_price.")
        if self.flat_price < 0:
            raise ValueError(f"{where}: the price cannot be negative ({self.flat_price}).")
        if self.tiers or self.basis is not None or self.tou_prices:
            raise ValueError(f"{where}: a flat tariff takes no tiers, basis or time-of-use prices.")

    def _check_tiered(self, where: str) -> None:
        if not self.tiers:
            raise ValueError(f"{where}: a tiered tariff needs at least one tier.")
        if self.basis is None:
            raise ValueError(f"{where}: a tiered tariff needs a basis (monthly or annual).")
        if self.flat_price is not None or self.tou_prices:
            raise ValueError(f"{where}: a tiered tariff takes no flat or time-of-use prices.")
        if self.tiers[-1].upper is not None:
            raise ValueError(f"{where}: the last tier must be open-ended (upper=None).")
        previous = 0
        for number, tier in enumerate(self.tiers[:-1], start=1):
            if tier.upper is None:
                raise ValueError(
                    f"{where}: only the last tier may be open-ended, not tier {number}."
                )
            if tier.upper <= previous:
                raise ValueError(
                    f"{where}: tier upper bounds must ascend; tier {number} ends at {tier.upper} "
                    f"after {previous}."
                )
            previous = tier.upper

    def _check_time_of_use(self, where: str) -> None:
        if not self.tou_prices:
            raise ValueError(f"{where}: a time-of-use tariff needs a price per register.")
        if self.flat_price is not None or self.tiers or self.basis is not None:
            raise ValueError(f"{where}: a time-of-use tariff takes no flat price, tiers or basis.")
        for register, price in self.tou_prices.items():
            if not register.strip():
                raise ValueError(f"{where}: a register name cannot be empty.")
            if price < 0:
                raise ValueError(f"{where}: the {register} price cannot be negative ({price}).")

    @property
    def registers(self) -> tuple[str, ...]:
        """The registers a usage for this tariff must give, no more and no fewer."""
        if self.kind is TariffKind.TIME_OF_USE:
            return tuple(self.tou_prices)
        return (TOTAL_REGISTER,)

    @property
    def peak_valley_ratio(self) -> Fraction | None:
        """Peak price over valley price for a time-of-use tariff with both, else ``None``.

        NDRC (2021) asks for at least 3:1, or 4:1 where the peak-valley load gap exceeds 40%; the
        settings screen shows this so a mistyped price is noticed.
        """
        peak = self.tou_prices.get("peak")
        valley = self.tou_prices.get("valley")
        if peak is None or not valley:
            return None
        return Fraction(peak, valley)


def line_amount_fen(units: int, price: Price) -> Fen:
    """The amount of one line: ``round_div(units × price, 100)``; the module's one billing rule."""
    return round_div(units * price, PRICE_SCALE // 100)


@dataclass(frozen=True, slots=True)
class ChargeLine:
    """One printed line of a charge: a tier or a register, its units, its price and its amount.

    ``label`` is a stable key the UI translates: ``"total"`` for a flat tariff, ``"tier 1"``,
    ``"tier 2"``… for a tiered one, the register name (``"peak"``, ``"flat"``, ``"valley"``,
    ``"sharp"``) for time-of-use.
    """

    label: str
    units: int
    price: Price
    amount_fen: Fen

    @classmethod
    def priced(cls, label: str, units: int, price: Price) -> ChargeLine:
        """A line whose amount follows the billing rule (:func:`line_amount_fen`)."""
        return cls(label, units, price, line_amount_fen(units, price))


@dataclass(frozen=True, slots=True)
class Charge:
    """What a usage costs under a tariff: its lines, and their sum as the total (module docs)."""

    lines: tuple[ChargeLine, ...]

    @property
    def amount_fen(self) -> Fen:
        """The total: the sum of the already-rounded line amounts, so the printout adds up."""
        return sum(line.amount_fen for line in self.lines)

    @property
    def units(self) -> int:
        """All units charged, across tiers or registers."""
        return sum(line.units for line in self.lines)


def compute_charge(
    tariff: Tariff, usage: Mapping[str, int], *, year_to_date_units: int = 0
) -> Charge:
    """Price a usage (register → whole units) under a tariff.

    For an annual tiered tariff ``year_to_date_units`` is what the account was already billed this
    calendar year before this bill; the tiers apply to the running total, so a bill crossing a
    threshold gets one line per tier touched. Monthly tiers ignore it. A usage must name exactly the
    tariff's registers, with no negative units: a missing register would bill zero without anyone
    noticing, and an extra one would be dropped.
    """
    _check_usage(tariff, usage)
    if year_to_date_units < 0:
        raise ValueError(f"Year-to-date units cannot be negative ({year_to_date_units}).")
    if tariff.kind is TariffKind.FLAT:
        assert tariff.flat_price is not None  # guaranteed by Tariff.__post_init__
        units = usage[TOTAL_REGISTER]
        return Charge((ChargeLine.priced(TOTAL_REGISTER, units, tariff.flat_price),))
    if tariff.kind is TariffKind.TIERED:
        start = year_to_date_units if tariff.basis is TierBasis.ANNUAL else 0
        return Charge(_tier_lines(tariff.tiers, start, usage[TOTAL_REGISTER]))
    return Charge(
        tuple(
            ChargeLine.priced(register, usage[register], price)
            for register, price in tariff.tou_prices.items()
        )
    )


def _check_usage(tariff: Tariff, usage: Mapping[str, int]) -> None:
    expected = set(tariff.registers)
    given = set(usage)
    if missing := expected - given:
        raise ValueError(f"Tariff {tariff.code}: usage is missing register(s) {sorted(missing)}.")
    if unknown := given - expected:
        raise ValueError(
            f"Tariff {tariff.code}: unknown register(s) {sorted(unknown)}; "
            f"expected {list(tariff.registers)}."
        )
    for register, units in usage.items():
        if units < 0:
            raise ValueError(f"Usage on register {register!r} cannot be negative ({units}).")


def _tier_lines(tiers: tuple[Tier, ...], start: int, units: int) -> tuple[ChargeLine, ...]:
    """Split units ``start+1 … start+units`` of the running total across the tiers."""
    end = start + units
    lines: list[ChargeLine] = []
    lower = 0  # units below this belong to earlier tiers
    current = len(tiers)  # the tier the next unit after ``start`` falls in
    for number, tier in enumerate(tiers, start=1):
        upper = end if tier.upper is None else tier.upper
        if start < upper:
            current = min(current, number)
        in_tier = min(end, upper) - max(start, lower)
        if in_tier > 0:
            lines.append(ChargeLine.priced(f"tier {number}", in_tier, tier.price))
        if tier.upper is not None:
            lower = tier.upper
    if not lines:
        # No usage: still one line, at the tier the account stands in, so a bill is never blank.
        lines.append(ChargeLine.priced(f"tier {current}", 0, tiers[current - 1].price))
    return tuple(lines)


# --- default tariffs (settings can replace every number) ---------------------------------------

TIER_2_SURCHARGE: Final[Price] = 500
"""Residential tier 2 = base + ¥0.05/kWh (national rule since 2012-07-01)."""

TIER_3_SURCHARGE: Final[Price] = 3000
"""Residential tier 3 = base + ¥0.30/kWh."""


def residential_three_tier(
    code: str,
    name: str,
    *,
    base: Price,
    first_upper: int,
    second_upper: int,
    basis: TierBasis,
) -> Tariff:
    """A residential electricity tariff built the national way: base, +¥0.05, +¥0.30."""
    return Tariff(
        code=code,
        name=name,
        utility=Utility.ELECTRICITY,
        kind=TariffKind.TIERED,
        tiers=(
            Tier(first_upper, base),
            Tier(second_upper, base + TIER_2_SURCHARGE),
            Tier(None, base + TIER_3_SURCHARGE),
        ),
        basis=basis,
    )


def beijing_residential_monthly(*, base: Price = 4883) -> Tariff:
    """Beijing residential: ≤240 / 241–400 / >400 kWh a month at 0.4883 / 0.5383 / 0.7883."""
    return residential_three_tier(
        "bj-res-tiered-monthly",
        "北京居民阶梯电价（月度）",
        base=base,
        first_upper=240,
        second_upper=400,
        basis=TierBasis.MONTHLY,
    )


def zhejiang_residential_annual(*, base: Price = 5380) -> Tariff:
    """Zhejiang residential: ≤2760 / 2761–4800 / ≥4801 kWh a year at 0.538 / 0.588 / 0.838."""
    return residential_three_tier(
        "zj-res-tiered-annual",
        "浙江居民阶梯电价（年度）",
        base=base,
        first_upper=2760,
        second_upper=4800,
        basis=TierBasis.ANNUAL,
    )


def commercial_flat(*, price: Price = 7350) -> Tariff:
    """A general commercial single-rate tariff (一般工商业单一制), ¥0.7350/kWh by default."""
    return Tariff(
        code="com-flat",
        name="一般工商业电价（单一制）",
        utility=Utility.ELECTRICITY,
        kind=TariffKind.FLAT,
        flat_price=price,
    )


def commercial_time_of_use(
    *, peak: Price = 11520, flat: Price = 7350, valley: Price = 3410
) -> Tariff:
    """General commercial time-of-use (峰谷): 1.1520 / 0.7350 / 0.3410, peak/valley ≈ 3.4:1."""
    return Tariff(
        code="com-tou",
        name="一般工商业分时电价（峰平谷）",
        utility=Utility.ELECTRICITY,
        kind=TariffKind.TIME_OF_USE,
        tou_prices={"peak": peak, "flat": flat, "valley": valley},
    )


def beijing_water_residential() -> Tariff:
    """Beijing-style residential water (阶梯水价), annual: ≤180 / 181–260 / >260 m³ at 5 / 7 / 9."""
    return Tariff(
        code="bj-water-res-annual",
        name="北京居民阶梯水价（年度）",
        utility=Utility.WATER,
        kind=TariffKind.TIERED,
        unit="m³",
        tiers=(Tier(180, 50000), Tier(260, 70000), Tier(None, 90000)),
        basis=TierBasis.ANNUAL,
    )


def beijing_gas_residential() -> Tariff:
    """Beijing-style residential gas (阶梯气价), annual.

    ≤350 / 351–500 / >500 m³ a year at 2.61 / 2.83 / 4.23 ¥/m³.
    """
    return Tariff(
        code="bj-gas-res-annual",
        name="北京居民阶梯气价（年度）",
        utility=Utility.GAS,
        kind=TariffKind.TIERED,
        unit="m³",
        tiers=(Tier(350, 26100), Tier(500, 28300), Tier(None, 42300)),
        basis=TierBasis.ANNUAL,
    )


DEFAULT_TARIFFS: Final[Mapping[str, Tariff]] = MappingProxyType(
    {
        tariff.code: tariff
        for tariff in (
            beijing_residential_monthly(),
            zhejiang_residential_annual(),
            commercial_flat(),
            commercial_time_of_use(),
            beijing_water_residential(),
            beijing_gas_residential(),
        )
    }
)
"""The demo and test tariffs, keyed by code; a fresh install seeds its settings table from these."""
