"""The HQ side of sync over HTTP (``/sync/v1``): push, changes, snapshot, status, conflicts.

The contract is :mod:`counterdesk.sync.protocol`; this module only turns HTTP into calls on
:mod:`counterdesk.hq` and answers with the protocol's models. Rules every route keeps:

- **Authenticated**: ``Authorization: Bearer <terminal token>``; a missing, unknown or revoked
  token is 401 with ``WWW-Authenticate``, checked before anything else is looked at.
- **Versioned**: ``protocol_version`` and ``schema_version`` travel in the push body and as query
  parameters on every other request. A protocol HQ does not accept is 426, naming both versions
  (the terminal must be updated; retrying cannot help).
- **Scoped**: a scope outside the terminal's (``*`` and its hall's areas) is 403.
- **Transient trouble is 503** with ``Retry-After`` (the database is down or busy), the one answer
  a terminal retries. Nothing a client sends is a 500: bad input is 422 with a sentence.
- Database work runs in the thread pool, never on the event loop.

The snapshot resumes from its own token: each page's ``next_after`` carries the load's cursor
(taken before the first page) and the last key sent, and a client passes ``next_table`` and
``next_after`` back as ``table`` and ``after``. So every page of one load reports the same cursor,
however often the connection drops. Large answers are gzipped when the client accepts it (level
1: a million accounts must not wait for the compressor).
"""

# No ``from __future__ import annotations`` here: FastAPI reads the routes' annotations at run time,
# and the dependency types (``Caller``) are local to :func:`sync_router`.

import gzip
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Final, Literal, TypeVar

