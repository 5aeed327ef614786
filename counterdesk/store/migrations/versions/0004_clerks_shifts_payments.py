"""clerks, audit log, shifts, payments, reversals, outbox and work orders

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 09:02:11.601403
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# Frozen copy: a migration must not change when the live module does.
AUDIT_TRIGGERS = {
    "audit_entry_no_update": (
        "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    ),
    "audit_entry_no_delete": (
        "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    ),
}

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    op.create_table(
        "clerk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.LargeBinary(length=16), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "clerk",
                "manager",
                "admin",
                name="clerk_role",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clerk")),
        sa.UniqueConstraint("number", name=op.f("uq_clerk_number")),
        sa.UniqueConstraint("uid", name=op.f("uq_clerk_uid")),
    )
    op.create_table(
        "number_sequence",
        sa.Column("name", sa.String(length=48), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_number_sequence")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("op_id", sa.LargeBinary(length=16), nullable=False),
        sa.Column("terminal_id", sa.String(length=16), nullable=False),
        sa.Column("terminal_seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload_version", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "pending",
                "sent",
                "rejected",
                name="outbox_state",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("business_time", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("op_id", name=op.f("uq_outbox_op_id")),
        sa.UniqueConstraint("terminal_seq", name=op.f("uq_outbox_terminal_seq")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_state"), ["state"], unique=False)

    op.create_table(
        "shift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.LargeBinary(length=16), nullable=False),
        sa.Column("shift_no", sa.String(length=32), nullable=False),
        sa.Column("terminal_code", sa.String(length=16), nullable=False),
        sa.Column("window", sa.String(length=8), nullable=False),
        sa.Column("clerk_id", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "open",
                "closed",
                name="shift_state",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("float_fen", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("z_no", sa.String(length=24), nullable=True),
        sa.Column("counted", sa.Text(), nullable=True),
        sa.Column("expected_cash_fen", sa.Integer(), nullable=True),
        sa.Column("counted_cash_fen", sa.Integer(), nullable=True),
        sa.Column("difference_fen", sa.Integer(), nullable=True),
        sa.Column("difference_reason", sa.String(length=200), nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["approved_by_id"], ["clerk.id"], name=op.f("fk_shift_approved_by_id_clerk")
        ),
        sa.ForeignKeyConstraint(["clerk_id"], ["clerk.id"], name=op.f("fk_shift_clerk_id_clerk")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift")),
        sa.UniqueConstraint("shift_no", name=op.f("uq_shift_shift_no")),
        sa.UniqueConstraint("uid", name=op.f("uq_shift_uid")),
        sa.UniqueConstraint("z_no", name=op.f("uq_shift_z_no")),
    )
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shift_clerk_id"), ["clerk_id"], unique=False)
        batch_op.create_index(
            "uq_shift_one_open_per_terminal",
            ["terminal_code"],
            unique=True,
            sqlite_where=sa.text("state = 'open'"),
        )

    op.create_table(
        "payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.LargeBinary(length=16), nullable=False),
        sa.Column("receipt_no", sa.String(length=32), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("clerk_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("paid_at", sa.DateTime(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "posted",
                "reversed",
                name="payment_state",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("received_fen", sa.Integer(), nullable=False),
        sa.Column("tendered_fen", sa.Integer(), nullable=False),
        sa.Column("change_fen", sa.Integer(), nullable=False),
        sa.Column("prepaid_before_fen", sa.Integer(), nullable=False),
        sa.Column("prepaid_after_fen", sa.Integer(), nullable=False),
        sa.Column("receipt", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_payment_account_id_account")
        ),
        sa.ForeignKeyConstraint(["clerk_id"], ["clerk.id"], name=op.f("fk_payment_clerk_id_clerk")),
        sa.ForeignKeyConstraint(["shift_id"], ["shift.id"], name=op.f("fk_payment_shift_id_shift")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment")),
        sa.UniqueConstraint("receipt_no", name=op.f("uq_payment_receipt_no")),
        sa.UniqueConstraint("uid", name=op.f("uq_payment_uid")),
    )
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index("ix_payment_account_paid_at", ["account_id", "paid_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_business_day"), ["business_day"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_shift_id"), ["shift_id"], unique=False)

    op.create_table(
        "work_order",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.LargeBinary(length=16), nullable=False),
        sa.Column("order_no", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("source_uid", sa.LargeBinary(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_work_order_account_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_order")),
        sa.UniqueConstraint("order_no", name=op.f("uq_work_order_order_no")),
        sa.UniqueConstraint("uid", name=op.f("uq_work_order_uid")),
    )
    with op.batch_alter_table("work_order", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_order_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_order_source_uid"), ["source_uid"], unique=False)

    op.create_table(
        "allocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("bill_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["bill_id"], ["bill.id"], name=op.f("fk_allocation_bill_id_bill")),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payment.id"], name=op.f("fk_allocation_payment_id_payment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocation")),
    )
    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_allocation_bill_id"), ["bill_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_allocation_payment_id"), ["payment_id"], unique=False)

    op.create_table(
        "invoice_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.LargeBinary(length=16), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("tax_id", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=100), nullable=False),
        sa.Column("period_from", sa.Integer(), nullable=False),
        sa.Column("period_to", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payment.id"], name=op.f("fk_invoice_request_payment_id_payment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_request")),
        sa.UniqueConstraint("uid", name=op.f("uq_invoice_request_uid")),
    )
    with op.batch_alter_table("invoice_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invoice_request_payment_id"), ["payment_id"], unique=False
        )

    op.create_table(
        "payment_tender",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("tender", sa.String(length=16), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payment.id"], name=op.f("fk_payment_tender_payment_id_payment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_tender")),
    )
    with op.batch_alter_table("payment_tender", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_tender_payment_id"), ["payment_id"], unique=False
        )

    op.create_table(
        "reversal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.LargeBinary(length=16), nullable=False),
        sa.Column("reversal_no", sa.String(length=32), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("clerk_id", sa.Integer(), nullable=False),
        sa.Column("approved_by_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("reversed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by_id"], ["clerk.id"], name=op.f("fk_reversal_approved_by_id_clerk")
        ),
        sa.ForeignKeyConstraint(
            ["clerk_id"], ["clerk.id"], name=op.f("fk_reversal_clerk_id_clerk")
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payment.id"], name=op.f("fk_reversal_payment_id_payment")
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shift.id"], name=op.f("fk_reversal_shift_id_shift")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reversal")),
        sa.UniqueConstraint("payment_id", name=op.f("uq_reversal_payment_id")),
        sa.UniqueConstraint("reversal_no", name=op.f("uq_reversal_reversal_no")),
        sa.UniqueConstraint("uid", name=op.f("uq_reversal_uid")),
    )
    with op.batch_alter_table("reversal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reversal_shift_id"), ["shift_id"], unique=False)

    # ADD COLUMN, not a table rebuild: the account table has search triggers and a million rows.
    op.add_column("account", sa.Column("closed_on", sa.Date(), nullable=True))
    for sql in AUDIT_TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in AUDIT_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_column("account", "closed_on")
    with op.batch_alter_table("reversal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reversal_shift_id"))

    op.drop_table("reversal")
    with op.batch_alter_table("payment_tender", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_tender_payment_id"))

    op.drop_table("payment_tender")
    with op.batch_alter_table("invoice_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_request_payment_id"))

    op.drop_table("invoice_request")
    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocation_payment_id"))
        batch_op.drop_index(batch_op.f("ix_allocation_bill_id"))

    op.drop_table("allocation")
    with op.batch_alter_table("work_order", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_order_source_uid"))
        batch_op.drop_index(batch_op.f("ix_work_order_account_id"))

    op.drop_table("work_order")
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_shift_id"))
        batch_op.drop_index(batch_op.f("ix_payment_business_day"))
        batch_op.drop_index("ix_payment_account_paid_at")

    op.drop_table("payment")
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_shift_one_open_per_terminal", sqlite_where=sa.text("state = 'open'")
        )
        batch_op.drop_index(batch_op.f("ix_shift_clerk_id"))

    op.drop_table("shift")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_state"))

    op.drop_table("outbox")
    op.drop_table("number_sequence")
    op.drop_table("clerk")
    op.drop_table("audit_entry")
