"""``counterdesk seed``: fill an empty terminal database with the city of 云溪市.

What a hall's cache looks like: households with an electricity account (most on the residential
tiered tariff, annual basis), some also with water or gas; shops on the flat commercial tariff and
larger businesses on time-of-use, a few with CT/PT multipliers; key customers (hospitals, schools,
the waterworks); twelve months of bills; about one account in eight in arrears, one in a hundred
disconnected for arrears, some with prepaid credit.

Deterministic: the same ``seed``, account count and ``as_of`` month give the same rows, byte for
byte (identities are UUIDv7 built from a counter, not from the clock). ``as_of`` defaults to today
so that the demo's arrears are current; pass it for a fixed data set.

Why it is fast enough for a million accounts: rows are made in chunks by a worker process while
this process writes the previous chunk (two cores, both busy); bill amounts come from the domain's
:func:`~counterdesk.domain.tariff.compute_charge` once per distinct consumption series, since
households draw their year from a table of consumption profiles, and the twelve million bill rows
are made inside SQLite by joining each account's plan to its series; the load runs with the journal
off in one transaction (the file is new: a failure means deleting it), and the search index is
built once at the end instead of row by row.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Final

from sqlalchemy import Engine

from counterdesk.demo.city import City
from counterdesk.documents.samples import SAMPLE_HALL
from counterdesk.domain.accounts import AccountStatus, CustomerClass, Utility
from counterdesk.domain.ids import uuid7_int
from counterdesk.domain.tariff import DEFAULT_TARIFFS, Tariff, compute_charge
from counterdesk.store import search_index
from counterdesk.store.migrate import upgrade

CHUNK: Final = 25_000
PROFILES: Final = 1_500
MONTHS: Final = 12
MAX_ACCOUNTS: Final = 9_999_999

RESIDENTIAL_ELECTRICITY: Final = "zj-res-tiered-annual"
COMMERCIAL_FLAT: Final = "com-flat"
COMMERCIAL_TOU: Final = "com-tou"
WATER: Final = "bj-water-res-annual"
GAS: Final = "bj-gas-res-annual"

# Seasonal factors by calendar month for electricity (summer cooling, winter heating) and gas.
_ELECTRICITY_SEASON: Final = (1.3, 1.25, 0.95, 0.85, 0.9, 1.1, 1.5, 1.55, 1.1, 0.85, 0.9, 1.15)
_GAS_SEASON: Final = (1.8, 1.7, 1.3, 1.0, 0.7, 0.5, 0.45, 0.45, 0.55, 0.8, 1.2, 1.6)
_TOU_SPLIT: Final = (("peak", 35), ("flat", 40), ("valley", 25))


class SeedError(Exception):
    """The database cannot be seeded as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class SeedReport:
    path: Path
    customers: int
    accounts: int
    bills: int
    accounts_in_arrears: int
    disconnected: int
    seconds: float


@dataclass(frozen=True, slots=True)
class _Plan:
    seed: int
    accounts: int
    periods: tuple[int, ...]
    due_dates: tuple[str, ...]
    epoch_ms: int


@dataclass(slots=True)
class _Chunk:
    customers: list[tuple[object, ...]]
    accounts: list[tuple[object, ...]]
    meters: list[tuple[object, ...]]
    installations: list[tuple[object, ...]]
    plans: list[tuple[object, ...]]
    in_arrears: int
    disconnected: int


