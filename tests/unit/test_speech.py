"""The called ticket read as a person reads it: letter, each digit alone, the window as a number."""

from __future__ import annotations

import pytest

from counterdesk.queue.speech import (
    announcement,
    display_text,
    english_number,
    spoken_ticket,
    spoken_window,
)


@pytest.mark.parametrize(
    ("number", "window", "spoken"),
    [
        ("A023", 3, "请 A 零二三 号到 三号窗口 办理"),
        ("A001", 1, "请 A 零零一 号到 一号窗口 办理"),
        ("V010", 10, "请 V 零一零 号到 十号窗口 办理"),
        ("A1000", 12, "请 A 一零零零 号到 十二号窗口 办理"),
        ("b007", "20", "请 B 零零七 号到 二十号窗口 办理"),
    ],
)
def test_chinese_reads_digits_one_by_one_and_the_window_as_a_number(
    number: str, window: int | str, spoken: str
) -> None:
    assert announcement(number, window, "zh_CN") == spoken


@pytest.mark.parametrize(
    ("number", "window", "spoken"),
    [
        ("A023", 3, "Number A zero two three, please go to window three"),
        ("A001", 1, "Number A zero zero one, please go to window one"),
        ("V010", 10, "Number V zero one zero, please go to window ten"),
        ("A1000", 12, "Number A one zero zero zero, please go to window twelve"),
        ("C100", "20", "Number C one zero zero, please go to window twenty"),
    ],
)
def test_english_reads_the_same_way(number: str, window: int | str, spoken: str) -> None:
    assert announcement(number, window, "en") == spoken


def test_the_screen_shows_the_figures() -> None:
    assert display_text("A023", 3, "zh_CN") == "请A023号到3号窗口办理"
    assert display_text("v010", "12", "zh_CN") == "请V010号到12号窗口办理"
    assert display_text("A023", 3, "en") == "Number A023, please go to window 3"


def test_a023_and_a23_never_sound_alike() -> None:
    assert spoken_ticket("A023", "zh_CN") != spoken_ticket("A23", "zh_CN")
    assert spoken_ticket("A23", "zh_CN") == "A 二三"


def test_two_letter_prefixes_are_spelled() -> None:
    assert spoken_ticket("VA12", "zh_CN") == "V A 一二"
    assert spoken_ticket("VA12", "en") == "V A one two"


def test_windows_read_as_numbers() -> None:
    assert [spoken_window(n, "zh_CN") for n in (2, 10, 11, 20, 21, 100)] == [
        "二",
        "十",
        "十一",
        "二十",
        "二十一",
        "一百",
    ]
    assert spoken_window("VIP", "zh_CN") == "VIP"


def test_english_numbers() -> None:
    assert [english_number(n) for n in (0, 7, 13, 20, 42, 100, 115, 1000)] == [
        "zero",
        "seven",
        "thirteen",
        "twenty",
        "forty-two",
        "one hundred",
        "one hundred fifteen",
        "one thousand",
    ]
