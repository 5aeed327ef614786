"""The terminal's HTTP client for HQ's sync API (:mod:`counterdesk.sync.protocol`).

Every failure becomes one of two exceptions, because the sync engine does one of two things with
it (SYNC.md): :class:`TransientSyncError` (no answer, a timeout, a 5xx or 429, a body that is not
what the protocol says) is retried on a timer with backoff; :class:`RefusedSyncError` (401, 403,
426, 400, 422 and other refusals) cannot be fixed by retrying, so the engine stops until IT acts
and presses "sync now".

``protocol_version`` and ``schema_version`` travel on every request: in the push body (they are
fields of :class:`~counterdesk.sync.protocol.PushRequest`) and as query parameters on every
request, so HQ can answer 426 before reading anything else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any, Final, TypeVar, cast

import httpx
from pydantic import BaseModel, ValidationError

from counterdesk import __version__
from counterdesk.sync.protocol import (
    API_PREFIX,
    DEFAULT_SNAPSHOT_PAGE,
    PROTOCOL_VERSION,
    ChangesResponse,
    Conflict,
    ConflictList,
    Op,
    PushRequest,
    PushResponse,
    Resolve,
    SnapshotPage,
    TerminalStatus,
    parse_snapshot_page,
)

CONNECT_TIMEOUT: Final = 5.0
READ_TIMEOUT: Final = 60.0
"""Long enough for a 50,000-row snapshot page from a busy HQ."""

Model = TypeVar("Model", bound=BaseModel)


class SyncError(Exception):
    """Sync with HQ failed; the message says why in English (for logs and IT)."""


class TransientSyncError(SyncError):
    """HQ did not answer, or answered that it is in trouble: try again later."""


class RefusedSyncError(SyncError):
    """HQ refused the terminal (token, version, request): retrying cannot fix it."""

    def __init__(self, message: str, status_code: int = 0) -> None:
        super().__init__(message)
        self.status_code = status_code


@cache
def schema_version() -> int:
    """This program's database revision as a number (``0008`` → 8)."""
    from counterdesk.store.migrate import head_revision

    return int(head_revision())


def _detail(response: httpx.Response) -> str:
    """HQ's reason from an error body (FastAPI's ``detail`` or our ``message``), else the text."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return response.text[:200].strip()
    if isinstance(body, dict):
        for key in ("message", "detail"):
            value = body.get(key)
            if isinstance(value, str):
                return value
            if value is not None:
                return json.dumps(value, ensure_ascii=False)[:300]
    return json.dumps(body, ensure_ascii=False)[:300]


def _refusal(response: httpx.Response, url: str) -> RefusedSyncError:
    detail = _detail(response)
    code = response.status_code
    if code == 401:
        what = "HQ does not accept this terminal's token (revoked or mistyped)"
    elif code == 403:
        what = "HQ does not allow this terminal to do that"
    elif code == 426:
        what = "HQ does not accept this version of CounterDesk; upgrade the terminal"
    elif code == 404:
        what = f"{url} does not serve the sync API (is it HQ's address?)"
    else:
        what = f"HQ refused the request ({code})"
    return RefusedSyncError(f"{what}: {detail}" if detail else f"{what}.", code)


class SyncClient:
    """One HQ, one token. Thread-safe enough for the engine's thread plus one prefetch thread
    (httpx's pool is); ``transport`` lets tests route requests without a socket."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.base_url,
            transport=transport,
            timeout=timeout or httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT),
            headers={
                "Authorization": f"Bearer {token}",
                "User-Agent": f"CounterDesk/{__version__}",
            },
        )
        self._versions = {
            "protocol_version": PROTOCOL_VERSION,
            "schema_version": schema_version(),
        }

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- the conversations ---------------------------------------------------------------------

    def status(self) -> TerminalStatus:
        return self._call("GET", "/status", TerminalStatus)

    def push(self, ops: list[Op]) -> PushResponse:
        # Serialized by pydantic in one pass (a 500-op batch is the drain's hot path).
        body = PushRequest(ops=ops, **self._versions).model_dump_json()
        return self._call("POST", "/push", PushResponse, content=body.encode())

    def changes(self, scope: str, cursor: str, limit: int | None = None) -> ChangesResponse:
        params: dict[str, Any] = {"scope": scope, "cursor": cursor}
        if limit is not None:
            params["limit"] = limit
        return self._call("GET", "/changes", ChangesResponse, params=params)

    def snapshot(
        self,
        scope: str,
        table: str | None = None,
        after: str | None = None,
        limit: int = DEFAULT_SNAPSHOT_PAGE,
    ) -> SnapshotPage:
        params: dict[str, Any] = {"scope": scope, "limit": limit}
        if table is not None:
            params["table"] = table
        if after is not None:
            params["after"] = after
        return self._call("GET", "/snapshot", SnapshotPage, params=params)

    def conflicts(self, state: str = "open") -> list[Conflict]:
        return self._call("GET", "/conflicts", ConflictList, params={"state": state}).conflicts

    def resolve(self, conflict_id: int, decision: Resolve) -> Conflict:
        return self._call(
            "POST",
            f"/conflicts/{int(conflict_id)}/resolve",
            Conflict,
            body=decision.model_dump(mode="json"),
        )

    # --- one request -----------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        model: type[Model],
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        content: bytes | None = None,
    ) -> Model:
        url = f"{self.base_url}{API_PREFIX}{path}"
        try:
            response = self._http.request(
                method,
                f"{API_PREFIX}{path}",
                params={**self._versions, **(params or {})},
                json=body,
                content=content,
                headers=None if content is None else {"Content-Type": "application/json"},
            )
        except httpx.TimeoutException as error:
            raise TransientSyncError(f"HQ at {self.base_url} did not answer in time.") from error
        except httpx.ConnectError as error:
            raise TransientSyncError(f"Cannot reach HQ at {self.base_url}: {error}") from error
        except httpx.TransportError as error:
            raise TransientSyncError(
                f"The connection to HQ at {self.base_url} failed: {error}"
            ) from error
        code = response.status_code
        if code == 429 or code >= 500:
            detail = _detail(response)
            raise TransientSyncError(
                f"HQ is busy or in trouble ({code}){': ' + detail if detail else ''}; "
                "will try again."
            )
        if 400 <= code < 500:
            raise _refusal(response, url)
        if 300 <= code < 400:
            # A redirect (http to https, a moved server) is a setting to fix, not a blip.
            where = response.headers.get("location", "elsewhere")
            raise RefusedSyncError(f"{url} redirects to {where}: join with HQ's address.", code)
        if not 200 <= code < 300:
            raise TransientSyncError(f"HQ answered {code} to {method} {url}.")
        try:
            if model is SnapshotPage:  # the initial load's hot path: see parse_snapshot_page
                return cast(Model, parse_snapshot_page(response.content))
            return model.model_validate_json(response.content)
        except ValueError as error:  # pydantic's ValidationError, or orjson's JSONDecodeError
            reason = (
                error.errors()[0]["msg"]
                if isinstance(error, ValidationError) and error.errors()
                else str(error)
            )
            raise TransientSyncError(
                f"HQ's answer to {method} {path} is not what the protocol says: {reason}"
            ) from error
