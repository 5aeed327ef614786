"""The hall queue's rules in memory: who is called next, what each action may and may not do.

Pure and fast: :class:`HallQueue` with no database. The last part drives the queue with random
actions at random windows (a hypothesis state machine) and checks after every step that the
counts, the windows and the pick agree with a brute-force reading of the tickets, and that a
refused action changed nothing at all.
"""

from __future__ import annotations

import copy
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from counterdesk.queue.errors import (
    AlreadyRatedError,
    BadRatingError,
    CategoryClosedError,
    NobodyWaitingError,
    NoCurrentTicketError,
    NotRatableError,
    NotYourTicketError,
    QueueError,
    StillServingError,
    TicketClosedError,
    TicketTakenError,
    TooFewRecallsError,
    TransferTargetError,
    UnknownCategoryError,
    UnknownTicketError,
    UnknownWindowError,
    WindowBusyError,
    WindowClosedError,
)
from counterdesk.queue.model import (
    DEFAULT_CATEGORIES,
    Category,
    HallQueue,
    Ticket,
    TicketState,
    Weight,
    Window,
    WindowState,
    ticket_number,
)
from counterdesk.services.common import business_day
from tests.helpers.hall import MORNING

E, R, N, V = Weight.EXCLUDE, Weight.RESERVE, Weight.NORMAL, Weight.VIP


def at(minutes: float) -> datetime:
    return MORNING + timedelta(minutes=minutes)


def hall(*, no_show_after_recalls: int = 1, open_all: bool = True) -> HallQueue:
    """Three windows: 1 payments first (inquiries as a reserve), 2 business first (no payments),
    3 everything alike; the green channel V has the category priority 1."""
    windows = [
        Window(1, "1号窗口", {"A": N, "B": N, "C": R, "V": V}),
        Window(2, "2号窗口", {"A": E, "B": V, "C": N}),
        Window(3, "3号窗口", {"A": N, "B": N, "C": N, "V": N}),
    ]
    queue = HallQueue(
        business_day(MORNING),
        DEFAULT_CATEGORIES,
        windows,
        no_show_after_recalls=no_show_after_recalls,
    )
    if open_all:
        for number in (1, 2, 3):
            queue.open_window(number, f"c{number}", f"Clerk {number}", at(0))
    return queue


def issue(queue: HallQueue, category: str, minute: float, **kwargs: Any) -> Ticket:
    change = queue.issue(category, at(minute), **kwargs)
    assert change.ticket is not None
    return queue.tickets[change.ticket.uid]


def call_next(queue: HallQueue, window: int, minute: float = 60) -> str:
    change = queue.call_next(window, at(minute))
    assert change.ticket is not None
    return change.ticket.number


# --- weights ------------------------------------------------------------------------------------


def test_a_vip_category_comes_before_an_earlier_normal_one() -> None:
    queue = hall()
    issue(queue, "C", 0)  # normal at window 2, waiting longest
    issue(queue, "B", 5)  # VIP at window 2
    assert call_next(queue, 2) == "B001"
    queue.finish(2, at(61))
    assert call_next(queue, 2, 62) == "C001"


def test_a_reserve_category_waits_while_a_normal_or_vip_one_has_anyone() -> None:
    queue = hall()
    issue(queue, "C", 0)  # a reserve at window 1, waiting longest
    issue(queue, "A", 10)
    issue(queue, "B", 20)
    assert call_next(queue, 1) == "A001"
    queue.finish(1, at(61))
    assert call_next(queue, 1, 62) == "B001"
    queue.finish(1, at(63))
    assert call_next(queue, 1, 64) == "C001"  # only now, with A and B empty


def test_an_excluded_category_is_never_called_at_that_window() -> None:
    queue = hall()
    ticket = issue(queue, "A", 0)
    with pytest.raises(NobodyWaitingError):
        queue.call_next(2, at(1))
    assert ticket.state is TicketState.WAITING
    assert queue.waiting()["A"] == 1
    assert queue.next_for(2) is None
    assert call_next(queue, 3) == "A001"


def test_ties_go_by_priority_then_issue_time_then_number() -> None:
    queue = hall()
    issue(queue, "B", 0)
    issue(queue, "A", 5)
    issue(queue, "A", 5)  # the same minute: the lower number first
    issue(queue, "C", 9, priority=2)  # a priority given at the kiosk outranks waiting time
    order = []
    for minute in range(4):
        order.append(call_next(queue, 3, 60 + 2 * minute))
        queue.finish(3, at(61 + 2 * minute))
    assert order == ["C001", "B001", "A001", "A002"]


