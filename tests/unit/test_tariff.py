"""Tariffs: flat, tiered (monthly and annual) and time-of-use charges, worked by hand.

Every amount below is computed in the comment as units × price (price in ¥/unit), then rounded to
the fen per line (四舍五入), then summed.
"""

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.accounts import Utility
from counterdesk.domain.tariff import (
    DEFAULT_TARIFFS,
    Charge,
    ChargeLine,
    Tariff,
    TariffKind,
    Tier,
    TierBasis,
    beijing_gas_residential,
    beijing_residential_monthly,
    beijing_water_residential,
    commercial_flat,
    commercial_time_of_use,
    compute_charge,
    format_price,
    line_amount_fen,
    parse_price,
    zhejiang_residential_annual,
)


def _lines(charge: Charge) -> list[tuple[str, int, int, int]]:
    return [(line.label, line.units, line.price, line.amount_fen) for line in charge.lines]


# --- flat ----------------------------------------------------------------------------------------


def test_flat_bill() -> None:
    # 1234 kWh × ¥0.7350 = ¥906.99 exactly (9,069,900 / 100 = 90,699 fen).
    charge = compute_charge(commercial_flat(), {"total": 1234})
    assert _lines(charge) == [("total", 1234, 7350, 90_699)]
    assert charge.amount_fen == 90_699


# --- Beijing monthly tiers: ≤240 @0.4883, 241–400 @0.5383, >400 @0.7883 ---------------------------


@pytest.mark.parametrize(
    ("kwh", "lines", "total"),
    [
        # 200 × 0.4883 = 97.66
        (200, [("tier 1", 200, 4883, 9766)], 9766),
        # 240 × 0.4883 = 117.192 → 117.19
        (240, [("tier 1", 240, 4883, 11719)], 11719),
        # 117.192 → 117.19; 1 × 0.5383 = 0.5383 → 0.54; total 117.73
        (241, [("tier 1", 240, 4883, 11719), ("tier 2", 1, 5383, 54)], 11773),
        # 117.19; 60 × 0.5383 = 32.298 → 32.30; total 149.49
        (300, [("tier 1", 240, 4883, 11719), ("tier 2", 60, 5383, 3230)], 14949),
        # 117.19; 160 × 0.5383 = 86.128 → 86.13; 50 × 0.7883 = 39.415 → 39.42 (half a fen up);
        # total 242.74
        (
            450,
            [
                ("tier 1", 240, 4883, 11719),
                ("tier 2", 160, 5383, 8613),
                ("tier 3", 50, 7883, 3942),
            ],
            24274,
        ),
    ],
)
def test_beijing_monthly(kwh: int, lines: list[tuple[str, int, int, int]], total: int) -> None:
    charge = compute_charge(beijing_residential_monthly(), {"total": kwh})
    assert _lines(charge) == lines
    assert charge.amount_fen == total
    assert charge.units == kwh


def test_monthly_tiers_ignore_year_to_date() -> None:
    tariff = beijing_residential_monthly()
    assert compute_charge(tariff, {"total": 300}, year_to_date_units=5000) == compute_charge(
        tariff, {"total": 300}
    )


def test_beijing_prices_follow_the_national_surcharges() -> None:
    # tier 2 = base + 0.05, tier 3 = base + 0.30
    assert [tier.price for tier in beijing_residential_monthly().tiers] == [4883, 5383, 7883]
    assert [tier.upper for tier in beijing_residential_monthly().tiers] == [240, 400, None]


# --- rounding ------------------------------------------------------------------------------------


def test_line_at_exactly_half_a_fen_rounds_up() -> None:
    # 50 kWh × ¥0.4883 = ¥24.415 = 2441.5 fen → 2442 fen.
    charge = compute_charge(beijing_residential_monthly(), {"total": 50})
    assert charge.amount_fen == 2442
    # 1 unit at ¥0.0050 is exactly half a fen → 1 fen; at ¥0.0049 it is 0.49 fen → 0.
    assert line_amount_fen(1, 50) == 1
    assert line_amount_fen(1, 49) == 0


def test_total_is_the_sum_of_rounded_lines_not_the_rounded_sum() -> None:
    # Two TOU lines each at 0.5 fen: 1 × ¥0.0050 → 1 fen each, so the bill is 2 fen,
    # whereas rounding the sum (1.0 fen) would print lines of 1 + 1 under a total of 1.
    tariff = Tariff(
        "t",
        "t",
        Utility.ELECTRICITY,
        TariffKind.TIME_OF_USE,
        tou_prices={"peak": 50, "valley": 50},
    )
    charge = compute_charge(tariff, {"peak": 1, "valley": 1})
    assert [line.amount_fen for line in charge.lines] == [1, 1]
    assert charge.amount_fen == 2


