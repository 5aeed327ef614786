"""Amounts in capitals against 会计基础工作规范 Art. 52 and the design notes' examples."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.domain.capitals import amount_in_capitals


@pytest.mark.parametrize(
    ("fen", "expected"),
    [
        # The design notes' examples (DOMAIN.md, "Money, receipts and numerals").
        (5, "人民币伍分"),
        (1000, "人民币拾元整"),
        (10000000, "人民币壹拾万元整"),
        # Art. 52 (三): stops at 角 → 整 after 角 (DOMAIN.md omits it; the rule says 应当写).
        (100110, "人民币壹仟零壹元壹角整"),
        # Art. 52 (五): a zero in the middle is written 零, several zeros only one 零.
        (100005, "人民币壹仟元零伍分"),
        (100000005, "人民币壹佰万元零伍分"),
        (10050, "人民币壹佰元伍角整"),
        (307, "人民币叁元零柒分"),
        (3007, "人民币叁拾元零柒分"),
        (123456, "人民币壹仟贰佰叁拾肆元伍角陆分"),
        (1050, "人民币拾元伍角整"),
        (1999, "人民币拾玖元玖角玖分"),
        (2000, "人民币贰拾元整"),
        (50, "人民币伍角整"),
        (0, "人民币零元整"),
        (-1000, "人民币负拾元整"),
    ],
)
def test_capitals_follow_the_rule(fen: int, expected: str) -> None:
    assert amount_in_capitals(fen) == expected


@given(st.integers(min_value=1, max_value=10**12))
def test_capitals_use_only_the_allowed_characters(fen: int) -> None:
    words = amount_in_capitals(fen)
    assert words.startswith("人民币")
    assert set(words[3:]) <= set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")
    assert not set("毛另两一二三四五六七八九十") & set(words)
    # 整 exactly when there is no 分, and never after 分.
    assert words.endswith("整") == (fen % 10 == 0)
