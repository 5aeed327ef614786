"""HQ's tables: ledger mirror, terminals, applied ops, conflicts, alerts and the change log

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-21 14:13:14.228673
"""
# ruff: noqa: PLR0915

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hq_account",
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("customer_uid", sa.Uuid(), nullable=False),
        sa.Column("utility", sa.String(length=16), nullable=False),
        sa.Column("customer_class", sa.String(length=24), nullable=False),
        sa.Column("tariff_code", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("key_customer", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("area_code", sa.String(length=16), nullable=False),
        sa.Column("prepaid_fen", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("version", sa.BigInteger(), server_default="1", nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("ledger_version", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("uid"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("hq_account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hq_account_area_code"), ["area_code"], unique=False)
        batch_op.create_index("ix_hq_account_area_uid", ["area_code", "uid"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_hq_account_customer_uid"), ["customer_uid"], unique=False
        )

    op.create_table(
        "hq_alert",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("terminal_id", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "hq_applied_op",
        sa.Column("op_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.String(length=16), nullable=False),
        sa.Column("terminal_seq", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=40), server_default="", nullable=False),
        sa.Column("message", sa.Text(), server_default="", nullable=False),
        sa.Column("result", sa.Text(), server_default="{}", nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("op_id"),
        sa.UniqueConstraint("terminal_id", "terminal_seq", name="uq_hq_applied_op_seq"),
    )
    op.create_table(
        "hq_bill",
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("account_uid", sa.Uuid(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("units", sa.BigInteger(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("paid_fen", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("kind", sa.String(length=16), server_default="energy", nullable=False),
        sa.Column("order_uid", sa.Uuid(), nullable=True),
        sa.Column("ledger_version", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("area_code", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("uid"),
    )
    with op.batch_alter_table("hq_bill", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hq_bill_account_uid"), ["account_uid"], unique=False)
        batch_op.create_index(batch_op.f("ix_hq_bill_area_code"), ["area_code"], unique=False)
        batch_op.create_index("ix_hq_bill_area_uid", ["area_code", "uid"], unique=False)

    op.create_table(
        "hq_change",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            sa.Identity(always=False),
            nullable=False,
        ),
        sa.Column("xid", sa.BigInteger(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("tbl", sa.String(length=24), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("row", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("hq_change", schema=None) as batch_op:
        batch_op.create_index("ix_hq_change_at", ["at"], unique=False)
        batch_op.create_index(
            "ix_hq_change_key", ["scope", "tbl", "key", "xid", "seq"], unique=False
        )
        batch_op.create_index("ix_hq_change_scope_pos", ["scope", "xid", "seq"], unique=False)

    op.create_table(
        "hq_conflict",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("op_id", sa.Uuid(), nullable=False),
        sa.Column("terminal_id", sa.String(length=16), nullable=False),
        sa.Column("hall", sa.String(length=64), nullable=False),
        sa.Column("terminal_seq", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("business_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("resolution", sa.String(length=16), server_default="", nullable=False),
        sa.Column("resolved_by", sa.String(length=16), server_default="", nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("op_id"),
    )
    with op.batch_alter_table("hq_conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hq_conflict_hall"), ["hall"], unique=False)

    op.create_table(
        "hq_customer",
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("id_number", sa.String(length=18), nullable=True),
        sa.Column("area_code", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("uid"),
    )
    with op.batch_alter_table("hq_customer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hq_customer_area_code"), ["area_code"], unique=False)
        batch_op.create_index("ix_hq_customer_area_uid", ["area_code", "uid"], unique=False)

    op.create_table(
        "hq_meter",
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("utility", sa.String(length=16), nullable=False),
        sa.Column("ct_ratio", sa.Integer(), server_default="1", nullable=False),
        sa.Column("pt_ratio", sa.Integer(), server_default="1", nullable=False),
        sa.Column("registers", sa.String(length=64), server_default="total", nullable=False),
        sa.Column("digits", sa.Integer(), server_default="6", nullable=False),
        sa.Column("area_code", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("uid"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("hq_meter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hq_meter_area_code"), ["area_code"], unique=False)
        batch_op.create_index("ix_hq_meter_area_uid", ["area_code", "uid"], unique=False)

    op.create_table(
        "hq_meter_installation",
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("meter_uid", sa.Uuid(), nullable=False),
        sa.Column("account_uid", sa.Uuid(), nullable=False),
        sa.Column("installed_on", sa.Date(), nullable=False),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.Column("initial_readings", sa.Text(), server_default="{}", nullable=False),
        sa.Column("area_code", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("uid"),
    )
    with op.batch_alter_table("hq_meter_installation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hq_meter_installation_account_uid"), ["account_uid"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_hq_meter_installation_area_code"), ["area_code"], unique=False
        )
        batch_op.create_index(
            "ix_hq_meter_installation_area_uid", ["area_code", "uid"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_hq_meter_installation_meter_uid"), ["meter_uid"], unique=False
        )

    op.create_table(
        "hq_payment",
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("receipt_no", sa.String(length=32), nullable=False),
        sa.Column("terminal_id", sa.String(length=16), nullable=False),
        sa.Column("account_uid", sa.Uuid(), nullable=False),
        sa.Column("shift_uid", sa.Uuid(), nullable=True),
        sa.Column("clerk_no", sa.String(length=16), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_fen", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("anomaly", sa.Text(), server_default="", nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("booked", sa.Text(), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("uid"),
    )
    with op.batch_alter_table("hq_payment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hq_payment_account_uid"), ["account_uid"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_hq_payment_terminal_id"), ["terminal_id"], unique=False
        )

    op.create_table(
        "hq_reversal",
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("payment_uid", sa.Uuid(), nullable=False),
        sa.Column("reversal_no", sa.String(length=32), nullable=False),
        sa.Column("terminal_id", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("uid"),
        sa.UniqueConstraint("payment_uid"),
    )
    op.create_table(
        "hq_shift",
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("shift_no", sa.String(length=32), nullable=False),
        sa.Column("terminal_id", sa.String(length=16), nullable=False),
        sa.Column("clerk_no", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("uid"),
    )
    op.create_table(
        "hq_sync_horizon",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("xid", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope"),
    )
    op.create_table(
        "hq_tariff",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("utility", sa.String(length=16), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "hq_terminal",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("terminal_id", sa.String(length=16), nullable=False),
        sa.Column("hall", sa.String(length=64), nullable=False),
        sa.Column("areas", sa.String(length=400), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acked_through", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("max_seq", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=True),
        sa.Column("protocol_version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("terminal_id"),
        sa.UniqueConstraint("token_sha256"),
    )
    op.create_table(
        "hq_work_order",
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("order_no", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("subtype", sa.String(length=32), server_default="", nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("account_uid", sa.Uuid(), nullable=True),
        sa.Column("customer_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("area_code", sa.String(length=16), nullable=False),
        sa.Column("first_owner_no", sa.String(length=16), server_default="", nullable=False),
        sa.Column("department", sa.String(length=40), server_default="", nullable=False),
        sa.Column("handler_no", sa.String(length=40), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.BigInteger(), server_default="1", nullable=False),
        sa.Column("terminal_id", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("uid"),
        sa.UniqueConstraint("order_no"),
    )
    with op.batch_alter_table("hq_work_order", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hq_work_order_account_uid"), ["account_uid"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_hq_work_order_area_code"), ["area_code"], unique=False)
        batch_op.create_index("ix_hq_work_order_area_uid", ["area_code", "uid"], unique=False)

    op.create_table(
        "hq_work_order_event",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            sa.Identity(always=False),
            nullable=False,
        ),
        sa.Column("op_id", sa.Uuid(), nullable=False),
        sa.Column("order_uid", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=True),
        sa.Column("to_state", sa.String(length=24), nullable=True),
        sa.Column("clerk_no", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("op_id"),
    )
    with op.batch_alter_table("hq_work_order_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hq_work_order_event_order_uid"), ["order_uid"], unique=False
        )


def downgrade() -> None:
    # Dropping a table drops its indexes; the order does not matter (no foreign keys between them).
    for table in (
        "hq_work_order_event", "hq_work_order", "hq_terminal", "hq_tariff", "hq_sync_horizon",
        "hq_shift", "hq_reversal", "hq_payment", "hq_meter_installation", "hq_meter",
        "hq_customer", "hq_conflict", "hq_change", "hq_bill", "hq_applied_op", "hq_alert",
        "hq_account",
    ):  # fmt: skip
        op.drop_table(table)
