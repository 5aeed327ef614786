"""Connection applications (业扩报装, 变更用电): chains, deadlines, paperwork, restricted areas.

Holiday facts used below, checked against chinesecalendar 1.11.0 (and asserted against it in
``test_the_calendar_facts_these_dates_rely_on``):
- National Day 2026: 10-01 (Thu) to 10-07 (Wed) off; Saturday 10-10 is a working day.
- Spring Festival 2026: 02-15 to 02-23 off (02-16..02-20 and 02-23 are weekdays); Saturdays
  02-14 and 02-28 are working days.
- 2027 is unknown to the library: Monday to Friday is assumed and dates are provisional.
"""

import json
from datetime import date, datetime, time

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.id_numbers import check_character
from counterdesk.domain.orders.connection import (
    CHANGE_TYPES,
    CHANGE_WORKFLOW,
    DATE_UNKNOWN_PRINT,
    DEFAULT_CONNECTION_STANDARDS,
    DEFAULT_RESTRICTED_AREAS,
    FIXED_VOLTAGE,
    HIGH_VOLTAGE_WORKFLOW,
    LOW_VOLTAGE_WORKFLOW,
    NEW_SUPPLY_TYPES,
    STEP_PRINT_NAMES,
    TYPE_PRINT_NAMES,
    VOLTAGE_PRINT_NAMES,
    ConnectionType,
    RestrictedArea,
    Voltage,
    commitment_workdays,
    needs_voltage,
    outlook,
    parse_connection_standards,
    parse_restricted_areas,
    plan,
    standard_key,
    step_print_name,
    workflow_for,
)
from counterdesk.domain.orders.connection_docs import (
    Applicant,
    ApplicantError,
    ApplicationError,
    ConnectionApplication,
    MissingDocumentsError,
    check_documents,
    checklist,
    credit_check_character,
    missing_documents,
)
from counterdesk.domain.orders.steps import PlannedStep
from counterdesk.domain.orders.workflow import PAUSED, TransitionRefusedError, Workflow
from counterdesk.domain.phones import normalise_phone
from counterdesk.domain.refusal import CounterError
from counterdesk.domain.workdays import CHINA_STANDARD_TIME, WorkCalendar

CST = CHINA_STANDARD_TIME
CALENDAR = WorkCalendar()
STANDARDS = parse_connection_standards(DEFAULT_CONNECTION_STANDARDS)
T = ConnectionType
V = Voltage


def at(day: date) -> datetime:
    return datetime.combine(day, time(10, 15), CST)


def dates(steps: tuple[PlannedStep, ...]) -> dict[str, str]:
    return {step.step: step.due_day.isoformat() for step in steps}


def test_the_calendar_facts_these_dates_rely_on() -> None:
    for day in [date(2026, 10, d) for d in range(1, 8)] + [date(2026, 2, 16), date(2026, 2, 23)]:
        assert not chinese_calendar.is_workday(day)
    for day in (date(2026, 10, 10), date(2026, 2, 14), date(2026, 2, 28)):
        assert day.weekday() == 5
        assert chinese_calendar.is_workday(day)
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 4))


# --- types and voltages ----------------------------------------------------------------------


def test_the_eleven_types_with_their_printed_names() -> None:
    assert [t.value for t in ConnectionType] == [
        "residential_new",
        "lv_non_residential",
        "hv_single",
        "hv_dual",
        "capacity_increase",
        "capacity_decrease",
        "name_transfer",
        "temporary_supply",
        "meter_relocation",
        "tariff_change",
        "account_closure",
    ]
    assert set(TYPE_PRINT_NAMES) == set(ConnectionType)
    assert TYPE_PRINT_NAMES[T.RESIDENTIAL_NEW] == "居民新装"
    assert TYPE_PRINT_NAMES[T.HV_DUAL] == "高压双电源新装"
    assert TYPE_PRINT_NAMES[T.NAME_TRANSFER] == "过户"
    assert set(VOLTAGE_PRINT_NAMES) == set(Voltage)


def test_only_capacity_increase_and_temporary_supply_ask_for_a_voltage() -> None:
    assert {t for t in ConnectionType if needs_voltage(t)} == {
        T.CAPACITY_INCREASE,
        T.TEMPORARY_SUPPLY,
    }
    assert FIXED_VOLTAGE[T.RESIDENTIAL_NEW] is V.LOW
    assert FIXED_VOLTAGE[T.HV_DUAL] is V.HIGH_DUAL
    changes = {T.CAPACITY_DECREASE, T.NAME_TRANSFER, T.METER_RELOCATION, T.TARIFF_CHANGE}
    assert changes | {T.ACCOUNT_CLOSURE} == CHANGE_TYPES


