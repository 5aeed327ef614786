"""sync with HQ: outbox acknowledgements, ledger versions and HQ figures, link, cursors, loads

Columns are added with plain ``ALTER TABLE`` (no batch copy): copying ``account`` would drop the
search triggers that sit on it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("acked_at", sa.DateTime(), nullable=True))
    op.add_column("outbox", sa.Column("hq_status", sa.String(length=16), nullable=True))
    op.add_column("outbox", sa.Column("hq_result", sa.Text(), nullable=True))
    op.add_column("outbox", sa.Column("attempts", sa.Integer(), nullable=False,
                                      server_default="0"))  # fmt: skip
    op.add_column("outbox", sa.Column("last_error", sa.Text(), nullable=True))
    op.add_column("account", sa.Column("ledger_version", sa.Integer(), nullable=False,
                                       server_default="0"))  # fmt: skip
    op.add_column("account", sa.Column("hq_prepaid_fen", sa.Integer(), nullable=True))
    op.add_column("bill", sa.Column("ledger_version", sa.Integer(), nullable=False,
                                    server_default="0"))  # fmt: skip
    op.add_column("bill", sa.Column("hq_paid_fen", sa.Integer(), nullable=True))

    op.create_table(
        "sync_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hq_url", sa.String(length=200), nullable=False),
        sa.Column("token", sa.String(length=200), nullable=False),
        sa.Column("terminal_id", sa.String(length=16), nullable=False),
        sa.Column("hall", sa.String(length=64), nullable=False, server_default=""),
        sa.Column("scopes", sa.Text(), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.Column("link", sa.String(length=16), nullable=False, server_default="online"),
        sa.Column("last_success_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False, server_default=""),
        sa.Column("open_conflicts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("gap", sa.String(length=200), nullable=False, server_default=""),
        sa.CheckConstraint("id = 1", name=op.f("ck_sync_link_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_link")),
    )
    op.create_table(
        "sync_cursor",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("cursor", sa.String(length=41), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_sync_cursor")),
    )
    op.create_table(
        "sync_load",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("cursor", sa.String(length=41), nullable=True),
        sa.Column("next_table", sa.String(length=24), nullable=True),
        sa.Column("next_after", sa.String(length=64), nullable=True),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_sync_load")),
    )


def downgrade() -> None:
    op.drop_table("sync_load")
    op.drop_table("sync_cursor")
    op.drop_table("sync_link")
    # Plain DROP COLUMN (SQLite 3.35+), for the same reason as above.
    op.drop_column("bill", "hq_paid_fen")
    op.drop_column("bill", "ledger_version")
    op.drop_column("account", "hq_prepaid_fen")
    op.drop_column("account", "ledger_version")
    for column in ("last_error", "attempts", "hq_result", "hq_status", "acked_at"):
        op.drop_column("outbox", column)
