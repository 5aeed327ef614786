"""The meter change order (换表工单): every state against every action, the back-billing guard on
closing, and the sync precondition HQ checks (SYNC.md's conflict rule)."""

from __future__ import annotations

import itertools
from uuid import UUID

import pytest

from counterdesk.domain.orders import meter_change as mc
from counterdesk.domain.orders.meter_change import (
    METER_CHANGE,
    Finding,
    MeterChangeCase,
    MeterChangeConflictError,
    MeterChangePrecondition,
    MeterChangeReason,
    MeterChangeRefusedError,
    check_close,
    fire,
    needs_back_billing,
)
from counterdesk.domain.orders.workflow import PAUSE, PAUSED, RESUME, TransitionRefusedError
from counterdesk.domain.refusal import CounterError

ORDER = "HB-20261121-0009"
ROTATION = MeterChangeCase(MeterChangeReason.ROTATION)
FAULT_FOUND = MeterChangeCase(MeterChangeReason.FAULT, Finding.METER_ERROR)

# The whole table as DOMAIN.md draws it: Requested → Notified → Executed → Confirmed →
# [BackBilling → Approved] → Closed; cancel only before the meter has been changed.
LEGAL = {
    ("requested", "notify"): "notified",
    ("notified", "execute"): "executed",
    ("executed", "confirm"): "confirmed",
    ("confirmed", "start_back_billing"): "back_billing",
    ("back_billing", "approve"): "approved",
    ("confirmed", "close"): "closed",
    ("approved", "close"): "closed",
    ("requested", "cancel"): "cancelled",
    ("notified", "cancel"): "cancelled",
}


def test_the_codes_are_the_ones_the_order_tables_use() -> None:
    assert METER_CHANGE.kind == "meter_change"
    assert METER_CHANGE.initial == "requested"
    assert METER_CHANGE.final == {"closed", "cancelled"}
    assert METER_CHANGE.states == {*mc.STATES, PAUSED}
    assert METER_CHANGE.actions == {*mc.ACTIONS, PAUSE, RESUME}


@pytest.mark.parametrize(
    ("state", "action"), list(itertools.product(sorted(mc.STATES), sorted(mc.ACTIONS)))
)
def test_every_state_against_every_action(state: str, action: str) -> None:
    expected = LEGAL.get((state, action))
    if expected is None:
        with pytest.raises(TransitionRefusedError) as refused:
            METER_CHANGE.fire(ORDER, state, action)
        assert refused.value.params == {"order": ORDER, "state": state, "action": action}
    else:
        assert METER_CHANGE.fire(ORDER, state, action) == expected


def test_only_the_approval_needs_a_manager() -> None:
    approvals = [t.action for t in METER_CHANGE.transitions if t.approval]
    assert approvals == ["approve"]


@pytest.mark.parametrize("state", ["executed", "confirmed", "back_billing", "approved"])
def test_a_changed_meter_cannot_be_cancelled(state: str) -> None:
    """After execution the old meter is off the wall: the order must be finished, not dropped."""
    with pytest.raises(TransitionRefusedError):
        fire(ORDER, state, "cancel", ROTATION)


def test_the_counter_offers_the_next_moves_in_order() -> None:
    assert METER_CHANGE.available("requested") == ("notify", "cancel", PAUSE)
    assert METER_CHANGE.available("confirmed") == ("start_back_billing", "close", PAUSE)
    assert METER_CHANGE.available("closed") == ()


def test_a_paused_order_resumes_where_it_waited() -> None:
    assert fire(ORDER, "notified", PAUSE, ROTATION) == PAUSED
    assert fire(ORDER, PAUSED, RESUME, ROTATION, paused_from="notified") == "notified"
    with pytest.raises(TransitionRefusedError):
        fire(ORDER, PAUSED, "execute", ROTATION)


# --- the back-billing guard ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "needed"),
    [
        (MeterChangeCase(MeterChangeReason.ROTATION), False),
        (MeterChangeCase(MeterChangeReason.CUSTOMER_REQUEST, Finding.NONE), False),
        (MeterChangeCase(MeterChangeReason.FAULT, Finding.NONE), False),
        (MeterChangeCase(MeterChangeReason.FAULT, Finding.METER_ERROR), True),
        (MeterChangeCase(MeterChangeReason.TEST, Finding.WIRING_ERROR), True),
        (MeterChangeCase(MeterChangeReason.ROTATION, Finding.WRONG_MULTIPLIER), True),
    ],
)
def test_back_billing_is_needed_when_an_error_was_found(
    case: MeterChangeCase, needed: bool
) -> None:
    assert needs_back_billing(case) is needed


def test_a_rotation_closes_straight_after_confirmation() -> None:
    state = "requested"
    for action in ("notify", "execute", "confirm", "close"):
        state = fire(ORDER, state, action, ROTATION)
    assert state == "closed"


