"""HQ's sync API on a real uvicorn server: authentication, scopes, versions, the conversations
themselves, and the answers to trouble (426, 503, 422 but never 500)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from counterdesk.hq.database import make_hq_engine
from counterdesk.hq.terminals import add_terminal, revoke
from counterdesk.server.app import create_app
from counterdesk.server.run import ServerThread, build
from counterdesk.sync.protocol import (
    API_PREFIX,
    PROTOCOL_VERSION,
    ChangesResponse,
    PushRequest,
    PushResponse,
    SnapshotPage,
    TerminalStatus,
)
from tests.integration.hq.books import NOW, Account, open_account, payment, register

VERSIONS = {"protocol_version": PROTOCOL_VERSION, "schema_version": 8}


@pytest.fixture
def server(hq: Engine) -> Iterator[ServerThread]:
    with ServerThread(create_app(role="hq", hq=hq)) as running:
        yield running


def client(server: ServerThread, token: str | None) -> httpx.Client:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return httpx.Client(base_url=f"{server.url}{API_PREFIX}", headers=headers, timeout=10)


def push_body(*ops: Any, protocol: int = PROTOCOL_VERSION) -> dict[str, Any]:
    body = PushRequest(ops=list(ops), protocol_version=protocol, schema_version=8)
    return body.model_dump(mode="json")


def test_every_route_needs_a_token_hq_issued_and_has_not_revoked(
    hq: Engine, server: ServerThread
) -> None:
    _, token = register(hq)
    account = open_account(hq)
    calls = [
        ("POST", "/push", {"json": push_body(payment(1, account, 100, []))}),
        ("GET", "/changes", {"params": {**VERSIONS, "scope": "A01"}}),
        ("GET", "/snapshot", {"params": {**VERSIONS, "scope": "A01"}}),
        ("GET", "/status", {"params": VERSIONS}),
        ("GET", "/conflicts", {"params": VERSIONS}),
        ("POST", "/conflicts/1/resolve",
         {"params": VERSIONS, "json": {"action": "dismiss", "manager_no": "0001"}}),
    ]  # fmt: skip
    revoked = add_terminal(hq, "T02", "青山营业厅", "A01", now=NOW)
    revoke(hq, "T02", now=NOW)
    for presented, words in ((None, "Bearer <token>"), ("cdt_forged", "did not issue"),
                             (revoked, "revoked")):  # fmt: skip
        with client(server, presented) as http:
            for method, path, options in calls:
                answer = http.request(method, path, **options)
                assert answer.status_code == 401, (presented, path, answer.text)
                assert answer.headers["www-authenticate"].startswith("Bearer")
                assert words in answer.json()["detail"]
    with client(server, token) as http:
        assert http.get("/status", params=VERSIONS).status_code == 200


def test_a_terminal_pulls_only_its_own_areas_and_the_tariffs(
    hq: Engine, server: ServerThread
) -> None:
    _, token = register(hq, areas="A01")
    with client(server, token) as http:
        for path in ("/changes", "/snapshot"):
            assert http.get(path, params={**VERSIONS, "scope": "A01"}).status_code == 200
            assert http.get(path, params={**VERSIONS, "scope": "*"}).status_code == 200
            refused = http.get(path, params={**VERSIONS, "scope": "B07"})
            assert refused.status_code == 403
            assert "B07" in refused.json()["detail"]


def test_a_protocol_hq_does_not_speak_is_426_naming_both_versions(
    hq: Engine, server: ServerThread
) -> None:
    _, token = register(hq)
    account = open_account(hq)
    with client(server, token) as http:
        for version in (0, PROTOCOL_VERSION + 1):
            old = http.get("/changes", params={"protocol_version": version, "schema_version": 8,
                                               "scope": "A01"})  # fmt: skip
            assert old.status_code == 426
            assert f"version {version}" in old.json()["detail"]
            assert f"version {PROTOCOL_VERSION}" in old.json()["detail"]
        pushed = http.post("/push", json=push_body(payment(1, account, 100, []), protocol=9))
        assert pushed.status_code == 426
        assert http.get("/status").status_code == 422  # the versions are not optional


def test_push_pull_and_snapshot_over_http(hq: Engine, server: ServerThread) -> None:
    _, token = register(hq)
    accounts = [open_account(hq, f"33010000{i:02d}", bills=(5_000,)) for i in range(40)]
    first: Account = accounts[0]
    op = payment(1, first, 5_000, [(first.bills[0], "principal", 5_000)])
    with client(server, token) as http:
        page = SnapshotPage.model_validate_json(
            http.get("/snapshot", params={**VERSIONS, "scope": "A01", "limit": 30}).content
        )
        pushed = http.post("/push", json=push_body(op))
        assert pushed.status_code == 200
        answer = PushResponse.model_validate_json(pushed.content)
        assert (answer.results[0].status, answer.acked_through) == ("applied", 1)
        again = PushResponse.model_validate_json(http.post("/push", json=push_body(op)).content)
        assert again.results[0].status == "duplicate"
        rows, encodings = len(page.rows), set()
        while page.next_table is not None:
            got = http.get("/snapshot", params={**VERSIONS, "scope": "A01", "limit": 30,
                                                "table": page.next_table,
                                                "after": page.next_after})  # fmt: skip
            encodings.add(got.headers.get("content-encoding", "identity"))
            following = SnapshotPage.model_validate_json(got.content)
            assert following.cursor == page.cursor
            rows += len(following.rows)
            page = following
        assert rows == 120 == page.total_estimate
        assert "gzip" in encodings  # a full page is compressed; a short last one need not be
        pulled = ChangesResponse.model_validate_json(
            http.get("/changes", params={**VERSIONS, "scope": "A01", "cursor": page.cursor}).content
        )
        assert [(c.table, c.key) for c in pulled.changes] == [
            ("account", str(first.uid)), ("bill", str(first.bills[0]))]  # fmt: skip
        status = TerminalStatus.model_validate_json(http.get("/status", params=VERSIONS).content)
        assert (status.terminal_id, status.acked_through, status.open_conflicts) == ("T01", 1, 0)
        assert status.scopes == ["*", "A01", "A02"]


def test_the_conflict_inbox_over_http_shows_only_the_hall_s_own(
    hq: Engine, server: ServerThread
) -> None:
    _, token = register(hq)
    _, stranger_token = register(hq, "T09", "东湖营业厅", "B01")
    nobody = Account(uuid.uuid4(), uuid.uuid4(), "3309999999", "A01")
    with client(server, token) as http, client(server, stranger_token) as stranger:
        http.post("/push", json=push_body(payment(1, nobody, 800, [])))
        [parked] = http.get("/conflicts", params=VERSIONS).json()["conflicts"]
        assert parked["code"] == "unknown_account"
        assert stranger.get("/conflicts", params=VERSIONS).json()["conflicts"] == []
        decision = {"action": "dismiss", "manager_no": "0001", "note": "重复录入"}
        path = f"/conflicts/{parked['id']}/resolve"
        assert stranger.post(path, params=VERSIONS, json=decision).status_code == 404
        done = http.post(path, params=VERSIONS, json=decision)
        assert done.status_code == 200
        assert (done.json()["state"], done.json()["resolution"]) == ("resolved", "dismiss")
        assert http.post(path, params=VERSIONS, json=decision).status_code == 409
        assert http.get("/conflicts", params={**VERSIONS, "state": "all"}).json()["conflicts"]


def test_input_hq_cannot_use_is_422_never_500(hq: Engine, server: ServerThread) -> None:
    _, token = register(hq)
    open_account(hq)
    bad = [
        ("GET", "/changes", {"params": {**VERSIONS, "scope": "A01", "cursor": "9" * 19 + ".1"}}),
        ("GET", "/changes", {"params": {**VERSIONS, "scope": "A01", "cursor": "1.2.3"}}),
        ("GET", "/changes", {"params": {**VERSIONS, "scope": "A01", "limit": 0}}),
        ("GET", "/snapshot", {"params": {**VERSIONS, "scope": "A01", "table": "account",
                                         "after": "0.1/4:\x00"}}),
        ("GET", "/snapshot", {"params": {**VERSIONS, "scope": "A01", "table": "account",
                                         "after": "0.1/4:not-a-uuid"}}),
        ("GET", "/snapshot", {"params": {**VERSIONS, "scope": "A01", "table": "secrets"}}),
        ("GET", "/snapshot", {"params": {**VERSIONS, "scope": "A01", "after": "0.1/4:"}}),
        ("POST", "/conflicts/99999999999/resolve",
         {"params": VERSIONS, "json": {"action": "retry", "manager_no": "0001"}}),
        ("POST", "/conflicts/1/resolve",
         {"params": VERSIONS, "json": {"action": "retry", "manager_no": "\x00"}}),
        ("POST", "/push", {"json": {**VERSIONS, "ops": [{
            "op_id": str(uuid.uuid4()), "terminal_seq": 1, "kind": "x.y", "payload_version": 1,
            "payload": {}, "business_time": "9999-12-31T23:00:00-23:00"}]}}),
    ]  # fmt: skip
    with client(server, token) as http:
        for method, path, options in bad:
            answer = http.request(method, path, **options)
            assert answer.status_code == 422, (path, options, answer.text)
        # A payload HQ cannot read is not an HTTP error: it is parked, and the queue moves on.
        junk = http.post("/push", json={**VERSIONS, "ops": [{
            "op_id": str(uuid.uuid4()), "terminal_seq": 1, "kind": "payment.posted",
            "payload_version": 1, "business_time": NOW.isoformat(),
            "payload": {"receipt_no": "R" * 500, "paid_at": "0001-01-01T00:00:00+14:00",
                        "account_uid": str(uuid.uuid4()), "received_fen": 10**30}}]})  # fmt: skip
        assert junk.status_code == 200
        assert junk.json()["results"][0]["status"] == "rejected"


def test_a_database_that_cannot_be_reached_is_503_with_retry_after() -> None:
    gone = make_hq_engine("postgresql://postgres@127.0.0.1:9/nowhere")
    with ServerThread(create_app(role="hq", hq=gone)) as running, client(running, "cdt_x") as http:
        answer = http.get("/status", params=VERSIONS)
        assert answer.status_code == 503
        assert int(answer.headers["retry-after"]) > 0
        assert httpx.get(f"{running.url}/health").status_code == 503
    gone.dispose()


def test_the_all_role_serves_hall_and_hq_from_one_file(tmp_path: Path) -> None:
    path = tmp_path / "hall.db"
    app = build(path)
    token = add_terminal(app.state.hq, "T01", "青山营业厅", "A01", now=NOW)
    with ServerThread(app) as running, client(running, token) as http:
        assert httpx.get(f"{running.url}/hall/state").status_code == 200
        assert http.get("/status", params=VERSIONS).json()["terminal_id"] == "T01"
        assert httpx.get(f"{running.url}/health").json()["role"] == "all"
    hq_only = build(str(path), role="hq")
    assert hq_only.state.queue is None
    assert str(hq_only.state.hq.url).endswith("hall.db")
