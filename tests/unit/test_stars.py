"""The monthly star rating (星级营业员) with numbers worked by hand (docs/star_rating.md)."""

from __future__ import annotations

import pytest

from counterdesk.queue.stars import (
    StarRules,
    rate,
    satisfaction_score,
    star_text,
    stars_for,
    workload_minutes,
)
from counterdesk.queue.stats import ClerkMonth, Ratings, ServiceTally
from counterdesk.store.settings import SETTINGS

PAYMENT = 120.0
"""A payment (A) takes the hall 2 minutes on average this month."""
APPLICATION = 1200.0
"""An application (B) takes 20 minutes."""
STANDARD = {"A": PAYMENT, "B": APPLICATION}


def clerk(key: str, served: dict[str, int], *scores: int) -> ClerkMonth:
    ratings = Ratings(len(scores), sum(scores), sum(1 for s in scores if s >= 4))
    tally = ServiceTally(key, "", sum(served.values()), ratings=ratings)
    return ClerkMonth(tally, served, days_worked=20)


def test_the_defaults_are_the_settings_defaults() -> None:
    defaults = {key: default for key, (default, _, _) in SETTINGS.items()}
    assert StarRules.from_settings(defaults) == StarRules(40, 20, (60, 70, 80, 90))


@pytest.mark.parametrize(
    ("scores", "expected"),
    [((5,), 1.0), ((2,), 0.0), ((4,), 2 / 3), ((3, 4), 0.5), ((5, 5, 5, 2), 0.75)],
)
def test_satisfaction_maps_the_mean_rating_onto_zero_to_one(
    scores: tuple[int, ...], expected: float
) -> None:
    ratings = Ratings(len(scores), sum(scores), sum(1 for s in scores if s >= 4))
    assert satisfaction_score(ratings) == pytest.approx(expected)


def test_no_ratings_no_satisfaction() -> None:
    assert satisfaction_score(Ratings()) is None


@pytest.mark.parametrize(
    ("score", "stars"),
    [(0, 1), (59.9, 1), (60, 2), (69.9, 2), (70, 3), (80, 4), (89.9, 4), (90, 5), (100, 5)],
)
def test_stars_at_the_thresholds(score: float, stars: int) -> None:
    assert stars_for(score, (60, 70, 80, 90)) == stars


def test_star_text() -> None:
    assert star_text(4) == "★★★★☆"
    assert star_text(1) == "★☆☆☆☆"
    assert star_text(None) == ""


def test_workload_counts_each_ticket_at_its_lines_standard_minutes() -> None:
    assert workload_minutes({"A": 300, "B": 30}, STANDARD) == 300 * 2 + 30 * 20


def test_a_worked_month() -> None:
    """Three clerks, default rules except 10 ratings needed.

    ===== ========================= ========== ====== ============ ============ ===== =====
    clerk served                    workload   volume ratings      satisfaction score stars
    ===== ========================= ========== ====== ============ ============ ===== =====
    0107  400 payments              800 min    1.0    10 × 5       1.0          100   5
    0108  40 applications           800 min    1.0    5×4, 5×3     0.5          70    3
    0109  200 payments              400 min    0.5    10 × 4       ⅔            60    2
    0110  300 payments              600 min    0.75   9 × 5        (too few)    —     —
    ===== ========================= ========== ====== ============ ============ ===== =====
    """
    rules = StarRules(volume_weight=40, minimum_ratings=10)
    rated = rate(
        [
            clerk("0107", {"A": 400}, *[5] * 10),
            clerk("0108", {"B": 40}, *[4] * 5, *[3] * 5),
            clerk("0109", {"A": 200}, *[4] * 10),
            clerk("0110", {"A": 300}, *[5] * 9),
        ],
        STANDARD,
        rules,
    )
    assert {k: (r.workload_minutes, r.volume_score) for k, r in rated.items()} == {
        "0107": (800.0, 1.0),
        "0108": (800.0, 1.0),
        "0109": (400.0, 0.5),
        "0110": (600.0, 0.75),
    }
    assert {k: (r.volume_points, r.satisfaction_points) for k, r in rated.items()} == {
        "0107": (40.0, 60.0),
        "0108": (40.0, 30.0),
        "0109": (20.0, 40.0),
        "0110": (30.0, 60.0),
    }
    assert {k: (r.score, r.stars) for k, r in rated.items()} == {
        "0107": (100.0, 5),
        "0108": (70.0, 3),
        "0109": (60.0, 2),
        "0110": (None, None),  # nine ratings: not rated this month, whatever they were
    }
    assert not rated["0110"].rated


def test_a_hall_of_one_kind_of_work_counts_tickets() -> None:
    """With one category the standard minutes cancel: volume is served ÷ best served."""
    rated = rate([clerk("1", {"A": 300}, 5), clerk("2", {"A": 100}, 5)], STANDARD, StarRules(50, 1))
    assert rated["2"].volume_score == pytest.approx(1 / 3, abs=1e-4)
    assert rated["2"].score == 66.7  # 16.7 + 50


def test_the_parts_add_up_to_the_shown_score_and_the_shown_score_decides() -> None:
    # volume 200/300 of 40 = 26.67 → 26.7; mean rating 4.665 → 0.8883 of 60 = 53.3; shown 80.0,
    # four stars (the unrounded 79.97 would have given three beside a printed 80.0)
    rated = rate(
        [clerk("1", {"A": 300}, 5), clerk("2", {"A": 200}, *[5] * 133, *[4] * 67)],
        STANDARD,
        StarRules(40, 1),
    )
    two = rated["2"]
    assert (two.volume_points, two.satisfaction_points, two.score, two.stars) == (
        26.7,
        53.3,
        80.0,
        4,
    )


def test_the_weight_moves_points_between_volume_and_satisfaction() -> None:
    clerks = [clerk("fast", {"A": 400}, *[3] * 20), clerk("kind", {"A": 200}, *[5] * 20)]
    by_volume = rate(clerks, STANDARD, StarRules(volume_weight=80))
    by_kindness = rate(clerks, STANDARD, StarRules(volume_weight=20))
    # fast: 80 × 1 + 20 × ⅓ = 86.7; kind: 80 × ½ + 20 × 1 = 60
    assert (by_volume["fast"].score, by_volume["kind"].score) == (86.7, 60.0)
    # fast: 20 × 1 + 80 × ⅓ = 46.7; kind: 20 × ½ + 80 × 1 = 90
    assert (by_kindness["fast"].score, by_kindness["kind"].score) == (46.7, 90.0)


def test_nobody_served_nobody_divides_by_zero() -> None:
    rated = rate([clerk("1", {}, 5)], STANDARD, StarRules(40, 1))
    assert (rated["1"].volume_score, rated["1"].score, rated["1"].stars) == (0.0, 60.0, 2)
