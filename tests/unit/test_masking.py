"""Masking of personal data on printouts."""

from __future__ import annotations

import pytest

from counterdesk.domain.masking import mask_address, mask_id_number, mask_name, mask_phone


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("张晓三", "张*三"),
        ("欧阳小明", "欧**明"),
        ("李", "*"),
        (" 王五 ", "王*"),
        ("John Smith", "J*** S****"),
        ("", ""),
    ],
)
def test_names_keep_their_first_and_last_character(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_an_address_keeps_the_street_and_hides_every_number() -> None:
    assert (
        mask_address("云溪市青山区春晖路18号3栋2单元501室") == "云溪市青山区春晖路**号*栋*单元***室"
    )
    # Full-width digits typed by an IME are numbers too.
    assert mask_address("梧桐巷１２号") == "梧桐巷**号"


def test_an_address_without_numbers_keeps_its_first_half() -> None:
    assert mask_address("青山区梧桐巷东") == "青山区梧***"


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("0571-8765432", "057****5432"),
        ("8765432", "***5432"),
        ("110", "***"),
    ],
)
def test_phone_numbers_keep_only_their_ends(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


def test_an_id_number_keeps_the_region_and_the_last_four() -> None:
    assert mask_id_number("11010119900307123x") == "110101********123X"
    assert mask_id_number("12345") == "*****"