def test_the_green_channel_outranks_earlier_tickets_of_the_same_weight() -> None:
    queue = hall()
    issue(queue, "A", 0)
    green = issue(queue, "V", 30)
    assert green.priority == 1
    assert call_next(queue, 3) == "V001"  # window 3 serves V with the same weight as A


# --- transfers ----------------------------------------------------------------------------------


def test_a_transfer_to_a_category_keeps_the_issue_time() -> None:
    queue = hall()
    first = issue(queue, "A", 0)
    issue(queue, "B", 10)
    issue(queue, "B", 20)
    assert call_next(queue, 3, 30) == "A001"
    change = queue.transfer(3, at(35), category="B", expected=first.uid)

    assert change.kind == "transferred"
    assert dict(change.detail) == {"from_category": "A", "from_window": 3}
    assert (first.number, first.category, first.state) == ("A001", "B", TicketState.WAITING)
    assert first.issued_at == at(0)
    assert first.transfers == 1
    assert queue.waiting() == {"A": 0, "B": 3, "C": 0, "V": 0}
    assert queue.window(3).current is None
    assert queue.window(3).state is WindowState.OPEN
    assert call_next(queue, 2, 40) == "A001"  # ahead of B001 and B002, issued later


def test_a_transfer_to_a_window_is_called_there_only_and_first() -> None:
    queue = hall()
    sent = issue(queue, "A", 0)
    issue(queue, "A", 5)
    issue(queue, "B", 1)
    assert call_next(queue, 1, 10) == "A001"
    queue.transfer(1, at(12), to_window=2)
    assert sent.target_window == 2
    assert sent.category == "A"

    # Window 3 skips A001 although it waited longest; window 2 takes it before its VIP line,
    # even though window 2 excludes payments: the customer was sent there.
    assert call_next(queue, 3, 13) == "B001"
    queue.finish(3, at(14))
    assert call_next(queue, 3, 15) == "A002"
    issue(queue, "B", 16)
    assert call_next(queue, 2, 17) == "A001"
    assert sent.target_window is None
    assert sent.window == 2
    queue.finish(2, at(18))
    assert call_next(queue, 2, 19) == "B002"


def test_closing_a_window_sends_its_transferred_customers_back_to_their_line_in_place() -> None:
    queue = hall()
    sent = issue(queue, "A", 0)
    issue(queue, "A", 5)
    assert call_next(queue, 1, 10) == "A001"
    queue.transfer(1, at(11), to_window=2)
    change = queue.close_window(2, at(12))

    assert sent.target_window is None
    assert [t.number for t in change.moved] == ["A001"]
    assert change.detail["returned"] == ["A001"]
    assert queue.waiting()["A"] == 2
    # Back in line A with its issue time kept: ahead of A002, who came five minutes later.
    assert call_next(queue, 3, 13) == "A001"


# --- recalls, no-shows and calling a number -----------------------------------------------------


def test_recalls_are_counted_and_a_no_show_needs_the_set_number_of_them() -> None:
    queue = hall(no_show_after_recalls=2)
    ticket = issue(queue, "A", 0)
    call_next(queue, 1)
    with pytest.raises(TooFewRecallsError) as refused:
        queue.no_show(1, at(61))
    assert refused.value.params == {"ticket": "A001", "needed": "2", "done": "0"}
    assert queue.recall(1, at(62)).detail == {"recalls": 1}
    with pytest.raises(TooFewRecallsError):
        queue.no_show(1, at(63))
    queue.recall(1, at(64), expected=ticket.uid)
    change = queue.no_show(1, at(65), expected=ticket.uid)

    assert change.kind == "no_show"
    assert ticket.state is TicketState.NO_SHOW
    assert ticket.recalls == 2
    assert ticket.finished_at == at(65)
    window = queue.window(1)
    assert window.current is None
    assert window.state is WindowState.OPEN


def test_no_recalls_needed_when_the_setting_is_zero() -> None:
    queue = hall(no_show_after_recalls=0)
    issue(queue, "A", 0)
    call_next(queue, 1)
    assert queue.no_show(1, at(61)).ticket.state is TicketState.NO_SHOW  # type: ignore[union-attr]


