"""What every op handler at HQ shares: its context, the refusal it raises, payload field types.

An op handler books one terminal op (a payment, a shift, an order act) in the caller's
transaction and returns what HQ booked for the op's result (``{"ledger_version": 42}``). When HQ
cannot book it, the handler raises :class:`OpRefusedError`: ``conflict`` when a precondition failed
(the meter was changed by another hall first), ``rejected`` when HQ cannot book it at all (an
account it does not know, a payload it cannot read). The ledger then parks the op in the conflict
inbox; nothing the handler wrote stays (it runs inside a savepoint).
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any, Final, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Connection, text

from counterdesk.hq.database import is_postgres
from counterdesk.hq.terminals import Terminal
from counterdesk.sync.protocol import Op

M = TypeVar("M", bound=BaseModel)
MAX_FEN: Final = 10**13
"""No amount at a counter comes near ¥100 billion; a bigger one is a broken payload."""


class OpRefusedError(Exception):
    """HQ cannot book this op: ``status`` ``conflict`` or ``rejected`` with a stable code."""

    def __init__(self, status: Literal["conflict", "rejected"], code: str, message: str) -> None:
        super().__init__(message)
        self.status: Literal["conflict", "rejected"] = status
        self.code = code
        self.message = message


_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters but tab, newline and carriage return (a regex: every text field of every
op in a 500-op push passes here)."""


def _printable(value: str) -> str:
    # PostgreSQL text cannot hold NUL, and no receipt or clerk number has control characters.
    if _CONTROL.search(value):
        raise ValueError("control characters are not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a JSON "\udXXX" escape
        raise ValueError("text must be valid Unicode") from None
    return value


def clean(value: str) -> str:
    """Text any database can store: no NUL, no lone surrogates (replaced, not refused)."""
    return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


_Clean = AfterValidator(_printable)
Text16 = Annotated[str, Field(max_length=16), _Clean]
Text24 = Annotated[str, Field(max_length=24), _Clean]
Text32 = Annotated[str, Field(max_length=32), _Clean]
Text40 = Annotated[str, Field(max_length=40), _Clean]
Text100 = Annotated[str, Field(max_length=100), _Clean]
Text500 = Annotated[str, Field(max_length=500), _Clean]
"""Strings that fit their column and hold no control characters (PostgreSQL text holds no NUL)."""
Fen = Annotated[int, Field(ge=-MAX_FEN, le=MAX_FEN)]


class Payload(BaseModel):
    """Base of the payload models: unknown fields are ignored (a newer terminal may add some)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


@dataclass(frozen=True)
class Context:
    """One op being booked: the transaction, who sent it, the op, and HQ's time."""

    connection: Connection
    terminal: Terminal
    op: Op
    now: datetime

    @property
    def postgres(self) -> bool:
        return is_postgres(self.connection)

    @property
    def lock(self) -> str:
        """``FOR UPDATE`` where the database has row locks (SQLite has one writer anyway)."""
        return " FOR UPDATE" if self.postgres else ""

    def uid(self, value: uuid.UUID) -> Any:
        """A UUID as a raw SQL parameter (native on PostgreSQL, 32 hex digits on SQLite)."""
        return value if self.postgres else value.hex


def utc(moment: datetime) -> datetime:
    """An instant in UTC; a time without a zone from a payload is taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def aware(moment: Any) -> datetime | None:
    """A stored instant read back: SQLite returns UTC wall time without a zone."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    assert isinstance(moment, datetime)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def as_uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def dumps(value: Any) -> str:
    """JSON for a text column: readable Chinese, but escaped when the value holds text that is
    not valid Unicode (a lone surrogate in a fuzzed payload), which no database stores."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, ensure_ascii=True, sort_keys=True, default=str)
    return text


@dataclass(frozen=True)
class AccountState:
    """The account as a handler locked it."""

    uid: uuid.UUID
    area_code: str
    prepaid_fen: int
    version: int
    ledger_version: int
    customer_uid: uuid.UUID


def lock_account(context: Context, account_uid: uuid.UUID) -> AccountState | None:
    """The account, locked until the op's transaction ends (two halls paying one account queue
    here instead of overwriting each other's balance)."""
    row = context.connection.execute(
        text(
            "SELECT uid, area_code, prepaid_fen, version, ledger_version, customer_uid "  # noqa: S608
            f"FROM hq_account WHERE uid = :u{context.lock}"
        ),
        {"u": context.uid(account_uid)},
    ).one_or_none()
    if row is None:
        return None
    return AccountState(
        as_uuid(row[0]), str(row[1]), int(row[2]), int(row[3]), int(row[4]), as_uuid(row[5])
    )


def parse(model: type[M], context: Context) -> M:
    """The op's payload as ``model``, or a rejection naming what is wrong with it."""
    try:
        return model.model_validate(context.op.payload)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or 'payload'}: {item['msg']}"
            for item in error.errors()[:3]
        )
        raise OpRefusedError(
            "rejected",
            "bad_payload",
            f"HQ cannot read this {context.op.kind} (payload version "
            f"{context.op.payload_version}): {problems}.",
        ) from None
