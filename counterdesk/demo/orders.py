"""The demo's work orders, so the overdue board and the Orders tab have something to show.

Made once through the real services, dated back from today: an application whose survey is late
(超时), a complaint sitting with the supply station untouched (压单), an application and an inquiry
of this week, and a paid service waiting for its fee.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

from sqlalchemy import Engine, text

from counterdesk.domain.ids import new_uid
from counterdesk.domain.orders.cases import CaseCategory, CaseChannel, CaseDraft, CaseKind
from counterdesk.domain.orders.connection import ConnectionType, Voltage
from counterdesk.domain.orders.connection_docs import Applicant
from counterdesk.orders import engine as orders
from counterdesk.orders.cases import CaseIn, register_case
from counterdesk.orders.connections import ApplicationIn, accept_application
from counterdesk.orders.paid_services import PaidServiceIn, order_paid_service
from counterdesk.services import auth

SHOP_DOCUMENTS: Final = frozenset(
    {"id_proof", "business_licence", "property_proof", "equipment_list"}
)


def ensure_demo_orders(engine: Engine, password: str, now: datetime | None = None) -> bool:
    """Add the demo orders once (when the terminal has no order but reconnections)."""
    now = now or datetime.now(UTC)
    with engine.connect() as connection:
        if connection.execute(
            text("SELECT count(*) FROM work_order WHERE kind != 'reconnection'")
        ).scalar_one():
            return False
        accounts = connection.execute(
            text(
                "SELECT a.id, c.name, coalesce(c.phone, ''), a.address, a.area_code "
                "FROM account AS a JOIN customer AS c ON c.id = a.customer_id "
                "WHERE a.closed_on IS NULL ORDER BY a.id LIMIT 4"
            )
        ).all()
    if len(accounts) < 4:
        return False
    clerk = auth.sign_in(engine, "0107", password, now=now)
    manager = auth.sign_in(engine, "0001", password, now=now)
    first, second, third, fourth = accounts
    with engine.begin() as connection:
        late = accept_application(
            connection, clerk,
            ApplicationIn(new_uid(), ConnectionType.RESIDENTIAL_NEW, Voltage.LOW,
                          Applicant("周建国", "13905710001", "云溪市青山区春晖路26号1单元302室",
                                    id_number="11010519491231002X"),
                          str(first[4]) or "QS", None, 8,
                          frozenset({"id_proof", "property_proof"}), "市场营销部（业扩）"),
            now - timedelta(days=12),
        ).order  # fmt: skip
        orders.act(connection, clerk, late.uid, "survey", expected_version=late.version,
                   now=now - timedelta(days=10), note="现场勘查完成，需新立表箱")  # fmt: skip
        orders.supervise(connection, manager, late.uid, note="超期，请营销部今日答复供电方案",
                         now=now - timedelta(days=1))  # fmt: skip
        complaint = register_case(
            connection, clerk,
            CaseIn(new_uid(), CaseDraft(CaseKind.COMPLAINT, CaseCategory.SUPPLY_QUALITY,
                                        CaseChannel.PHONE, "近一周晚高峰电压偏低，空调无法启动。",
                                        phone=str(second[2]) or "13905710002"),
                   str(second[1]), int(second[0]), "客户服务中心"),
            now - timedelta(days=6),
        )  # fmt: skip
        orders.transfer(connection, clerk, complaint.uid, department="供电所", handler_no="0301",
                        expected_version=complaint.version, now=now - timedelta(days=6),
                        note="转供电所测量电压")  # fmt: skip
        accept_application(
            connection, clerk,
            ApplicationIn(new_uid(), ConnectionType.LV_NON_RESIDENTIAL, Voltage.LOW,
                          Applicant("云溪市青山区春晖便利店", str(third[2]) or "13905710003",
                                    str(third[3]), credit_code="91350100M000100Y43"),
                          str(third[4]) or "QS", int(third[0]), 30,
                          SHOP_DOCUMENTS,
                          "市场营销部（业扩）"),
            now - timedelta(days=1),
        )  # fmt: skip
        register_case(
            connection, clerk,
            CaseIn(new_uid(), CaseDraft(CaseKind.INQUIRY, CaseCategory.FEES, CaseChannel.COUNTER,
                                        "咨询阶梯电价年度累计用电量如何计算。",
                                        phone=str(fourth[2]) or "13905710004"),
                   str(fourth[1]), int(fourth[0]), "营业厅"),
            now,
        )  # fmt: skip
        order_paid_service(
            connection, clerk, PaidServiceIn(new_uid(), int(first[0]), "meter_test", 1, "计量中心"),
            now,
        )  # fmt: skip
    return True
