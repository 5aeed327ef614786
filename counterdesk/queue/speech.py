"""What the hall hears and reads when a ticket is called: "请A023号到3号窗口办理".

A text-to-speech engine given "A023" reads it as "A twenty-three" (or "A 二十三" in Chinese), but
a person calling a ticket reads the letter, then every digit on its own, so that "A023" and "A23"
never sound alike and nobody has to work out a large number: "A 零二三". The window, on the other
hand, is a place people look for, so it is read as a number: "三号窗口", "十二号窗口". Pure and
Qt-free: the counter, the kiosk and the hall screen speak the same sentence, and tests check it
without a sound card.
"""

from __future__ import annotations

from typing import Final

import cn2an

ZH_DIGITS: Final = "零一二三四五六七八九"
EN_DIGITS: Final = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_TEENS: Final = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_EN_TENS: Final = (
    "",
    "",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
)


def _is_english(language: str) -> bool:
    return language.lower().startswith("en")


def _window_label(window: int | str) -> str:
    return str(window).strip()


def _ticket_label(number: str) -> str:
    return number.strip().upper()


def spoken_ticket(number: str, language: str) -> str:
    """``A023`` as a caller says it: letters as letters, each digit alone (``A 零二三``)."""
    digits = ZH_DIGITS if not _is_english(language) else None
    groups: list[str] = []
    run: list[str] = []
    run_is_digit: bool | None = None
    for char in _ticket_label(number):
        if char.isspace() or char == "-":
            continue
        is_digit = char in "0123456789"
        if run and is_digit != run_is_digit:
            groups.append(_join_run(run, run_is_digit, digits))
            run = []
        run.append(char)
        run_is_digit = is_digit
    if run:
        groups.append(_join_run(run, run_is_digit, digits))
    return " ".join(groups)


def _join_run(run: list[str], is_digit: bool | None, zh_digits: str | None) -> str:
    if not is_digit:
        return " ".join(run)  # "AB" is spelled, never read as a word
    if zh_digits is not None:
        return "".join(zh_digits[int(char)] for char in run)
    return " ".join(EN_DIGITS[int(char)] for char in run)


def english_number(value: int) -> str:
    """0–9999 in English words (``12`` → ``twelve``, ``120`` → ``one hundred twenty``); larger
    values, which no hall has as a window, digit by digit."""
    if value < 10:
        return EN_DIGITS[value]
    if value < 20:
        return _EN_TEENS[value - 10]
    if value < 100:
        tens, ones = divmod(value, 10)
        return _EN_TENS[tens] + (f"-{EN_DIGITS[ones]}" if ones else "")
    for size, word in ((1000, "thousand"), (100, "hundred")):
        if size <= value < size * 10:
            head, rest = divmod(value, size)
            return f"{EN_DIGITS[head]} {word}" + (f" {english_number(rest)}" if rest else "")
    return " ".join(EN_DIGITS[int(char)] for char in str(value))


def spoken_window(window: int | str, language: str) -> str:
    """The window as a number people count with (``12`` → ``十二`` / ``twelve``); a window named
    with letters (``VIP``) is spelled as written."""
    label = _window_label(window)
    if not label.isdigit():
        return label
    value = int(label)
    if _is_english(language):
        return english_number(value)
    return str(cn2an.an2cn(value))


def announcement(number: str, window: int | str, language: str) -> str:
    """The sentence spoken when ``number`` is called to ``window``.

    ``announcement("A023", 3, "zh_CN")`` → ``"请 A 零二三 号到 三号窗口 办理"`` (the spaces make
    engines pause where a person would); in English, ``"Number A zero two three, please go to
    window three"``.
    """
    ticket = spoken_ticket(number, language)
    place = spoken_window(window, language)
    if _is_english(language):
        return f"Number {ticket}, please go to window {place}"
    return f"请 {ticket} 号到 {place}号窗口 办理"


def display_text(number: str, window: int | str, language: str) -> str:
    """The same call as written on a screen: ``请A023号到3号窗口办理``."""
    ticket = _ticket_label(number)
    place = _window_label(window)
    if _is_english(language):
        return f"Number {ticket}, please go to window {place}"
    return f"请{ticket}号到{place}号窗口办理"
