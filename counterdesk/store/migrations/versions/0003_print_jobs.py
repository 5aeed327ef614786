"""print jobs and printers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATES = (
    "queued",
    "printing",
    "waiting",
    "printed",
    "uncertain",
    "interrupted",
    "failed",
    "discarded",
)


def upgrade() -> None:
    op.create_table(
        "print_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.LargeBinary(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("printer", sa.String(length=32), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                *STATES,
                name="print_job_state",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("copy_number", sa.Integer(), nullable=False),
        sa.Column("original_id", sa.Integer(), nullable=True),
        sa.Column("source_uid", sa.LargeBinary(length=16), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("problem", sa.String(length=24), nullable=True),
        sa.Column("detail", sa.String(length=300), nullable=True),
        sa.Column("maybe_printed", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("printed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["original_id"], ["print_job.id"], name=op.f("fk_print_job_original_id_print_job")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_job")),
        sa.UniqueConstraint("uid", name=op.f("uq_print_job_uid")),
    )
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.create_index(
            "ix_print_job_printer_state", ["printer", "state", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_print_job_source_uid"), ["source_uid"], unique=False)

    op.create_table(
        "printer",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("paper_mm", sa.Integer(), nullable=False),
        sa.Column("encoding", sa.String(length=16), nullable=False),
        sa.Column("native_qr", sa.Boolean(), nullable=False),
        sa.Column("cutter", sa.Boolean(), nullable=False),
        sa.Column("drawer", sa.Boolean(), nullable=False),
        sa.Column("timeout_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_printer")),
    )


def downgrade() -> None:
    op.drop_table("printer")
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_print_job_source_uid"))
        batch_op.drop_index("ix_print_job_printer_state")
    op.drop_table("print_job")
