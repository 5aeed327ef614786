"""The hall server's HTTP API on a real server on loopback: answers, refusals and their codes,
repeated requests, live setup, health, and the client that turns refusals back into errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from counterdesk.queue.client import HallClient, HallUnavailableError
from counterdesk.queue.errors import (
    BadRatingError,
    NobodyWaitingError,
    QueueError,
    StillServingError,
    UnknownCategoryError,
    UnknownWindowError,
)
from counterdesk.server.run import ServerThread
from tests.helpers.hall import StepClock, hall_server, queue_of


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[tuple[ServerThread, HallClient, httpx.Client]]:
    with hall_server(tmp_path / "hall.db", clock=StepClock()) as (server, client):
        raw = httpx.Client(base_url=server.url, timeout=5)
        try:
            yield server, client, raw
        finally:
            raw.close()


def refused(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code
    assert set(body) == {"code", "template", "params", "message"}
    assert body["message"] == body["template"].format(**body["params"])
    return dict(body["params"])


def break_events(server: ServerThread, away: bool) -> None:
    """Rename the event table under the running server (or back), as a failing disk would."""
    names = ("queue_event", "queue_event_away")
    old, new = names if away else names[::-1]
    with queue_of(server).engine.begin() as connection:
        connection.exec_driver_sql(f"ALTER TABLE {old} RENAME TO {new}")


# --- refusals ---------------------------------------------------------------------------------


def test_unknown_windows_categories_and_tickets_are_404(hall: Any) -> None:
    _server, client, raw = hall
    client.open_window(1, "c1", "张敏")
    assert refused(raw.post("/hall/windows/99/call-next"), 404, "unknown_window") == {
        "window": "99"
    }
    assert refused(raw.post("/hall/tickets", json={"category": "Z"}), 404, "unknown_category") == {
        "category": "Z"
    }
    refused(raw.get("/hall/tickets/A999"), 404, "unknown_ticket")
    refused(raw.post("/hall/windows/1/call", json={"ticket": "a999"}), 404, "unknown_ticket")
    refused(raw.post("/hall/windows/1/transfer", json={"to_window": 99}), 409, "no_current_ticket")


def test_not_now_is_409(hall: Any) -> None:
    _server, client, raw = hall
    client.open_window(1, "c1", "张敏")
    assert refused(raw.post("/hall/windows/1/call-next"), 409, "nobody_waiting") == {"window": "1"}
    refused(raw.post("/hall/windows/2/call-next"), 409, "window_closed")
    client.issue("A")
    client.issue("A")
    assert raw.post("/hall/windows/1/call-next").status_code == 200
    assert refused(raw.post("/hall/windows/1/call-next"), 409, "still_serving") == {
        "ticket": "A001"
    }
    refused(raw.post("/hall/windows/1/pause"), 409, "still_serving")
    refused(raw.post("/hall/ratings", json={"score": 5, "ticket": "A001"}), 409, "not_ratable")
    assert client.state()["waiting"]["A"] == 1


def test_malformed_requests_are_422(hall: Any) -> None:
    _server, client, raw = hall
    client.issue("A")
    client.open_window(1, "c1", "张敏")
    client.call_next(1)
    client.finish(1)
    broken = raw.post(
        "/hall/tickets", content=b'{"category": "A"', headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 422
    assert "detail" in broken.json()
    assert raw.post("/hall/tickets", json={"category": "TOOLONG"}).status_code == 422
    assert raw.post("/hall/windows/one/call-next").status_code == 422
    assert refused(
        raw.post("/hall/ratings", json={"score": 7, "window": 1}), 422, "bad_rating"
    ) == {"score": "7"}
    assert raw.post("/hall/ratings", json={"score": "lots", "window": 1}).status_code == 422
    client.issue("A")
    client.call_next(1)
    refused(raw.post("/hall/windows/1/transfer", json={}), 422, "bad_transfer")
    assert raw.post("/hall/windows/1/finish", json={"expected": "A002"}).status_code == 422
    setup = {
        "categories": [{"code": "A", "name": "缴费业务"}],
        "windows": [{"number": 1, "name": "1号窗口", "weights": {"Q": 2}}],
    }
    refused(raw.put("/hall/setup", json=setup), 422, "bad_setup")
    setup["windows"][0]["weights"] = {"A": 9}  # type: ignore[index]
    assert raw.put("/hall/setup", json=setup).status_code == 422
    assert raw.put("/hall/setup", json={"categories": [], "windows": []}).status_code == 422
    assert client.rate(5, window=1)["ticket"]["rating"] == 5  # nothing above changed anything


# --- answers ----------------------------------------------------------------------------------


def test_a_repeated_idempotency_key_has_one_effect_and_the_same_answer(hall: Any) -> None:
    _server, client, raw = hall
    key = {"Idempotency-Key": "kiosk-7-0001"}
    first = raw.post("/hall/tickets", json={"category": "B"}, headers=key)
    again = raw.post("/hall/tickets", json={"category": "B"}, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert first.json()["ticket"]["number"] == "B001"
    client.issue("B")
    client.open_window(2, "c2", "李娜")

    press = {"Idempotency-Key": "window-2-f1-0042"}
    called = raw.post("/hall/windows/2/call-next", headers=press)
    twice = raw.post("/hall/windows/2/call-next", headers=press)  # a retry after a lost answer

    assert twice.status_code == 200
    assert twice.json() == called.json()
    assert client.state()["waiting"]["B"] == 1
    assert [t["number"] for t in client.waiting("B")] == ["B002"]


def test_tickets_are_found_by_number_in_any_case_or_by_uid(hall: Any) -> None:
    _server, client, raw = hall
    issued = client.issue("C")["ticket"]
    client.issue("C")
    for ref in ("C001", "c001", issued["uid"]):
        assert client.ticket(ref)["uid"] == issued["uid"]
    assert raw.get("/hall/tickets/C002").json()["ahead"] == 1


def test_the_client_raises_the_servers_refusal_as_the_same_class(hall: Any) -> None:
    _server, client, _raw = hall
    client.open_window(1, "c1", "张敏")
    with pytest.raises(NobodyWaitingError) as nobody:
        client.call_next(1)
    assert nobody.value.params == {"window": "1"}
    assert nobody.value.template == "Nobody is waiting for window {window}."
    client.issue("A")
    called = client.call_next(1)
    with pytest.raises(StillServingError):
        client.call_next(1)
    with pytest.raises(UnknownCategoryError):
        client.issue("Z")
    with pytest.raises(UnknownWindowError):
        client.pause(42)
    client.finish(1, expected=called["ticket"]["uid"])
    with pytest.raises(BadRatingError):
        client.rate(1, window=1)
    with pytest.raises(QueueError, match="malformed"):
        client.issue("TOOLONG")


def test_the_client_says_the_server_is_unreachable_when_it_is_down(tmp_path: Path) -> None:
    with hall_server(tmp_path / "hall.db", clock=StepClock()) as (server, client):
        assert client.health()["status"] == "ok"
        url = server.url
    gone = HallClient(url)
    try:
        with pytest.raises(HallUnavailableError) as down:
            gone.call_next(1)
        assert down.value.params == {"url": url}
        with pytest.raises(HallUnavailableError):
            gone.state()
    finally:
        gone.close()


# --- setup and health -------------------------------------------------------------------------


def test_setup_changes_categories_and_weights_live(hall: Any) -> None:
    _server, client, _raw = hall
    client.issue("A")
    client.open_window(1, "c1", "张敏")
    client.open_window(2, "c2", "李娜")
    state = client.configure(
        {
            "categories": [
                {"code": "A", "name": "缴费业务", "name_en": "Payments", "sort": 1},
                {"code": "D", "name": "分布式光伏", "name_en": "Rooftop solar", "sort": 4},
            ],
            "windows": [
                {"number": 1, "name": "1号窗口", "weights": {"A": 2, "D": 3}},
                {"number": 2, "name": "光伏窗口", "weights": {"D": 2}},
            ],
        }
    )

    assert {"A", "D"} <= {c["code"] for c in state["categories"]}
    windows = {w["number"]: w for w in state["windows"]}
    assert set(windows) == {1, 2}
    assert windows[1]["weights"] == {"A": 2, "D": 3}
    assert windows[1]["state"] == "open"
    assert windows[2]["name"] == "光伏窗口"
    assert windows[2]["clerk_no"] == "c2"
    assert client.state() == state
    assert client.issue("D")["ticket"]["number"] == "D001"
    assert client.call_next(1)["ticket"]["number"] == "D001"  # VIP at window 1, issued later
    with pytest.raises(NobodyWaitingError):
        client.call_next(2)  # window 2 serves rooftop solar only; A001 is not for it
    with pytest.raises(UnknownWindowError):
        client.open_window(3, "c3", "王芳")


def test_setup_keeps_a_serving_window(hall: Any) -> None:
    _server, client, raw = hall
    client.issue("A")
    client.open_window(3, "c3", "王芳")
    client.call_next(3)
    setup = {
        "categories": [{"code": "A", "name": "缴费业务"}],
        "windows": [{"number": 1, "name": "1号窗口", "weights": {"A": 2}}],
    }
    refused(raw.put("/hall/setup", json=setup), 409, "still_serving")
    assert client.state()["windows"][2]["current"]["number"] == "A001"


def test_health_answers_ok_and_503_when_the_database_fails(hall: Any) -> None:
    server, client, raw = hall
    answer = client.health()
    assert answer["status"] == "ok"
    assert answer["role"] == "all"
    assert answer["day"] == "2026-11-20"
    break_events(server, away=True)
    try:
        assert raw.get("/health").status_code == 503
        with pytest.raises(HallUnavailableError):
            client.health()
    finally:
        break_events(server, away=False)
    assert raw.get("/health").status_code == 200
