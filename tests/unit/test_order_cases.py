"""Cases (complaints, reports, inquiries): the closed loop, the first owner, deadlines, the draft.

Holiday facts used below (chinesecalendar 1.11.0, asserted in test_workdays.py): National Day
2026 is 1–7 October with Saturday 10 October worked; Mid-Autumn Festival is Friday 25 September
2026; Sunday 20 September 2026 is an adjusted working day; the Spring Festival 2026 holiday is
15–23 February with Saturday 14 February worked. 2027 is unknown: Monday to Friday, provisional.
"""

from dataclasses import replace
from datetime import date, datetime, time

import pytest

from counterdesk.domain.orders.cases import (
    CASE_WORKFLOWS,
    DEFAULT_CASE_STANDARDS,
    MAX_CONTENT_CHARS,
    CallBackRequiredError,
    CaseCategory,
    CaseChannel,
    CaseDraft,
    CaseDraftError,
    CaseKind,
    CaseOwnership,
    CaseStandard,
    case_actions,
    check_case_draft,
    fire_case,
    parse_case_standards,
    plan_case,
    replan_after_reply,
    replan_reopened,
)
from counterdesk.domain.orders.steps import PlannedStep, next_open
from counterdesk.domain.orders.workflow import TransitionRefusedError
from counterdesk.domain.phones import normalise_phone
from counterdesk.domain.workdays import CHINA_STANDARD_TIME, WorkCalendar

CST = CHINA_STANDARD_TIME
CALENDAR = WorkCalendar()
STANDARDS = parse_case_standards(DEFAULT_CASE_STANDARDS)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CST)


def close(day: date) -> datetime:
    """A working-day deadline runs out when the hall closes, 17:30."""
    return datetime.combine(day, time(17, 30), tzinfo=CST)


# --- words ----------------------------------------------------------------------------------


def test_every_code_has_its_printed_chinese_word() -> None:
    assert [k.zh for k in CaseKind] == ["投诉", "举报", "咨询"]
    assert [c.zh for c in CaseCategory] == [
        "服务态度",
        "供电质量",
        "停电",
        "用电安全",
        "业扩报装",
        "计量",
        "电费",
        "其他",
    ]
    assert [c.zh for c in CaseChannel] == ["柜台", "电话", "95598转办"]
    assert CaseChannel.TRANSFER_95598.value == "transfer_95598"


# --- every state against every action -------------------------------------------------------

STATES = ("registered", "transferred", "in_progress", "replied", "closed", "reopened", "paused")
ACTIONS = (
    "transfer",
    "accept",
    "reply",
    "answer",
    "call_back_satisfied",
    "call_back_unsatisfied",
    "close_without_call_back",
    "pause",
    "resume",
    "close",
)
LOOP = {
    ("registered", "transfer"): "transferred",
    ("transferred", "transfer"): "transferred",  # not ours: passed on to another department
    ("in_progress", "transfer"): "transferred",
    ("reopened", "transfer"): "transferred",
    ("registered", "accept"): "in_progress",  # the first owner handles it himself
    ("transferred", "accept"): "in_progress",
    ("reopened", "accept"): "in_progress",
    ("in_progress", "reply"): "replied",
    ("replied", "call_back_satisfied"): "closed",
    ("replied", "call_back_unsatisfied"): "reopened",
}
LEGAL = {
    CaseKind.COMPLAINT: LOOP,
    CaseKind.REPORT: {**LOOP, ("replied", "close_without_call_back"): "closed"},
    CaseKind.INQUIRY: {
        **LOOP,
        ("registered", "answer"): "replied",
        ("replied", "close_without_call_back"): "closed",
    },
}