@pytest.mark.parametrize(
    ("kind", "voltage", "workflow"),
    [
        (T.RESIDENTIAL_NEW, V.LOW, LOW_VOLTAGE_WORKFLOW),
        (T.LV_NON_RESIDENTIAL, V.LOW, LOW_VOLTAGE_WORKFLOW),
        (T.HV_SINGLE, V.HIGH_SINGLE, HIGH_VOLTAGE_WORKFLOW),
        (T.HV_DUAL, V.HIGH_DUAL, HIGH_VOLTAGE_WORKFLOW),
        (T.CAPACITY_INCREASE, V.LOW, LOW_VOLTAGE_WORKFLOW),
        (T.CAPACITY_INCREASE, V.HIGH_DUAL, HIGH_VOLTAGE_WORKFLOW),
        (T.TEMPORARY_SUPPLY, V.LOW, LOW_VOLTAGE_WORKFLOW),
        (T.TEMPORARY_SUPPLY, V.HIGH_SINGLE, HIGH_VOLTAGE_WORKFLOW),
        *((kind, voltage, CHANGE_WORKFLOW) for kind in sorted(CHANGE_TYPES) for voltage in V),
    ],
)
def test_workflow_for_picks_the_chain(kind: T, voltage: V, workflow: Workflow) -> None:
    assert workflow_for(kind, voltage) is workflow


def test_a_new_connection_type_with_the_wrong_voltage_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="hv_single"):
        workflow_for(T.HV_SINGLE, V.LOW)
    with pytest.raises(ValueError, match="residential_new application is low voltage"):
        plan(CALENDAR, T.RESIDENTIAL_NEW, V.HIGH_DUAL, at(date(2026, 9, 30)), STANDARDS)


# --- every state against every action --------------------------------------------------------

ALL_ACTIONS = (
    "survey",
    "reply_scheme",
    "review_design",
    "check_midway",
    "inspect_completion",
    "energize",
    "execute",
    "archive",
    "withdraw",
    "pause",
    "resume",
)
OPEN = {"withdraw": "cancelled", "pause": PAUSED}

LOW_TABLE: dict[str, dict[str, str]] = {
    "accepted": {"survey": "surveyed", **OPEN},
    "surveyed": {"reply_scheme": "scheme_replied", **OPEN},
    "scheme_replied": {"inspect_completion": "completion_inspected", **OPEN},
    "completion_inspected": {"energize": "energized", **OPEN},
    "energized": {"archive": "archived", "pause": PAUSED},  # live supply: no withdrawal
    PAUSED: {"resume": "<paused_from>", "withdraw": "cancelled"},
    "archived": {},
    "cancelled": {},
}
HIGH_TABLE: dict[str, dict[str, str]] = {
    "accepted": {"survey": "surveyed", **OPEN},
    "surveyed": {"reply_scheme": "scheme_replied", **OPEN},
    "scheme_replied": {"review_design": "design_reviewed", **OPEN},
    "design_reviewed": {"check_midway": "mid_checked", **OPEN},
    "mid_checked": {"inspect_completion": "completion_inspected", **OPEN},
    "completion_inspected": {"energize": "energized", **OPEN},
    "energized": {"archive": "archived", "pause": PAUSED},
    PAUSED: {"resume": "<paused_from>", "withdraw": "cancelled"},
    "archived": {},
    "cancelled": {},
}
CHANGE_TABLE: dict[str, dict[str, str]] = {
    "accepted": {"survey": "surveyed", **OPEN},
    "surveyed": {"execute": "executed", **OPEN},
    "executed": {"archive": "archived", "pause": PAUSED},  # the change is made: no withdrawal
    PAUSED: {"resume": "<paused_from>", "withdraw": "cancelled"},
    "archived": {},
    "cancelled": {},
}
CHAINS = [
    (LOW_VOLTAGE_WORKFLOW, LOW_TABLE),
    (HIGH_VOLTAGE_WORKFLOW, HIGH_TABLE),
    (CHANGE_WORKFLOW, CHANGE_TABLE),
]
CASES = [
    (workflow, table, state, action)
    for workflow, table in CHAINS
    for state in table
    for action in ALL_ACTIONS
]


@pytest.mark.parametrize(("workflow", "table"), CHAINS, ids=lambda x: getattr(x, "kind", ""))
def test_the_tables_cover_every_state_of_the_chain(
    workflow: Workflow, table: dict[str, dict[str, str]]
) -> None:
    assert set(table) == workflow.states
    assert workflow.actions <= set(ALL_ACTIONS)
    assert workflow.initial == "accepted"
    assert workflow.final == {"archived", "cancelled"}


