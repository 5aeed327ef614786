"""``counterdesk self-test`` from the source tree, as a real child process (its own QApplication).

The bundle's run of the same command is in installer/ci-check; this one keeps the command itself
working between builds.
"""

from __future__ import annotations

import os
import subprocess
import sys


def _self_test(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "counterdesk", "self-test", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_self_test_signs_in_and_shows_the_counter_window() -> None:
    """In Chinese, the terminals' default: the titles come from the .qm beside the code."""
    done = _self_test()
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("sign-in shown after ") for line in lines)
    assert "'CounterDesk 登录', " in done.stdout
    assert any(line.startswith("main window shown after ") for line in lines)
    assert "'CounterDesk 营业柜台', 1366×768" in done.stdout
    assert lines[-1].startswith("self-test passed in ")


def test_a_stage_that_does_not_exist_is_a_usage_error() -> None:
    done = _self_test("--until", "shift")
    assert done.returncode == 2
    assert "'shift' is not one of 'sign-in', 'main-window'" in done.stderr