def test_charge_line_priced_uses_the_rule() -> None:
    assert ChargeLine.priced("total", 3, 3333) == ChargeLine("total", 3, 3333, 100)  # 0.9999 → 1.00


# --- Zhejiang annual tiers: ≤2760 @0.538, 2761–4800 @0.588, ≥4801 @0.838 -------------------------


def test_zhejiang_bill_crossing_2760() -> None:
    # Already 2700 this year, 100 more: 60 in tier 1, 40 in tier 2.
    # 60 × 0.538 = 32.28; 40 × 0.588 = 23.52; total 55.80.
    charge = compute_charge(zhejiang_residential_annual(), {"total": 100}, year_to_date_units=2700)
    assert _lines(charge) == [("tier 1", 60, 5380, 3228), ("tier 2", 40, 5880, 2352)]
    assert charge.amount_fen == 5580


def test_zhejiang_bill_entirely_in_tier_3() -> None:
    # Already 5000 this year: 300 × 0.838 = 251.40.
    charge = compute_charge(zhejiang_residential_annual(), {"total": 300}, year_to_date_units=5000)
    assert _lines(charge) == [("tier 3", 300, 8380, 25140)]


def test_zhejiang_bill_crossing_both_thresholds() -> None:
    # 2700 + 2200 = 4900: 60 in tier 1, 2040 in tier 2 (2761–4800), 100 in tier 3.
    # 60 × 0.538 = 32.28; 2040 × 0.588 = 1199.52; 100 × 0.838 = 83.80; total 1315.60.
    charge = compute_charge(zhejiang_residential_annual(), {"total": 2200}, year_to_date_units=2700)
    assert _lines(charge) == [
        ("tier 1", 60, 5380, 3228),
        ("tier 2", 2040, 5880, 119_952),
        ("tier 3", 100, 8380, 8380),
    ]
    assert charge.amount_fen == 131_560


def test_zhejiang_threshold_is_inclusive() -> None:
    # The 2760th kWh is tier 1, the 2761st tier 2.
    tariff = zhejiang_residential_annual()
    assert _lines(compute_charge(tariff, {"total": 1}, year_to_date_units=2759)) == [
        ("tier 1", 1, 5380, 54)
    ]
    assert _lines(compute_charge(tariff, {"total": 1}, year_to_date_units=2760)) == [
        ("tier 2", 1, 5880, 59)
    ]


def test_zero_usage_gives_one_zero_line_at_the_current_tier() -> None:
    charge = compute_charge(zhejiang_residential_annual(), {"total": 0}, year_to_date_units=3000)
    assert _lines(charge) == [("tier 2", 0, 5880, 0)]
    assert _lines(compute_charge(beijing_residential_monthly(), {"total": 0})) == [
        ("tier 1", 0, 4883, 0)
    ]


# --- time of use ---------------------------------------------------------------------------------


def test_commercial_time_of_use_bill() -> None:
    # peak 1000 × 1.1520 = 1152.00; flat 2000 × 0.7350 = 1470.00; valley 1500 × 0.3410 = 511.50;
    # total 3133.50.
    charge = compute_charge(commercial_time_of_use(), {"valley": 1500, "peak": 1000, "flat": 2000})
    assert _lines(charge) == [
        ("peak", 1000, 11520, 115_200),
        ("flat", 2000, 7350, 147_000),
        ("valley", 1500, 3410, 51_150),
    ]
    assert charge.amount_fen == 313_350


def test_time_of_use_with_sharp_register() -> None:
    # sharp 37 × 1.3824 = 51.1488 → 51.15; peak 0, flat 10 × 0.7350 = 7.35; valley 3 × 0.3410 =
    # 1.023 → 1.02; total 59.52.
    tariff = Tariff(
        "tou-sharp",
        "尖峰平谷",
        Utility.ELECTRICITY,
        TariffKind.TIME_OF_USE,
        tou_prices={"sharp": 13824, "peak": 11520, "flat": 7350, "valley": 3410},
    )
    charge = compute_charge(tariff, {"sharp": 37, "peak": 0, "flat": 10, "valley": 3})
    assert [line.amount_fen for line in charge.lines] == [5115, 0, 735, 102]
    assert charge.amount_fen == 5952


def test_default_time_of_use_meets_the_three_to_one_rule() -> None:
    ratio = commercial_time_of_use().peak_valley_ratio
    assert ratio is not None
    assert ratio >= 3
    assert commercial_flat().peak_valley_ratio is None


# --- water and gas -------------------------------------------------------------------------------