def test_a_ticket_is_called_by_its_number_including_a_no_show_who_came_back() -> None:
    queue = hall(no_show_after_recalls=0)
    issue(queue, "A", 0)
    issue(queue, "A", 1)
    assert queue.call(3, "A002", at(10)).ticket.number == "A002"  # type: ignore[union-attr]
    assert queue.waiting()["A"] == 1
    queue.no_show(3, at(11))
    assert call_next(queue, 3, 12) == "A001"
    queue.finish(3, at(13))

    back = queue.call(1, "A002", at(20))  # the customer is back at the desk
    assert back.ticket is not None
    assert back.ticket.state is TicketState.CALLED
    assert back.ticket.window == 1
    assert back.ticket.recalls == 0
    assert queue.ticket("A002").first_called_at == at(10)


def test_calling_a_ticket_served_elsewhere_or_finished_is_refused() -> None:
    queue = hall()
    issue(queue, "A", 0)
    issue(queue, "A", 1)
    call_next(queue, 1)
    with pytest.raises(TicketTakenError) as taken:
        queue.call(3, "A001", at(61))
    assert taken.value.params == {"ticket": "A001", "window": "1"}
    queue.finish(1, at(62))
    with pytest.raises(TicketClosedError):
        queue.call(3, "A001", at(63))
    assert queue.window(3).current is None


def test_calling_while_serving_is_refused() -> None:
    queue = hall()
    issue(queue, "A", 0)
    issue(queue, "A", 1)
    call_next(queue, 1)
    with pytest.raises(StillServingError) as refused:
        queue.call_next(1, at(61))
    assert refused.value.params == {"ticket": "A001"}
    with pytest.raises(StillServingError):
        queue.call(1, "A002", at(61))
    assert queue.waiting()["A"] == 1


def test_a_stale_expected_ticket_is_refused_not_obeyed() -> None:
    queue = hall()
    first, second = issue(queue, "A", 0), issue(queue, "A", 1)
    call_next(queue, 1)
    call_next(queue, 3)
    for act in (queue.finish, queue.recall, queue.no_show):
        with pytest.raises(NotYourTicketError):
            act(1, at(62), second.uid)  # window 1 serves A001, not A002
    with pytest.raises(NotYourTicketError):
        queue.transfer(1, at(62), category="B", expected=second.uid)
    queue.finish(1, at(63), first.uid)
    with pytest.raises(TicketClosedError):  # a double click on finish
        queue.finish(1, at(64), first.uid)
    with pytest.raises(NotYourTicketError):  # an idle window acting on another's customer
        queue.recall(1, at(64), second.uid)
    with pytest.raises(NoCurrentTicketError):
        queue.finish(1, at(64))
    assert second.state is TicketState.CALLED
    assert second.window == 3
    assert second.recalls == 0


def test_unknown_categories_windows_and_tickets_are_named() -> None:
    queue = hall()
    with pytest.raises(UnknownCategoryError) as category:
        queue.issue("Z", at(0))
    assert category.value.params == {"category": "Z"}
    with pytest.raises(UnknownWindowError):
        queue.call_next(9, at(0))
    with pytest.raises(UnknownWindowError):
        queue.open_window(9, "c9", "", at(0))
    with pytest.raises(UnknownTicketError):
        queue.call(1, "A999", at(0))
    with pytest.raises(UnknownTicketError):
        queue.rate(uuid.uuid4(), 5, at(0))
    issue(queue, "A", 0)
    call_next(queue, 1)
    with pytest.raises(UnknownCategoryError):
        queue.transfer(1, at(61), category="Z")
    with pytest.raises(UnknownWindowError):
        queue.transfer(1, at(61), to_window=9)
    for target in ({}, {"to_window": 1}, {"category": "A"}):
        with pytest.raises(TransferTargetError):
            queue.transfer(1, at(61), **target)  # type: ignore[arg-type]
    assert queue.ticket("A001").state is TicketState.CALLED
    assert sum(queue.waiting().values()) == 0


def test_a_category_not_issuing_refuses_tickets() -> None:
    queue = hall()
    queue.set_categories([Category("C", "咨询查询", active=False)])
    with pytest.raises(CategoryClosedError):
        queue.issue("C", at(0))
    assert queue.issue("A", at(0)).ticket.number == "A001"  # type: ignore[union-attr]


# --- windows ------------------------------------------------------------------------------------