@pytest.mark.parametrize("kind", list(CaseKind))
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_state_against_every_action(kind: CaseKind, state: str, action: str) -> None:
    expected = LEGAL[kind].get((state, action))
    if expected is None:
        with pytest.raises(TransitionRefusedError) as refused:
            fire_case(kind, "C-1", state, action, call_back_declined=True)
        assert refused.value.params == {"order": "C-1", "state": state, "action": action}
    else:
        assert fire_case(kind, "C-1", state, action, call_back_declined=True) == expected


@pytest.mark.parametrize("kind", list(CaseKind))
def test_the_tables_have_exactly_the_six_states_and_no_pause(kind: CaseKind) -> None:
    workflow = CASE_WORKFLOWS[kind]
    assert workflow.states == set(STATES) - {"paused"}
    assert workflow.initial == "registered"
    assert workflow.final == {"closed"}
    assert "pause" not in workflow.available("in_progress")


def test_a_complaint_never_skips_the_call_back_even_when_told_declined() -> None:
    with pytest.raises(TransitionRefusedError):
        fire_case(
            CaseKind.COMPLAINT, "C-1", "replied", "close_without_call_back", call_back_declined=True
        )
    assert case_actions(CaseKind.COMPLAINT, "replied", call_back_declined=True) == (
        "call_back_satisfied",
        "call_back_unsatisfied",
    )


@pytest.mark.parametrize("kind", [CaseKind.REPORT, CaseKind.INQUIRY])
def test_closing_without_a_call_back_needs_the_customer_to_have_declined(kind: CaseKind) -> None:
    with pytest.raises(CallBackRequiredError) as refused:
        fire_case(kind, "C-7", "replied", "close_without_call_back")
    assert isinstance(refused.value, TransitionRefusedError)
    assert refused.value.params["order"] == "C-7"
    assert "called back" in str(refused.value)
    assert "close_without_call_back" not in case_actions(kind, "replied")
    assert "close_without_call_back" in case_actions(kind, "replied", call_back_declined=True)


def test_the_buttons_offered_follow_the_table() -> None:
    assert case_actions(CaseKind.INQUIRY, "registered") == ("transfer", "accept", "answer")
    assert case_actions(CaseKind.COMPLAINT, "registered") == ("transfer", "accept")
    assert case_actions(CaseKind.COMPLAINT, "reopened") == ("transfer", "accept")
    assert case_actions(CaseKind.COMPLAINT, "closed") == ()


# --- the first owner and the reopen path ----------------------------------------------------


def test_the_first_owner_is_kept_through_every_transfer_and_the_reopening() -> None:
    kind = CaseKind.COMPLAINT
    owner = CaseOwnership(first_owner="0102", department="营业厅", handler="0102")
    state = "registered"
    path = [
        ("transfer", ("运检部", None)),
        ("transfer", ("营销部", "2031")),  # 运检部 found it was not theirs
        ("accept", None),
        ("reply", None),
        ("call_back_unsatisfied", None),
        ("transfer", ("计量中心", "3307")),
        ("accept", None),
        ("reply", None),
        ("call_back_satisfied", None),
    ]
    seen = [state]
    for action, transfer_to in path:
        state = fire_case(kind, "C-9", state, action)
        if transfer_to is not None:
            owner = owner.transfer_to(*transfer_to)
            assert owner.first_owner == "0102"
        seen.append(state)
    assert seen == [
        "registered",
        "transferred",
        "transferred",
        "in_progress",
        "replied",
        "reopened",
        "transferred",
        "in_progress",
        "replied",
        "closed",
    ]
    assert owner == CaseOwnership("0102", "计量中心", "3307")


def test_an_ownership_needs_an_owner_and_a_department() -> None:
    with pytest.raises(ValueError, match="first owner"):
        CaseOwnership(first_owner=" ", department="营业厅")
    with pytest.raises(ValueError, match="department"):
        CaseOwnership("0102", "营业厅").transfer_to(" ")


