"""HQ's tables (SYNC.md, HQ side): the ledger, terminals, applied ops, conflicts, the change log.

PostgreSQL in production, SQLite for the demo and small sites, so the types are the portable
ones (``Uuid`` is native on PostgreSQL and 32 hex characters on SQLite). Every table is prefixed
``hq_`` because a small site runs ``serve --role all`` on one SQLite file beside the hall's queue
tables, and its Alembic history is kept in ``hq_alembic_version`` for the same reason.

The ledger tables mirror the terminal's synced tables column for column
(:data:`counterdesk.sync.protocol.TABLES`), keyed by UUID instead of local integer ids.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Identity,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

metadata: Final = MetaData()
VERSION_TABLE: Final = "hq_alembic_version"


def _uid(name: str = "uid", **kw: object) -> Column[object]:
    return Column(name, Uuid(as_uuid=True), **kw)  # type: ignore[arg-type]


terminal = Table(
    "hq_terminal",
    metadata,
    Column("id", Integer, Identity(), primary_key=True),
    Column("terminal_id", String(16), nullable=False, unique=True),
    Column("hall", String(64), nullable=False),
    Column("areas", String(400), nullable=False),
    # Comma-separated area codes the terminal's hall serves: its scopes besides ``*``.
    Column("token_sha256", String(64), nullable=False, unique=True),
    # SHA-256 of the one-time token: a random 256-bit token needs no slow hash, and a stolen
    # database does not give the tokens away.
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_seen_at", DateTime(timezone=True)),
    Column("acked_through", BigInteger, nullable=False, server_default="0"),
    # Every op of this terminal with ``terminal_seq`` up to here has been applied.
    Column("max_seq", BigInteger, nullable=False, server_default="0"),
    Column("schema_version", Integer),
    Column("protocol_version", Integer),
)

tariff = Table(
    "hq_tariff",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("utility", String(16), nullable=False),
    Column("definition", Text, nullable=False),
)

customer = Table(
    "hq_customer",
    metadata,
    _uid(primary_key=True),
    Column("name", String(100), nullable=False),
    Column("phone", String(20)),
    Column("id_number", String(18)),
    Column("area_code", String(16), nullable=False, index=True),
    # The area of the customer's (first) account: customers travel in that account's scope.
    Index("ix_hq_customer_area_uid", "area_code", "uid"),
    # Snapshot pages walk one area in key order: one index range scan a page.
)

account = Table(
    "hq_account",
    metadata,
    _uid(primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    _uid("customer_uid", nullable=False, index=True),
    Column("utility", String(16), nullable=False),
    Column("customer_class", String(24), nullable=False),
    Column("tariff_code", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("key_customer", Boolean, nullable=False, server_default="0"),
    Column("address", String(200), nullable=False),
    Column("area_code", String(16), nullable=False, index=True),
    Column("prepaid_fen", BigInteger, nullable=False, server_default="0"),
    Column("version", BigInteger, nullable=False, server_default="1"),
    Column("closed_on", Date),
    Column("ledger_version", BigInteger, nullable=False, server_default="0"),
    Index("ix_hq_account_area_uid", "area_code", "uid"),
)

meter = Table(
    "hq_meter",
    metadata,
    _uid(primary_key=True),
    Column("number", String(32), nullable=False, unique=True),
    Column("utility", String(16), nullable=False),
    Column("ct_ratio", Integer, nullable=False, server_default="1"),
    Column("pt_ratio", Integer, nullable=False, server_default="1"),
    Column("registers", String(64), nullable=False, server_default="total"),
    Column("digits", Integer, nullable=False, server_default="6"),
    Column("area_code", String(16), nullable=False, index=True),
    Index("ix_hq_meter_area_uid", "area_code", "uid"),
)

meter_installation = Table(
    "hq_meter_installation",
    metadata,
    _uid(primary_key=True),
    _uid("meter_uid", nullable=False, index=True),
    _uid("account_uid", nullable=False, index=True),
    Column("installed_on", Date, nullable=False),
    Column("removed_on", Date),
    Column("initial_readings", Text, nullable=False, server_default="{}"),
    Column("area_code", String(16), nullable=False, index=True),
    Index("ix_hq_meter_installation_area_uid", "area_code", "uid"),
)

bill = Table(
    "hq_bill",
    metadata,
    _uid(primary_key=True),
    _uid("account_uid", nullable=False, index=True),
    Column("period", Integer, nullable=False),
    Column("units", BigInteger, nullable=False),
    Column("amount_fen", BigInteger, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("paid_fen", BigInteger, nullable=False, server_default="0"),
    Column("kind", String(16), nullable=False, server_default="energy"),
    _uid("order_uid"),
    Column("ledger_version", BigInteger, nullable=False, server_default="0"),
    Column("area_code", String(16), nullable=False, index=True),
    Index("ix_hq_bill_area_uid", "area_code", "uid"),
)

work_order = Table(
    "hq_work_order",
    metadata,
    _uid(primary_key=True),
    Column("order_no", String(32), nullable=False, unique=True),
    Column("kind", String(24), nullable=False),
    Column("subtype", String(32), nullable=False, server_default=""),
    Column("state", String(24), nullable=False),
    _uid("account_uid", index=True),
    Column("customer_name", String(100), nullable=False, server_default=""),
    Column("area_code", String(16), nullable=False, index=True),
    Column("first_owner_no", String(16), nullable=False, server_default=""),
    Column("department", String(40), nullable=False, server_default=""),
    Column("handler_no", String(40), nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True)),
    Column("closed_at", DateTime(timezone=True)),
    Column("version", BigInteger, nullable=False, server_default="1"),
    Column("terminal_id", String(16), nullable=False),
    Index("ix_hq_work_order_area_uid", "area_code", "uid"),
)

work_order_event = Table(
    "hq_work_order_event",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), Identity(), primary_key=True),
    _uid("op_id", nullable=False, unique=True),
    _uid("order_uid", nullable=False, index=True),
    Column("action", String(24), nullable=False),
    Column("from_state", String(24)),
    Column("to_state", String(24)),
    Column("clerk_no", String(16), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("payload", Text, nullable=False),
)

payment = Table(
    "hq_payment",
    metadata,
    _uid(primary_key=True),
    Column("receipt_no", String(32), nullable=False),
    Column("terminal_id", String(16), nullable=False, index=True),
    _uid("account_uid", nullable=False, index=True),
    _uid("shift_uid"),
    Column("clerk_no", String(16), nullable=False),
    Column("paid_at", DateTime(timezone=True), nullable=False),
    Column("received_fen", BigInteger, nullable=False),
    Column("state", String(16), nullable=False),
    # ``posted`` or ``reversed``.
    Column("anomaly", Text, nullable=False, server_default=""),
    # What HQ's recomputation found different from the terminal's split (a bill already paid
    # elsewhere, a bill HQ does not know): the money is booked all the same, to prepaid.
    Column("payload", Text, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
    Column("booked", Text, nullable=False, server_default="{}"),
    # What HQ actually booked, as JSON (``{"bills": {uid: fen}, "prepaid_fen": n}``): the
    # terminal's split may differ (see ``anomaly``), and a reversal must undo HQ's booking exactly.
)

reversal = Table(
    "hq_reversal",
    metadata,
    _uid(primary_key=True),
    _uid("payment_uid", nullable=False, unique=True),
    Column("reversal_no", String(32), nullable=False),
    Column("terminal_id", String(16), nullable=False),
    Column("payload", Text, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

shift = Table(
    "hq_shift",
    metadata,
    _uid(primary_key=True),
    Column("shift_no", String(32), nullable=False),
    Column("terminal_id", String(16), nullable=False),
    Column("clerk_no", String(16), nullable=False),
    Column("state", String(16), nullable=False),
    Column("payload", Text, nullable=False),
)

applied_op = Table(
    "hq_applied_op",
    metadata,
    _uid("op_id", primary_key=True),
    Column("terminal_id", String(16), nullable=False),
    Column("terminal_seq", BigInteger, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("status", String(16), nullable=False),
    Column("code", String(40), nullable=False, server_default=""),
    Column("message", Text, nullable=False, server_default=""),
    Column("result", Text, nullable=False, server_default="{}"),
    Column("applied_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("terminal_id", "terminal_seq", name="uq_hq_applied_op_seq"),
)

conflict = Table(
    "hq_conflict",
    metadata,
    Column("id", Integer, Identity(), primary_key=True),
    _uid("op_id", nullable=False, unique=True),
    Column("terminal_id", String(16), nullable=False),
    Column("hall", String(64), nullable=False, index=True),
    Column("terminal_seq", BigInteger, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("payload_version", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("code", String(40), nullable=False),
    Column("message", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("business_time", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("state", String(16), nullable=False, server_default="open"),
    Column("resolution", String(16), nullable=False, server_default=""),
    Column("resolved_by", String(16), nullable=False, server_default=""),
    Column("resolved_at", DateTime(timezone=True)),
    Column("note", Text, nullable=False, server_default=""),
)

alert = Table(
    "hq_alert",
    metadata,
    Column("id", Integer, Identity(), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("terminal_id", String(16), nullable=False),
    Column("kind", String(24), nullable=False),
    # ``seq_gap`` (ops missing from a terminal), ``seq_reused`` (one sequence number, two ops).
    Column("message", Text, nullable=False),
)

change = Table(
    "hq_change",
    metadata,
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), Identity(), primary_key=True),
    Column("xid", BigInteger, nullable=False),
    # The writing transaction (``pg_current_xact_id()``) on PostgreSQL; 0 on SQLite, whose one
    # writer at a time commits in sequence order.
    Column("scope", String(16), nullable=False),
    Column("tbl", String(24), nullable=False),
    Column("key", String(64), nullable=False),
    Column("row", Text),
    # The row as a JSON array in :data:`counterdesk.sync.protocol.TABLES` order; NULL is a
    # tombstone.
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_hq_change_scope_pos", "scope", "xid", "seq"),
    Index("ix_hq_change_key", "scope", "tbl", "key", "xid", "seq"),
    # Compaction finds the rows of one key that a newer row supersedes.
    Index("ix_hq_change_at", "at"),
    sqlite_autoincrement=True,
    # Never reuse a sequence number on SQLite, even after compaction emptied the log: a cursor
    # must not point past rows written later.
)

horizon = Table(
    "hq_sync_horizon",
    metadata,
    Column("scope", String(16), primary_key=True),
    Column("xid", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False),
    # Changes at or before ``(xid, seq)`` were compacted away: a cursor older than this must
    # refetch the scope from a snapshot.
)