def test_pause_resume_and_call_next_from_a_pause() -> None:
    queue = hall()
    issue(queue, "A", 0)
    assert queue.pause(1, at(1)).window.state is WindowState.PAUSED  # type: ignore[union-attr]
    assert queue.window(1).since == at(1)
    assert queue.resume(1, at(2)).window.state is WindowState.OPEN  # type: ignore[union-attr]
    queue.pause(1, at(3))
    change = queue.call_next(1, at(4))  # pressing F1 ends the pause
    assert change.window is not None
    assert change.window.state is WindowState.SERVING
    with pytest.raises(StillServingError):
        queue.pause(1, at(5))
    queue.finish(1, at(6))
    queue.close_window(1, at(7))
    with pytest.raises(WindowClosedError):
        queue.pause(1, at(8))
    with pytest.raises(WindowClosedError):
        queue.call_next(1, at(8))


def test_a_window_open_for_one_clerk_is_refused_to_another_and_closes_only_when_idle() -> None:
    queue = hall()
    with pytest.raises(WindowBusyError):
        queue.open_window(1, "c9", "Other", at(1))
    assert queue.open_window(1, "c1", "Clerk 1", at(1)).window.clerk_no == "c1"  # type: ignore[union-attr]
    issue(queue, "A", 0)
    call_next(queue, 1)
    with pytest.raises(StillServingError):
        queue.close_window(1, at(61))
    queue.finish(1, at(62))
    closed = queue.close_window(1, at(63)).window
    assert closed is not None
    assert closed.state is WindowState.CLOSED
    assert closed.clerk_no is None


# --- ratings ------------------------------------------------------------------------------------


def test_only_a_finished_ticket_is_rated_once_with_two_to_five() -> None:
    queue = hall()
    ticket = issue(queue, "A", 0)
    call_next(queue, 1)
    with pytest.raises(NotRatableError):
        queue.rate("A001", 5, at(61))
    queue.finish(1, at(62))
    for bad in (1, 6, 0, True, "5", 4.0):
        with pytest.raises(BadRatingError):
            queue.rate("A001", bad, at(63))  # type: ignore[arg-type]
    change = queue.rate_last(1, 4, at(63))  # the evaluator keypad knows only its window
    assert change.ticket is not None
    assert change.ticket.rating == 4
    assert change.window is not None
    assert change.window.number == 1
    assert ticket.rated_at == at(63)
    with pytest.raises(AlreadyRatedError):
        queue.rate(ticket.uid, 5, at(64))
    assert ticket.rating == 4


def test_a_no_show_is_not_rated_and_a_window_with_no_finished_ticket_has_none_to_rate() -> None:
    queue = hall(no_show_after_recalls=0)
    issue(queue, "A", 0)
    with pytest.raises(NoCurrentTicketError):
        queue.rate_last(1, 5, at(1))
    call_next(queue, 1)
    queue.no_show(1, at(61))
    with pytest.raises(NotRatableError):
        queue.rate("A001", 5, at(62))


# --- numbers and people ahead -------------------------------------------------------------------


def test_numbers_run_a001_to_a999_then_a1000_each_category_on_its_own() -> None:
    assert [ticket_number("A", n) for n in (1, 23, 999, 1000)] == ["A001", "A023", "A999", "A1000"]
    queue = hall()
    numbers = [issue(queue, "A", n / 100).number for n in range(1000)]
    assert numbers[:2] == ["A001", "A002"]
    assert numbers[-2:] == ["A999", "A1000"]
    assert issue(queue, "V", 11).number == "V001"
    assert queue.ticket("A1000").seq == 1000


def test_people_ahead_counts_only_who_is_called_before_in_the_same_line() -> None:
    queue = hall()
    first = issue(queue, "A", 0)
    issue(queue, "V", 1)  # another line
    issue(queue, "A", 2)
    change = queue.issue("A", at(3))
    assert change.detail == {"ahead": 2}
    third = queue.tickets[change.ticket.uid]  # type: ignore[union-attr]
    urgent = issue(queue, "A", 4, priority=3)
    assert queue.people_ahead(urgent) == 0
    assert queue.people_ahead(third) == 3
    assert call_next(queue, 3) == "A004"  # priority 3 outranks the green channel's 1
    assert queue.people_ahead(third) == 2
    queue.finish(3, at(61))
    queue.call(3, first.number, at(62))
    assert queue.people_ahead(third) == 1
    queue.transfer(3, at(63), to_window=1)  # back in line for window 1 alone: not ahead
    assert queue.people_ahead(third) == 1