def test_water_bill_crossing_180() -> None:
    # Already 170 m³ this year, 20 more: 10 × 5.00 = 50.00; 10 × 7.00 = 70.00; total 120.00.
    tariff = beijing_water_residential()
    charge = compute_charge(tariff, {"total": 20}, year_to_date_units=170)
    assert _lines(charge) == [("tier 1", 10, 50000, 5000), ("tier 2", 10, 70000, 7000)]
    assert charge.amount_fen == 12000
    assert (tariff.utility, tariff.unit) == (Utility.WATER, "m³")


def test_gas_bill_across_three_tiers() -> None:
    # 300 + 250 = 550 m³: 50 × 2.61 = 130.50; 150 × 2.83 = 424.50; 50 × 4.23 = 211.50;
    # total 766.50.
    tariff = beijing_gas_residential()
    charge = compute_charge(tariff, {"total": 250}, year_to_date_units=300)
    assert _lines(charge) == [
        ("tier 1", 50, 26100, 13050),
        ("tier 2", 150, 28300, 42450),
        ("tier 3", 50, 42300, 21150),
    ]
    assert charge.amount_fen == 76650
    assert tariff.utility is Utility.GAS


# --- usage errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tariff", "usage", "message"),
    [
        (commercial_flat(), {}, "missing"),
        (commercial_flat(), {"total": 1, "peak": 2}, "unknown"),
        (commercial_time_of_use(), {"peak": 1, "flat": 1}, "missing.*valley"),
        (commercial_time_of_use(), {"peak": 1, "flat": 1, "valley": 1, "sharp": 1}, "sharp"),
        (beijing_residential_monthly(), {"total": -1}, "negative"),
        (commercial_time_of_use(), {"peak": 1, "flat": -1, "valley": 1}, "negative"),
    ],
)
def test_bad_usage_is_refused(tariff: Tariff, usage: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        compute_charge(tariff, usage)


def test_negative_year_to_date_is_refused() -> None:
    with pytest.raises(ValueError, match="Year-to-date"):
        compute_charge(zhejiang_residential_annual(), {"total": 1}, year_to_date_units=-1)


# --- tariff validation ---------------------------------------------------------------------------

_OPEN = Tier(None, 100)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Tariff("f", "f", Utility.ELECTRICITY, TariffKind.FLAT), "needs flat_price"),
        (
            lambda: Tariff("f", "f", Utility.ELECTRICITY, TariffKind.FLAT, flat_price=-1),
            "negative",
        ),
        (
            lambda: Tariff(
                "f", "f", Utility.ELECTRICITY, TariffKind.FLAT, flat_price=1, tiers=(_OPEN,)
            ),
            "takes no tiers",
        ),
        (
            lambda: Tariff("t", "t", Utility.WATER, TariffKind.TIERED, basis=TierBasis.ANNUAL),
            "at least one tier",
        ),
        (lambda: Tariff("t", "t", Utility.WATER, TariffKind.TIERED, tiers=(_OPEN,)), "basis"),
        (
            lambda: Tariff(
                "t",
                "t",
                Utility.WATER,
                TariffKind.TIERED,
                tiers=(Tier(200, 1), Tier(100, 2), _OPEN),
                basis=TierBasis.ANNUAL,
            ),
            "must ascend",
        ),
        (
            lambda: Tariff(
                "t",
                "t",
                Utility.WATER,
                TariffKind.TIERED,
                tiers=(Tier(100, 1), Tier(100, 2), _OPEN),
                basis=TierBasis.ANNUAL,
            ),
            "must ascend",
        ),
        (
            lambda: Tariff(
                "t",
                "t",
                Utility.WATER,
                TariffKind.TIERED,
                tiers=(Tier(100, 1), Tier(200, 2)),
                basis=TierBasis.ANNUAL,
            ),
            "last tier must be open-ended",
        ),
        (
            lambda: Tariff(
                "t",
                "t",
                Utility.WATER,
                TariffKind.TIERED,
                tiers=(_OPEN, _OPEN),
                basis=TierBasis.ANNUAL,
            ),
            "only the last tier",
        ),
        (
            lambda: Tariff(
                "t",
                "t",
                Utility.WATER,
                TariffKind.TIERED,
                flat_price=1,
                tiers=(_OPEN,),
                basis=TierBasis.MONTHLY,
            ),
            "takes no flat",
        ),
        (
            lambda: Tariff("u", "u", Utility.ELECTRICITY, TariffKind.TIME_OF_USE),
            "price per register",
        ),
        (
            lambda: Tariff(
                "u",
                "u",
                Utility.ELECTRICITY,
                TariffKind.TIME_OF_USE,
                tou_prices={"peak": 1},
                basis=TierBasis.MONTHLY,
            ),
            "takes no flat price, tiers or basis",
        ),
        (
            lambda: Tariff(
                "u", "u", Utility.ELECTRICITY, TariffKind.TIME_OF_USE, tou_prices={"peak": -1}
            ),
            "peak price cannot be negative",
        ),
        (lambda: Tariff(" ", "x", Utility.ELECTRICITY, TariffKind.FLAT, flat_price=1), "code"),
        (lambda: Tier(0, 100), "at least 1 unit"),
        (lambda: Tier(10, -1), "negative"),
    ],
)
def test_tariff_validation(build: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()


def test_unknown_kind_from_settings_is_refused() -> None:
    with pytest.raises(ValueError, match="nope"):
        Tariff("x", "x", Utility.GAS, "nope", flat_price=1)  # type: ignore[arg-type]


def test_plain_strings_from_settings_are_coerced() -> None:
    tariff = Tariff("x", "x", "gas", "flat", flat_price=1)  # type: ignore[arg-type]
    assert tariff.kind is TariffKind.FLAT
    assert tariff.utility is Utility.GAS


def test_tariff_is_frozen_and_its_prices_cannot_change_underneath() -> None:
    prices = {"peak": 2, "valley": 1}
    tariff = Tariff("x", "x", Utility.ELECTRICITY, TariffKind.TIME_OF_USE, tou_prices=prices)
    prices["peak"] = 100
    assert tariff.tou_prices == {"peak": 2, "valley": 1}
    assert tariff.registers == ("peak", "valley")
    hash(tariff)


def test_default_tariffs_are_keyed_by_code() -> None:
    assert len(DEFAULT_TARIFFS) == 6
    for code, tariff in DEFAULT_TARIFFS.items():
        assert tariff.code == code
    assert {t.utility for t in DEFAULT_TARIFFS.values()} == set(Utility)


# --- prices --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("0.4883", 4883),
        ("0.538", 5380),
        ("5", 50000),
        ("5.00", 50000),
        (".05", 500),
        (" 2.61 ", 26100),
        ("１．２", 12000),  # full-width from a Chinese input method
        ("0", 0),
    ],
)
def test_parse_price(text: str, price: int) -> None:
    assert parse_price(text) == price


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0.48831", "more than 4 decimals"),
        ("-0.5", "negative"),
        ("", "Enter a price"),
        ("   ", "Enter a price"),
        ("abc", "not a price"),
        ("1.2.3", "not a price"),
        (".", "not a price"),
        ("1e3", "not a price"),
        ("¥0.5", "not a price"),
    ],
)
def test_parse_price_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_price(text)


