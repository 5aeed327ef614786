import pytest

from counterdesk.domain.id_numbers import check_character, is_valid


@pytest.mark.parametrize(
    "number", ["11010519491231002X", "110105199003070017", "11010519491231002x"]
)
def test_published_and_sample_numbers_are_valid(number: str) -> None:
    assert is_valid(number)


@pytest.mark.parametrize(
    "number",
    ["110105194912310021", "11010519491231002", "1101051949123100211", "A1010519491231002X", ""],
)
def test_a_wrong_check_character_or_shape_is_refused(number: str) -> None:
    assert not is_valid(number)


def test_check_character_worked_by_hand() -> None:
    # 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0*8+0*4+2*2 = 167; 167 % 11 = 2
    assert check_character("11010519491231002") == "X"
    with pytest.raises(ValueError, match="17 digits"):
        check_character("1101051949123100")
