"""The sync protocol between a counter terminal and HQ (SYNC.md), version 1: the one contract.

Both sides import this module, so the shapes cannot drift apart: the HQ routes
(:mod:`counterdesk.server.sync_routes`) validate requests with these models, and the terminal's
sync engine (:mod:`counterdesk.sync.engine`) builds them.

Three conversations, all over HTTPS with ``Authorization: Bearer <terminal token>``:

``POST /sync/v1/push`` (outbox → HQ)
    A FIFO batch of outbox rows. HQ applies each op in its own transaction, keyed by ``op_id``:
    an op seen before answers its stored result (``duplicate``), so a batch replayed after a lost
    response changes nothing. Business refusals are answered 200 with ``conflict`` or
    ``rejected`` and parked in HQ's conflict inbox; only transient trouble is a 5xx, and only that
    (or no answer) is retried by the terminal. ``terminal_seq`` is gapless per terminal; a gap is
    reported back and raises an alert at HQ, and the ops are applied all the same (payments
    commute, and holding them back would only strand money).

``GET /sync/v1/changes`` (HQ → cache, delta)
    Changes of one scope after a cursor. The cursor is ``"<xid>.<seq>"``: the writing
    transaction's id and the change's sequence number. HQ only hands out changes whose transaction
    is older than every transaction still running (``xid < pg_snapshot_xmin``), ordered by
    ``(xid, seq)``, so a transaction that took its sequence number early but commits late can
    never be skipped. ``must_refetch`` means the log was compacted past the cursor: load the scope
    again from a snapshot.

``GET /sync/v1/snapshot`` (HQ → cache, initial load)
    One scope, table by table, in pages keyed by the row key, so a dropped connection resumes at
    the page it lost. The first page carries the cursor, taken *before* the snapshot is read:
    pulling from it afterwards replays whatever changed while the pages were read (applying a row
    twice is harmless, missing one is not).

Rows travel as JSON arrays in the column order of :data:`TABLES`, because a million accounts as
objects would spend more bytes on key names than on the data.

Versions: every request carries ``protocol_version`` and ``schema_version``. HQ accepts the
current protocol and the one before, so payments queued offline across an upgrade are never
stranded; anything else is answered 426 with a message naming both versions.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Final, Literal
from uuid import UUID

import orjson
from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION: Final = 1
"""This program's protocol. HQ accepts ``PROTOCOL_VERSION - 1`` too (see :func:`accepted`)."""

API_PREFIX: Final = "/sync/v1"
GLOBAL_SCOPE: Final = "*"
"""The scope of rows every terminal needs whatever its areas: tariffs."""

MAX_PUSH_OPS: Final = 500
"""Ops in one push: big enough to drain a week offline quickly, small enough for one request."""
MAX_CHANGES: Final = 5_000
DEFAULT_CHANGES: Final = 2_000
MAX_SNAPSHOT_PAGE: Final = 50_000
DEFAULT_SNAPSHOT_PAGE: Final = 50_000

Table = Literal[
    "tariff", "customer", "account", "meter", "meter_installation", "bill", "work_order"
]

TABLES: Final[dict[str, tuple[str, ...]]] = {
    "tariff": ("code", "name", "utility", "definition"),
    "customer": ("uid", "name", "phone", "id_number"),
    "account": (
        "uid",
        "number",
        "customer_uid",
        "utility",
        "customer_class",
        "tariff_code",
        "status",
        "key_customer",
        "address",
        "area_code",
        "prepaid_fen",
        "version",
        "closed_on",
        "ledger_version",
    ),
    "meter": ("uid", "number", "utility", "ct_ratio", "pt_ratio", "registers", "digits"),
    "meter_installation": (
        "uid",
        "meter_uid",
        "account_uid",
        "installed_on",
        "removed_on",
        "initial_readings",
    ),
    "bill": (
        "uid",
        "account_uid",
        "period",
        "units",
        "amount_fen",
        "due_date",
        "paid_fen",
        "kind",
        "order_uid",
        "ledger_version",
    ),
    "work_order": (
        "uid",
        "order_no",
        "kind",
        "subtype",
        "state",
        "account_uid",
        "customer_name",
        "area_code",
        "first_owner_no",
        "department",
        "handler_no",
        "created_at",
        "due_at",
        "closed_at",
        "version",
    ),
}
"""The synced tables and their columns, in the order rows travel.

Keys are the first column (a UUID as text, or the tariff code). References are keys too
(``customer_uid``, ``account_uid``, ``meter_uid``): local integer ids never leave a database.
Dates are ISO text, money integer fen.

Two versions on an account, because they answer different questions:

- ``version`` is the account's *master data* version (meter, tariff, area, status). A meter change
  carries the version it was made against as its precondition; a payment must not bump it, or
  every payment in another hall would turn a meter change into a conflict.
- ``ledger_version`` grows with every change HQ makes to the account's money (prepaid balance,
  bills); ``bill.ledger_version`` is the account's ledger version that bill row belongs to. A
  payment's ack carries the ledger version it produced (``{"ledger_version": 42}``), which is how a
  terminal knows whether a pulled row already contains its own payment (SYNC.md: balance shown =
  HQ balance − what HQ has not seen yet).
"""

