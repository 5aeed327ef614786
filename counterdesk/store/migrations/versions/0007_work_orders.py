"""work orders: owner, department, steps with deadlines, history; meter readings; bill kinds

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21 13:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("work_order", schema=None) as batch_op:
        batch_op.alter_column("account_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("subtype", sa.String(length=32), nullable=False,
                                      server_default=""))  # fmt: skip
        batch_op.add_column(sa.Column("customer_name", sa.String(length=100), nullable=False,
                                      server_default=""))  # fmt: skip
        batch_op.add_column(sa.Column("contact_phone", sa.String(length=20), nullable=False,
                                      server_default=""))  # fmt: skip
        batch_op.add_column(sa.Column("area_code", sa.String(length=16), nullable=False,
                                      server_default=""))  # fmt: skip
        batch_op.add_column(sa.Column("first_owner_no", sa.String(length=16), nullable=False,
                                      server_default=""))  # fmt: skip
        batch_op.add_column(sa.Column("department", sa.String(length=40), nullable=False,
                                      server_default=""))  # fmt: skip
        batch_op.add_column(sa.Column("handler_no", sa.String(length=40), nullable=False,
                                      server_default=""))  # fmt: skip
        batch_op.add_column(sa.Column("paused_from", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("paused_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False,
                                      server_default="1"))  # fmt: skip
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(), nullable=True))
        batch_op.create_index("ix_work_order_open_due", ["state", "due_at"], unique=False)
        batch_op.create_index("ix_work_order_department", ["department", "handler_no"],
                              unique=False)  # fmt: skip

    op.create_table(
        "work_order_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.String(length=12), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"], ["work_order.id"], name=op.f("fk_work_order_step_order_id_work_order")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_order_step")),
        sa.UniqueConstraint("order_id", "seq", name="uq_work_order_step_order_seq"),
    )
    op.create_table(
        "work_order_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("clerk_no", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=True),
        sa.Column("to_state", sa.String(length=24), nullable=True),
        sa.Column("department", sa.String(length=40), nullable=False),
        sa.Column("handler_no", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["work_order.id"], name=op.f("fk_work_order_event_order_id_work_order")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_order_event")),
    )
    with op.batch_alter_table("work_order_event", schema=None) as batch_op:
        batch_op.create_index("ix_work_order_event_order", ["order_id", "id"], unique=False)

    op.create_table(
        "meter_reading",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("installation_id", sa.Integer(), nullable=False),
        sa.Column("register", sa.String(length=16), nullable=False),
        sa.Column("read_on", sa.Date(), nullable=False),
        sa.Column("reading", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["installation_id"],
            ["meter_installation.id"],
            name=op.f("fk_meter_reading_installation_id_meter_installation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meter_reading")),
    )
    with op.batch_alter_table("meter_reading", schema=None) as batch_op:
        batch_op.create_index("ix_meter_reading_installation",
                              ["installation_id", "register", "read_on"], unique=False)  # fmt: skip

    with op.batch_alter_table("bill", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=16), nullable=False,
                                      server_default="energy"))  # fmt: skip
        batch_op.add_column(sa.Column("order_uid", sa.LargeBinary(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bill", schema=None) as batch_op:
        batch_op.drop_column("order_uid")
        batch_op.drop_column("kind")
    op.drop_table("meter_reading")
    op.drop_table("work_order_event")
    op.drop_table("work_order_step")
    with op.batch_alter_table("work_order", schema=None) as batch_op:
        batch_op.drop_index("ix_work_order_department")
        batch_op.drop_index("ix_work_order_open_due")
        for column in ("closed_at", "updated_at", "version", "paused_at", "paused_from",
                       "handler_no", "department", "first_owner_no", "area_code",
                       "contact_phone", "customer_name", "subtype"):  # fmt: skip
            batch_op.drop_column(column)
        batch_op.alter_column("account_id", existing_type=sa.Integer(), nullable=False)