@pytest.mark.parametrize(
    ("workflow", "table", "state", "action"),
    CASES,
    ids=[f"{w.kind}-{s}-{a}" for w, _, s, a in CASES],
)
def test_every_state_against_every_action(
    workflow: Workflow, table: dict[str, dict[str, str]], state: str, action: str
) -> None:
    expected = table[state].get(action)
    if expected is None:
        with pytest.raises(TransitionRefusedError) as refused:
            workflow.fire("YK-0001", state, action, paused_from="surveyed")
        assert refused.value.params == {"order": "YK-0001", "state": state, "action": action}
        assert isinstance(refused.value, CounterError)
    elif expected == "<paused_from>":
        assert workflow.fire("YK-0001", state, action, paused_from="surveyed") == "surveyed"
    else:
        assert workflow.fire("YK-0001", state, action) == expected


def test_pause_and_resume_return_to_where_it_waited() -> None:
    # Waiting on the customer's design documents, then they arrive.
    state = HIGH_VOLTAGE_WORKFLOW.fire("YK-7", "scheme_replied", "pause")
    assert state == PAUSED
    assert HIGH_VOLTAGE_WORKFLOW.fire("YK-7", state, "resume", paused_from="scheme_replied") == (
        "scheme_replied"
    )
    with pytest.raises(TransitionRefusedError):
        HIGH_VOLTAGE_WORKFLOW.fire("YK-7", state, "resume")  # the order must know where from
    with pytest.raises(TransitionRefusedError):
        HIGH_VOLTAGE_WORKFLOW.fire("YK-7", state, "pause")


def test_withdraw_while_waiting_on_the_customer_cancels() -> None:
    assert CHANGE_WORKFLOW.fire("YK-8", PAUSED, "withdraw") == "cancelled"
    with pytest.raises(TransitionRefusedError):
        CHANGE_WORKFLOW.fire("YK-8", "cancelled", "resume", paused_from="accepted")


def test_the_buttons_offered_in_each_state() -> None:
    assert LOW_VOLTAGE_WORKFLOW.available("accepted") == ("survey", "withdraw", "pause")
    assert HIGH_VOLTAGE_WORKFLOW.available("mid_checked") == (
        "inspect_completion",
        "withdraw",
        "pause",
    )
    assert CHANGE_WORKFLOW.available("executed") == ("archive", "pause")
    assert CHANGE_WORKFLOW.available("archived") == ()


# --- printed step names ----------------------------------------------------------------------


def test_step_names_for_printing() -> None:
    assert STEP_PRINT_NAMES["surveyed"] == "现场勘查"
    assert STEP_PRINT_NAMES["scheme_replied"] == "答复供电方案"
    assert STEP_PRINT_NAMES["design_reviewed"] == "设计审查"
    assert STEP_PRINT_NAMES["mid_checked"] == "中间检查"
    assert STEP_PRINT_NAMES["completion_inspected"] == "竣工检验"
    assert STEP_PRINT_NAMES["energized"] == "装表接电"
    assert STEP_PRINT_NAMES["archived"] == "归档"
    assert step_print_name(T.NAME_TRANSFER, "executed") == "办理过户"
    assert step_print_name(T.ACCOUNT_CLOSURE, "executed") == "拆表销户"
    assert step_print_name(T.HV_SINGLE, "surveyed") == "现场勘查"
    for workflow, _ in CHAINS:
        for state in workflow.states - {PAUSED, "cancelled"}:
            assert state in STEP_PRINT_NAMES


# --- deadlines -------------------------------------------------------------------------------


def test_residential_accepted_the_day_before_national_day() -> None:
    # Accepted Wed 2026-09-30. Working days after it: 10-01..10-07 off, so 10-08 Thu (1),
    # 10-09 Fri (2), 10-10 Sat adjusted working day (3), 10-12 Mon (4), 10-13 Tue (5).
    # Survey and scheme reply: 3 → Sat 10-10. Completion 3 + 5 = 8 would be 10-16, capped at the
    # total. Energized at the total 5 → Tue 10-13.
    steps = plan(CALENDAR, T.RESIDENTIAL_NEW, V.LOW, at(date(2026, 9, 30)), STANDARDS)
    assert dates(steps) == {
        "surveyed": "2026-10-10",
        "scheme_replied": "2026-10-10",
        "completion_inspected": "2026-10-13",
        "energized": "2026-10-13",
    }
    assert not any(step.provisional for step in steps)
    assert steps[-1].due_at == datetime(2026, 10, 13, 17, 30, tzinfo=CST)  # the hall's closing


