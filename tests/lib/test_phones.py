import pytest

from linli.lib.phones import PhoneError, parse_phone, split_phones


def numbers(cell) -> tuple[list[str], list[str]]:
    phones, rejected = split_phones(cell)
    return [p.number for p in phones], rejected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("13800138000/13900139000", ["13800138000", "13900139000"]),
        ("13800138000、13900139000", ["13800138000", "13900139000"]),
        ("13800138000 13900139000", ["13800138000", "13900139000"]),
        ("13800138000；13900139000", ["13800138000", "13900139000"]),
        ("13800138000，0898-88661234", ["13800138000", "0898-88661234"]),
        ("+86 138-0013-8000", ["13800138000"]),
        ("+8613800138000", ["13800138000"]),
        ("8613800138000", ["13800138000"]),
        ("131-9465-4539", ["13194654539"]),
        ("１３８００１３８０００", ["13800138000"]),  # full-width digits
        ("13800138000,13800138000", ["13800138000"]),  # the same number once
    ],
)
def test_several_numbers_in_one_cell(cell, expected):
    assert numbers(cell) == (expected, [])


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("0898-88661234", "0898-88661234"),
        ("(0898)88661234", "0898-88661234"),
        ("0898 8866 1234", "0898-88661234"),
        ("010-12345678", "010-12345678"),
    ],
)
def test_landlines_keep_their_area_code(cell, expected):
    phone = parse_phone(cell)
    assert (phone.number, phone.kind) == (expected, "landline")


@pytest.mark.parametrize("cell", ["无", "没有", "暂无", "/", "-", "", None])
def test_placeholders_mean_no_number(cell):
    assert numbers(cell) == ([], [])


def test_number_cells_from_excel():
    assert numbers(13800138000) == (["13800138000"], [])
    assert numbers(13800138000.0) == (["13800138000"], [])


def test_an_unparseable_piece_is_returned_not_raised():
    assert numbers("13800138000 12345") == (["13800138000"], ["12345"])
    assert numbers("88661234") == ([], ["88661234"])  # a landline needs its area code


def test_parse_phone_refuses_what_is_not_a_chinese_number():
    with pytest.raises(PhoneError):
        parse_phone("12345")
    with pytest.raises(PhoneError):
        parse_phone("+1 202 555 0143")