def test_an_inquiry_answered_on_the_spot_still_waits_for_its_call_back() -> None:
    state = fire_case(CaseKind.INQUIRY, "C-3", "registered", "answer")
    assert state == "replied"
    assert case_actions(CaseKind.INQUIRY, state) == ("call_back_satisfied", "call_back_unsatisfied")
    declined = fire_case(
        CaseKind.INQUIRY, "C-3", state, "close_without_call_back", call_back_declined=True
    )
    assert declined == "closed"


# --- deadlines ------------------------------------------------------------------------------


def steps_of(planned: tuple[PlannedStep, ...]) -> list[tuple[str, datetime, bool]]:
    return [(step.step, step.due_at, step.provisional) for step in planned]


def test_registered_the_day_before_national_day() -> None:
    # Wednesday 2026-09-30. Contact: the 1st working day after it skips 1–7 Oct → Thu 10-08.
    # Reply: 10-08 (1), 10-09 Fri (2), 10-10 Sat worked (3), 10-12 (4), 10-13 Tue (5).
    # Call-back: 2 after the reply's deadline → 10-14 (1), 10-15 (2).
    planned = plan_case(CALENDAR, CaseKind.COMPLAINT, at(date(2026, 9, 30)), STANDARDS)
    assert steps_of(planned) == [
        ("contact", close(date(2026, 10, 8)), False),
        ("reply", close(date(2026, 10, 13)), False),
        ("call_back", close(date(2026, 10, 15)), False),
    ]


def test_registered_on_an_adjusted_working_sunday() -> None:
    # Sunday 2026-09-20 is worked, but the registration day is never counted.
    # Contact: Mon 09-21. Reply: 09-21 (1), 22 (2), 23 (3), 24 (4), Fri 25 is Mid-Autumn, the
    # weekend follows, so Mon 09-28 (5). Call-back: 09-29 (1), 09-30 (2).
    planned = plan_case(CALENDAR, CaseKind.REPORT, at(date(2026, 9, 20)), STANDARDS)
    assert steps_of(planned) == [
        ("contact", close(date(2026, 9, 21)), False),
        ("reply", close(date(2026, 9, 28)), False),
        ("call_back", close(date(2026, 9, 30)), False),
    ]


def test_registered_before_an_adjusted_working_sunday() -> None:
    # Friday 2026-09-18: the 1st working day after it is Sunday 09-20 (调休上班).
    planned = plan_case(CALENDAR, CaseKind.COMPLAINT, at(date(2026, 9, 18)), STANDARDS)
    assert planned[0].due_at == close(date(2026, 9, 20))


def test_registered_before_the_spring_festival() -> None:
    # Friday 2026-02-13. Contact: Sat 02-14 (worked). Reply: 02-14 (1), holiday 15–23,
    # 02-24 (2), 25 (3), 26 (4), Fri 27 (5). Call-back: Sat 02-28 worked (1), Mon 03-02 (2).
    planned = plan_case(CALENDAR, CaseKind.INQUIRY, at(date(2026, 2, 13), 16), STANDARDS)
    assert steps_of(planned) == [
        ("contact", close(date(2026, 2, 14)), False),
        ("reply", close(date(2026, 2, 27)), False),
        ("call_back", close(date(2026, 3, 2)), False),
    ]


def test_a_deadline_into_2027_is_provisional() -> None:
    # Monday 2026-12-28. Contact: 12-29 (known). Reply: 12-29 (1), 12-30 (2), 12-31 (3), then
    # 2027 is guessed Monday to Friday: Fri 2027-01-01 (4), Mon 01-04 (5) — provisional.
    # Call-back: 01-05 (1), 01-06 (2), provisional as well.
    planned = plan_case(CALENDAR, CaseKind.COMPLAINT, at(date(2026, 12, 28)), STANDARDS)
    assert steps_of(planned) == [
        ("contact", close(date(2026, 12, 29)), False),
        ("reply", close(date(2027, 1, 4)), True),
        ("call_back", close(date(2027, 1, 6)), True),
    ]


