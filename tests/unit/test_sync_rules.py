"""The small rules of the terminal's sync: which ops HQ's row lacks, how values travel, backoff
aside (``test_sync_backoff.py``), and how ``counterdesk sync status`` words the status."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from counterdesk.cli_sync import status_json, status_lines
from counterdesk.sync import apply
from counterdesk.sync.apply import SyncDataError
from counterdesk.sync.status import Link, LoadProgress, SyncStatus


@pytest.mark.parametrize(
    ("state", "result", "row_version", "lacking"),
    [
        ("pending", None, 99, True),  # HQ has not acknowledged it: never in HQ's row
        ("sent", '{"ledger_version": 7}', 6, True),  # booked after the row was made
        ("sent", '{"ledger_version": 7}', 7, False),  # the row is the booking's or later
        ("sent", '{"ledger_version": 7}', 8, False),
        ("sent", "{}", 0, False),  # HQ reported no version: it is in HQ's books already
        ("sent", "not json", 0, False),
        ("sent", '{"ledger_version": true}', 0, False),
        ("rejected", '{"ledger_version": 9}', 1, False),  # parked at HQ: HQ's row is HQ's word
    ],
)
def test_which_ops_a_row_from_hq_lacks(
    state: str, result: str | None, row_version: int, lacking: bool
) -> None:
    assert apply.not_contained(state, result, row_version) is lacking


def test_values_travel_as_text_and_are_stored_as_sqlite_keeps_them() -> None:
    assert apply._uid("0190f3e2-7a8b-7c00-8000-000000000001") == bytes.fromhex(
        "0190f3e27a8b7c008000000000000001"
    )
    for bad in ("0190f3e2", None, 42, "zz90f3e27a8b7c008000000000000001"):
        with pytest.raises(SyncDataError, match="not a UUID"):
            apply._uid(bad)
    assert apply._stamp("2026-11-21T10:30:00+08:00") == "2026-11-21 02:30:00.000000"
    assert apply._stamp("2026-11-21T02:30:00.5Z") == "2026-11-21 02:30:00.500000"
    assert apply._stamp(None) is None
    with pytest.raises(SyncDataError, match="not an ISO date"):
        apply._stamp("yesterday")
    assert json.loads(apply._text({"total": 12})) == {"total": 12}
    assert apply._text('{"total": 12}') == '{"total": 12}'


def _status(**changes: object) -> SyncStatus:
    base = SyncStatus(
        link=Link.OFFLINE, hq_url="https://hq.example.cn", terminal_id="QS03", pending_ops=1_234,
        oldest_pending=datetime(2026, 11, 21, 2, 30, tzinfo=UTC), last_success=None,
        last_error="Cannot reach HQ at https://hq.example.cn: timed out",
        next_attempt=datetime(2026, 11, 21, 2, 31, tzinfo=UTC), open_conflicts=2,
        rejected_ops=1, scopes=("*", "A01"),
        loading=LoadProgress("A01", "account", 250_000, 1_000_000), gap="",
        cursors={"*": "0.12"},
    )  # fmt: skip
    return SyncStatus(**{**{f: getattr(base, f) for f in base.__slots__}, **changes})  # type: ignore[arg-type]


def test_status_lines_say_everything_in_the_hall_s_time() -> None:
    assert status_lines(_status()) == [
        "Link:          offline (HQ did not answer; retrying)",
        "HQ:            https://hq.example.cn",
        "Terminal:      QS03",
        "Pending ops:   1,234 (oldest 2026-11-21 10:30:00)",
        "Last success:  never",
        "Conflicts:     2 open at HQ; 1 of this terminal's ops parked there",
        "Scopes:        *, A01",
        "Cursors:       * 0.12",
        "Loading:       Loading scope A01: 250,000 of 1,000,000 rows (25%), now account",
        "Next attempt:  2026-11-21 10:31:00",
        "Last error:    Cannot reach HQ at https://hq.example.cn: timed out",
    ]
    gap = status_lines(_status(link=Link.ONLINE, gap="HQ expected op 7", loading=None))
    assert "Gap:           HQ expected op 7" in gap
    assert "Link:          online" in gap


def test_status_json_is_plain_json() -> None:
    facts = json.loads(json.dumps(status_json(_status())))
    assert facts["link"] == "offline"
    assert facts["oldest_pending"] == "2026-11-21T02:30:00+00:00"
    assert facts["loading"] == {"scope": "A01", "table": "account", "rows_done": 250_000,
                                "rows_total": 1_000_000}  # fmt: skip
    assert facts["scopes"] == ["*", "A01"]
