"""A real HQ for the terminal's sync tests: uvicorn on loopback serving ``/sync/v1`` on an SQLite
file, with accounts and bills written through HQ's own functions (:mod:`counterdesk.hq.ledger`)."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
from sqlalchemy import Engine, text

from counterdesk.hq.database import make_hq_engine
from counterdesk.hq.ledger import issue_bill, put_row, upsert_tariff
from counterdesk.hq.terminals import add_terminal
from counterdesk.server.run import ServerThread, build

HQ_NOW = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
TARIFF = "res-flat"
HALL = "青山供电营业厅"
BILLS = ((202609, 16_947, date(2026, 10, 15)), (202610, 15_494, date(2026, 11, 25)))
"""The same two bills as :func:`tests.helpers.counter.account_with_bills`: one overdue."""


@dataclass
class HqAccount:
    uid: uuid.UUID
    customer: uuid.UUID
    number: str
    bills: list[uuid.UUID] = field(default_factory=list)


@dataclass
class Hq:
    path: Path | str
    """HQ's SQLite file, or its ``postgresql://`` URL."""
    engine: Engine
    server: ServerThread
    token: str

    @property
    def url(self) -> str:
        return self.server.url

    def stop(self) -> None:
        self.server.stop()
        self.engine.dispose()

    def count(self, sql: str, **params: object) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(text(sql), params).scalar_one())


def start_hq(
    path: Path | str, *, areas: str = "A01", terminal_id: str = "QS03", port: int = 0
) -> Hq:
    """HQ on ``path`` (an SQLite file or a PostgreSQL URL) serving on a free loopback port,
    with terminal ``terminal_id`` registered."""
    server = ServerThread(build(path, role="hq"), port=port).start()
    engine = make_hq_engine(str(path))
    token = add_terminal(engine, terminal_id, HALL, areas, now=HQ_NOW)
    return Hq(path, engine, server, token)


def restart(hq: Hq) -> Hq:
    """The same HQ on the same port again (after :meth:`Hq.stop`, a WAN cut that healed)."""
    server = ServerThread(build(hq.path, role="hq"), port=hq.server.port).start()
    return Hq(hq.path, make_hq_engine(str(hq.path)), server, hq.token)


def open_account(
    engine: Engine,
    number: str = "3301020456",
    *,
    area: str = "A01",
    name: str = "张晓三",
    address: str = "云溪市青山区春晖路18号",
    bills: tuple[tuple[int, int, date], ...] = BILLS,
    meter: bool = True,
) -> HqAccount:
    """A customer, an account with ``bills`` and a meter, written at HQ (each logged)."""
    account = HqAccount(uuid.uuid4(), uuid.uuid4(), number)
    with engine.begin() as connection:
        upsert_tariff(connection, TARIFF, "居民一户一表", "electricity", '{"kind": "flat"}',
                      now=HQ_NOW)  # fmt: skip
        put_row(connection, "customer", {"uid": account.customer, "name": name,
                                         "phone": "13812345678", "area_code": area},
                now=HQ_NOW)  # fmt: skip
        put_row(connection, "account", {
            "uid": account.uid, "number": number, "customer_uid": account.customer,
            "utility": "electricity", "customer_class": "residential", "tariff_code": TARIFF,
            "status": "normal", "address": address, "area_code": area, "prepaid_fen": 0,
        }, now=HQ_NOW)  # fmt: skip
        for period, amount, due in bills:
            uid, _ = issue_bill(connection, account_uid=account.uid, period=period, units=100,
                                amount_fen=amount, due_date=due, now=HQ_NOW)  # fmt: skip
            account.bills.append(uid)
        if meter:
            meter_uid = uuid.uuid4()
            put_row(connection, "meter", {"uid": meter_uid, "number": f"M{number}",
                                          "utility": "electricity", "area_code": area},
                    now=HQ_NOW)  # fmt: skip
            put_row(connection, "meter_installation", {
                "uid": uuid.uuid4(), "meter_uid": meter_uid, "account_uid": account.uid,
                "installed_on": date(2020, 1, 1), "initial_readings": '{"total": 0}',
                "area_code": area,
            }, now=HQ_NOW)  # fmt: skip
    return account


class CountingTransport(httpx.BaseTransport):
    """The real HTTP transport, counting requests by path, and failing on demand (``fail``
    decides per request: raise a connect error before the request leaves)."""

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()
        self._lock = threading.Lock()
        self.paths: list[str] = []
        self.fail: object = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.paths.append(request.url.path)
            number = len(self.paths)
        fail = self.fail
        if callable(fail) and fail(number, request):
            raise httpx.ConnectError("connection reset (test)", request=request)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()

    def count(self, suffix: str) -> int:
        with self._lock:
            return sum(1 for path in self.paths if path.endswith(suffix))