def test_the_call_back_counts_from_the_actual_reply() -> None:
    # Registered Wed 2026-09-30; replied early, Thu 10-08 at 11:00. The call-back is then due
    # 2 working days after 10-08: 10-09 (1), Sat 10-10 worked (2) — not 10-15 any more.
    planned = plan_case(CALENDAR, CaseKind.COMPLAINT, at(date(2026, 9, 30)), STANDARDS)
    replied_at = at(date(2026, 10, 8), 11)
    updated = replan_after_reply(CALENDAR, CaseKind.COMPLAINT, planned, replied_at, STANDARDS)
    assert [s.step for s in updated] == ["contact", "reply", "call_back"]
    assert updated[0] == planned[0]
    assert updated[1].done_at == replied_at
    assert updated[1].due_at == close(date(2026, 10, 13))  # a reply keeps its deadline
    assert updated[2].due_at == close(date(2026, 10, 10))
    assert updated[2].done_at is None


def test_a_reopened_case_gets_a_new_reply_deadline_from_the_reopening() -> None:
    # Registered Mon 2026-09-14, contacted the same day, replied Fri 09-18; the call-back on
    # Wed 2026-09-30 finds the customer unsatisfied and reopens it. New reply: 10-08 (1),
    # 10-09 (2), Sat 10-10 (3), 10-12 (4), 10-13 (5). New call-back: 10-14 (1), 10-15 (2).
    # The contact step stays as it was.
    kind = CaseKind.COMPLAINT
    planned = plan_case(CALENDAR, kind, at(date(2026, 9, 14)), STANDARDS)
    contact_done = replace(planned[0], done_at=at(date(2026, 9, 14), 15))
    replied = replan_after_reply(
        CALENDAR, kind, (contact_done, *planned[1:]), at(date(2026, 9, 18)), STANDARDS
    )
    reopened = replan_reopened(CALENDAR, kind, replied, at(date(2026, 9, 30)), STANDARDS)
    assert reopened[0] == contact_done
    assert steps_of(reopened)[1:] == [
        ("reply", close(date(2026, 10, 13)), False),
        ("call_back", close(date(2026, 10, 15)), False),
    ]
    assert reopened[1].done_at is None
    assert next_open(reopened) == reopened[1]


