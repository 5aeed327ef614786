"""The retry timer's delays after failures in a row (SYNC.md: retry on a timer, with backoff)."""

from __future__ import annotations

import pytest

from counterdesk.sync.engine import BACKOFF_CAP, backoff_delay


def test_delays_double_from_one_second_up_to_a_minute() -> None:
    assert [backoff_delay(n) for n in range(1, 10)] == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert backoff_delay(1_000) == BACKOFF_CAP


@pytest.mark.parametrize("failures", [1, 3, 6, 7, 50])
def test_jitter_stays_within_a_fifth_and_never_past_the_cap(failures: int) -> None:
    middle = backoff_delay(failures)
    low, high = backoff_delay(failures, 0.0), backoff_delay(failures, 0.999_999)
    assert low == pytest.approx(middle * 0.8)
    assert middle <= high <= min(middle * 1.2, BACKOFF_CAP)
    assert high <= BACKOFF_CAP


def test_zero_failures_is_treated_as_the_first() -> None:
    assert backoff_delay(0) == 1