from fastapi import APIRouter, Body, Depends, Header, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from counterdesk.hq import changes, ledger
from counterdesk.hq.ops import clean
from counterdesk.hq.terminals import Terminal, check_token
from counterdesk.sync.protocol import (
    API_PREFIX,
    DEFAULT_CHANGES,
    DEFAULT_SNAPSHOT_PAGE,
    MAX_CHANGES,
    MAX_SNAPSHOT_PAGE,
    PROTOCOL_VERSION,
    ChangesResponse,
    Conflict,
    ConflictList,
    Cursor,
    CursorText,
    PushRequest,
    PushResponse,
    Resolve,
    ScopeText,
    SnapshotPage,
    Table,
    TerminalStatus,
    Versions,
    accepted,
    snapshot_json,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
RETRY_AFTER: Final = "10"
GZIP_FROM: Final = 1_024
MAX_POSITION: Final = 2**63 - 1
REALM: Final = 'Bearer realm="counterdesk-hq"'


class Problem(BaseModel):
    """A refusal: a sentence, or for a request FastAPI could not read, its list of errors."""

    detail: str | list[dict[str, Any]]


def _answers(*codes: int) -> dict[int | str, dict[str, Any]]:
    words = {
        400: "A body that is not JSON",
        401: "No token, or one HQ did not issue or has revoked",
        403: "A scope outside the terminal's areas",
        404: "No such conflict in the terminal's hall",
        409: "The conflict is resolved already, or a retry still fails",
        422: "A request HQ cannot read",
        426: "A protocol version HQ does not accept: update the terminal",
        503: "HQ's database is unavailable: retry after Retry-After seconds",
    }
    return {code: {"model": Problem, "description": words[code]} for code in codes}


def _unavailable(error: Exception) -> HTTPException:
    log.warning("Sync request failed on the database: %s", error)
    return HTTPException(
        503,
        "HQ's database is unavailable just now; try again shortly.",
        headers={"Retry-After": RETRY_AFTER},
    )


async def _call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Blocking HQ work in the thread pool; the database being away is a 503."""
    try:
        return await run_in_threadpool(fn, *args, **kwargs)
    except (OperationalError, PoolTimeoutError) as error:
        raise _unavailable(error) from None
    except DBAPIError as error:
        if error.connection_invalidated:
            raise _unavailable(error) from None
        raise


def _check_versions(protocol_version: int | None, schema_version: int | None) -> Versions:
    if protocol_version is None or schema_version is None:
        raise HTTPException(
            422, "Send protocol_version and schema_version with every sync request."
        )
    if not accepted(protocol_version):
        raise HTTPException(
            426,
            f"This terminal speaks sync protocol version {protocol_version}; HQ speaks version "
            f"{PROTOCOL_VERSION} and accepts {max(PROTOCOL_VERSION - 1, 1)} to {PROTOCOL_VERSION}. "
            "Update CounterDesk on the terminal.",
            headers={"Upgrade": f"counterdesk-sync/{PROTOCOL_VERSION}"},
        )
    return Versions(protocol_version=protocol_version, schema_version=schema_version)


def _query_versions(
    protocol_version: Annotated[int, Query(ge=0, le=1_000)],
    schema_version: Annotated[int, Query(ge=0, le=100_000)],
) -> tuple[int | None, int | None]:
    return protocol_version, schema_version


def _in_scope(terminal: Terminal, scope: str) -> None:
    if scope not in terminal.scopes:
        raise HTTPException(
            403,
            f"Terminal {terminal.terminal_id} may pull {', '.join(terminal.scopes)}, "
            f"not {scope!r}.",
        )


def _json(request: Request, body: bytes) -> Response:
    headers = {"Vary": "Accept-Encoding"}
    if len(body) >= GZIP_FROM and "gzip" in request.headers.get("accept-encoding", ""):
        body = gzip.compress(body, compresslevel=1)
        headers["Content-Encoding"] = "gzip"
    return Response(content=body, media_type="application/json", headers=headers)


def sync_router(engine: Engine, *, clock: Callable[[], datetime] | None = None) -> APIRouter:
    """The routes on HQ's database ``engine``; ``clock`` fixes HQ's time in tests."""

    def now() -> datetime:
        return (clock or (lambda: datetime.now(UTC)))().astimezone(UTC)

    async def terminal(
        authorization: Annotated[str | None, Header(max_length=300)] = None,
    ) -> Terminal:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise HTTPException(
                401,
                "Sync needs the terminal's token: Authorization: Bearer <token> "
                "(`counterdesk sync join` stores it).",
                headers={"WWW-Authenticate": REALM},
            )
        checked = await _call(check_token, engine, token.strip(), now=now())
        if checked.terminal is None:
            message = (
                "This terminal's token was revoked at HQ; IT must register it again."
                if checked.revoked
                else "HQ did not issue this token."
            )
            raise HTTPException(
                401, message, headers={"WWW-Authenticate": f'{REALM}, error="invalid_token"'}
            )
        return checked.terminal

    Caller = Annotated[Terminal, Depends(terminal)]  # noqa: N806 - a type, as FastAPI writes them
    QueryVersions = Annotated[tuple[int | None, int | None], Depends(_query_versions)]  # noqa: N806
    router = APIRouter(prefix=API_PREFIX, tags=["sync"])

    @router.post("/push", response_model=PushResponse, responses=_answers(400, 401, 422, 426, 503))
    async def push(
        request: Request, caller: Caller, body: Annotated[PushRequest, Body()]
    ) -> Response:
        versions = _check_versions(body.protocol_version, body.schema_version)
        for op in body.ops:
            try:
                op.business_time.astimezone(UTC)
            except (OverflowError, ValueError):
                raise HTTPException(
                    422, f"Op {op.terminal_seq}: business_time {op.business_time} is out of range."
                ) from None
        answer = await _call(
            ledger.apply_batch, engine, caller, body.ops, versions=versions, now=now()
        )
        # Written as the model dumps it, not validated again against the response model: 500
        # results are the bulk of a week's drain (the other routes answer the same way).
        return _json(request, answer.model_dump_json().encode())

    @router.get(
        "/changes",
        response_model=ChangesResponse,
        responses=_answers(401, 403, 422, 426, 503),
    )
    async def pull(
        *,
        request: Request,
        caller: Caller,
        versions: QueryVersions,
        scope: Annotated[ScopeText, Query()],
        cursor: Annotated[CursorText, Query()] = "0.0",
        limit: Annotated[int, Query(ge=1, le=MAX_CHANGES)] = DEFAULT_CHANGES,
    ) -> Response:
        _check_versions(*versions)
        _in_scope(caller, scope)
        position = Cursor.parse(cursor)
        if max(position.xid, position.seq) > MAX_POSITION:
            raise HTTPException(422, f"Cursor {cursor} is beyond any position HQ hands out.")
        answer = await _call(changes.pull, engine, scope, position, limit)
        return _json(request, answer.model_dump_json().encode())

    @router.get(
        "/snapshot",
        response_model=SnapshotPage,
        responses=_answers(401, 403, 422, 426, 503),
    )
    async def snapshot(
        *,
        request: Request,
        caller: Caller,
        versions: QueryVersions,
        scope: Annotated[ScopeText, Query()],
        table: Annotated[Table | None, Query()] = None,
        after: Annotated[str | None, Query(max_length=200, pattern=r"^[\x20-\x7e]*$")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_SNAPSHOT_PAGE)] = DEFAULT_SNAPSHOT_PAGE,
    ) -> Response:
        _check_versions(*versions)
        _in_scope(caller, scope)
        try:
            page = await _call(changes.snapshot_page, engine, scope, table, after or None, limit)
        except changes.SnapshotError as error:
            raise HTTPException(422, str(error)) from None
        return _json(request, snapshot_json(page))

    @router.get("/status", response_model=TerminalStatus, responses=_answers(401, 422, 426, 503))
    async def status(caller: Caller, versions: QueryVersions) -> TerminalStatus:
        _check_versions(*versions)

        def read() -> TerminalStatus:
            return TerminalStatus(
                terminal_id=caller.terminal_id,
                hall=caller.hall,
                scopes=list(caller.scopes),
                acked_through=ledger.acked_through(engine, caller.terminal_id),
                open_conflicts=ledger.open_conflicts(engine, caller.hall),
                server_time=now(),
                protocol_version=PROTOCOL_VERSION,
            )

        return await _call(read)

    @router.get("/conflicts", response_model=ConflictList, responses=_answers(401, 422, 426, 503))
    async def conflicts(
        caller: Caller,
        versions: QueryVersions,
        state: Annotated[Literal["open", "resolved", "all"], Query()] = "open",
    ) -> ConflictList:
        _check_versions(*versions)
        found = await _call(
            ledger.list_conflicts, engine, caller.hall, None if state == "all" else state
        )
        return ConflictList(conflicts=found)

    @router.post(
        "/conflicts/{conflict_id}/resolve",
        response_model=Conflict,
        responses=_answers(400, 401, 404, 409, 422, 426, 503),
    )
    async def resolve(
        caller: Caller,
        versions: QueryVersions,
        conflict_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
        decision: Annotated[Resolve, Body()],
    ) -> Conflict:
        _check_versions(*versions)
        if not clean(decision.manager_no).strip():
            raise HTTPException(422, "Give the manager's staff number.")
        try:
            return await _call(
                ledger.resolve, engine, conflict_id, decision, hall=caller.hall, now=now()
            )
        except ledger.ResolveError as error:
            raise HTTPException(404 if error.not_found else 409, str(error)) from None

    return router
