"""``counterdesk sync join | status | now`` through click, against the real HQ server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from counterdesk.cli import main
from counterdesk.hq.terminals import revoke
from tests.helpers.counter import Counter, account_with_bills, cash, open_shift, pay
from tests.integration.sync.hq_server import Hq, open_account, start_hq


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[Hq]:
    server = start_hq(tmp_path / "hq.db")
    open_account(server.engine)
    yield server
    server.stop()


@pytest.fixture
def counter(counter: Counter) -> Counter:
    """The shared copy (tests/conftest.py) with the clerk's shift open."""
    open_shift(counter)
    return counter


def run(counter: Counter, *args: str) -> Result:
    db = str(counter.engine.url.database)
    return CliRunner().invoke(main, ["sync", *args, "--db", db], catch_exceptions=False)


def test_status_and_now_before_joining(counter: Counter) -> None:
    status = run(counter, "status")
    assert status.exit_code == 0
    assert status.stdout.splitlines() == [
        "Link:          not joined (run `counterdesk sync join`)",
        "Pending ops:   1",
    ]
    now = run(counter, "now")
    assert now.exit_code == 1
    assert "has not joined HQ" in now.stderr


def test_join_now_and_status(hq: Hq, counter: Counter) -> None:
    joined = run(counter, "join", "--url", hq.url + "/", "--token", hq.token)
    assert joined.exit_code == 0, joined.output
    assert joined.stdout.startswith(f"Joined HQ at {hq.url} as terminal QS03 (scopes *, A01).")

    _, account = account_with_bills(counter.engine, "3309999999")  # local only: HQ parks it
    pay(counter, account, cash(1_000))
    now = run(counter, "now")
    assert now.exit_code == 0, now.output
    assert "Loading scope A01: 6 of 6 rows (100%)" in now.stderr
    assert now.stdout.strip() == (
        f"Synced with HQ at {hq.url}: 0 ops pending, 1 open conflicts at HQ."
    )

    lines = run(counter, "status").stdout.splitlines()
    assert lines[0] == "Link:          online"
    assert lines[1] == f"HQ:            {hq.url}"
    assert lines[2] == "Terminal:      QS03"
    assert lines[3] == "Pending ops:   0"
    assert lines[4].startswith("Last success:  20")
    assert lines[5] == "Conflicts:     1 open at HQ; 1 of this terminal's ops parked there"
    assert lines[6] == "Scopes:        *, A01"
    assert lines[7].startswith("Cursors:       * 0.")
    assert ", A01 0." in lines[7]

    facts = json.loads(run(counter, "status", "--json").stdout)
    assert facts["link"] == "online"
    assert facts["scopes"] == ["*", "A01"]
    assert set(facts["cursors"]) == {"*", "A01"}
    assert (facts["pending_ops"], facts["rejected_ops"], facts["open_conflicts"]) == (0, 1, 1)
    assert facts["loading"] is None
    assert facts["last_success"].endswith("+00:00")


def test_now_says_why_when_hq_is_down_or_refuses(hq: Hq, counter: Counter) -> None:
    assert run(counter, "join", "--url", hq.url, "--token", hq.token).exit_code == 0
    revoke(hq.engine, "QS03")
    refused = run(counter, "now")
    assert refused.exit_code == 1
    assert "Sync failed, HQ refused: HQ does not accept this terminal's token" in refused.stderr
    assert "revoked" in refused.stderr
    hq.server.stop()
    down = run(counter, "now")
    assert down.exit_code == 1
    assert "Sync failed, HQ could not be reached: Cannot reach HQ at" in down.stderr
    status = run(counter, "status").stdout
    assert "Link:          offline (HQ did not answer; retrying)" in status
    assert "Pending ops:   1 (oldest 2026-11-21 10:30:00)" in status
    assert "Last error:    Cannot reach HQ at" in status


def test_join_refuses_a_bad_token_and_stores_nothing(hq: Hq, counter: Counter) -> None:
    bad = run(counter, "join", "--url", hq.url, "--token", "short")
    assert bad.exit_code == 1
    assert "the long string HQ issued" in bad.stderr
    assert "not joined" in run(counter, "status").stdout
