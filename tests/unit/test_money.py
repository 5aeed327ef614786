"""Parsing what a clerk types, showing amounts, and the one rounding rule."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.money import (
    AmountError,
    AmountProblem,
    format_plain,
    format_yuan,
    parse_amount,
    round_div,
)


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("12", 1200),
        ("12.3", 1230),
        ("12.30", 1230),
        ("12.", 1200),
        (".5", 50),
        ("0.05", 5),
        ("¥1,234.50", 123450),
        ("￥12", 1200),
        ("  ¥ 99.99 ", 9999),
        ("RMB 12", 1200),
        ("12元", 1200),
        ("１２．３", 1230),  # full-width digits from a Chinese input method
        ("1，234.50", 123450),  # full-width comma
        ("1,234.5", 123450),
        ("+5", 500),
        ("007.10", 710),
    ],
)
def test_parse_accepts_what_clerks_type(text: str, fen: int) -> None:
    assert parse_amount(text) == fen


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", AmountProblem.EMPTY),
        ("   ", AmountProblem.EMPTY),
        ("12.345", AmountProblem.TOO_MANY_DECIMALS),
        ("0.001", AmountProblem.TOO_MANY_DECIMALS),
        ("-5", AmountProblem.NEGATIVE),
        ("¥-5", AmountProblem.NEGATIVE),
        ("−5", AmountProblem.NEGATIVE),
        ("abc", AmountProblem.NOT_A_NUMBER),
        ("12a", AmountProblem.NOT_A_NUMBER),
        ("1.2.3", AmountProblem.NOT_A_NUMBER),
        ("1e3", AmountProblem.NOT_A_NUMBER),
        ("NaN", AmountProblem.NOT_A_NUMBER),
        ("12,34.5", AmountProblem.BAD_GROUPING),
        ("1,2", AmountProblem.BAD_GROUPING),
        ("0", AmountProblem.ZERO),
        ("0.00", AmountProblem.ZERO),
        ("1000000.01", AmountProblem.OVER_MAXIMUM),
    ],
)
def test_parse_refuses_with_a_reason(text: str, problem: AmountProblem) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert caught.value.problem is problem
    assert str(caught.value)  # an English sentence for logs and the CLI


def test_maximum_is_a_setting_and_named_in_the_message() -> None:
    assert parse_amount("500", maximum_fen=50000) == 50000
    with pytest.raises(AmountError, match=r"¥500\.00") as caught:
        parse_amount("500.01", maximum_fen=50000)
    assert caught.value.problem is AmountProblem.OVER_MAXIMUM


def test_large_grouped_amount_under_a_raised_maximum() -> None:
    assert parse_amount("1,234,567.89", maximum_fen=10**12) == 123456789


def test_zero_allowed_when_asked() -> None:
    assert parse_amount("0", allow_zero=True) == 0


@pytest.mark.parametrize(
    ("fen", "shown", "plain"),
    [
        (0, "¥0.00", "0.00"),
        (5, "¥0.05", "0.05"),
        (123450, "¥1,234.50", "1234.50"),
        (-300, "-¥3.00", "-3.00"),
        (100000000, "¥1,000,000.00", "1000000.00"),
    ],
)
def test_format(fen: int, shown: str, plain: str) -> None:
    assert format_yuan(fen) == shown
    assert format_plain(fen) == plain


@given(st.integers(min_value=1, max_value=100_000_000))
def test_format_and_parse_round_trip(fen: int) -> None:
    assert parse_amount(format_yuan(fen)) == fen
    assert parse_amount(format_plain(fen)) == fen


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(5, 10, 1), (4, 10, 0), (15, 10, 2), (-5, 10, -1), (-4, 10, 0), (5, -10, -1), (0, 7, 0)],
)
def test_round_div_is_half_away_from_zero(numerator: int, denominator: int, expected: int) -> None:
    assert round_div(numerator, denominator) == expected


@given(st.integers(-(10**15), 10**15), st.integers(1, 10**6))
def test_round_div_is_within_half(numerator: int, denominator: int) -> None:
    result = round_div(numerator, denominator)
    assert abs(result * denominator - numerator) * 2 <= denominator
