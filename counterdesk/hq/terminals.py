"""Terminals HQ knows: registering one with its token, listing, revoking, and authenticating.

A terminal proves itself with a bearer token made once at registration (``counterdesk hq
add-terminal``) and shown once; HQ keeps only its SHA-256. A 256-bit random token needs no slow
password hash (nobody can guess it), and a copy of HQ's database does not give the tokens away.

A terminal's scopes are ``*`` (tariffs, which every terminal needs) and the service areas of its
hall: it may pull only those, so a hall never sees another area's customers.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError

from counterdesk.hq import schema
from counterdesk.hq.database import reading
from counterdesk.sync.protocol import GLOBAL_SCOPE

TOKEN_PREFIX: Final = "cdt_"  # noqa: S105 - a marker that says what the string is, not a secret
TERMINAL_ID: Final = re.compile(r"[A-Za-z0-9_-]{1,16}")
AREA_CODE: Final = re.compile(r"[A-Za-z0-9_-]{1,16}")
SEEN_EVERY: Final = timedelta(minutes=1)
"""``last_seen_at`` is written at most this often: a write per request would cost more than the
request on a busy HQ, and IT only needs to know whether a terminal called in recently."""


class TerminalError(Exception):
    """A terminal cannot be registered or changed as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class Terminal:
    """An authenticated terminal: who it is and what it may pull."""

    terminal_id: str
    hall: str
    scopes: tuple[str, ...]

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(scope for scope in self.scopes if scope != GLOBAL_SCOPE)


@dataclass(frozen=True, slots=True)
class TerminalInfo:
    """A registered terminal as IT lists it."""

    terminal_id: str
    hall: str
    areas: tuple[str, ...]
    created_at: datetime
    revoked_at: datetime | None
    last_seen_at: datetime | None
    acked_through: int
    max_seq: int
    protocol_version: int | None
    schema_version: int | None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_areas(areas: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``"A01, A02"`` or a list as a tuple of area codes, each checked, in order, no repeats."""
    items = areas.split(",") if isinstance(areas, str) else list(areas)
    codes: list[str] = []
    for item in items:
        code = item.strip()
        if not code:
            continue
        if not AREA_CODE.fullmatch(code):
            raise TerminalError(
                f"{code!r} is not an area code: use 1 to 16 letters, digits, '-' or '_'."
            )
        if code not in codes:
            codes.append(code)
    if not codes:
        raise TerminalError("Name at least one service area the hall serves (--areas A01,A02).")
    if len(",".join(codes)) > 400:
        raise TerminalError("Too many areas for one terminal (at most 400 characters in all).")
    return tuple(codes)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands times back without their zone; HQ stores UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def add_terminal(
    engine: Engine,
    terminal_id: str,
    hall: str,
    areas: str | list[str] | tuple[str, ...],
    *,
    now: datetime | None = None,
) -> str:
    """Register a terminal and return its token, the only time it exists in clear text."""
    terminal_id = terminal_id.strip()
    if not TERMINAL_ID.fullmatch(terminal_id):
        raise TerminalError(
            f"{terminal_id!r} is not a terminal id: use 1 to 16 letters, digits, '-' or '_' "
            "(the terminal code in its settings, such as T01)."
        )
    hall = hall.strip()
    if not hall or len(hall) > 64 or "\x00" in hall:
        raise TerminalError("Name the terminal's hall (1 to 64 characters).")
    codes = parse_areas(areas)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    try:
        with engine.begin() as connection:
            taken = connection.execute(
                select(schema.terminal.c.hall).where(schema.terminal.c.terminal_id == terminal_id)
            ).scalar_one_or_none()
            if taken is not None:
                raise TerminalError(
                    f"Terminal {terminal_id} is registered already (hall {taken}). Revoke it and "
                    "register the replacement under a new id."
                )
            connection.execute(
                schema.terminal.insert().values(
                    terminal_id=terminal_id,
                    hall=hall,
                    areas=",".join(codes),
                    token_sha256=token_hash(token),
                    created_at=(now or datetime.now(UTC)).astimezone(UTC),
                )
            )
    except IntegrityError as error:  # two registrations of one id at the same moment
        raise TerminalError(f"Terminal {terminal_id} is registered already.") from error
    return token


def list_terminals(engine: Engine) -> list[TerminalInfo]:
    t = schema.terminal.c
    with reading(engine) as connection:
        rows = connection.execute(
            select(t.terminal_id, t.hall, t.areas, t.created_at, t.revoked_at, t.last_seen_at,
                   t.acked_through, t.max_seq, t.protocol_version, t.schema_version)
            .order_by(t.hall, t.terminal_id)
        ).all()  # fmt: skip
    return [
        TerminalInfo(
            str(row.terminal_id),
            str(row.hall),
            tuple(code for code in str(row.areas).split(",") if code),
            _aware(row.created_at) or datetime.now(UTC),
            _aware(row.revoked_at),
            _aware(row.last_seen_at),
            int(row.acked_through),
            int(row.max_seq),
            row.protocol_version,
            row.schema_version,
        )
        for row in rows
    ]


def revoke(engine: Engine, terminal_id: str, *, now: datetime | None = None) -> None:
    """Refuse the terminal's token from now on (a stolen or retired PC). Its history stays."""
    t = schema.terminal.c
    with engine.begin() as connection:
        row = connection.execute(
            select(t.revoked_at).where(t.terminal_id == terminal_id.strip())
        ).one_or_none()
        if row is None:
            raise TerminalError(f"No terminal {terminal_id!r} is registered.")
        if row.revoked_at is not None:
            raise TerminalError(
                f"Terminal {terminal_id} was revoked already, at "
                f"{_aware(row.revoked_at):%Y-%m-%d %H:%M} UTC."
            )
        connection.execute(
            update(schema.terminal)
            .where(t.terminal_id == terminal_id.strip())
            .values(revoked_at=(now or datetime.now(UTC)).astimezone(UTC))
        )


@dataclass(frozen=True, slots=True)
class TokenCheck:
    """What a token is: a terminal, a revoked terminal's token, or nothing HQ issued."""

    terminal: Terminal | None
    revoked: bool = False


def check_token(engine: Engine, token: str, *, now: datetime | None = None) -> TokenCheck:
    """Like :func:`authenticate`, telling a revoked token from an unknown one (for the message)."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return TokenCheck(None)
    t = schema.terminal.c
    with reading(engine) as connection:
        row = connection.execute(
            select(t.id, t.terminal_id, t.hall, t.areas, t.revoked_at, t.last_seen_at).where(
                t.token_sha256 == token_hash(token)
            )
        ).one_or_none()
    if row is None:
        return TokenCheck(None)
    if row.revoked_at is not None:
        return TokenCheck(None, revoked=True)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    seen = _aware(row.last_seen_at)
    if seen is None or moment - seen >= SEEN_EVERY:
        with engine.begin() as connection:
            connection.execute(
                update(schema.terminal).where(t.id == row.id).values(last_seen_at=moment)
            )
    areas = tuple(code for code in str(row.areas).split(",") if code)
    return TokenCheck(Terminal(str(row.terminal_id), str(row.hall), (GLOBAL_SCOPE, *areas)))


def authenticate(engine: Engine, token: str, *, now: datetime | None = None) -> Terminal | None:
    """The terminal holding ``token``, or ``None`` for an unknown or revoked token."""
    return check_token(engine, token, now=now).terminal