def test_low_voltage_accepted_on_an_adjusted_working_saturday_before_spring_festival() -> None:
    # Accepted Sat 2026-02-14 (a working day). 02-15 Sun, 02-16..02-20 off, 02-21/22 weekend,
    # 02-23 Mon off; 02-24 Tue (1), 25 (2), 26 (3), 27 (4), Sat 02-28 working (5), Mon 03-02 (6).
    # The old scheme-reply limit of 7 would be Tue 03-03: the whole-process 6 wins, so every step
    # is due Mon 03-02.
    steps = plan(CALENDAR, T.LV_NON_RESIDENTIAL, V.LOW, at(date(2026, 2, 14)), STANDARDS)
    assert CALENDAR.add_workdays(date(2026, 2, 14), 7).due == date(2026, 3, 3)
    assert dates(steps) == {
        "surveyed": "2026-03-02",
        "scheme_replied": "2026-03-02",
        "completion_inspected": "2026-03-02",
        "energized": "2026-03-02",
    }


def test_high_voltage_single_accepted_on_the_working_saturday_after_national_day() -> None:
    # Accepted Sat 2026-10-10 (working). 15 working days: 10-12..16 (5), 19..23 (10),
    # 26..30 (15) → Fri 10-30. 22: 11-02..06 (20), Mon 11-09 (21), Tue 11-10 (22).
    # Design review 10-30 + 10 = 11-13, mid check and completion later still: all capped at 11-10.
    steps = plan(CALENDAR, T.HV_SINGLE, V.HIGH_SINGLE, at(date(2026, 10, 10)), STANDARDS)
    assert dates(steps) == {
        "surveyed": "2026-10-30",
        "scheme_replied": "2026-10-30",
        "design_reviewed": "2026-11-10",
        "mid_checked": "2026-11-10",
        "completion_inspected": "2026-11-10",
        "energized": "2026-11-10",
    }
    assert commitment_workdays(T.HV_SINGLE, V.HIGH_SINGLE, STANDARDS) == 22


def test_high_voltage_dual_running_into_2027_is_provisional() -> None:
    # Accepted Fri 2026-11-20; no holidays left in 2026. 30 working days: 11-23..27 (5),
    # 11-30..12-04 (10), 12-07..11 (15), 14..18 (20), 21..25 (25), 28..31 (29), then 2027-01-01
    # (30) only because 2027 is guessed Monday to Friday (New Year's Day will surely be off).
    # 32: Mon 01-04 (31), Tue 01-05 (32). Every date is in 2027, so every one is provisional.
    steps = plan(CALENDAR, T.HV_DUAL, V.HIGH_DUAL, at(date(2026, 11, 20)), STANDARDS)
    assert dates(steps) == {
        "surveyed": "2027-01-01",
        "scheme_replied": "2027-01-01",
        "design_reviewed": "2027-01-05",
        "mid_checked": "2027-01-05",
        "completion_inspected": "2027-01-05",
        "energized": "2027-01-05",
    }
    assert all(step.provisional for step in steps)


def test_only_the_steps_that_reach_into_2027_are_provisional() -> None:
    # HV single accepted Thu 2026-12-03. 15: 12-04 (1), 07..11 (6), 14..18 (11), 21..24 (15)
    # → Thu 12-24, a real 2026 date. 22: 12-25 (16), 28..31 (20), 2027-01-01 (21, guessed),
    # Mon 01-04 (22) → provisional, and so are the steps capped at it.
    steps = plan(CALENDAR, T.HV_SINGLE, V.HIGH_SINGLE, at(date(2026, 12, 3)), STANDARDS)
    assert dates(steps)["scheme_replied"] == "2026-12-24"
    assert dates(steps)["energized"] == "2027-01-04"
    assert [step.provisional for step in steps] == [False, False, True, True, True, True]


def test_a_change_is_surveyed_in_3_and_done_in_5_working_days() -> None:
    # Name transfer accepted Wed 2026-09-30: 3 → Sat 10-10, 5 → Tue 10-13 (as above).
    steps = plan(CALENDAR, T.NAME_TRANSFER, V.LOW, at(date(2026, 9, 30)), STANDARDS)
    assert dates(steps) == {"surveyed": "2026-10-10", "executed": "2026-10-13"}
    assert commitment_workdays(T.ACCOUNT_CLOSURE, V.HIGH_SINGLE, STANDARDS) == 5


