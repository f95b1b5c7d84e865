import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linli.lib.identifiers import (
    IdNumberError,
    age_on,
    check_character,
    mask_id_number,
    parse_id_number,
    upgrade_15,
)

TODAY = dt.date(2026, 11, 23)


def test_worked_example_female_with_x():
    # DOMAIN.md §2: S = 167, R = 2 → X; sequence 002 is even → female.
    parsed = parse_id_number("11010519491231002X", today=TODAY)
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.sex == "F"


def test_area_code_newer_than_birth_is_accepted():
    # 500105 (Jiangbei, created 1997) for someone born in 1950: S = 117, R = 7 → 5.
    parsed = parse_id_number("500105195001010015", today=TODAY)
    assert (parsed.birth_date, parsed.sex) == (dt.date(1950, 1, 1), "M")


@pytest.mark.parametrize(
    "raw",
    [
        "11010519491231002x",
        " 110105 1949 1231 002X ",
        "110105-19491231-002X",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ",
    ],
)
def test_normalisation(raw):
    assert parse_id_number(raw, today=TODAY).number == "11010519491231002X"


def test_fifteen_digit_upgrade():
    # 110105 490820 426 → 110105 19490820 426 + check. Worked by hand:
    # digits 1 1 0 1 0 5 1 9 4 9 0 8 2 0 4 2 6 × weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    # = 7+9+0+5+0+20+2+9+24+27+0+72+20+0+32+8+12 = 247; 247 mod 11 = 5 → '7'.
    assert upgrade_15("110105490820426") == "110105194908204267"
    parsed = parse_id_number("110105490820426", today=TODAY)
    assert parsed.number == "110105194908204267"
    assert parsed.sex == "F"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("11010519491231002Y", "characters"),
        ("110105194912310021", "checksum"),
        ("1101051949123100", "length"),
        ("99010519491231002X", "province"),
        ("110105194902300025", "birth_date"),
        (4.602031927062641e17, "excel_number"),
        ("4.60203E+17", "excel_number"),
        (460203192706264000, "excel_number"),
        ("", "empty"),
    ],
)
def test_rejections(raw, code):
    with pytest.raises(IdNumberError) as info:
        parse_id_number(raw, today=TODAY)
    assert info.value.code == code


def test_future_and_too_old():
    future = "11010520270101" + "001"
    with pytest.raises(IdNumberError) as info:
        parse_id_number(future + check_character(future), today=TODAY)
    assert info.value.code == "future"
    old = "11010518990101" + "001"
    with pytest.raises(IdNumberError) as info:
        parse_id_number(old + check_character(old), today=TODAY)
    assert info.value.code == "too_old"


def test_mask():
    assert mask_id_number("460203193406264012") == "460203********4012"


def test_age_on_birthday_boundary():
    assert age_on(dt.date(1946, 11, 23), TODAY) == 80
    assert age_on(dt.date(1946, 11, 24), TODAY) == 79


@given(
    area=st.sampled_from(["110105", "460203", "520112", "500105"]),
    birth=st.dates(min_value=dt.date(1910, 1, 1), max_value=dt.date(2000, 12, 31)),
    seq=st.integers(min_value=0, max_value=999),
)
def test_generated_numbers_round_trip(area, birth, seq):
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    parsed = parse_id_number(first17 + check_character(first17), today=TODAY)
    assert parsed.birth_date == birth
    assert parsed.sex == ("M" if seq % 2 else "F")
