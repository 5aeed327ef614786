"""``counterdesk serve``: the FastAPI application for the hall (queue) and HQ (sync) roles.

A composition root (ARCHITECTURE.md): it builds the services on the server's database and wires
them to HTTP. The hall's routes are thin: they turn JSON into service calls and refusals into
HTTP answers (404 unknown, 409 not now, 422 malformed) with the refusal's code, English template
and values, which the client turns back into the same refusal in the clerk's language.

``Idempotency-Key`` on a POST makes it safe to send twice: the service answers a repeated key
with its first answer (a retried request after a lost response never calls two customers).

HQ's routes (terminal sync) are :mod:`counterdesk.server.sync_routes`, on HQ's own database: a
``postgresql://`` URL in production, or for the all role the hall's SQLite file itself.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated, Any, Final, Literal
from uuid import UUID

from fastapi import APIRouter, FastAPI, Header, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.sse import EventSourceResponse
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from counterdesk import __version__
from counterdesk.queue.errors import QueueError
from counterdesk.queue.model import Category, Weight, Window
from counterdesk.queue.service import QueueService
from counterdesk.server.events import Broadcaster
from counterdesk.server.stats_routes import stats_router

log = logging.getLogger(__name__)

Role = Literal["hall", "hq", "all"]
ROLES: Final = ("hall", "hq", "all")
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=100)]


class IssueRequest(BaseModel):
    category: str = Field(min_length=1, max_length=4)
    priority: int | None = Field(default=None, ge=0, le=9)
    source: str = Field(default="kiosk", max_length=16)


class OpenRequest(BaseModel):
    clerk_no: str = Field(min_length=1, max_length=16)
    clerk_name: str = Field(default="", max_length=32)


class TicketRequest(BaseModel):
    expected: UUID | None = None
    """The ticket the counter believes is at its window: a stale screen is refused, not obeyed."""


class CallRequest(BaseModel):
    ticket: str = Field(min_length=1, max_length=40)


class TransferRequest(TicketRequest):
    category: str | None = Field(default=None, max_length=4)
    to_window: int | None = Field(default=None, ge=1, le=999)


class RatingRequest(BaseModel):
    score: int
    ticket: str | None = Field(default=None, max_length=40)
    window: int | None = Field(default=None, ge=1, le=999)


class NoticeRequest(BaseModel):
    text: str = Field(max_length=200)


class CategorySetup(BaseModel):
    code: str = Field(pattern=r"^[A-Z]{1,2}$")
    name: str = Field(min_length=1, max_length=32)
    name_en: str = Field(default="", max_length=48)
    priority: int = Field(default=0, ge=0, le=9)
    active: bool = True
    sort: int = 0


class WindowSetup(BaseModel):
    number: int = Field(ge=1, le=999)
    name: str = Field(min_length=1, max_length=32)
    weights: dict[str, Weight]


class SetupRequest(BaseModel):
    categories: list[CategorySetup] = Field(min_length=1, max_length=26)
    windows: list[WindowSetup] = Field(max_length=999)


def refusal(error: QueueError) -> JSONResponse:
    return JSONResponse(
        status_code=error.status,
        content={
            "code": error.code,
            "template": error.template,
            "params": error.params,
            "message": str(error),
        },
    )


def hall_router(queue: QueueService, broadcaster: Broadcaster) -> APIRouter:
    router = APIRouter(prefix="/hall", tags=["hall"])

    @router.get("/state")
    def state() -> dict[str, Any]:
        return queue.state()

    @router.get("/events")
    async def events() -> EventSourceResponse:
        return EventSourceResponse(broadcaster.stream(queue.state, run_in_threadpool))

    @router.get("/tickets")
    def waiting(category: Annotated[str | None, Query(max_length=4)] = None) -> list[Any]:
        return queue.waiting_tickets(category)

    @router.get("/tickets/{ref}")
    def ticket(ref: str) -> dict[str, Any]:
        return queue.ticket(ref)

    @router.post("/tickets", status_code=201)
    def issue(body: IssueRequest, key: IdempotencyKey = None) -> dict[str, Any]:
        return queue.issue(
            body.category, priority=body.priority, source=body.source, request_id=key
        )

    @router.post("/windows/{window}/open")
    def open_window(window: int, body: OpenRequest, key: IdempotencyKey = None) -> dict[str, Any]:
        return queue.open_window(window, body.clerk_no, body.clerk_name, request_id=key)

    @router.post("/windows/{window}/close")
    def close_window(window: int, key: IdempotencyKey = None) -> dict[str, Any]:
        return queue.close_window(window, request_id=key)

    @router.post("/windows/{window}/call-next")
    def call_next(window: int, key: IdempotencyKey = None) -> dict[str, Any]:
        return queue.call_next(window, request_id=key)

    @router.post("/windows/{window}/call")
    def call(window: int, body: CallRequest, key: IdempotencyKey = None) -> dict[str, Any]:
        return queue.call(window, body.ticket.strip().upper(), request_id=key)

    @router.post("/windows/{window}/recall")
    def recall(window: int, body: TicketRequest, key: IdempotencyKey = None) -> dict[str, Any]:
        return queue.recall(window, expected=body.expected, request_id=key)

    @router.post("/windows/{window}/no-show")
    def no_show(window: int, body: TicketRequest, key: IdempotencyKey = None) -> dict[str, Any]:
        return queue.no_show(window, expected=body.expected, request_id=key)

    @router.post("/windows/{window}/finish")
    def finish(window: int, body: TicketRequest, key: IdempotencyKey = None) -> dict[str, Any]:
        return queue.finish(window, expected=body.expected, request_id=key)

    @router.post("/windows/{window}/transfer")
    def transfer(window: int, body: TransferRequest, key: IdempotencyKey = None) -> dict[str, Any]:
        return queue.transfer(
            window,
            category=body.category,
            to_window=body.to_window,
            expected=body.expected,
            request_id=key,
        )

    @router.post("/windows/{window}/pause")
    def pause(window: int, key: IdempotencyKey = None) -> dict[str, Any]:
        return queue.pause(window, request_id=key)

    @router.post("/windows/{window}/resume")
    def resume(window: int, key: IdempotencyKey = None) -> dict[str, Any]:
        return queue.resume(window, request_id=key)

    @router.post("/ratings")
    def rate(body: RatingRequest, key: IdempotencyKey = None) -> dict[str, Any]:
        return queue.rate(score=body.score, ticket=body.ticket, window=body.window, request_id=key)

    @router.put("/notice")
    def notice(body: NoticeRequest, key: IdempotencyKey = None) -> dict[str, Any]:
        return queue.set_notice(body.text, request_id=key)

    @router.put("/setup")
    def setup(body: SetupRequest) -> dict[str, Any]:
        return queue.configure(
            [Category(**c.model_dump()) for c in body.categories],
            [Window(w.number, w.name, dict(w.weights)) for w in body.windows],
        )

    return router


def create_app(
    *,
    role: Role = "all",
    queue: QueueService | None = None,
    hq: Engine | None = None,
    hq_clock: Callable[[], datetime] | None = None,
) -> FastAPI:
    """The server for ``role``; ``queue`` is required for the hall and all roles, ``hq`` (HQ's
    database, :func:`counterdesk.hq.database.make_hq_engine`) for the hq role and optional for
    all: without it, the all role serves the hall alone."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if role in ("hall", "all") and queue is None:
        raise ValueError(f"the {role} role needs the queue service")
    if role == "hq" and hq is None:
        raise ValueError("the hq role needs HQ's database")
    broadcaster = Broadcaster()
    unsubscribe = queue.subscribe(broadcaster.publish) if queue is not None else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        broadcaster.attach(asyncio.get_running_loop())
        yield
        broadcaster.close()
        if unsubscribe is not None:
            unsubscribe()

    app = FastAPI(title="CounterDesk server", version=__version__, lifespan=lifespan)
    app.state.broadcaster = broadcaster
    app.state.role = role
    app.state.queue = queue
    app.state.hq = hq if role in ("hq", "all") else None

    @app.exception_handler(QueueError)
    async def queue_refused(_request: Request, error: QueueError) -> JSONResponse:
        return refusal(error)

    @app.get("/health")
    def health() -> dict[str, Any]:
        if queue is not None:
            try:
                queue.check()
            except Exception as error:
                log.exception("Health check: the database cannot be read.")
                raise HTTPException(503, "the database cannot be read") from error
        if app.state.hq is not None:
            try:
                from counterdesk.hq.database import reading

                with reading(app.state.hq) as connection:
                    connection.exec_driver_sql("SELECT 1")
            except Exception as error:
                log.exception("Health check: HQ's database cannot be reached.")
                raise HTTPException(503, "HQ's database cannot be reached") from error
        answer: dict[str, Any] = {"status": "ok", "role": role, "version": __version__}
        if queue is not None:
            answer["day"] = queue.day.isoformat()
        return answer

    if queue is not None and role in ("hall", "all"):
        app.include_router(hall_router(queue, broadcaster))
        app.include_router(stats_router(queue))
    if app.state.hq is not None:
        from counterdesk.server.sync_routes import sync_router

        app.include_router(sync_router(app.state.hq, clock=hq_clock))
    return app