@pytest.mark.parametrize(
    ("kind", "voltage", "days"),
    [
        (T.RESIDENTIAL_NEW, V.LOW, 5),
        (T.LV_NON_RESIDENTIAL, V.LOW, 6),
        (T.HV_SINGLE, V.HIGH_SINGLE, 22),
        (T.HV_DUAL, V.HIGH_DUAL, 32),
        (T.CAPACITY_INCREASE, V.LOW, 6),
        (T.CAPACITY_INCREASE, V.HIGH_DUAL, 32),
        (T.TEMPORARY_SUPPLY, V.HIGH_SINGLE, 22),
        (T.TARIFF_CHANGE, V.LOW, 5),
    ],
)
def test_commitment_workdays_for_the_receipt(kind: T, voltage: V, days: int) -> None:
    assert commitment_workdays(kind, voltage, STANDARDS) == days


@given(
    day=st.dates(date(2025, 1, 1), date(2026, 12, 31)),
    kind=st.sampled_from(list(ConnectionType)),
    voltage=st.sampled_from(list(Voltage)),
)
def test_no_step_is_due_after_a_later_one_nor_after_the_total(
    day: date, kind: T, voltage: V
) -> None:
    voltage = FIXED_VOLTAGE.get(kind, voltage)
    steps = plan(CALENDAR, kind, voltage, at(day), STANDARDS)
    assert [s.due_at for s in steps] == sorted(s.due_at for s in steps)
    total = commitment_workdays(kind, voltage, STANDARDS)
    assert steps[-1].due_day == CALENDAR.add_workdays(day, total).due