def _periods(as_of: date) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The twelve whole months before ``as_of``'s month, oldest first, and their due dates.

    A bill is due on the 25th of the month after its period (issued early in that month).
    """
    periods: list[int] = []
    dues: list[str] = []
    year, month = as_of.year, as_of.month
    for _ in range(MONTHS):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        periods.append(year * 100 + month)
        due_year, due_month = (year + 1, 1) if month == 12 else (year, month + 1)
        dues.append(date(due_year, due_month, 25).isoformat())
    return tuple(reversed(periods)), tuple(reversed(dues))


def _profiles(
    rng: random.Random, periods: tuple[int, ...], tariff: Tariff, low: int, high: int
) -> list[tuple[tuple[int, int], ...]]:
    """Consumption series for a tariff: per period (units, fen), the amounts from the domain.

    Annual tiers need the units billed earlier in the same calendar year; the series starts with
    the year-to-date the customer had before the first period (a share of the year's consumption).
    """
    season = _GAS_SEASON if tariff.utility is Utility.GAS else _ELECTRICITY_SEASON
    result = []
    for _ in range(PROFILES):
        base = rng.triangular(low, high, low + (high - low) * 0.3)
        units = [max(0, round(base * season[p % 100 - 1] * rng.uniform(0.8, 1.2))) for p in periods]
        first_month = periods[0] % 100
        year_to_date = round(base * sum(season[: first_month - 1]))
        series = []
        for period, used in zip(periods, units, strict=True):
            if period % 100 == 1:
                year_to_date = 0
            usage = _usage(tariff, used)
            charge = compute_charge(tariff, usage, year_to_date_units=year_to_date)
            series.append((used, charge.amount_fen))
            year_to_date += used
        result.append(tuple(series))
    return result


def _usage(tariff: Tariff, units: int) -> dict[str, int]:
    if tariff.code != COMMERCIAL_TOU:
        return {"total": units}
    usage = {register: units * share // 100 for register, share in _TOU_SPLIT}
    usage["flat"] += units - sum(usage.values())
    return usage


_CONSUMPTION: Final = {
    RESIDENTIAL_ELECTRICITY: (40, 600),
    COMMERCIAL_FLAT: (300, 6_000),
    COMMERCIAL_TOU: (5_000, 120_000),
    WATER: (4, 30),
    GAS: (5, 60),
}


def _series_rows(plan: _Plan) -> list[tuple[object, ...]]:
    """Every tariff's consumption profiles as rows (tariff, profile, month, period, units, fen)."""
    profile_rng = random.Random(f"{plan.seed}:profiles")
    rows: list[tuple[object, ...]] = []
    for code, span in _CONSUMPTION.items():
        series = _profiles(profile_rng, plan.periods, DEFAULT_TARIFFS[code], *span)
        for profile, months in enumerate(series):
            for month, (units, amount) in enumerate(months):
                rows.append((code, profile, month, plan.periods[month], units, amount,
                             plan.due_dates[month]))  # fmt: skip
    return rows


@functools.lru_cache(maxsize=2)
def _city(seed: int) -> City:
    return City(random.Random(seed))


def _make_chunk(plan: _Plan, index: int) -> _Chunk:
    """Rows for accounts ``index*CHUNK`` up to the next chunk: pure, so any process can make it."""
    city = _city(plan.seed)
    rng = random.Random(f"{plan.seed}:chunk:{index}")
    first = index * CHUNK
    last = min(plan.accounts, first + CHUNK)
    chunk = _Chunk([], [], [], [], [], 0, 0)
    account_no = first
    customer_no = first
    while account_no < last:
        customer_no += 1
        street = rng.choice(city.streets)
        house = rng.randint(1, 199)
        kind = rng.random()
        if kind < 0.003:
            name, tariff_code, klass, key = city.institution_name(rng, street), COMMERCIAL_TOU, 1, 1
            address = city.shop_address(rng, street, house)
        elif kind < 0.10:
            big = rng.random() < 0.25
            name = city.business_name(rng)
            tariff_code = COMMERCIAL_TOU if big else COMMERCIAL_FLAT
            klass, key = 1, int(big and rng.random() < 0.05)
            address = city.shop_address(rng, street, house)
        else:
            name, tariff_code, klass, key = city.person_name(rng), RESIDENTIAL_ELECTRICITY, 0, 0
            address = city.home_address(rng, street, house)
        phone = city.phone(rng) if rng.random() < 0.97 else None
        chunk.customers.append((customer_no, _uid(plan, 1, customer_no), name, phone, None))
        utilities = [(Utility.ELECTRICITY, tariff_code)]
        if klass == 0 and rng.random() < 0.14:
            utilities.append((Utility.WATER, WATER))
        if klass == 0 and rng.random() < 0.08:
            utilities.append((Utility.GAS, GAS))
        for utility, code in utilities:
            if account_no >= last:
                break
            account_no += 1
            _add_account(
                chunk, plan, rng, district=street.district_code, account_id=account_no,
                customer_id=customer_no, utility=utility, tariff_code=code, klass=klass, key=key,
                address=address,
            )  # fmt: skip
    return chunk


_UTILITY_DIGIT: Final = {Utility.ELECTRICITY: "3", Utility.WATER: "5", Utility.GAS: "7"}
_METER_DIGIT: Final = {Utility.ELECTRICITY: "1", Utility.WATER: "2", Utility.GAS: "3"}
_CLASSES: Final = (CustomerClass.RESIDENTIAL.value, CustomerClass.NON_RESIDENTIAL.value)


def _uid(plan: _Plan, table: int, number: int) -> bytes:
    """A UUIDv7 for row ``number`` of table ``table``: fixed time, counter bits, same every run.

    The counter sits in the low 48 bits, so row n's identity is the table's base value plus n.
    """
    return (_uid_base(plan.epoch_ms, plan.seed, table) + number).to_bytes(16)


@functools.lru_cache(maxsize=16)
def _uid_base(epoch_ms: int, seed: int, table: int) -> int:
    return uuid7_int(epoch_ms, (seed & 0xFFFF) << 56 | table << 48)


def _add_account(
    chunk: _Chunk,
    plan: _Plan,
    rng: random.Random,
    *,
    district: str,
    account_id: int,
    customer_id: int,
    utility: Utility,
    tariff_code: str,
    klass: int,
    key: int,
    address: str,
) -> None:
    roll = rng.random()
    status = AccountStatus.NORMAL.value
    if roll < 0.01:
        unpaid = rng.randint(4, 8)
        status = AccountStatus.DISCONNECTED.value
        chunk.disconnected += 1
    elif roll < 0.13:
        unpaid = rng.randint(2, 4)
    else:
        unpaid = 1 if rng.random() < 0.45 else 0  # the newest bill, not due yet
    if unpaid >= 2:
        chunk.in_arrears += 1
    prepaid = rng.randrange(1_000, 30_000) if unpaid == 0 and rng.random() < 0.08 else 0
    number = f"{_UTILITY_DIGIT[utility]}{district}{account_id:07d}"
    chunk.accounts.append(
        (account_id, _uid(plan, 2, account_id), number, customer_id, utility.value,
         _CLASSES[klass], tariff_code, status, key, address, f"YX{district}", prepaid, 1)
    )  # fmt: skip
    big = tariff_code == COMMERCIAL_TOU
    ct = rng.choice((40, 60, 100)) if big and rng.random() < 0.5 else 1
    pt = 100 if big and ct > 1 and rng.random() < 0.3 else 1
    registers = "peak,flat,valley" if big else "total"
    chunk.meters.append(
        (account_id, _uid(plan, 3, account_id),
         f"{_METER_DIGIT[utility]}{district}{account_id:09d}", utility.value, ct, pt, registers, 6)
    )  # fmt: skip
    installed = date(rng.randint(2012, 2024), rng.randint(1, 12), rng.randint(1, 28))
    readings = {name: rng.randrange(0, 5_000_000) for name in registers.split(",")}
    chunk.installations.append(
        (account_id, _uid(plan, 4, account_id), account_id, account_id, installed.isoformat(),
         None, json.dumps(readings, separators=(",", ":")))
    )  # fmt: skip
    partial = int(unpaid >= 2 and rng.random() < 0.1)
    chunk.plans.append((account_id, tariff_code, rng.randrange(PROFILES), MONTHS - unpaid, partial))


def _chunk_job(args: tuple[_Plan, int]) -> _Chunk:
    return _make_chunk(*args)


def _chunks(plan: _Plan, workers: int) -> Iterator[_Chunk]:
    count = (plan.accounts + CHUNK - 1) // CHUNK
    jobs = [(plan, index) for index in range(count)]
    if workers <= 0 or count <= 1:
        yield from map(_chunk_job, jobs)
        return
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        yield from pool.imap(_chunk_job, jobs)


_INSERTS: Final = (
    ("customers", "INSERT INTO customer (id, uid, name, phone, id_number) VALUES (?,?,?,?,?)"),
    (
        "accounts",
        "INSERT INTO account (id, uid, number, customer_id, utility, customer_class, tariff_code, "
        "status, key_customer, address, area_code, prepaid_fen, version) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
    ),
    (
        "meters",
        "INSERT INTO meter (id, uid, number, utility, ct_ratio, pt_ratio, registers, digits) "
        "VALUES (?,?,?,?,?,?,?,?)",
    ),
    (
        "installations",
        "INSERT INTO meter_installation (id, uid, meter_id, account_id, installed_on, removed_on, "
        "initial_readings) VALUES (?,?,?,?,?,?,?)",
    ),
    ("plans", "INSERT INTO temp.seed_plan VALUES (?,?,?,?,?)"),
)

# Twelve bills per account made inside SQLite from the account's plan and its consumption series:
# a Python loop over twelve million rows would cost more than the rest of the seed together.
_BILLS_SQL: Final = (
    "INSERT INTO bill (id, uid, account_id, period, units, amount_fen, due_date, paid_fen) "
    f"SELECT (p.account_id - 1) * {MONTHS} + s.month + 1, "
    f"seed_bill_uid((p.account_id - 1) * {MONTHS} + s.month + 1), p.account_id, s.period, "
    "s.units, s.amount, s.due, CASE WHEN s.month < p.first_unpaid THEN s.amount "
    "WHEN s.month = p.first_unpaid AND p.partial THEN s.amount / 2 ELSE 0 END "
    "FROM temp.seed_plan AS p JOIN temp.seed_series AS s "
    "ON s.tariff = p.tariff AND s.profile = p.profile ORDER BY p.account_id, s.month"
)


def seed_database(
    engine: Engine,
    *,
    accounts: int,
    seed: int = 1,
    as_of: date | None = None,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> SeedReport:
    """Seed the (new or empty) SQLite database behind ``engine`` and return what was written.

    ``workers`` processes make rows while this one writes (0: make them here, for small seeds).
    ``progress(done, total)`` is called after each chunk. Refuses a database that already holds
    accounts, and account counts outside 1…9,999,999.
    """
    if not 1 <= accounts <= MAX_ACCOUNTS:
        raise SeedError(
            f"The number of accounts must be from 1 to {MAX_ACCOUNTS:,}, not {accounts}."
        )
    started = time.perf_counter()
    upgrade(engine)
    path = Path(str(engine.url.database))
    engine.dispose()
    as_of = as_of or date.today()  # noqa: DTZ011 - the hall's calendar day, a business date
    periods, dues = _periods(as_of)
    epoch = datetime(as_of.year, as_of.month, 1, tzinfo=UTC)
    plan = _Plan(seed, accounts, periods, dues, int(epoch.timestamp() * 1000))

    connection = sqlite3.connect(path, isolation_level=None)
    try:
        existing = connection.execute("SELECT count(*) FROM account").fetchone()[0]
        if existing:
            raise SeedError(
                f"{path} already holds {existing:,} accounts: seed a new database file instead."
            )
        # A new file: no journal and no fsync while loading, WAL again at the end.
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        # Rows are made consistent by construction; tests run foreign_key_check on a seeded file.
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("PRAGMA cache_size=-262144")
        connection.execute("BEGIN")
        _write_tariffs(connection)
        _write_hall(connection)
        report = _load(connection, plan, workers, progress)
        connection.execute("COMMIT")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA analysis_limit=1000")
        connection.execute("ANALYZE")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    finally:
        connection.close()
    customers, accounts_written, bills, arrears, disconnected = report
    return SeedReport(
        path, customers, accounts_written, bills, arrears, disconnected,
        time.perf_counter() - started,
    )  # fmt: skip


def _write_hall(connection: sqlite3.Connection) -> None:
    """The demo hall (云溪市 青山供电营业厅) printed on receipts and notices."""
    hall = SAMPLE_HALL
    values = {
        "hall.utility_name": hall.utility_name,
        "hall.name": hall.hall_name,
        "hall.phone": hall.phone,
        "hall.address": hall.address,
        "hall.website": hall.website,
    }
    connection.executemany(
        "INSERT INTO setting (key, value, updated_at) VALUES (?, ?, ?)",
        [
            (key, json.dumps(value, ensure_ascii=False), datetime.now(UTC).replace(tzinfo=None))
            for key, value in values.items()
        ],
    )


def _write_tariffs(connection: sqlite3.Connection) -> None:
    for tariff in DEFAULT_TARIFFS.values():
        definition = {
            "kind": tariff.kind.value,
            "unit": tariff.unit,
            "flat_price": tariff.flat_price,
            "tiers": [[tier.upper, tier.price] for tier in tariff.tiers],
            "basis": tariff.basis.value if tariff.basis else None,
            "tou_prices": dict(tariff.tou_prices),
        }
        connection.execute(
            "INSERT OR IGNORE INTO tariff (code, name, utility, definition) VALUES (?,?,?,?)",
            (tariff.code, tariff.name, tariff.utility.value, json.dumps(definition)),
        )


def _load(
    connection: sqlite3.Connection,
    plan: _Plan,
    workers: int,
    progress: Callable[[int, int], None] | None,
) -> tuple[int, int, int, int, int]:
    customers = accounts = arrears = disconnected = 0
    connection.execute(
        "CREATE TEMP TABLE seed_plan (account_id INTEGER PRIMARY KEY, tariff TEXT, "
        "profile INTEGER, first_unpaid INTEGER, partial INTEGER)"
    )
    connection.execute(
        "CREATE TEMP TABLE seed_series (tariff TEXT, profile INTEGER, month INTEGER, "
        "period INTEGER, units INTEGER, amount INTEGER, due TEXT, "
        "PRIMARY KEY (tariff, profile, month))"
    )
    connection.executemany(
        "INSERT INTO temp.seed_series VALUES (?,?,?,?,?,?,?)", _series_rows(plan)
    )
    bill_base = _uid_base(plan.epoch_ms, plan.seed, 5)
    connection.create_function(
        "seed_bill_uid", 1, lambda number: (bill_base + number).to_bytes(16), deterministic=True
    )
    with search_index.bulk_load(connection):
        for chunk in _chunks(plan, workers):
            for attribute, sql in _INSERTS:
                connection.executemany(sql, getattr(chunk, attribute))
            customers += len(chunk.customers)
            accounts += len(chunk.accounts)
            arrears += chunk.in_arrears
            disconnected += chunk.disconnected
            if progress is not None:
                progress(accounts, plan.accounts)
        bills = connection.execute(_BILLS_SQL).rowcount
    connection.execute("DROP TABLE temp.seed_plan")
    connection.execute("DROP TABLE temp.seed_series")
    return customers, accounts, bills, arrears, disconnected