def test_format_price_round_trips() -> None:
    assert format_price(4883) == "0.4883"
    assert parse_price(format_price(123456)) == 123456


# --- properties ----------------------------------------------------------------------------------

_ANNUAL = [zhejiang_residential_annual(), beijing_water_residential(), beijing_gas_residential()]


@given(
    tariff=st.sampled_from(_ANNUAL),
    months=st.lists(st.integers(min_value=0, max_value=1200), min_size=12, max_size=12),
)
def test_annual_tiers_split_by_month_match_one_bill(tariff: Tariff, months: list[int]) -> None:
    year_to_date = 0
    units_by_tier: dict[str, int] = {}
    monthly_total = 0
    for units in months:
        charge = compute_charge(tariff, {"total": units}, year_to_date_units=year_to_date)
        assert charge.units == units
        for line in charge.lines:
            units_by_tier[line.label] = units_by_tier.get(line.label, 0) + line.units
        monthly_total += charge.amount_fen
        year_to_date += units
    single = compute_charge(tariff, {"total": year_to_date})
    # Same units in each tier whichever way the year is cut...
    assert {k: v for k, v in units_by_tier.items() if v} == {
        line.label: line.units for line in single.lines if line.units
    }
    # ...and at most half a fen of rounding per line: ≤ 14 monthly lines + 3 single ones < 12 fen.
    assert abs(monthly_total - single.amount_fen) <= 12


@given(
    tariff=st.sampled_from([*_ANNUAL, beijing_residential_monthly()]),
    year_to_date=st.integers(min_value=0, max_value=10_000),
    units=st.integers(min_value=0, max_value=10_000),
    extra=st.integers(min_value=0, max_value=1_000),
)
def test_amount_never_falls_as_units_rise(
    tariff: Tariff, year_to_date: int, units: int, extra: int
) -> None:
    less = compute_charge(tariff, {"total": units}, year_to_date_units=year_to_date)
    more = compute_charge(tariff, {"total": units + extra}, year_to_date_units=year_to_date)
    assert less.amount_fen <= more.amount_fen