def test_standards_round_trip_through_json_and_change_the_plan() -> None:
    assert parse_connection_standards(json.loads(json.dumps(DEFAULT_CONNECTION_STANDARDS))) == (
        STANDARDS
    )
    assert standard_key(T.CAPACITY_INCREASE, V.HIGH_SINGLE) == "capacity_increase.high_single"
    assert standard_key(T.NAME_TRANSFER, V.HIGH_SINGLE) == "name_transfer"
    # A utility promising low-voltage increases in 5 days like households; other entries default.
    custom = parse_connection_standards(
        {
            "capacity_increase.low": {
                "total": 5,
                "surveyed": 3,
                "scheme_replied": 3,
                "completion_inspected": 5,
            }
        }
    )
    assert commitment_workdays(T.CAPACITY_INCREASE, V.LOW, custom) == 5
    assert commitment_workdays(T.HV_DUAL, V.HIGH_DUAL, custom) == 32


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "must be a mapping"),
        ({"residental_new": {}}, "Unknown connection standard 'residental_new'"),
        ({"hv_dual": 32}, "'hv_dual' must be a mapping"),
        ({"name_transfer": {"total": 5}}, "'surveyed' is missing"),
        (
            {"name_transfer": {"total": 5, "surveyed": 3, "design_reviewed": 2}},
            "'design_reviewed' is not a step of this chain",
        ),
        ({"name_transfer": {"total": 0, "surveyed": 0}}, "name_transfer.total must be"),
        ({"name_transfer": {"total": 5, "surveyed": -1}}, "name_transfer.surveyed must be"),
        ({"name_transfer": {"total": True, "surveyed": 1}}, "name_transfer.total must be"),
        ({"name_transfer": {"total": 5.5, "surveyed": 1}}, "name_transfer.total must be"),
    ],
)
def test_bad_standards_are_refused_naming_the_entry(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_connection_standards(value)


# --- documents -------------------------------------------------------------------------------


def test_checklists_per_type() -> None:
    def names(kind: T) -> list[str]:
        return [item.print_name for item in checklist(kind) if item.required]

    assert names(T.RESIDENTIAL_NEW) == ["身份证明", "房屋产权证明或租赁合同"]
    assert names(T.LV_NON_RESIDENTIAL) == [
        "身份证明",
        "房屋产权证明或租赁合同",
        "营业执照",
        "用电设备清单",
    ]
    assert "重要负荷清单" in names(T.HV_DUAL)
    assert "重要负荷清单" not in names(T.HV_SINGLE)
    assert names(T.NAME_TRANSFER) == [
        "身份证明",
        "原户主身份证明",
        "房屋产权证明或租赁合同",
        "结清电费证明",
    ]
    assert "结清电费证明" in names(T.ACCOUNT_CLOSURE)
    for kind in ConnectionType:
        codes = [item.code for item in checklist(kind)]
        assert len(codes) == len(set(codes)), kind
        assert checklist(kind)[-1].code == "power_of_attorney"
        assert not checklist(kind)[-1].required


def test_missing_documents_in_checklist_order() -> None:
    got = missing_documents(T.LV_NON_RESIDENTIAL, ["property_proof", "id_proof"])
    assert [item.code for item in got] == ["business_licence", "equipment_list"]
    assert missing_documents(T.RESIDENTIAL_NEW, iter(["id_proof", "property_proof"])) == ()


def test_an_organisation_closing_its_account_brings_its_licence() -> None:
    have = ["id_proof", "property_proof", "bills_settled"]
    assert missing_documents(T.ACCOUNT_CLOSURE, have) == ()
    got = missing_documents(T.ACCOUNT_CLOSURE, have, organisation=True)
    assert [item.print_name for item in got] == ["营业执照（单位客户）"]


def test_accepting_with_documents_missing_is_refused_unless_paused() -> None:
    with pytest.raises(MissingDocumentsError) as refused:
        check_documents(T.LV_NON_RESIDENTIAL, ["id_proof", "property_proof"])
    assert refused.value.params["documents"] == "营业执照、用电设备清单"
    assert refused.value.params["field"] == "documents"
    assert str(refused.value).startswith("Required documents are missing: 营业执照、用电设备清单.")
    assert [item.code for item in refused.value.missing] == ["business_licence", "equipment_list"]
    waiting = check_documents(
        T.LV_NON_RESIDENTIAL, ["id_proof", "property_proof"], waiting_on_customer=True
    )
    assert [item.code for item in waiting] == ["business_licence", "equipment_list"]
    assert check_documents(T.RESIDENTIAL_NEW, ["id_proof", "property_proof"]) == ()


# --- the applicant ---------------------------------------------------------------------------

PERSON_ID = "11010519491231002X"  # GB 11643's sample (check worked in test_id_numbers)
CREDIT_CODE = "91350100M000100Y43"


def person(**changes: str) -> Applicant:
    fields = {"name": "张三", "phone": "13800138000", "address": "春晖路18号3栋501室"}
    fields |= changes
    if "credit_code" not in changes:
        fields.setdefault("id_number", PERSON_ID)
    return Applicant(**fields)


def test_a_person_is_tidied_when_built() -> None:
    applicant = person(name=" 张  三 ", id_number="110105 19491231002x", phone="１３８ ０013 8000")
    assert applicant.name == "张 三"
    assert applicant.id_number == PERSON_ID
    assert applicant.phone == "13800138000"
    assert not applicant.is_organisation


def test_credit_code_check_character_worked_by_hand() -> None:
    # 91350100M000100Y4 with values 9,1,3,5,0,1,0,0,M=21,0,0,0,1,0,0,Y=30,4 and weights
    # 3^i mod 31 = 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28:
    # 9 + 3 + 27 + 135 + 26 + 420 + 8 + 900 + 112 = 1640; 1640 mod 31 = 28; 31 - 28 = 3.
    assert credit_check_character("91350100M000100Y4") == "3"
    assert credit_check_character("91440300192203821") == "6"  # a published company code
    with pytest.raises(ValueError, match="17 code characters"):
        credit_check_character("91350100M000100I4")  # I is not a code character


def test_an_organisation_gives_a_credit_code_instead() -> None:
    applicant = person(name="某某科技有限公司", credit_code=CREDIT_CODE.lower())
    assert applicant.credit_code == CREDIT_CODE
    assert applicant.id_number is None
    assert applicant.is_organisation


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "name"),
        ({"name": "张" * 61}, "name", "at most 60"),
        ({"id_number": "1101051949123100"}, "id_number", "16 characters typed"),
        ({"id_number": "110105194912310021"}, "id_number", "does not match"),
        # 440305 1990-02-30 001 + check 7: the checksum is right, the date is not.
        (
            {"id_number": "44030519900230001" + check_character("44030519900230001")},
            "id_number",
            "19900230",
        ),
        ({"id_number": "", "credit_code": ""}, "id_number", "ID number"),
        ({"credit_code": CREDIT_CODE, "id_number": PERSON_ID}, "credit_code", "not both"),
        ({"credit_code": "91350100M000100Y44"}, "credit_code", "does not match"),
        ({"credit_code": "91350100M000100O43"}, "credit_code", "without I, O"),
        ({"credit_code": "9135010"}, "credit_code", "7 characters"),
        ({"phone": "12800138000"}, "phone", "mobile"),
        ({"phone": "1380013800"}, "phone", "mobile"),
        ({"phone": "12345678"}, "phone", "area code"),
        ({"address": ""}, "address", "address"),
    ],
)
def test_each_bad_field_is_named(changes: dict[str, str], field: str, message: str) -> None:
    with pytest.raises(ApplicantError, match=message) as refused:
        person(**changes)
    assert refused.value.field == field
    assert refused.value.params["field"] == field
    assert isinstance(refused.value, CounterError)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800138000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("010-62345678", "010-62345678"),
        ("(0755)87654321", "0755-87654321"),
        ("0571 8765432", "0571-8765432"),
        ("０２１－６２３４５６７８－８０１", "021-62345678-801"),
    ],
)
def test_phone_numbers_are_written_one_way(typed: str, stored: str) -> None:
    assert normalise_phone(typed) == stored


