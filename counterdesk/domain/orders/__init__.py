"""Work orders (工单) as state machines: connection applications (业扩), meter changes (换表),
cases (complaints, reports, inquiries: 投诉举报咨询) and paid services (有偿服务).

Each type declares its :class:`~counterdesk.domain.orders.workflow.Workflow` (states and the
actions between them) and its step deadlines (:mod:`~counterdesk.domain.orders.steps`); the
service in :mod:`counterdesk.orders` stores them. Nothing here does I/O or reads the clock.
"""
