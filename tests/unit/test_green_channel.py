from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from counterdesk.domain.id_numbers import check_character
from counterdesk.queue.green_channel import (
    Verdict,
    age_on,
    birth_date_of,
    judge_card,
    judge_id_card,
    parse_key_cards,
    read_key_cards,
)
from counterdesk.services.common import business_day


def id_number(born: date, serial: str = "001") -> str:
    first17 = f"110105{born:%Y%m%d}{serial}"
    return first17 + check_character(first17)


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(1961, 11, 20), date(2026, 11, 20), 65),  # the birthday itself counts
        (date(1961, 11, 21), date(2026, 11, 20), 64),
        (date(1960, 2, 29), date(2025, 2, 28), 64),  # born on 29 Feb: older on 1 March
        (date(1960, 2, 29), date(2025, 3, 1), 65),
        (date(1960, 2, 29), date(2024, 2, 29), 64),
    ],
)
def test_age_in_full_years(born: date, day: date, age: int) -> None:
    assert age_on(born, day) == age


def test_the_age_is_counted_on_the_halls_date_not_utc() -> None:
    # 01:00 on 20 November in the hall is still 19 November in UTC.
    moment = datetime(2026, 11, 19, 17, 0, tzinfo=UTC)
    born = date(1961, 11, 20)
    assert judge_id_card(born, "", moment.date()).verdict is Verdict.TOO_YOUNG
    decision = judge_id_card(born, "", business_day(moment))
    assert decision.verdict is Verdict.ELDERLY
    assert decision.admitted
    assert decision.age == 65


def test_an_elderly_card_is_admitted_and_a_young_one_refused_with_the_age() -> None:
    today = date(2026, 11, 20)
    old = judge_id_card(date(1949, 12, 31), "11010519491231002X", today)
    young = judge_id_card(date(1990, 3, 7), "110105199003070017", today)
    assert (old.verdict, old.age, old.admitted) == (Verdict.ELDERLY, 76, True)
    assert (young.verdict, young.age, young.admitted) == (Verdict.TOO_YOUNG, 36, False)


def test_the_threshold_is_a_parameter() -> None:
    today = date(2026, 11, 20)
    assert judge_id_card(date(1956, 1, 1), "", today, threshold=71).verdict is Verdict.TOO_YOUNG
    assert judge_id_card(date(1956, 1, 1), "", today, threshold=70).verdict is Verdict.ELDERLY


def test_a_card_without_a_birth_date_uses_its_id_number() -> None:
    number = id_number(date(1950, 6, 1))
    assert birth_date_of(number) == date(1950, 6, 1)
    assert judge_id_card(None, number, date(2026, 11, 20)).verdict is Verdict.ELDERLY


@pytest.mark.parametrize("number", ["", "110105194912310021", "not a number", "11010519491231002"])
def test_no_birth_date_anywhere_is_its_own_refusal(number: str) -> None:
    assert birth_date_of(number) is None
    decision = judge_id_card(None, number, date(2026, 11, 20))
    assert decision.verdict is Verdict.NO_BIRTH_DATE
    assert not decision.admitted


def test_an_impossible_date_inside_a_well_formed_number_gives_no_birth_date() -> None:
    first17 = "11010519501340001"  # month 13
    assert birth_date_of(first17 + check_character(first17)) is None


def test_the_key_customer_list_file_format() -> None:
    text = "# key customers, from the account managers\n6222 0001\n\n04a1b2c3 # RFID\n"
    cards = parse_key_cards(text)
    assert cards == frozenset({"62220001", "04A1B2C3"})
    assert judge_card("62220001", cards).verdict is Verdict.KEY_CUSTOMER
    assert judge_card("04A1B2C3", cards).admitted
    assert judge_card(" 04a1 b2c3 ", cards).admitted
    assert judge_card("62220002", cards).verdict is Verdict.NOT_A_KEY_CARD
    assert not judge_card("62220002", cards).admitted


def test_reading_the_list(tmp_path: Path) -> None:
    assert read_key_cards(tmp_path / "missing.txt") == frozenset()
    path = tmp_path / "key-customers.txt"
    path.write_text("\ufeff62220001\n", encoding="utf-8")  # Notepad's BOM
    assert read_key_cards(path) == frozenset({"62220001"})
