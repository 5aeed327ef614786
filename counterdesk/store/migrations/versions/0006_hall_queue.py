"""the hall queue: categories, windows, tickets and their events

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 11:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "queue_category",
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("name_en", sa.String(length=48), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_queue_category")),
    )
    op.create_table(
        "queue_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ticket_uid", sa.LargeBinary(length=16), nullable=True),
        sa.Column("number", sa.String(length=8), nullable=True),
        sa.Column("window", sa.Integer(), nullable=True),
        sa.Column("clerk_no", sa.String(length=16), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_event")),
    )
    with op.batch_alter_table("queue_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_queue_event_day"), ["day"], unique=False)

    op.create_table(
        "queue_ticket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.LargeBinary(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("number", sa.String(length=8), nullable=False),
        sa.Column("category", sa.String(length=4), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("window", sa.Integer(), nullable=True),
        sa.Column("target_window", sa.Integer(), nullable=True),
        sa.Column("clerk_no", sa.String(length=16), nullable=True),
        sa.Column("called_at", sa.DateTime(), nullable=True),
        sa.Column("first_called_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("recalls", sa.Integer(), nullable=False),
        sa.Column("transfers", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("rated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_ticket")),
        sa.UniqueConstraint("uid", name=op.f("uq_queue_ticket_uid")),
    )
    with op.batch_alter_table("queue_ticket", schema=None) as batch_op:
        batch_op.create_index("ix_queue_ticket_day_state", ["day", "state"], unique=False)
        batch_op.create_index("uq_queue_ticket_day_number", ["day", "number"], unique=True)

    op.create_table(
        "queue_window",
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("weights", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("clerk_no", sa.String(length=16), nullable=True),
        sa.Column("clerk_name", sa.String(length=32), nullable=True),
        sa.Column("current_uid", sa.LargeBinary(length=16), nullable=True),
        sa.Column("last_finished_uid", sa.LargeBinary(length=16), nullable=True),
        sa.Column("since", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_queue_window")),
    )


def downgrade() -> None:
    op.drop_table("queue_window")
    op.drop_index("uq_queue_ticket_day_number", table_name="queue_ticket")
    op.drop_index("ix_queue_ticket_day_state", table_name="queue_ticket")
    op.drop_table("queue_ticket")
    op.drop_index(op.f("ix_queue_event_day"), table_name="queue_event")
    op.drop_table("queue_event")
    op.drop_table("queue_category")
