"""Importing a terminal-format database into HQ, on SQLite and PostgreSQL: every row arrives with
its UUID and values, areas follow the accounts, a second import is refused, a failure changes
nothing, ``bill_months`` keeps the newest periods and everything owing, and ``seed_hq``."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import uuid
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from counterdesk.demo.seed import seed_database
from counterdesk.hq import schema
from counterdesk.hq.database import make_hq_engine, upgrade_hq
from counterdesk.hq.importer import HqImportError, import_terminal_db
from counterdesk.hq.seed import SOURCE_NAME, seed_hq
from counterdesk.store.database import make_engine
from tests.conftest import SEED_AS_OF

ACCOUNTS = 300
MOVED_AREA = "YX99"
ORDER_AT = "2026-11-20 01:30:00.000000"  # naive UTC, as the terminal stores times


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded terminal file, plus what the seed never makes: a customer whose second account is
    in another area, a closed account, a removed meter, an ID number and two work orders."""
    path = tmp_path_factory.mktemp("terminal") / "terminal.db"
    seed_database(make_engine(path), accounts=ACCOUNTS, seed=5, as_of=SEED_AS_OF, workers=0)
    with closing(sqlite3.connect(path)) as raw, raw:
        customer_id, second = raw.execute(
            "SELECT customer_id, max(id) FROM account GROUP BY customer_id HAVING count(*) > 1 "
            "ORDER BY customer_id LIMIT 1"
        ).fetchone()
        raw.execute("UPDATE account SET area_code = ? WHERE id = ?", (MOVED_AREA, second))
        raw.execute("UPDATE customer SET id_number = '33010219800101001X' WHERE id = ?",
                    (customer_id,))  # fmt: skip
        raw.execute("UPDATE account SET closed_on = '2026-10-31' WHERE id = 7")
        raw.execute("UPDATE meter_installation SET removed_on = '2026-09-01' WHERE id = 9")
        for number, account_id, area in (("GD-1", second, ""), ("GD-2", None, "QS")):
            raw.execute(
                "INSERT INTO work_order (uid, order_no, kind, subtype, state, account_id, "
                "created_at, due_at, closed_at, detail, customer_name, contact_phone, area_code, "
                "first_owner_no, department, handler_no, version) VALUES (?, ?, 'case', "
                "'complaint', 'open', ?, ?, ?, NULL, '{}', '周建国', '', ?, '0107', '营业厅', "
                "'0107', 3)",
                (uuid.uuid4().bytes, number, account_id, ORDER_AT, ORDER_AT, area),
            )
        raw.execute(
            "INSERT INTO setting (key, value, updated_at) VALUES ('terminal.code', '\"T07\"', "
            "'2026-11-01 00:00:00.000000')"
        )
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _uid(value: bytes | None) -> uuid.UUID | None:
    return None if value is None else uuid.UUID(bytes=value)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _moment(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def expected(path: Path) -> dict[str, dict[Any, dict[str, Any]]]:
    """HQ's rows worked out from the file in Python, independently of the importer's SQL."""
    raw = sqlite3.connect(path)
    raw.row_factory = sqlite3.Row
    customers = {r["id"]: r for r in raw.execute("SELECT * FROM customer")}
    accounts = {r["id"]: r for r in raw.execute("SELECT * FROM account ORDER BY id")}
    meters = {r["id"]: r for r in raw.execute("SELECT * FROM meter")}
    installs = list(raw.execute("SELECT * FROM meter_installation ORDER BY id"))
    first_area: dict[int, str] = {}
    for account in accounts.values():
        first_area.setdefault(account["customer_id"], account["area_code"])
    meter_area: dict[int, str] = {}
    for install in sorted(
        installs, key=lambda i: (i["removed_on"] is None, i["installed_on"], i["id"])
    ):
        meter_area[install["meter_id"]] = accounts[install["account_id"]]["area_code"]
    rows: dict[str, dict[Any, dict[str, Any]]] = {
        "hq_tariff": {
            r["code"]: dict(r)
            for r in raw.execute("SELECT code, name, utility, definition FROM tariff")
        },
        "hq_customer": {
            _uid(c["uid"]): {
                "uid": _uid(c["uid"]), "name": c["name"], "phone": c["phone"],
                "id_number": c["id_number"], "area_code": first_area.get(c["id"], ""),
            }
            for c in customers.values()
        },
        "hq_account": {
            _uid(a["uid"]): {
                "uid": _uid(a["uid"]), "number": a["number"],
                "customer_uid": _uid(customers[a["customer_id"]]["uid"]),
                "utility": a["utility"], "customer_class": a["customer_class"],
                "tariff_code": a["tariff_code"], "status": a["status"],
                "key_customer": bool(a["key_customer"]), "address": a["address"],
                "area_code": a["area_code"], "prepaid_fen": a["prepaid_fen"],
                "version": a["version"], "closed_on": _day(a["closed_on"]), "ledger_version": 0,
            }
            for a in accounts.values()
        },
        "hq_meter": {
            _uid(m["uid"]): {
                "uid": _uid(m["uid"]), "number": m["number"], "utility": m["utility"],
                "ct_ratio": m["ct_ratio"], "pt_ratio": m["pt_ratio"],
                "registers": m["registers"], "digits": m["digits"],
                "area_code": meter_area.get(m["id"], ""),
            }
            for m in meters.values()
        },
        "hq_meter_installation": {
            _uid(i["uid"]): {
                "uid": _uid(i["uid"]), "meter_uid": _uid(meters[i["meter_id"]]["uid"]),
                "account_uid": _uid(accounts[i["account_id"]]["uid"]),
                "installed_on": _day(i["installed_on"]), "removed_on": _day(i["removed_on"]),
                "initial_readings": i["initial_readings"],
                "area_code": accounts[i["account_id"]]["area_code"],
            }
            for i in installs
        },
        "hq_bill": {
            _uid(b["uid"]): {
                "uid": _uid(b["uid"]), "account_uid": _uid(accounts[b["account_id"]]["uid"]),
                "period": b["period"], "units": b["units"], "amount_fen": b["amount_fen"],
                "due_date": _day(b["due_date"]), "paid_fen": b["paid_fen"], "kind": b["kind"],
                "order_uid": _uid(b["order_uid"]), "ledger_version": 0,
                "area_code": accounts[b["account_id"]]["area_code"],
            }
            for b in raw.execute("SELECT * FROM bill")
        },
        "hq_work_order": {
            _uid(w["uid"]): {
                "uid": _uid(w["uid"]), "order_no": w["order_no"], "kind": w["kind"],
                "subtype": w["subtype"], "state": w["state"],
                "account_uid": None if w["account_id"] is None
                else _uid(accounts[w["account_id"]]["uid"]),
                "customer_name": w["customer_name"],
                "area_code": w["area_code"] or accounts[w["account_id"]]["area_code"],
                "first_owner_no": w["first_owner_no"], "department": w["department"],
                "handler_no": w["handler_no"], "created_at": _moment(w["created_at"]),
                "due_at": _moment(w["due_at"]), "closed_at": _moment(w["closed_at"]),
                "version": w["version"], "terminal_id": "T07",
            }
            for w in raw.execute("SELECT * FROM work_order")
        },
    }  # fmt: skip
    raw.close()
    return rows


def _naive_utc(value: Any) -> Any:
    """PostgreSQL hands back aware times, SQLite naive ones (UTC both): compare them as naive."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def stored(hq: Engine, table: Any) -> dict[Any, dict[str, Any]]:
    key = table.c.code if table is schema.tariff else table.c.uid
    with hq.connect() as connection:
        return {
            row[key.name]: {name: _naive_utc(value) for name, value in row.items()}
            for row in connection.execute(select(table)).mappings()
        }


def count(hq: Engine, table: Any) -> int:
    with hq.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


TABLES = (
    schema.tariff,
    schema.customer,
    schema.account,
    schema.meter,
    schema.meter_installation,
    schema.bill,
    schema.work_order,
)


def test_every_row_arrives_with_its_uid_and_values(hq: Engine, source: Path) -> None:
    before = _digest(source)
    calls: list[tuple[int, int]] = []
    report = import_terminal_db(
        hq, source, progress=lambda done, total: calls.append((done, total))
    )

    want = expected(source)
    for table in TABLES:
        assert stored(hq, table) == want[table.name], table.name
    assert (report.accounts, report.bills, report.work_orders) == (ACCOUNTS, 12 * ACCOUNTS, 2)
    assert report.customers == len(want["hq_customer"])
    assert report.meters == report.installations == ACCOUNTS
    assert report.tariffs == len(want["hq_tariff"]) > 0
    assert report.bills_left_out == 0
    assert calls[-1] == (report.rows, report.rows)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    # Nothing in the change log (terminals load a snapshot), and the file is left as it was.
    assert count(hq, schema.change) == 0
    assert _digest(source) == before


def test_areas_follow_the_accounts(hq: Engine, source: Path) -> None:
    import_terminal_db(hq, source)

    with closing(sqlite3.connect(source)) as raw:
        customer_uid, first_area, moved_uid = raw.execute(
            "SELECT c.uid, (SELECT area_code FROM account WHERE customer_id = c.id ORDER BY id "
            "LIMIT 1), a.uid FROM account AS a JOIN customer AS c ON c.id = a.customer_id "
            "WHERE a.area_code = ?",
            (MOVED_AREA,),
        ).fetchone()
    customers = stored(hq, schema.customer)
    customer = customers[uuid.UUID(bytes=customer_uid)]
    # The customer travels with its first account, not the one that moved to another area...
    assert customer["area_code"] == first_area != MOVED_AREA
    # ...while the moved account's bills, meter and work order go to the new area.
    moved = uuid.UUID(bytes=moved_uid)
    bills = [b for b in stored(hq, schema.bill).values() if b["account_uid"] == moved]
    assert len(bills) == 12
    assert {b["area_code"] for b in bills} == {MOVED_AREA}
    installs = [i for i in stored(hq, schema.meter_installation).values()
                if i["account_uid"] == moved]  # fmt: skip
    meters = stored(hq, schema.meter)
    assert [meters[i["meter_uid"]]["area_code"] for i in installs] == [MOVED_AREA]
    orders = {o["order_no"]: o for o in stored(hq, schema.work_order).values()}
    assert orders["GD-1"]["area_code"] == MOVED_AREA
    assert orders["GD-1"]["account_uid"] == moved
    assert (orders["GD-2"]["area_code"], orders["GD-2"]["account_uid"]) == ("QS", None)
    assert orders["GD-1"]["created_at"] == datetime(2026, 11, 20, 1, 30, tzinfo=UTC).replace(
        tzinfo=None
    )


def test_a_second_import_is_refused_and_changes_nothing(hq: Engine, source: Path) -> None:
    import_terminal_db(hq, source)
    bills = stored(hq, schema.bill)

    with pytest.raises(HqImportError, match=f"HQ already holds {ACCOUNTS} accounts"):
        import_terminal_db(hq, source)

    assert count(hq, schema.account) == ACCOUNTS
    assert stored(hq, schema.bill) == bills


def test_an_hq_with_terminals_is_refused(hq: Engine, source: Path) -> None:
    with hq.begin() as connection:
        connection.execute(
            schema.terminal.insert().values(
                terminal_id="T01", hall="青山营业厅", areas="YX01", token_sha256="0" * 64,
                created_at=datetime(2026, 11, 1, tzinfo=UTC),
            )
        )  # fmt: skip

    with pytest.raises(HqImportError, match=r"Terminals are already registered \(T01\)"):
        import_terminal_db(hq, source)

    assert count(hq, schema.tariff) == count(hq, schema.customer) == 0


def test_a_failure_halfway_leaves_hq_as_it_was(hq: Engine, source: Path) -> None:
    def fail_among_the_bills(done: int, total: int) -> None:
        if done > total // 2:
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        import_terminal_db(hq, source, progress=fail_among_the_bills)

    for table in TABLES:
        assert count(hq, table) == 0, table.name
    assert import_terminal_db(hq, source).accounts == ACCOUNTS


def test_bill_months_keeps_the_newest_periods_and_every_bill_owing(
    hq: Engine, source: Path
) -> None:
    report = import_terminal_db(hq, source, bill_months=3)

    all_bills = expected(source)["hq_bill"]
    newest = sorted({b["period"] for b in all_bills.values()})[-3:]
    kept = {
        uid: bill
        for uid, bill in all_bills.items()
        if bill["period"] in newest or bill["paid_fen"] < bill["amount_fen"]
    }
    older_owing = [b for b in kept.values() if b["period"] not in newest]
    assert older_owing, "the seed has arrears older than three months"
    assert stored(hq, schema.bill) == kept
    assert (report.bills, report.bills_left_out) == (len(kept), len(all_bills) - len(kept))
    assert count(hq, schema.account) == ACCOUNTS


def test_files_that_are_not_terminal_databases_are_refused(tmp_path: Path) -> None:
    hq = make_hq_engine(str(tmp_path / "hq.db"))
    upgrade_hq(hq)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a database " * 100)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE customer (id INTEGER)").connection.close()

    with pytest.raises(HqImportError, match="does not exist"):
        import_terminal_db(hq, tmp_path / "missing.db")
    with pytest.raises(HqImportError, match="is not a SQLite database"):
        import_terminal_db(hq, text_file)
    with pytest.raises(HqImportError, match="not a terminal database: it has no tariff, account"):
        import_terminal_db(hq, other)
    with pytest.raises(HqImportError, match="bill_months must be from 1"):
        import_terminal_db(hq, other, bill_months=0)
    assert count(hq, schema.tariff) == 0
    hq.dispose()


def test_seed_hq_makes_the_city_and_imports_it(tmp_path: Path) -> None:
    hq = make_hq_engine(str(tmp_path / "hq.db"))
    upgrade_hq(hq)
    steps: set[str] = set()

    report = seed_hq(
        hq,
        accounts=120,
        seed=2,
        as_of=SEED_AS_OF,
        workers=0,
        work_dir=tmp_path / "work",
        progress=lambda step, *_: steps.add(step),
    )

    assert (report.accounts, report.bills) == (120, 12 * 120)
    assert report.source == tmp_path / "work" / SOURCE_NAME
    assert count(hq, schema.account) == 120
    assert steps == {"seed", "import"}
    # A full HQ is refused before minutes go into a seed, and so is a used work folder.
    with pytest.raises(HqImportError, match="already holds 120 accounts"):
        seed_hq(hq, accounts=10, work_dir=tmp_path / "again")
    assert not (tmp_path / "again" / SOURCE_NAME).exists()
    empty = make_hq_engine(str(tmp_path / "empty.db"))
    upgrade_hq(empty)
    with pytest.raises(HqImportError, match="already exists"):
        seed_hq(empty, accounts=10, work_dir=tmp_path / "work")
    hq.dispose()
    empty.dispose()
    shutil.rmtree(tmp_path / "work")
