"""The queue service on a real SQLite file: every change stored, the day continued after a
restart, a clean new day, repeated requests, concurrent windows and writes that fail."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from counterdesk.queue.errors import NobodyWaitingError
from counterdesk.queue.service import QueueService
from counterdesk.store.database import make_engine
from tests.helpers.hall import StepClock

TODAY = date(2026, 11, 20)
MIDNIGHT = datetime(2026, 11, 20, 16, 0, 5, tzinfo=UTC)
"""00:00:05 on the 21st in the hall (Asia/Shanghai)."""


@pytest.fixture
def clock() -> StepClock:
    return StepClock()


@pytest.fixture
def service(engine: Engine, clock: StepClock) -> QueueService:
    return QueueService(engine, clock=clock)


@pytest.fixture
def events(service: QueueService) -> Iterator[list[dict[str, Any]]]:
    heard: list[dict[str, Any]] = []
    unsubscribe = service.subscribe(heard.append)
    yield heard
    unsubscribe()


def reopened(db_path: Path, clock: StepClock) -> QueueService:
    """The hall server started again on the same file (a new engine, as a new process has)."""
    return QueueService(make_engine(db_path), clock=clock)


def hall_view(service: QueueService) -> dict[str, Any]:
    """What clients see, less the recent-calls strip (rebuilt from the tickets on a restart)."""
    state = service.state()
    state.pop("recent")
    return {"state": state, "waiting": service.waiting_tickets()}


def rows(engine: Engine, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), params)]


def busy_morning(service: QueueService, clock: StepClock) -> None:
    """Two windows at work, a recall, a transfer to a window, a finish and a no-show."""
    for code in "AABVCAB":
        service.issue(code)
        clock.advance(minutes=1)
    service.open_window(1, "c1", "张敏")
    service.open_window(2, "c2", "李娜")
    assert service.call_next(1)["ticket"]["number"] == "V001"
    service.finish(1)
    assert service.call_next(1)["ticket"]["number"] == "A001"
    service.recall(1)
    service.no_show(1)
    assert service.call_next(2)["ticket"]["number"] == "A002"
    service.transfer(2, category="B")  # A002 goes to B's line with its own issue time
    assert service.call_next(2)["ticket"]["number"] == "A002"
    service.transfer(2, to_window=3)  # and then to window 3 alone
    assert service.call_next(1)["ticket"]["number"] == "B001"
    clock.advance(minutes=1)


# --- persisted ------------------------------------------------------------------------------


def test_a_restarted_service_continues_the_day(
    service: QueueService, clock: StepClock, db_path: Path
) -> None:
    busy_morning(service, clock)
    before = hall_view(service)

    again = reopened(db_path, clock)

    assert hall_view(again) == before
    assert [t["number"] for t in again.waiting_tickets()] == ["A003", "A002", "B002", "C001"]
    assert again.ticket("A001")["state"] == "no_show"
    assert again.issue("A")["ticket"]["number"] == "A004"
    assert again.issue("B")["ticket"]["number"] == "B003"
    again.open_window(3, "c3", "王芳")
    assert again.call_next(3)["ticket"]["number"] == "A002"  # still sent to window 3 first
    assert again.state()["windows"][0]["current"]["number"] == "B001"


def test_numbering_continues_after_a_restart_when_the_last_number_moved_to_another_line(
    service: QueueService, clock: StepClock, db_path: Path
) -> None:
    service.issue("A")
    service.issue("A")
    service.open_window(1, "c1", "张敏")
    service.call(1, "A002")
    service.transfer(1, category="B")  # A002 now waits in B's line

    again = reopened(db_path, clock)

    assert again.ticket("A002")["category"] == "B"
    assert again.issue("A")["ticket"]["number"] == "A003"  # not a second A002
    assert again.issue("B")["ticket"]["number"] == "B001"


def test_every_change_is_stored_as_it_happens(service: QueueService, engine: Engine) -> None:
    service.issue("A")
    assert rows(engine, "SELECT number, state FROM queue_ticket") == [("A001", "waiting")]
    service.open_window(1, "c1", "张敏")
    service.call_next(1)
    assert rows(engine, "SELECT state, window, clerk_no FROM queue_ticket") == [("called", 1, "c1")]
    assert rows(engine, "SELECT state, clerk_no FROM queue_window WHERE number = 1") == [
        ("serving", "c1")
    ]
    service.finish(1)
    service.rate(score=5, window=1)
    assert rows(engine, "SELECT state, rating FROM queue_ticket") == [("finished", 5)]
    assert [kind for (kind,) in rows(engine, "SELECT kind FROM queue_event ORDER BY id")] == [
        "issued",
        "opened",
        "called",
        "finished",
        "rated",
    ]


def test_a_closed_windows_transferred_customer_is_stored_back_in_line(
    service: QueueService, engine: Engine
) -> None:
    service.issue("A")
    service.open_window(1, "c1", "张敏")
    service.open_window(2, "c2", "李强")
    service.call_next(1)
    service.transfer(1, to_window=2)
    assert rows(engine, "SELECT target_window FROM queue_ticket") == [(2,)]
    service.close_window(2)
    assert rows(engine, "SELECT state, target_window FROM queue_ticket") == [("waiting", None)]
    detail = rows(engine, "SELECT detail FROM queue_event WHERE kind = 'opened' AND window = 1")
    assert '"clerk_name": "张敏"' in detail[0][0]
    assert service.call_next(1)["ticket"]["number"] == "A001"


# --- the business day -----------------------------------------------------------------------


def test_a_new_day_starts_clean_while_the_server_runs(
    service: QueueService, clock: StepClock, engine: Engine, events: list[dict[str, Any]]
) -> None:
    busy_morning(service, clock)
    clock.now = MIDNIGHT

    state = service.state()

    assert state["day"] == "2026-11-21"
    assert set(state["waiting"].values()) == {0}
    assert all(w["state"] == "closed" and w["current"] is None for w in state["windows"])
    assert events[-1]["kind"] == "day"
    assert events[-1]["state"]["day"] == "2026-11-21"
    assert service.issue("A")["ticket"]["number"] == "A001"
    yesterday = dict(rows(engine, "SELECT number, state FROM queue_ticket WHERE day = :d", d=TODAY))
    assert yesterday == {
        "A001": "no_show",
        "A002": "expired",
        "A003": "expired",
        "B001": "expired",
        "B002": "expired",
        "C001": "expired",
        "V001": "finished",
    }
    assert rows(engine, "SELECT number FROM queue_ticket WHERE day = '2026-11-21'") == [("A001",)]


def test_a_restart_on_the_next_day_starts_clean_and_keeps_yesterday(
    service: QueueService, clock: StepClock, engine: Engine, db_path: Path
) -> None:
    busy_morning(service, clock)
    clock.now = MIDNIGHT.replace(hour=23)  # 07:00 the next morning: the server was off overnight

    morning = reopened(db_path, clock)

    state = morning.state()
    assert state["day"] == "2026-11-21"
    assert set(state["waiting"].values()) == {0}
    assert all(w["state"] == "closed" and w["clerk_no"] is None for w in state["windows"])
    assert morning.issue("B")["ticket"]["number"] == "B001"
    states = rows(
        engine, "SELECT state, count(*) FROM queue_ticket WHERE day = :d GROUP BY state", d=TODAY
    )
    assert dict(states) == {"expired": 5, "finished": 1, "no_show": 1}
    assert rows(engine, "SELECT count(*) FROM queue_event WHERE day = :d", d=TODAY)[0][0] > 10


# --- repeated and concurrent requests -------------------------------------------------------


def test_a_repeated_request_id_has_one_effect_and_the_same_answer(
    service: QueueService, engine: Engine
) -> None:
    first = service.issue("A", request_id="kiosk-1")
    assert service.issue("A", request_id="kiosk-1") == first
    service.issue("A")
    service.open_window(1, "c1", "张敏")

    called = service.call_next(1, request_id="f1-press")
    again = service.call_next(1, request_id="f1-press")  # not StillServingError: the same answer

    assert again == called
    assert again["ticket"]["number"] == "A001"
    assert service.state()["waiting"]["A"] == 1
    kinds = [kind for (kind,) in rows(engine, "SELECT kind FROM queue_event ORDER BY id")]
    assert kinds == ["issued", "issued", "opened", "called"]


def test_twenty_windows_calling_at_once_get_twenty_different_customers(
    engine: Engine, clock: StepClock
) -> None:
    service = QueueService(engine, clock=clock, windows=20)
    for number in range(1, 21):
        service.open_window(number, f"c{number}", f"Clerk {number}")
        service.issue("ABC"[number % 3])
    start = threading.Barrier(20)
    called: dict[int, str] = {}
    failures: list[BaseException] = []

    def press_f1(window: int) -> None:
        start.wait()
        try:
            called[window] = service.call_next(window)["ticket"]["uid"]
        except BaseException as error:  # the test reports it below
            failures.append(error)

    threads = [threading.Thread(target=press_f1, args=(n,)) for n in range(1, 21)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert not failures
    assert len(called) == 20
    assert len(set(called.values())) == 20
    assert set(service.state()["waiting"].values()) == {0}
    stored = rows(engine, "SELECT window FROM queue_ticket WHERE state = 'called'")
    assert sorted(w for (w,) in stored) == list(range(1, 21))
    service.finish(1)
    with pytest.raises(NobodyWaitingError):
        service.call_next(1)


# --- failed writes --------------------------------------------------------------------------


def refuse_events(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE INSERT ON queue_event "
            "BEGIN SELECT RAISE(ABORT, 'the disk refuses'); END"
        )


def test_a_refused_write_leaves_memory_as_the_database(
    service: QueueService,
    clock: StepClock,
    engine: Engine,
    db_path: Path,
    events: list[dict[str, Any]],
) -> None:
    busy_morning(service, clock)
    service.finish(1)
    heard = len(events)
    refuse_events(engine)

    with pytest.raises(SQLAlchemyError, match="the disk refuses"):
        service.call_next(1)
    with pytest.raises(SQLAlchemyError):
        service.set_notice("停电通知：明天9点至11点")

    assert len(events) == heard, "a change that was not stored was published"
    assert hall_view(service) == hall_view(reopened(db_path, clock))
    assert service.state()["windows"][0]["current"] is None
    assert service.state()["notice"] == ""
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER refuse")
    assert service.call_next(1)["ticket"]["number"] == "C001"
    assert service.set_notice("停电通知")["detail"] == {"text": "停电通知"}
    assert hall_view(service) == hall_view(reopened(db_path, clock))


def test_a_write_that_fails_while_the_database_cannot_even_be_read_back(
    service: QueueService, clock: StepClock, engine: Engine, db_path: Path
) -> None:
    busy_morning(service, clock)
    service.finish(1)
    with engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE queue_event RENAME TO queue_event_away")

    with pytest.raises(SQLAlchemyError):
        service.call_next(1)
    with pytest.raises(SQLAlchemyError):
        service.state()  # not the call that failed to be stored

    with engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE queue_event_away RENAME TO queue_event")
    assert hall_view(service) == hall_view(reopened(db_path, clock))
    assert service.state()["windows"][0]["current"] is None
    called = service.call_next(1)
    assert called["ticket"]["number"] == "C001"
    assert called["id"] == rows(engine, "SELECT max(id) FROM queue_event")[0][0]


# --- events ---------------------------------------------------------------------------------


def test_events_are_published_in_order_as_stored(
    service: QueueService, clock: StepClock, engine: Engine, events: list[dict[str, Any]]
) -> None:
    busy_morning(service, clock)
    service.set_notice("今日16:00后暂停业扩报装")
    service.rate(score=3, ticket="V001")

    stored = rows(engine, "SELECT id, kind, number FROM queue_event ORDER BY id")
    heard = [(e["id"], e["kind"], e["ticket"] and e["ticket"]["number"]) for e in events]
    assert heard == stored
    assert [e["id"] for e in events] == sorted({e["id"] for e in events})
    assert events[-1]["waiting"] == service.state()["waiting"]