@pytest.mark.parametrize("finding", [Finding.METER_ERROR, Finding.WIRING_ERROR])
def test_a_fault_or_wiring_case_cannot_close_without_back_billing(finding: Finding) -> None:
    case = MeterChangeCase(MeterChangeReason.FAULT, finding)
    with pytest.raises(MeterChangeRefusedError) as refused:
        check_close(ORDER, "confirmed", case)
    assert isinstance(refused.value, CounterError)
    assert refused.value.params == {"order": ORDER}
    assert "back-billing" in str(refused.value)
    with pytest.raises(MeterChangeRefusedError):
        fire(ORDER, "confirmed", "close", case)


def test_a_fault_case_goes_through_approved_back_billing_to_close() -> None:
    state = "confirmed"
    for action in ("start_back_billing", "approve", "close"):
        state = fire(ORDER, state, action, FAULT_FOUND)
    assert state == "closed"
    check_close(ORDER, "approved", FAULT_FOUND)  # nothing to refuse once approved


def test_a_fault_change_waits_for_the_test_result_before_closing() -> None:
    pending = MeterChangeCase(MeterChangeReason.FAULT)
    assert pending.awaiting_finding
    assert not needs_back_billing(pending)
    with pytest.raises(MeterChangeRefusedError, match="record what the test"):
        fire(ORDER, "confirmed", "close", pending)
    assert not MeterChangeCase(MeterChangeReason.ROTATION).awaiting_finding


def test_back_billing_is_refused_where_nothing_was_found() -> None:
    with pytest.raises(MeterChangeRefusedError, match="nothing to back-bill"):
        fire(ORDER, "confirmed", "start_back_billing", ROTATION)


def test_the_state_is_checked_before_the_case() -> None:
    """A wrong state is the workflow's refusal, so the clerk sees where the order really is."""
    with pytest.raises(TransitionRefusedError):
        fire(ORDER, "executed", "close", FAULT_FOUND)


# --- the sync precondition ----------------------------------------------------------------------

METER = UUID(int=41)
OTHER_METER = UUID(int=42)


def _precondition(final: int = 1_234_567, last: int = 1_230_000) -> MeterChangePrecondition:
    # total: final 12345.67 against the last known 12300.00; peak unchanged since its reading.
    return MeterChangePrecondition(
        expected_meter_uid=METER,
        account_version=7,
        final_readings={"total": final, "peak": 512_340},
        last_known={"total": last, "peak": 512_340},
    )


def test_the_precondition_holds_when_final_is_not_below_last_known() -> None:
    assert _precondition().holds()
    assert _precondition(final=1_230_000).holds()  # equal: no use since the last reading
    assert not _precondition(final=1_229_999).holds()
    assert _precondition().conflicts(METER, 7) == ()
    _precondition().check(METER, 7)


def test_a_precondition_is_a_frozen_copy_of_the_readings() -> None:
    finals = {"total": 100}
    precondition = MeterChangePrecondition(METER, 1, finals, {"total": 50})
    finals["total"] = 0
    assert precondition.final_readings["total"] == 100


def test_each_way_the_account_moved_on_at_hq_is_a_conflict() -> None:
    conflicts = _precondition().conflicts(OTHER_METER, 8, {"total": 1_240_000, "peak": 512_340})
    templates = [conflict.template for conflict in conflicts]
    assert len(templates) == 3
    assert "another change was applied first" in templates[0]
    assert conflicts[1].params == {"expected": "7", "current": "8"}
    assert conflicts[2].params == {"register": "total", "final": "12345.67", "last": "12400.00"}


def test_the_first_of_two_halls_wins() -> None:
    """Hall B's change expected the meter hall A has just removed: B's goes to the inbox."""
    hall_b = _precondition()
    with pytest.raises(MeterChangeConflictError, match="another change was applied first"):
        hall_b.check(OTHER_METER, 7)


def test_a_register_without_a_final_reading_is_a_conflict() -> None:
    precondition = MeterChangePrecondition(METER, 7, {"total": 10}, {"total": 5, "valley": 3})
    assert not precondition.holds()
    (conflict,) = precondition.conflicts(METER, 7)
    assert conflict.params == {"register": "valley", "last": "0.03"}


def test_the_precondition_travels_as_json_and_back() -> None:
    payload = _precondition().to_payload()
    assert payload == {
        "expected_meter_uid": str(METER),
        "account_version": 7,
        "final_readings": {"peak": 512_340, "total": 1_234_567},
        "last_known": {"peak": 512_340, "total": 1_230_000},
    }
    assert MeterChangePrecondition.from_payload(payload) == _precondition()


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ([], "object"),
        ({"account_version": 1}, "expected_meter_uid"),
        ({"expected_meter_uid": "x", "account_version": 1}, "expected_meter_uid"),
        ({"expected_meter_uid": str(METER), "account_version": True}, "account_version"),
        (
            {"expected_meter_uid": str(METER), "account_version": 1, "final_readings": []},
            "final_readings",
        ),
        (
            {
                "expected_meter_uid": str(METER),
                "account_version": 1,
                "final_readings": {"total": -1},
                "last_known": {},
            },
            "final_readings['total']",
        ),
    ],
)
def test_a_bad_payload_names_its_bad_entry(payload: object, named: str) -> None:
    with pytest.raises(ValueError, match=named.replace("[", r"\[").replace("]", r"\]")):
        MeterChangePrecondition.from_payload(payload)
