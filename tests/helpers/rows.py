"""Writing a few hand-made customers and accounts, for tests that need to know every row."""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, text

from counterdesk.domain.ids import new_uid

TARIFF = "com-flat"


def ensure_tariff(connection: Connection) -> None:
    connection.execute(
        text(
            "INSERT OR IGNORE INTO tariff (code, name, utility, definition) "
            "VALUES (:code, 'flat', 'electricity', '{}')"
        ),
        {"code": TARIFF},
    )


def add_customer(connection: Connection, name: str, phone: str | None = None) -> int:
    result = connection.execute(
        text("INSERT INTO customer (uid, name, phone) VALUES (:uid, :name, :phone)"),
        {"uid": new_uid().bytes, "name": name, "phone": phone},
    )
    return int(result.lastrowid or 0)


def add_account(
    connection: Connection,
    customer_id: int,
    number: str,
    address: str,
    *,
    meter: str | None = None,
    status: str = "normal",
) -> int:
    ensure_tariff(connection)
    result = connection.execute(
        text(
            "INSERT INTO account (uid, number, customer_id, utility, customer_class, tariff_code, "
            "status, key_customer, address, area_code, prepaid_fen, version) VALUES (:uid, "
            ":number, :customer, 'electricity', 'residential', :tariff, :status, 0, :address, "
            "'T', 0, 1)"
        ),
        {
            "uid": uuid.uuid4().bytes,
            "number": number,
            "customer": customer_id,
            "tariff": TARIFF,
            "status": status,
            "address": address,
        },
    )
    account_id = int(result.lastrowid or 0)
    if meter is not None:
        meter_id = connection.execute(
            text(
                "INSERT INTO meter (uid, number, utility, ct_ratio, pt_ratio, registers, digits) "
                "VALUES (:uid, :number, 'electricity', 1, 1, 'total', 6)"
            ),
            {"uid": new_uid().bytes, "number": meter},
        ).lastrowid
        connection.execute(
            text(
                "INSERT INTO meter_installation (uid, meter_id, account_id, installed_on, "
                "initial_readings) VALUES (:uid, :meter, :account, '2020-01-01', '{}')"
            ),
            {"uid": new_uid().bytes, "meter": meter_id, "account": account_id},
        )
    return account_id
