"""How the sync client turns HQ's answers into its two exceptions, and what every request carries.

HQ's answers here come from :class:`httpx.MockTransport`: a 429, a 426 or a garbled body cannot be
had from the real server on demand. The same client against the real server is exercised in
``tests/integration/sync``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import uuid4

import httpx
import pytest

from counterdesk.store.migrate import HEAD
from counterdesk.sync.client import (
    RefusedSyncError,
    SyncClient,
    TransientSyncError,
    schema_version,
)
from counterdesk.sync.protocol import PROTOCOL_VERSION, Op

STATUS = {
    "terminal_id": "QS03", "hall": "青山供电营业厅", "scopes": ["*", "A01"], "acked_through": 0,
    "open_conflicts": 2, "server_time": "2026-11-21T02:30:00+00:00", "protocol_version": 1,
}  # fmt: skip


def client(handler: Callable[[httpx.Request], httpx.Response]) -> SyncClient:
    return SyncClient("http://hq.test/", "cdt_" + "x" * 43, transport=httpx.MockTransport(handler))


def test_every_request_carries_the_token_and_both_versions() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/push"):
            body = json.loads(request.content)
            return httpx.Response(200, json={"results": [
                {"op_id": op["op_id"], "terminal_seq": op["terminal_seq"], "status": "applied",
                 "result": {"ledger_version": 7}} for op in body["ops"]
            ], "acked_through": 1})  # fmt: skip
        return httpx.Response(200, json=STATUS)

    with client(handler) as sync:
        assert sync.status().open_conflicts == 2
        op = Op(op_id=uuid4(), terminal_seq=1, kind="payment.posted", payload_version=1,
                payload={"x": 1}, business_time=datetime(2026, 11, 21, tzinfo=UTC))  # fmt: skip
        assert sync.push([op]).results[0].result == {"ledger_version": 7}
    for request in seen:
        assert request.headers["Authorization"] == "Bearer cdt_" + "x" * 43
        assert request.url.params["protocol_version"] == str(PROTOCOL_VERSION)
        assert request.url.params["schema_version"] == str(schema_version())
    assert [r.url.path for r in seen] == ["/sync/v1/status", "/sync/v1/push"]
    body = json.loads(seen[1].content)
    assert (body["protocol_version"], body["schema_version"]) == (PROTOCOL_VERSION, int(HEAD))


@pytest.mark.parametrize(
    ("code", "words"),
    [(500, "in trouble \\(500\\)"), (503, "503"), (502, "502"), (429, "busy")],
)
def test_server_trouble_is_transient(code: int, words: str) -> None:
    with (
        client(lambda _r: httpx.Response(code, json={"detail": "db down"})) as sync,
        pytest.raises(TransientSyncError, match=words),
    ):
        sync.status()


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (401, "does not accept this terminal's token.*revoked"),
        (403, "does not allow"),
        (426, "upgrade the terminal.*protocol 0"),
        (400, "refused the request \\(400\\)"),
        (422, "refused the request \\(422\\)"),
        (404, "does not serve the sync API"),
    ],
)
def test_refusals_cannot_be_fixed_by_retrying(code: int, words: str) -> None:
    answer = {"detail": "token revoked" if code == 401 else "protocol 0 is not accepted"}
    with (
        client(lambda _r: httpx.Response(code, json=answer)) as sync,
        pytest.raises(RefusedSyncError, match=words) as raised,
    ):
        sync.status()
    assert raised.value.status_code == code


@pytest.mark.parametrize(
    "body", [b"<html>proxy error</html>", b'{"terminal_id": 3}', b"", b'{"results": "x"}']
)
def test_a_garbled_answer_is_transient(body: bytes) -> None:
    with (
        client(lambda _r: httpx.Response(200, content=body)) as sync,
        pytest.raises(TransientSyncError, match="not what the protocol says"),
    ):
        sync.status()


def test_no_answer_is_transient() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    def cut(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("peer closed connection", request=request)

    with client(refuse) as sync, pytest.raises(TransientSyncError, match="Cannot reach HQ"):
        sync.status()
    with client(slow) as sync, pytest.raises(TransientSyncError, match="did not answer in time"):
        sync.status()
    with client(cut) as sync, pytest.raises(TransientSyncError, match="connection to HQ"):
        sync.status()


def test_snapshot_and_changes_send_only_the_position_they_have() -> None:
    seen: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        if request.url.path.endswith("/changes"):
            return httpx.Response(200, json={"scope": "A01", "changes": [], "cursor": "0.5",
                                             "more": False})  # fmt: skip
        return httpx.Response(200, json={"scope": "A01", "table": "tariff", "rows": [],
                                         "cursor": "0.5", "next_table": None,
                                         "next_after": None, "total_estimate": 0})  # fmt: skip

    with client(handler) as sync:
        sync.snapshot("A01")
        sync.snapshot("A01", "account", "0.5/10:abc", 100)
        sync.changes("A01", "0.5")
    assert "table" not in seen[0].params
    assert "after" not in seen[0].params
    assert (seen[1].params["table"], seen[1].params["after"], seen[1].params["limit"]) == (
        "account", "0.5/10:abc", "100",
    )  # fmt: skip
    assert (seen[2].params["scope"], seen[2].params["cursor"]) == ("A01", "0.5")


PAGE = {
    "scope": "A01", "table": "account", "cursor": "0.5", "next_table": "account",
    "next_after": "0.5/10:abc", "total_estimate": 10,
    "rows": [["8c1f6b8e-1c7d-4a55-9a51-5f2b1f6b0e01", "1001", None, True, 0, "幸福路12号"]],
}  # fmt: skip


@pytest.mark.parametrize(
    "body",
    [
        b"[1, 2]",  # not an object
        json.dumps({**PAGE, "rows": [["a"], "not an array"]}).encode(),
        json.dumps({**PAGE, "rows": {"a": 1}}).encode(),
        json.dumps({k: v for k, v in PAGE.items() if k != "rows"}).encode(),
        json.dumps({**PAGE, "table": "payments"}).encode(),  # not a synced table
        json.dumps({**PAGE, "total_estimate": "many"}).encode(),
        b'{"scope": "A01", "rows": [[1]',  # cut off
    ],
)
def test_a_snapshot_page_that_is_not_one_is_transient(body: bytes) -> None:
    with (
        client(lambda _r: httpx.Response(200, content=body)) as sync,
        pytest.raises(TransientSyncError, match="not what the protocol says"),
    ):
        sync.snapshot("A01")


def test_a_snapshot_page_reads_as_pydantic_reads_it_and_hq_writes_what_pydantic_writes() -> None:
    from decimal import Decimal

    from counterdesk.sync.protocol import SnapshotPage, parse_snapshot_page, snapshot_json

    body = json.dumps(PAGE, ensure_ascii=False).encode()
    assert parse_snapshot_page(body) == SnapshotPage.model_validate_json(body)
    page = SnapshotPage.model_construct(**{**PAGE, "rows": [[*PAGE["rows"][0], Decimal("1.50")]]})
    assert json.loads(snapshot_json(page)) == json.loads(page.model_dump_json())
    with client(lambda _r: httpx.Response(200, content=snapshot_json(page))) as sync:
        assert sync.snapshot("A01").rows == [[*PAGE["rows"][0], "1.50"]]