# --- the application -------------------------------------------------------------------------


def application(**changes: object) -> ConnectionApplication:
    fields: dict[str, object] = {
        "kind": T.LV_NON_RESIDENTIAL,
        "voltage": V.LOW,
        "applicant": person(),
        "area_code": "GX-03",
        "requested_capacity_kva": 50,
        "documents": frozenset(
            {"id_proof", "property_proof", "business_licence", "equipment_list"}
        ),
    }
    return ConnectionApplication(**(fields | changes))  # type: ignore[arg-type]


def test_a_complete_application_validates() -> None:
    assert application().validate() == ()
    assert (
        application(
            kind=T.NAME_TRANSFER,
            requested_capacity_kva=None,
            documents=frozenset(
                {"id_proof", "former_holder_id", "property_proof", "bills_settled"}
            ),
        ).validate()
        == ()
    )
    assert (
        application(
            kind=T.HV_DUAL,
            voltage=V.HIGH_DUAL,
            requested_capacity_kva=5000,
            documents=frozenset(
                {
                    "id_proof",
                    "property_proof",
                    "business_licence",
                    "equipment_list",
                    "important_load_list",
                }
            ),
        ).validate()
        == ()
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": T.HV_SINGLE}, "voltage"),  # HV single at low voltage
        ({"kind": T.RESIDENTIAL_NEW, "applicant": person(credit_code=CREDIT_CODE)}, "credit_code"),
        ({"area_code": " "}, "area_code"),
        ({"area_code": "区域3"}, "area_code"),
        ({"requested_capacity_kva": None}, "requested_capacity_kva"),
        ({"requested_capacity_kva": 0}, "requested_capacity_kva"),
        ({"requested_capacity_kva": 161}, "requested_capacity_kva"),  # above low voltage's 160
        ({"kind": T.TARIFF_CHANGE, "requested_capacity_kva": 50}, "requested_capacity_kva"),
        ({"documents": frozenset({"id_proof"})}, "documents"),
    ],
)
def test_validate_names_the_first_problem(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ApplicationError) as refused:
        application(**changes).validate()
    assert refused.value.field == field


def test_problems_come_in_form_order() -> None:
    # Wrong voltage and missing capacity and documents: the voltage is reported first.
    with pytest.raises(ApplicationError) as refused:
        application(kind=T.HV_DUAL, requested_capacity_kva=None, documents=frozenset()).validate()
    assert refused.value.field == "voltage"


def test_accepting_paused_returns_what_is_still_missing() -> None:
    missing = application(documents=frozenset({"id_proof"})).validate(waiting_on_customer=True)
    assert [item.code for item in missing] == [
        "property_proof",
        "business_licence",
        "equipment_list",
    ]


def test_the_low_voltage_limit_is_a_setting() -> None:
    application(requested_capacity_kva=200).validate(low_voltage_limit_kva=200)
    application(
        voltage=V.HIGH_SINGLE,
        kind=T.CAPACITY_INCREASE,
        requested_capacity_kva=800,
        documents=frozenset({"id_proof", "property_proof", "equipment_list"}),
    ).validate()


# --- restricted areas ------------------------------------------------------------------------