SNAPSHOT_ORDER: Final[tuple[str, ...]] = (
    "tariff",
    "customer",
    "account",
    "meter",
    "meter_installation",
    "bill",
    "work_order",
)
"""Tables in the order a snapshot sends them: referenced rows before the rows that refer to them."""

_CURSOR: Final = re.compile(r"^(0|[1-9][0-9]{0,18})\.(0|[1-9][0-9]{0,18})$")
START: Final = "0.0"
"""The cursor before any change."""


class Cursor(BaseModel):
    """A position in HQ's change log: ``(xid, seq)``, ordered as a pair."""

    model_config = ConfigDict(frozen=True)

    xid: int = Field(ge=0)
    seq: int = Field(ge=0)

    @classmethod
    def parse(cls, text: str) -> Cursor:
        match = _CURSOR.match(text)
        if match is None:
            raise ValueError(f"A sync cursor looks like '123.45', not {text!r}.")
        return cls(xid=int(match.group(1)), seq=int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.xid}.{self.seq}"

    def key(self) -> tuple[int, int]:
        return (self.xid, self.seq)


CursorText = Annotated[str, Field(pattern=_CURSOR.pattern, max_length=41)]
ScopeText = Annotated[str, Field(pattern=r"^(\*|[A-Za-z0-9_-]{1,16})$")]

OpStatus = Literal["applied", "duplicate", "conflict", "rejected"]
"""What HQ did with one op. ``applied`` and ``duplicate`` are done; ``conflict`` (a precondition
failed, such as a meter already changed by another hall) and ``rejected`` (HQ cannot book it at
all: unknown account, unknown kind) are parked in HQ's conflict inbox for a manager and are done
for the terminal's queue as well, so one bad op never blocks the payments behind it."""

DONE: Final[frozenset[str]] = frozenset({"applied", "duplicate", "conflict", "rejected"})


class Versions(BaseModel):
    protocol_version: int = Field(ge=0, le=1_000)
    schema_version: int = Field(ge=0, le=100_000)


class Op(BaseModel):
    """One outbox row as it travels (SYNC.md: op id, terminal, gapless sequence, kind...)."""

    op_id: UUID
    terminal_seq: int = Field(ge=1, le=2**53 - 1)
    # A bound JSON's doubles write exactly: the OpenAPI document publishes it as a float.
    kind: str = Field(min_length=1, max_length=40, pattern=r"^[a-z_]+\.[a-z_]+$")
    payload_version: int = Field(ge=1, le=1_000)
    payload: dict[str, Any]
    business_time: datetime


class PushRequest(Versions):
    ops: list[Op] = Field(min_length=1, max_length=MAX_PUSH_OPS)


class OpResult(BaseModel):
    op_id: UUID
    terminal_seq: int
    status: OpStatus
    code: str = ""
    """For ``conflict`` and ``rejected``: a stable reason code (``meter_changed``...)."""
    message: str = ""
    """For ``conflict`` and ``rejected``: the reason in English, for the conflict inbox."""
    result: dict[str, Any] = Field(default_factory=dict)
    """What HQ booked: for a payment or reversal ``{"ledger_version": 42}``."""


class Gap(BaseModel):
    expected: int
    received: int


class PushResponse(BaseModel):
    results: list[OpResult]
    acked_through: int
    """The highest ``terminal_seq`` below which HQ holds every op of this terminal."""
    gap: Gap | None = None


