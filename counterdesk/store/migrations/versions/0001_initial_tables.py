"""initial tables

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-21 07:38:44.421699
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_override",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_workday", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_override")),
    )
    op.create_table(
        "customer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.LargeBinary(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("id_number", sa.String(length=18), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer")),
        sa.UniqueConstraint("uid", name=op.f("uq_customer_uid")),
    )
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_phone"), ["phone"], unique=False)

    op.create_table(
        "meter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.LargeBinary(length=16), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column(
            "utility",
            sa.Enum(
                "electricity",
                "water",
                "gas",
                name="utility",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("ct_ratio", sa.Integer(), nullable=False),
        sa.Column("pt_ratio", sa.Integer(), nullable=False),
        sa.Column("registers", sa.String(length=64), nullable=False),
        sa.Column("digits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meter")),
        sa.UniqueConstraint("number", name=op.f("uq_meter_number")),
        sa.UniqueConstraint("uid", name=op.f("uq_meter_uid")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "tariff",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "utility",
            sa.Enum(
                "electricity",
                "water",
                "gas",
                name="utility",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_tariff")),
    )
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.LargeBinary(length=16), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column(
            "utility",
            sa.Enum(
                "electricity",
                "water",
                "gas",
                name="utility",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "customer_class",
            sa.Enum(
                "residential",
                "non_residential",
                name="customer_class",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("tariff_code", sa.String(length=32), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "normal",
                "disconnected",
                name="account_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("key_customer", sa.Boolean(), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("area_code", sa.String(length=16), nullable=False),
        sa.Column("prepaid_fen", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_account_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["tariff_code"], ["tariff.code"], name=op.f("fk_account_tariff_code_tariff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("number", name=op.f("uq_account_number")),
        sa.UniqueConstraint("uid", name=op.f("uq_account_uid")),
    )
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_area_code"), ["area_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_account_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "bill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.LargeBinary(length=16), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("paid_fen", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_bill_account_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bill")),
        sa.UniqueConstraint("uid", name=op.f("uq_bill_uid")),
    )
    with op.batch_alter_table("bill", schema=None) as batch_op:
        batch_op.create_index("ix_bill_account_period", ["account_id", "period"], unique=False)

    op.create_table(
        "meter_installation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.LargeBinary(length=16), nullable=False),
        sa.Column("meter_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("installed_on", sa.Date(), nullable=False),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.Column("initial_readings", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_meter_installation_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["meter_id"], ["meter.id"], name=op.f("fk_meter_installation_meter_id_meter")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meter_installation")),
        sa.UniqueConstraint("uid", name=op.f("uq_meter_installation_uid")),
    )
    with op.batch_alter_table("meter_installation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meter_installation_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meter_installation_meter_id"), ["meter_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("meter_installation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meter_installation_meter_id"))
        batch_op.drop_index(batch_op.f("ix_meter_installation_account_id"))

    op.drop_table("meter_installation")
    with op.batch_alter_table("bill", schema=None) as batch_op:
        batch_op.drop_index("ix_bill_account_period")

    op.drop_table("bill")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_customer_id"))
        batch_op.drop_index(batch_op.f("ix_account_area_code"))

    op.drop_table("account")
    op.drop_table("tariff")
    op.drop_table("setting")
    op.drop_table("meter")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_phone"))

    op.drop_table("customer")
    op.drop_table("calendar_override")