def test_the_standards_are_per_kind_and_configurable() -> None:
    assert STANDARDS[CaseKind.COMPLAINT] == CaseStandard(contact=1, reply=5, call_back=2)
    older = {**DEFAULT_CASE_STANDARDS, "complaint": {"contact": 1, "reply": 7, "call_back": 3}}
    standards = parse_case_standards(older)
    assert standards[CaseKind.COMPLAINT] == CaseStandard(1, 7, 3)
    assert standards[CaseKind.INQUIRY] == CaseStandard(1, 5, 2)
    # Reply within 7 from Wed 2026-09-30: 10-08, 09, 10, 12, 13, 14, Thu 10-15 (7).
    planned = plan_case(CALENDAR, CaseKind.COMPLAINT, at(date(2026, 9, 30)), standards)
    assert planned[1].due_at == close(date(2026, 10, 15))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "mapping"),
        ({**DEFAULT_CASE_STANDARDS, "suggestion": {}}, "unknown kind 'suggestion'"),
        ({"complaint": DEFAULT_CASE_STANDARDS["complaint"]}, "report needs"),
        ({**DEFAULT_CASE_STANDARDS, "report": {"contact": 1, "reply": 5}}, "report must give"),
        (
            {**DEFAULT_CASE_STANDARDS, "inquiry": {"contact": 1, "reply": 5, "call_back": -1}},
            "inquiry.call_back",
        ),
        (
            {**DEFAULT_CASE_STANDARDS, "inquiry": {"contact": 1, "reply": 61, "call_back": 2}},
            "inquiry.reply",
        ),
        (
            {**DEFAULT_CASE_STANDARDS, "inquiry": {"contact": True, "reply": 5, "call_back": 2}},
            "inquiry.contact",
        ),
        (
            {**DEFAULT_CASE_STANDARDS, "inquiry": {"contact": 1.0, "reply": 5, "call_back": 2}},
            "inquiry.contact",
        ),
        (
            {**DEFAULT_CASE_STANDARDS, "complaint": {"contact": 3, "reply": 2, "call_back": 2}},
            "complaint replies within 2",
        ),
    ],
)
def test_bad_standards_are_refused_naming_the_entry(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_case_standards(value)


# --- the draft ------------------------------------------------------------------------------


def draft(**changes: object) -> CaseDraft:
    fields: dict[str, object] = {
        "kind": CaseKind.COMPLAINT,
        "category": CaseCategory.OUTAGE,
        "channel": CaseChannel.COUNTER,
        "content": "  小区昨晚停电三小时，未见通知。 ",
        "phone": "138 0013 8000",
        "account_no": " 3700123456 ",
    }
    fields.update(changes)
    return CaseDraft(**fields)  # type: ignore[arg-type]


def test_a_good_draft_comes_back_tidied() -> None:
    checked = check_case_draft(draft())
    assert checked.content == "小区昨晚停电三小时，未见通知。"
    assert checked.phone == "13800138000"
    assert checked.account_no == "3700123456"


def test_a_prospective_customer_has_no_account() -> None:
    assert check_case_draft(draft(account_no=None)).account_no is None
    assert check_case_draft(draft(account_no="  ")).account_no is None


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("13800138000", "13800138000"),
        ("+86 139-0000-1234", "13900001234"),
        ("１８６１２３４５６７８", "18612345678"),  # full-width digits from a Chinese IME
        ("010-12345678", "010-12345678"),  # Beijing: 3-digit area code, 8 digits
        ("(021) 6123 4567", "021-61234567"),
        ("0535-1234567", "0535-1234567"),  # Yantai: 4-digit area code, 7 digits
        ("053512345678", "0535-12345678"),
        ("12800138000", None),  # 12x is not a mobile prefix
        ("1380013800", None),  # 10 digits
        ("138001380001", None),
        ("1234567", None),  # no area code
        ("010-1234567", None),  # Beijing numbers have 8 digits
        ("0012345678", None),  # 00 is the international prefix
        ("0535-123456", None),
        ("abc", None),
    ],
)
def test_phone_numbers(typed: str, normalised: str | None) -> None:
    assert normalise_phone(typed) == normalised


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"content": "   "}, "content", "no content"),
        ({"content": "字" * (MAX_CONTENT_CHARS + 1)}, "content", "2000 characters; it has 2001"),
        ({"phone": "1380013800"}, "phone", "“1380013800” is not a phone number"),
        ({"phone": None}, "phone", "phone number"),
        ({"phone": "  "}, "phone", "phone number"),
        ({"call_back_declined": True}, "call_back_declined", "always called back"),
    ],
)
def test_a_bad_draft_is_refused_naming_the_field(
    changes: dict[str, object], field: str, fragment: str
) -> None:
    with pytest.raises(CaseDraftError) as refused:
        check_case_draft(draft(**changes))
    assert refused.value.params["field"] == field
    assert fragment in str(refused.value)


def test_the_longest_content_is_taken() -> None:
    assert len(check_case_draft(draft(content="字" * MAX_CONTENT_CHARS)).content) == 2000


@pytest.mark.parametrize("kind", [CaseKind.REPORT, CaseKind.INQUIRY])
def test_a_declined_call_back_needs_no_phone(kind: CaseKind) -> None:
    checked = check_case_draft(draft(kind=kind, phone=None, call_back_declined=True))
    assert checked.phone is None
    # A phone given anyway is still checked.
    with pytest.raises(CaseDraftError):
        check_case_draft(draft(kind=kind, phone="12345", call_back_declined=True))