def test_restricted_areas_setting() -> None:
    assert parse_restricted_areas(DEFAULT_RESTRICTED_AREAS) == ()
    areas = parse_restricted_areas(
        json.loads(
            '[{"area_code": "GX-03", "reason": "变电站扩建", "until": "2026-10-09"},'
            ' {"area_code": "GX-07", "reason": "线路改造", "until": null}]'
        )
    )
    assert areas == (
        RestrictedArea("GX-03", "变电站扩建", date(2026, 10, 9)),
        RestrictedArea("GX-07", "线路改造", None),
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({}, "must be a list"),
        (["GX-03"], "Restricted area 1 must be a mapping"),
        ([{"area_code": "GX-03", "reason": "x", "untill": None}], "unknown field 'untill'"),
        ([{"area_code": "GX-03"}], "area_code and reason must be text"),
        ([{"area_code": "GX-03", "reason": " "}], r"Restricted area 1 \(GX-03\): .*reason"),
        ([{"area_code": "", "reason": "x"}], "not an area code"),
        ([{"area_code": "GX 03", "reason": "x"}], "not an area code"),
        ([{"area_code": "GX-03", "reason": "x", "until": "2026-13-01"}], "GX-03"),
        ([{"area_code": "GX-03", "reason": "x", "until": 20261009}], "until must be a date"),
        (
            [{"area_code": "GX-03", "reason": "x"}, {"area_code": "GX-03", "reason": "y"}],
            r"Restricted area 2 \(GX-03\) is listed twice",
        ),
    ],
)
def test_bad_restricted_areas_are_refused(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_restricted_areas(value)


AREAS = (
    RestrictedArea("GX-03", "变电站扩建", date(2026, 10, 9)),
    RestrictedArea("GX-07", "线路改造", None),
)


def look(area: str, kind: T, day: date, voltage: V = V.LOW):  # type: ignore[no-untyped-def]
    return outlook(AREAS, area, kind, voltage, at(day), calendar=CALENDAR, standards=STANDARDS)


def test_a_restricted_area_gets_the_honest_date() -> None:
    # Residential accepted 2026-09-30 in GX-03, held up until Fri 10-09 inclusive. Normally due
    # Tue 10-13 (see above). Honestly: as if accepted Sat 10-10 (a working day, not counted):
    # Mon 10-12 (1), 13 (2), 14 (3: survey, scheme reply), 15 (4), Fri 10-16 (5).
    seen = look("GX-03", T.RESIDENTIAL_NEW, date(2026, 9, 30))
    assert seen.restricted == AREAS[0]
    assert dates(seen.steps)["energized"] == "2026-10-13"
    assert seen.expected is not None
    assert dates(seen.expected) == {
        "surveyed": "2026-10-14",
        "scheme_replied": "2026-10-14",
        "completion_inspected": "2026-10-16",
        "energized": "2026-10-16",
    }
    assert seen.expected_energized == date(2026, 10, 16)
    assert not seen.expected_provisional


def test_a_restriction_without_an_end_has_no_date() -> None:
    seen = look("GX-07", T.CAPACITY_INCREASE, date(2026, 9, 30), V.HIGH_SINGLE)
    assert seen.restricted == AREAS[1]
    assert seen.expected is None
    assert seen.expected_energized is None
    assert not seen.expected_provisional
    assert DATE_UNKNOWN_PRINT == "日期待定"
    assert (
        dates(seen.steps)["energized"]
        == CALENDAR.add_workdays(date(2026, 9, 30), 22).due.isoformat()
    )


def test_a_restriction_ending_in_december_makes_a_provisional_date() -> None:
    areas = [RestrictedArea("GX-09", "主变增容", date(2026, 12, 31))]
    seen = outlook(
        areas,
        "GX-09",
        T.TEMPORARY_SUPPLY,
        V.LOW,
        at(date(2026, 12, 1)),
        calendar=CALENDAR,
        standards=STANDARDS,
    )
    # As if accepted Fri 2027-01-01; 6 guessed working days: 01-04..01-08 (5), Mon 01-11 (6).
    assert seen.expected_energized == date(2027, 1, 11)
    assert seen.expected_provisional


@pytest.mark.parametrize(
    ("area", "kind", "day"),
    [
        ("GX-03", T.NAME_TRANSFER, date(2026, 9, 30)),  # a change builds nothing
        ("GX-07", T.ACCOUNT_CLOSURE, date(2026, 9, 30)),
        ("GX-03", T.RESIDENTIAL_NEW, date(2026, 10, 10)),  # the restriction ended on 10-09
        ("GX-04", T.RESIDENTIAL_NEW, date(2026, 9, 30)),  # another area
    ],
)
def test_unaffected_applications_are_planned_normally(area: str, kind: T, day: date) -> None:
    seen = look(area, kind, day)
    assert seen.restricted is None
    assert seen.expected == seen.steps
    assert seen.expected_energized == seen.steps[-1].due_day


def test_the_last_day_of_a_restriction_still_holds_it_up() -> None:
    assert look("GX-03", T.RESIDENTIAL_NEW, date(2026, 10, 9)).restricted == AREAS[0]
    assert {
        t
        for t in ConnectionType
        if look("GX-07", t, date(2026, 9, 30), FIXED_VOLTAGE.get(t, V.LOW)).restricted
    } == NEW_SUPPLY_TYPES


def test_the_outlook_counts_from_the_local_day_of_acceptance() -> None:
    # 23:30 UTC on 10-09 is 07:30 on Sat 10-10 in the hall: the restriction has ended there.
    utc_evening = datetime.fromisoformat("2026-10-09T23:30:00+00:00")
    seen = outlook(
        AREAS,
        "GX-03",
        T.RESIDENTIAL_NEW,
        V.LOW,
        utc_evening,
        calendar=CALENDAR,
        standards=STANDARDS,
    )
    assert seen.restricted is None
