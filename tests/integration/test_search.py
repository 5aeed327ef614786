"""Account search: every path, its ranking, its refusals, index upkeep, and no table scans."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine, event, text

from counterdesk.store.search import (
    MatchKind,
    SearchError,
    SearchProblem,
    search_accounts,
)
from tests.helpers.rows import add_account, add_customer


@pytest.fixture
def hall(engine: Engine) -> Iterator[Connection]:
    """A handful of customers whose every match is known."""
    with engine.begin() as connection:
        zhang_wei = add_customer(connection, "张伟", "13812345678")
        add_account(connection, zhang_wei, "3010000001", "云溪市东湖区幸福路12号1栋101室",
                    meter="110000000001")  # fmt: skip
        add_account(connection, add_customer(connection, "张伟明", "13900000002"), "3010000002",
                    "云溪市西城区人民路3号2栋202室", meter="110000000002")  # fmt: skip
        add_account(connection, add_customer(connection, "李张伟", None), "3010000003",
                    "云溪市南山区幸福路120号")  # fmt: skip
        add_account(connection, add_customer(connection, "王芳", "13700000004"), "3010000004",
                    "云溪市东湖区张伟路5号")  # fmt: skip
        add_account(connection, add_customer(connection, "Acme 商贸有限公司", "13600000005"),
                    "3010000005", "云溪市高新区科技大道88号", status="disconnected")  # fmt: skip
        add_account(connection, zhang_wei, "5010000006", "云溪市东湖区幸福路12号1栋101室")
    with engine.connect() as connection:
        yield connection


def numbers(connection: Connection, query: str) -> list[str]:
    return [hit.account_number for hit in search_accounts(connection, query).hits]


def test_exact_account_number(hall: Connection) -> None:
    result = search_accounts(hall, "3010000002")
    assert [(h.account_number, h.match) for h in result.hits] == [
        ("3010000002", MatchKind.ACCOUNT_NUMBER)
    ]
    assert result.hits[0].customer_name == "张伟明"


def test_exact_meter_number_and_phone(hall: Connection) -> None:
    assert [(h.account_number, h.match) for h in search_accounts(hall, "110000000001").hits] == [
        ("3010000001", MatchKind.METER_NUMBER)
    ]
    phone = search_accounts(hall, "138 1234 5678").hits
    assert {h.account_number for h in phone} == {"3010000001", "5010000006"}
    assert {h.match for h in phone} == {MatchKind.PHONE}


def test_account_number_prefix_ranks_after_exact(hall: Connection) -> None:
    hits = search_accounts(hall, "301000000").hits
    assert [h.account_number for h in hits] == [f"301000000{i}" for i in range(1, 6)]
    assert {h.match for h in hits} == {MatchKind.ACCOUNT_NUMBER_PREFIX}


def test_two_character_name_exact_then_prefix_then_inside_then_nothing_else(
    hall: Connection,
) -> None:
    hits = search_accounts(hall, "张伟").hits
    assert [(h.account_number, h.match) for h in hits] == [
        ("3010000001", MatchKind.NAME_EXACT),
        ("5010000006", MatchKind.NAME_EXACT),
        ("3010000002", MatchKind.NAME_PREFIX),
        ("3010000003", MatchKind.NAME_CONTAINS),
    ]  # 王芳 on 张伟路 is not a name match: two characters search names only


def test_three_character_name_before_address(hall: Connection) -> None:
    assert numbers(hall, "张伟明") == ["3010000002"]
    hits = search_accounts(hall, "幸福路").hits
    assert {h.match for h in hits} == {MatchKind.ADDRESS}
    # Natural order: house number 12 before 120.
    assert [h.account_number for h in hits] == ["3010000001", "5010000006", "3010000003"]


def test_address_fragment_with_number(hall: Connection) -> None:
    assert numbers(hall, "幸福路12号") == ["3010000001", "5010000006", "3010000003"][:2]


def test_several_terms_must_all_match(hall: Connection) -> None:
    assert numbers(hall, "张伟 东湖区") == ["3010000001", "5010000006"]
    assert numbers(hall, "张伟 南山") == ["3010000003"]
    assert numbers(hall, "张 人民路") == ["3010000002"]
    assert numbers(hall, "王芳 西城区") == []


def test_full_width_and_case_are_folded(hall: Connection) -> None:
    assert numbers(hall, "３０１００００００４") == ["3010000004"]
    assert numbers(hall, "acme") == ["3010000005"]
    hit = search_accounts(hall, "ACME").hits[0]
    assert hit.status.value == "disconnected"


@pytest.mark.parametrize(
    ("query", "problem"),
    [("", SearchProblem.EMPTY), ("   ", SearchProblem.EMPTY), ("张", SearchProblem.TOO_SHORT),
     ("张 王", SearchProblem.TOO_SHORT)],
)  # fmt: skip
def test_refusals(hall: Connection, query: str, problem: SearchProblem) -> None:
    with pytest.raises(SearchError) as caught:
        search_accounts(hall, query)
    assert caught.value.problem is problem
    assert str(caught.value)


def test_nothing_found_is_an_empty_result(hall: Connection) -> None:
    result = search_accounts(hall, "不存在的名字")
    assert result.hits == ()
    assert not result.truncated
    assert search_accounts(hall, "9999999999").hits == ()


def test_triggers_keep_the_index_current(engine: Engine, hall: Connection) -> None:
    hall.close()
    with engine.begin() as connection:
        customer = add_customer(connection, "赵敏", None)
        add_account(connection, customer, "3020000009", "云溪市北岸区江南街9号")
    with engine.connect() as connection:
        assert numbers(connection, "赵敏") == ["3020000009"]
        assert numbers(connection, "江南街9号") == ["3020000009"]
    with engine.begin() as connection:  # the customer is renamed, the account moves house
        connection.execute(
            text("UPDATE customer SET name = '赵小敏' WHERE id = :id"), {"id": customer}
        )
        connection.execute(
            text(
                "UPDATE account SET address = '云溪市北岸区江北街10号' WHERE number = '3020000009'"
            )
        )
    with engine.connect() as connection:
        assert numbers(connection, "赵敏") == []
        assert numbers(connection, "小敏") == ["3020000009"]
        assert numbers(connection, "江南街") == []
        assert numbers(connection, "江北街10号") == ["3020000009"]
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM account WHERE number = '3020000009'"))
    with engine.connect() as connection:
        assert numbers(connection, "小敏") == []
        assert numbers(connection, "江北街10号") == []
        leftovers = connection.execute(
            text("SELECT count(*) FROM account_name_gram WHERE gram IN ('赵小', '小敏')")
        ).scalar()
        assert leftovers == 0


# SQLite says SEARCH for an index lookup and SCAN for a full pass over a table or an index; a
# virtual table (the FTS index, a json_each over the candidate list) says SCAN with its own index.
_TABLE_SCAN = re.compile(r"\bSCAN (?!\w+ VIRTUAL TABLE)")


@pytest.mark.parametrize(
    "query",
    ["3010000001", "301000", "13812345678", "张伟", "张伟明", "幸福路12号", "张伟 东湖区",
     "张 人民路", "acme"],
)  # fmt: skip
def test_no_search_scans_a_table(engine: Engine, hall: Connection, query: str) -> None:
    statements: list[tuple[str, object]] = []

    def record(
        conn: object, cursor: object, statement: str, parameters: object, *_: object
    ) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        search_accounts(hall, query)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert statements
    for statement, parameters in statements:
        plan = hall.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()  # type: ignore[arg-type]
        details = [str(row[-1]) for row in plan]
        assert not [d for d in details if _TABLE_SCAN.search(d)], (statement, details)


def test_seeded_city_is_searchable(city_engine: Engine) -> None:
    with city_engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT c.name, a.number, c.phone FROM account a JOIN customer c "
                "ON c.id = a.customer_id WHERE length(c.name) = 3 AND c.phone IS NOT NULL LIMIT 1"
            )
        ).one()
        name, number, phone = row
        assert number in numbers(connection, name)
        assert number in numbers(connection, phone)
        assert numbers(connection, number)[0] == number