# --- the end of the day -------------------------------------------------------------------------


def test_at_day_end_waiting_and_called_tickets_expire_and_windows_close() -> None:
    queue = hall()
    done = issue(queue, "A", 0)
    call_next(queue, 1)
    queue.finish(1, at(61))
    called, waiting = issue(queue, "B", 1), issue(queue, "C", 2)
    queue.call(3, called.number, at(62))
    queue.pause(2, at(63))

    changes = queue.expire(at(600))

    assert sorted(c.ticket.number for c in changes if c.kind == "expired") == ["B001", "C001"]  # type: ignore[union-attr]
    assert [c.window.number for c in changes if c.kind == "closed"] == [1, 2, 3]  # type: ignore[union-attr]
    assert called.state is waiting.state is TicketState.EXPIRED
    assert done.state is TicketState.FINISHED
    assert set(queue.waiting().values()) == {0}
    for window in queue.windows.values():
        assert (window.state, window.current, window.clerk_no) == (WindowState.CLOSED, None, None)
        assert queue.next_for(window.number) is None


# --- random actions at random windows -----------------------------------------------------------


def brute_force_next(queue: HallQueue, number: int) -> Ticket | None:
    """The pick by its definition, reading every ticket (what the heaps must agree with)."""
    waiting = [t for t in queue.tickets.values() if t.state is TicketState.WAITING]
    targeted = [t for t in waiting if t.target_window == number]
    if targeted:
        return min(targeted, key=Ticket.order_key)
    weights = queue.windows[number].weights
    candidates = [
        t for t in waiting if t.target_window is None and weights.get(t.category, E) is not E
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda t: (-weights[t.category], t.order_key()))


def snapshot(queue: HallQueue) -> dict[str, Any]:
    """Everything a refused action must leave alone, deep-copied."""
    return copy.deepcopy(
        {
            "tickets": queue.tickets,
            "windows": queue.windows,
            "waiting": queue.waiting(),
            "seq": queue._seq,
            "live": sorted(str(t.uid) for t in queue._waiting_tickets()),
        }
    )


WINDOWS = st.sampled_from([1, 2, 3] * 3 + [4])  # 4 is not set up: refusals too
SENSIBLY = st.sampled_from([True] * 4 + [False])
CODES = st.sampled_from(["A", "B", "C", "V", "A", "Z"])


class QueueMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.queue = hall(no_show_after_recalls=1)
        self.minute = 0.0
        self.refusals = 0
        self.day_over = False

    def now(self) -> datetime:
        self.minute += 0.5
        return at(self.minute)

    def issue_one(self, code: str, priority: int | None = None) -> None:
        """Issue with a uid from a counter: a replayed example must be the same example."""
        uid = uuid.UUID(int=len(self.queue.tickets) + 1)
        self.act(lambda: self.queue.issue(code, self.now(), uid=uid, priority=priority))

    def act(self, action: Any) -> None:
        before = snapshot(self.queue)
        try:
            action()
        except QueueError:
            self.refusals += 1
            assert snapshot(self.queue) == before, "a refused action changed the queue"

    def ref(self, data: st.DataObject) -> str:
        numbers = [*self.queue.by_number, "A999"]
        return data.draw(st.sampled_from(numbers))

    def expected(self, window: int, data: st.DataObject) -> uuid.UUID | None:
        """Mostly what the counter's screen shows; sometimes a stale or foreign ticket."""
        known = self.queue.windows.get(window)
        current = known.current if known else None
        stale = list(self.queue.tickets)[-3:]
        choices: list[uuid.UUID | None] = [None, None, current, current, current, *stale]
        return data.draw(st.sampled_from(choices))

    @initialize(codes=st.lists(CODES, min_size=3, max_size=12))
    def morning_queue(self, codes: list[str]) -> None:
        for code in codes:
            self.issue_one(code)

    @rule(code=CODES, priority=st.sampled_from([None, None, None, 2]))
    def issue(self, code: str, priority: int | None) -> None:
        self.issue_one(code, priority)

    @rule(window=WINDOWS, data=st.data())
    def counter_work(self, window: int, data: st.DataObject) -> None:
        """What a clerk does next; now and then the wrong thing (a double click, a stale screen)."""
        queue, now = self.queue, self.now()
        serving = window in queue.windows and queue.windows[window].current is not None
        sensible = data.draw(SENSIBLY)
        if serving and sensible:
            choices = ["finish"] * 3 + ["recall"] * 3 + ["no_show"] * 2 + ["transfer"] * 4
        elif not serving and sensible:
            choices = ["call_next"] * 4 + ["call"]
        else:
            choices = ["call_next", "call", "finish", "recall", "no_show", "transfer"]
        action = data.draw(st.sampled_from(choices))
        if action == "call_next":
            if window in queue.windows:
                head, expected = queue.next_for(window), brute_force_next(queue, window)
                assert (head and head.uid) == (expected and expected.uid)
            self.act(lambda: queue.call_next(window, now))
        elif action == "call":
            ref = self.ref(data)
            self.act(lambda: queue.call(window, ref, now))
        elif action == "transfer":
            category = data.draw(st.sampled_from([None, "A", "B", "C", "V", "Z"]))
            to_window = data.draw(st.sampled_from([None, None, None, 1, 2, 3, 4]))
            expected = self.expected(window, data)
            self.act(
                lambda: queue.transfer(
                    window, now, category=category, to_window=to_window, expected=expected
                )
            )
        else:
            expected = self.expected(window, data)
            act = {"finish": queue.finish, "recall": queue.recall, "no_show": queue.no_show}
            self.act(lambda: act[action](window, now, expected))

    @rule(
        window=WINDOWS,
        action=st.sampled_from(["pause", "resume", "resume", "close", "open", "open"]),
        clerk=st.sampled_from(["c1", "c2", "c3"]),
    )
    def window_chores(self, window: int, action: str, clerk: str) -> None:
        queue, now = self.queue, self.now()
        if action == "pause":
            self.act(lambda: queue.pause(window, now))
        elif action == "resume":
            self.act(lambda: queue.resume(window, now))
        elif action == "close":
            self.act(lambda: queue.close_window(window, now))
        else:
            self.act(lambda: queue.open_window(window, clerk, clerk, now))

    @rule(data=st.data(), score=st.sampled_from([1, 2, 3, 4, 5, 6]))
    def rate(self, data: st.DataObject, score: int) -> None:
        ref = self.ref(data)
        self.act(lambda: self.queue.rate(ref, score, self.now()))

    @precondition(lambda self: len(self.queue.tickets) >= 15 and not self.day_over)
    @rule()
    def end_of_day(self) -> None:
        self.day_over = True
        self.queue.expire(self.now())
        assert not any(
            t.state in (TicketState.WAITING, TicketState.CALLED)
            for t in self.queue.tickets.values()
        )

    @invariant()
    def waiting_counts_are_the_waiting_tickets(self) -> None:
        counted = dict.fromkeys(self.queue.categories, 0)
        for ticket in self.queue.tickets.values():
            if ticket.state is TicketState.WAITING:
                counted[ticket.category] += 1
        assert self.queue.waiting() == counted
        assert sorted(str(t.uid) for t in self.queue._waiting_tickets()) == sorted(
            str(t.uid) for t in self.queue.tickets.values() if t.state is TicketState.WAITING
        )

    @invariant()
    def each_current_ticket_is_called_at_its_window_and_only_there(self) -> None:
        current = [w.current for w in self.queue.windows.values() if w.current is not None]
        assert len(current) == len(set(current)), "one ticket current at two windows"
        for window in self.queue.windows.values():
            assert (window.current is not None) == (window.state is WindowState.SERVING)
            if window.current is not None:
                ticket = self.queue.tickets[window.current]
                assert ticket.state is TicketState.CALLED
                assert ticket.window == window.number
        called = {t.uid for t in self.queue.tickets.values() if t.state is TicketState.CALLED}
        assert called == set(current), "a called ticket no window is serving"

    @invariant()
    def the_pick_matches_its_definition(self) -> None:
        for number in self.queue.windows:
            head, expected = self.queue.next_for(number), brute_force_next(self.queue, number)
            assert (head and head.uid) == (expected and expected.uid)

    @invariant()
    def numbers_are_unique_and_follow_their_category(self) -> None:
        assert len(self.queue.by_number) == len(self.queue.tickets)
        for number, ticket in self.queue.by_number.items():
            assert ticket.number == number
            assert number == ticket_number(number.rstrip("0123456789"), ticket.seq)


TestQueueMachine = QueueMachine.TestCase
TestQueueMachine.settings = settings(
    max_examples=100,
    stateful_step_count=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
