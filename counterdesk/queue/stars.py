"""The monthly star rating of clerks (星级营业员): one to five stars from workload and ratings.

The formula (docs/star_rating.md explains it to a hall manager, with a worked example)::

    score = volume_weight × volume_score + (100 − volume_weight) × satisfaction_score

- ``volume_score`` = the clerk's workload ÷ the month's largest workload (0..1). The workload is
  each ticket served counted at the hall's average service time for its category that month
  (its *standard minutes*). Why not the plain count: an applications window (业扩报装, 20 minutes
  a customer) serves a tenth of the customers a payments window (缴费, 2 minutes) does; counted
  by tickets, the clerks sent to the hard work could never earn stars. Standard minutes come from
  the whole hall's average, not the clerk's own time, so working slowly earns nothing. Where
  every window does the same work the weights cancel and this is simply served ÷ best served.
- ``satisfaction_score`` = the mean rating mapped from the evaluator's 2..5 onto 0..1
  (不满意 2 → 0, 基本满意 3 → ⅓, 满意 4 → ⅔, 非常满意 5 → 1). Why not the share of 4s and 5s
  (满意率): that share cannot tell 非常满意 from 满意 or 不满意 from 基本满意, so excellent service
  would earn nothing over good and a very unhappy customer would cost no more than a lukewarm
  one. The 满意率 is still shown beside the stars: it is the figure managers report.
- A clerk with fewer than ``minimum_ratings`` ratings is *not rated this month* (no stars): a
  handful of presses is not a judgement of a month's work.
- Each part is rounded to one decimal and the two are added, so the parts a manager reads
  always add up to the score.
- Stars: below the first threshold 1 star, then one more star for each threshold reached
  (default 60, 70, 80, 90 for 2, 3, 4, 5 stars). The score is compared as shown, to one
  decimal, so a manager never sees 90.0 with four stars.

Settings (``counterdesk.store.settings``): ``queue.star.volume_weight`` (40),
``queue.star.minimum_ratings`` (20), ``queue.star.thresholds`` ([60, 70, 80, 90]).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from counterdesk.queue.model import RATING_SCORES
from counterdesk.queue.stats import ClerkMonth, MonthStats, Ratings

LOWEST: Final = RATING_SCORES[0]
HIGHEST: Final = RATING_SCORES[-1]
MAX_STARS: Final = 5


@dataclass(frozen=True)
class StarRules:
    volume_weight: int = 40
    """Points of 100 for volume; the rest are for satisfaction."""
    minimum_ratings: int = 20
    thresholds: tuple[int, ...] = (60, 70, 80, 90)
    """The scores for 2, 3, 4 and 5 stars."""

    @classmethod
    def from_settings(cls, values: Mapping[str, Any]) -> StarRules:
        """From :func:`counterdesk.store.settings.read_all` (already checked there)."""
        return cls(
            volume_weight=int(values["queue.star.volume_weight"]),
            minimum_ratings=int(values["queue.star.minimum_ratings"]),
            thresholds=tuple(int(v) for v in values["queue.star.thresholds"]),
        )


@dataclass(frozen=True)
class StarRating:
    clerk_no: str
    workload_minutes: float
    """Standard minutes of work served this month (see the module's docstring)."""
    volume_score: float
    satisfaction_score: float | None
    volume_points: float
    """``volume_weight × volume_score`` to one decimal: the volume's share of the score."""
    satisfaction_points: float | None
    score: float | None
    """``volume_points + satisfaction_points`` (0..100); ``None`` when not rated this month."""
    stars: int | None
    """1..5; ``None`` when the clerk had too few ratings."""

    @property
    def rated(self) -> bool:
        return self.stars is not None


def satisfaction_score(ratings: Ratings) -> float | None:
    """The mean rating mapped from 2..5 onto 0..1; ``None`` without ratings."""
    average = ratings.average
    return None if average is None else (average - LOWEST) / (HIGHEST - LOWEST)


def stars_for(score: float, thresholds: Sequence[int]) -> int:
    """1 star below the first threshold, one more for each threshold reached."""
    return 1 + sum(1 for threshold in thresholds if score >= threshold)


def star_text(stars: int | None) -> str:
    """★★★★☆ for 4; empty when not rated (the screen says so in words)."""
    return "" if stars is None else "★" * stars + "☆" * (MAX_STARS - stars)


def workload_minutes(served_by_category: Mapping[str, int], standard: Mapping[str, float]) -> float:
    """Tickets served × the hall's average service minutes of their category."""
    return sum(count * standard.get(code, 0.0) / 60 for code, count in served_by_category.items())


def rate_month(month: MonthStats, rules: StarRules) -> dict[str, StarRating]:
    """Each clerk's star rating for ``month``, by clerk number."""
    return rate(month.clerks, month.category_service, rules)


def rate(
    clerks: Sequence[ClerkMonth], standard_seconds: Mapping[str, float], rules: StarRules
) -> dict[str, StarRating]:
    """The ratings of ``clerks`` against each other; ``standard_seconds`` per category."""
    workloads = {
        clerk.tally.key: workload_minutes(clerk.served_by_category, standard_seconds)
        for clerk in clerks
    }
    best = max(workloads.values(), default=0.0)
    ratings: dict[str, StarRating] = {}
    for clerk in clerks:
        key = clerk.tally.key
        volume = workloads[key] / best if best > 0 else 0.0
        volume_points = round(rules.volume_weight * volume, 1)
        satisfaction = satisfaction_score(clerk.tally.ratings)
        satisfaction_points = (
            None if satisfaction is None else round((100 - rules.volume_weight) * satisfaction, 1)
        )
        score: float | None = None
        stars: int | None = None
        if satisfaction_points is not None and clerk.tally.ratings.count >= rules.minimum_ratings:
            score = round(volume_points + satisfaction_points, 1)
            stars = stars_for(score, rules.thresholds)
        ratings[key] = StarRating(
            clerk_no=key,
            workload_minutes=round(workloads[key], 1),
            volume_score=round(volume, 4),
            satisfaction_score=None if satisfaction is None else round(satisfaction, 4),
            volume_points=volume_points,
            satisfaction_points=satisfaction_points,
            score=score,
            stars=stars,
        )
    return ratings
