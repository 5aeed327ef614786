"""Start-up: from launching the one-folder bundle to the sign-in window, at most 1.5 s (median).

Each run spawns ``counterdesk-cli self-test --until sign-in`` offscreen on a fresh temporary
database (migrated on the way, as on a terminal's first start) and takes the wall time from the
spawn to its ``sign-in shown`` line: interpreter start, imports, the database upgrade, Qt and the
window. Baselines from the same run: the bundle's ``--version`` (bootloader, Python and the CLI's
imports, no Qt) and a bare ``python -c pass``; the source tree (the venv's ``counterdesk``, what
``uv run counterdesk`` execs) for comparison. Build the bundle first: ``installer/build
--no-installer``. Run: ``uv run pytest -n0 -m bench -s tests/bench/test_startup_bench.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.bench.conftest import summary

pytestmark = pytest.mark.bench

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = sys.platform == "win32"
BUNDLE_CLI = (
    ROOT / "dist" / "counterdesk" / ("counterdesk-cli.exe" if WINDOWS else "counterdesk-cli")
)
SOURCE_CLI = Path(sys.executable).with_name("counterdesk.exe" if WINDOWS else "counterdesk")
RUNS = 10
LIMIT_S = 1.5
SHOWN = "sign-in shown"


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}


def _until_line(command: list[str], marker: str) -> float:
    """Seconds from spawning ``command`` to the first line starting with ``marker``."""
    started = time.perf_counter()
    seen = None
    lines = []
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=_env()
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if seen is None and line.startswith(marker):
                seen = time.perf_counter() - started
        process.wait(timeout=120)
    output = "".join(lines)
    assert process.returncode == 0, f"{command} exited {process.returncode}:\n{output}"
    assert seen is not None, f"{command} never printed {marker!r}:\n{output}"
    return seen


def _until_exit(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=_env(), timeout=120)
    return time.perf_counter() - started


def _report(name: str, values: list[float], base: float | None = None) -> float:
    median, p99, worst = summary(values)
    ratio = f", {median / base:.1f}× the bundle's --version" if base else ""
    print(
        f"{name}: median {median:.3f} s, p99 {p99:.3f} s, max {worst:.3f} s "
        f"({len(values)} runs{ratio})"
    )
    return median


@pytest.mark.skipif(
    not BUNDLE_CLI.is_file(),
    reason=f"no bundle at {BUNDLE_CLI}: run `installer/build --no-installer` first",
)
def test_bundle_shows_sign_in_within_limit() -> None:
    sign_in = [str(BUNDLE_CLI), "self-test", "--until", "sign-in"]
    _until_line(sign_in, SHOWN)  # once to warm the disk cache, as a terminal that booted has
    python = [_until_exit([sys.executable, "-c", "pass"]) for _ in range(RUNS)]
    version = [_until_exit([str(BUNDLE_CLI), "--version"]) for _ in range(RUNS)]
    bundle = [_until_line(sign_in, SHOWN) for _ in range(RUNS)]
    source = (
        [
            _until_line([str(SOURCE_CLI), "self-test", "--until", "sign-in"], SHOWN)
            for _ in range(RUNS)
        ]
        if SOURCE_CLI.is_file()
        else []
    )
    print()
    _report("python -c pass", python)
    base = _report("bundle --version", version)
    median = _report("bundle: launch → sign-in shown", bundle, base)
    if source:
        _report("source tree: launch → sign-in shown", source, base)
    assert median <= LIMIT_S, f"the sign-in shows {median:.2f} s after launch (limit {LIMIT_S} s)"
