"""From meter readings to a bill's charge: the one path from what the meter shows to what is owed.

Billed units per register are (this reading − last reading) × multiplier (CT ratio × PT ratio),
rounded once (:func:`~counterdesk.domain.accounts.billed_units`); the tariff then prices them
(:func:`~counterdesk.domain.tariff.compute_charge`). A register that went backwards is refused
unless the caller says the register rolled over (wrapped past all nines): a reading typed wrongly
(抄错表) must never be billed as a rollover on its own.
"""

from __future__ import annotations

from collections.abc import Mapping

from counterdesk.domain.accounts import Meter, ReadingError, billed_units
from counterdesk.domain.tariff import Charge, Tariff, compute_charge


def usage_from_readings(
    meter: Meter,
    last: Mapping[str, int],
    this: Mapping[str, int],
    *,
    rolled_over: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """Billed units per register from two sets of readings (hundredths of a unit).

    ``rolled_over`` names the registers the clerk confirmed wrapped past all nines.
    """
    for name, readings in (("last", last), ("this", this)):
        if set(readings) != set(meter.registers):
            raise ReadingError(
                f"The {name} readings name registers {sorted(readings)}, but meter {meter.number} "
                f"has {list(meter.registers)}."
            )
    return {
        register: billed_units(
            last[register],
            this[register],
            meter.multiplier,
            digits=meter.digits if register in rolled_over else None,
        )
        for register in meter.registers
    }


def charge_for_readings(
    meter: Meter,
    tariff: Tariff,
    last: Mapping[str, int],
    this: Mapping[str, int],
    *,
    year_to_date_units: int = 0,
    rolled_over: frozenset[str] = frozenset(),
) -> Charge:
    """The charge for the energy (or water, or gas) between two readings of one meter."""
    if meter.utility is not tariff.utility:
        raise ValueError(
            f"Meter {meter.number} measures {meter.utility.value}, "
            f"but tariff {tariff.code} prices {tariff.utility.value}."
        )
    usage = usage_from_readings(meter, last, this, rolled_over=rolled_over)
    return compute_charge(tariff, usage, year_to_date_units=year_to_date_units)
