"""Demo data: deterministic, consistent, shaped like a hall's, with amounts from the domain."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from counterdesk.demo.seed import SeedError, seed_database
from counterdesk.domain.tariff import DEFAULT_TARIFFS, TariffKind, compute_charge
from counterdesk.store.database import make_engine
from tests.conftest import SEED_AS_OF, SMALL_CITY_ACCOUNTS

TABLES = ("customer", "account", "meter", "meter_installation", "bill", "tariff")


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with sqlite3.connect(path) as raw:
        for table in TABLES:
            for row in raw.execute(f"SELECT * FROM {table} ORDER BY 1"):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def _seed(path: Path, accounts: int, seed: int, workers: int = 0) -> None:
    seed_database(make_engine(path), accounts=accounts, seed=seed, as_of=SEED_AS_OF,
                  workers=workers)  # fmt: skip


def test_same_seed_same_rows_even_with_a_worker_process(tmp_path: Path) -> None:
    _seed(tmp_path / "a.db", 600, seed=3, workers=0)
    _seed(tmp_path / "b.db", 600, seed=3, workers=1)
    _seed(tmp_path / "c.db", 600, seed=4, workers=0)
    assert _digest(tmp_path / "a.db") == _digest(tmp_path / "b.db")
    assert _digest(tmp_path / "a.db") != _digest(tmp_path / "c.db")


def test_rows_are_consistent(small_city: Path) -> None:
    with sqlite3.connect(small_city) as raw:
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        counts = {t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        assert counts["account"] == SMALL_CITY_ACCOUNTS
        assert counts["bill"] == 12 * SMALL_CITY_ACCOUNTS
        assert counts["meter"] == counts["meter_installation"] == SMALL_CITY_ACCOUNTS
        assert SMALL_CITY_ACCOUNTS * 0.7 < counts["customer"] < SMALL_CITY_ACCOUNTS
        # Every account is in the search index, and every account has twelve distinct periods.
        assert raw.execute("SELECT count(*) FROM account_text").fetchone()[0] == SMALL_CITY_ACCOUNTS
        assert (
            raw.execute(
                "SELECT count(*) FROM (SELECT account_id FROM bill GROUP BY account_id "
                "HAVING count(DISTINCT period) = 12)"
            ).fetchone()[0]
            == SMALL_CITY_ACCOUNTS
        )
        uids = raw.execute("SELECT uid FROM bill LIMIT 50").fetchall()
        assert all(len(uid) == 16 and uid[6] >> 4 == 7 for (uid,) in uids)  # UUIDv7


def test_the_city_looks_like_a_hall(small_city: Path) -> None:
    with sqlite3.connect(small_city) as raw:

        def share(sql: str) -> float:
            return raw.execute(sql).fetchone()[0] / SMALL_CITY_ACCOUNTS

        assert 0.75 < share("SELECT count(*) FROM account WHERE utility = 'electricity'") < 0.9
        assert share("SELECT count(*) FROM account WHERE utility = 'water'") > 0.05
        assert share("SELECT count(*) FROM account WHERE utility = 'gas'") > 0.03
        assert (
            share("SELECT count(*) FROM account WHERE tariff_code = 'zj-res-tiered-annual'") > 0.6
        )
        assert share("SELECT count(*) FROM account WHERE tariff_code = 'com-flat'") > 0.03
        assert share("SELECT count(*) FROM account WHERE tariff_code = 'com-tou'") > 0.005
        in_arrears = share(
            "SELECT count(DISTINCT account_id) FROM bill WHERE paid_fen < amount_fen "
            f"AND due_date < '{SEED_AS_OF.isoformat()}'"
        )
        assert 0.08 < in_arrears < 0.2
        disconnected = share("SELECT count(*) FROM account WHERE status = 'disconnected'")
        assert 0.003 < disconnected < 0.03
        assert raw.execute("SELECT count(*) FROM account WHERE key_customer").fetchone()[0] > 0
        assert (
            raw.execute("SELECT count(*) FROM meter WHERE ct_ratio * pt_ratio > 1").fetchone()[0]
            > 0
        )
        assert raw.execute("SELECT count(*) FROM account WHERE prepaid_fen > 0").fetchone()[0] > 0
        # Disconnected accounts owe money that is overdue.
        assert (
            raw.execute(
                "SELECT count(*) FROM account a WHERE status = 'disconnected' AND NOT EXISTS "
                "(SELECT 1 FROM bill b WHERE b.account_id = a.id AND b.paid_fen < b.amount_fen "
                f"AND b.due_date < '{SEED_AS_OF.isoformat()}')"
            ).fetchone()[0]
            == 0
        )
        names = [n for (n,) in raw.execute("SELECT name FROM customer")]
        assert sum(len(n) == 2 for n in names) / len(names) > 0.08  # 张伟-style names exist
        phones = [p for (p,) in raw.execute("SELECT phone FROM customer WHERE phone IS NOT NULL")]
        assert all(len(p) == 11 and p[0] == "1" and p.isdigit() for p in phones)
        periods = [p for (p,) in raw.execute("SELECT DISTINCT period FROM bill ORDER BY 1")]
        assert periods == [202511, 202512] + [202600 + m for m in range(1, 11)]


def test_bill_amounts_come_from_the_tariff(small_city: Path) -> None:
    """Recompute every 2026 bill of the tiered and flat tariffs with the domain's own function."""
    with sqlite3.connect(small_city) as raw:
        rows = raw.execute(
            "SELECT a.id, a.tariff_code, b.period, b.units, b.amount_fen FROM account a "
            "JOIN bill b ON b.account_id = a.id WHERE b.period >= 202601 ORDER BY a.id, b.period"
        ).fetchall()
    checked = 0
    year_to_date: dict[int, int] = {}
    for account_id, code, _period, units, amount in rows:
        tariff = DEFAULT_TARIFFS[code]
        if tariff.kind is TariffKind.TIME_OF_USE:
            continue
        ytd = year_to_date.get(account_id, 0)
        assert compute_charge(tariff, {"total": units}, year_to_date_units=ytd).amount_fen == amount
        year_to_date[account_id] = ytd + units
        checked += 1
    assert checked > 20_000


def test_a_database_with_accounts_is_not_seeded_again(small_city: Path) -> None:
    before = _digest(small_city)
    with pytest.raises(SeedError, match="already holds"):
        seed_database(make_engine(small_city), accounts=10, as_of=SEED_AS_OF)
    assert _digest(small_city) == before


@pytest.mark.parametrize("accounts", [0, -5, 10_000_000])
def test_account_count_out_of_range(tmp_path: Path, accounts: int) -> None:
    with pytest.raises(SeedError, match="from 1 to"):
        seed_database(make_engine(tmp_path / "x.db"), accounts=accounts, as_of=date(2026, 1, 1))
    assert not (tmp_path / "x.db").exists()


def test_tariffs_are_stored_with_their_structure(small_city: Path) -> None:
    with sqlite3.connect(small_city) as raw:
        stored = dict(raw.execute("SELECT code, definition FROM tariff"))
    assert set(stored) == set(DEFAULT_TARIFFS)
    annual = json.loads(stored["zj-res-tiered-annual"])
    assert annual["basis"] == "annual"
    assert annual["tiers"][0] == [2760, 5380]