class Change(BaseModel):
    """One change row: ``row`` is the new row (array in :data:`TABLES` order) or ``None``, a
    tombstone: the row is gone from this scope (deleted, or moved to another area)."""

    table: Table
    key: str
    row: list[Any] | None


class ChangesResponse(BaseModel):
    scope: str
    changes: list[Change]
    cursor: CursorText
    """Where the next pull starts: the last change returned, or the request's cursor."""
    more: bool
    must_refetch: bool = False


class SnapshotPage(BaseModel):
    scope: str
    table: Table
    rows: list[list[Any]]
    cursor: CursorText
    """The change-log position taken before the snapshot began (the same on every page)."""
    next_table: Table | None
    next_after: str | None
    """Where the next page starts; both ``None`` on the last page."""
    total_estimate: int
    """Rows in the scope in all tables, for the progress bar (an estimate on PostgreSQL)."""


def snapshot_json(page: SnapshotPage) -> bytes:
    """The page as JSON, written by orjson: the same document as ``page.model_dump_json()``
    at about a quarter of the cost a row (HQ writes every terminal's initial load)."""
    return orjson.dumps(
        {
            "scope": page.scope,
            "table": page.table,
            "rows": page.rows,
            "cursor": page.cursor,
            "next_table": page.next_table,
            "next_after": page.next_after,
            "total_estimate": page.total_estimate,
        },
        default=_plain_value,
    )


def _plain_value(value: object) -> object:
    """What orjson leaves to us: PostgreSQL's numbers (as pydantic writes a ``Decimal``)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):  # pragma: no cover - orjson writes dates itself
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} does not travel in a snapshot row")


def parse_snapshot_page(content: bytes) -> SnapshotPage:
    """A page from HQ's JSON: the envelope checked by pydantic, each row checked to be an array.

    Why not ``SnapshotPage.model_validate_json``: checking 50,000 rows as ``list[list[Any]]``
    cost the terminal about three microseconds a row, orjson parses them in one; the values are
    checked column by column as they are written (:func:`counterdesk.sync.apply.upsert`).
    ``ValueError`` (pydantic's ``ValidationError`` is one) when the answer is not a page.
    """
    data = orjson.loads(content)
    if not isinstance(data, dict):
        raise ValueError("a snapshot page must be a JSON object")
    rows = data.pop("rows", None)
    if not isinstance(rows, list) or not all(type(row) is list for row in rows):
        raise ValueError("a snapshot page's rows must be a list of arrays")
    page = SnapshotPage.model_validate({**data, "rows": []})
    page.rows = rows
    return page


class TerminalStatus(BaseModel):
    terminal_id: str
    hall: str
    scopes: list[str]
    acked_through: int
    open_conflicts: int
    server_time: datetime
    protocol_version: int


class Conflict(BaseModel):
    id: int
    op_id: UUID
    terminal_id: str
    terminal_seq: int
    kind: str
    status: Literal["conflict", "rejected"]
    code: str
    message: str
    payload: dict[str, Any]
    business_time: datetime
    received_at: datetime
    state: Literal["open", "resolved"]
    resolution: str = ""
    resolved_by: str = ""
    resolved_at: datetime | None = None
    note: str = ""


class ConflictList(BaseModel):
    conflicts: list[Conflict]


class Resolve(BaseModel):
    """A manager's decision on a parked op: ``retry`` applies it again (after HQ's records were
    put right), ``dismiss`` closes it without booking (the other hall's meter change stands)."""

    action: Literal["retry", "dismiss"]
    manager_no: str = Field(min_length=1, max_length=16)
    note: str = Field(default="", max_length=500)


def accepted(protocol_version: int) -> bool:
    """HQ takes this protocol and the one before it (SYNC.md: never strand queued payments)."""
    return PROTOCOL_VERSION - 1 <= protocol_version <= PROTOCOL_VERSION and protocol_version >= 1


def row_dict(table: str, row: list[Any]) -> dict[str, Any]:
    """A travelling row as a dict of its columns (tests and logs; the hot path uses indexes)."""
    columns = TABLES[table]
    if len(row) != len(columns):
        raise ValueError(f"A {table} row has {len(columns)} columns, not {len(row)}.")
    return dict(zip(columns, row, strict=True))
