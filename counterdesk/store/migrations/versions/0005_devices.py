"""serial devices configured on this terminal; customers found by ID number

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 10:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "device",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("port", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Integer(), nullable=False),
        sa.Column("baudrate", sa.Integer(), nullable=False),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_device")),
    )
    # An ID card read at the counter opens the holder's accounts: an index, not a scan.
    op.create_index(op.f("ix_customer_id_number"), "customer", ["id_number"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_customer_id_number"), table_name="customer")
    op.drop_table("device")
