import datetime as dt
import io
import zipfile

import pytest

from linli.lib.tabular import TableError, read_table, read_tables
from tests.elders.roster_files import write_csv, write_xlsx


def test_a_merged_title_is_one_value_and_the_header_follows(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [["望城社区 困境老人信息登记表"], ["编号", "名字", "性别"], [1, "董荣花", "女"]],
        merges=["A1:C1"],
    )
    (table,) = read_tables(path)
    assert table.rows == [
        ["望城社区 困境老人信息登记表"],
        ["编号", "名字", "性别"],
        [1, "董荣花", "女"],
    ]


def test_merged_header_and_merged_community_cells_are_filled(tmp_path):
    rows = [
        ["姓名", "所属村（居）", "紧急联系人", None, "备注"],
        ["张三", "海罗村", "李四", "13800138000", None],
        ["王五", None, "赵六", "13900139000", "x"],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", rows, merges=["C1:D1", "B2:B3"])
    (table,) = read_tables(path)
    assert table.rows[0] == ["姓名", "所属村（居）", "紧急联系人", "紧急联系人", "备注"]
    assert table.rows[1][1] == table.rows[2][1] == "海罗村"


def test_row_numbers_are_kept_across_blank_rows_and_text_is_stripped(tmp_path):
    rows = [["姓名", "性别"], [], ["  张三\u3000", "男"], [None, "   "], ["李四", None]]
    (table,) = read_tables(write_xlsx(tmp_path / "r.xlsx", rows))
    assert table.rows == [["姓名", "性别"], [], ["张三", "男"], [], ["李四"]]


def test_date_cells_come_back_as_dates(tmp_path):
    rows = [["出生日期"], [dt.date(1938, 5, 12)]]
    (table,) = read_tables(write_xlsx(tmp_path / "r.xlsx", rows))
    assert table.rows[1][0] == dt.datetime(1938, 5, 12)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_the_encodings_excel_writes(tmp_path, encoding):
    path = write_csv(tmp_path / "r.csv", [["姓名", "备注"], ["董荣花", "已故"]], encoding=encoding)
    (table,) = read_tables(path, "r.csv")
    assert table.rows == [["姓名", "备注"], ["董荣花", "已故"]]
    assert table.name == "r"


def test_csv_with_tabs_or_semicolons(tmp_path):
    (tabbed,) = read_tables(b"name\tphone\r\nZhang\t138\r\n")
    (semi,) = read_tables("姓名;电话\n张三;138\n".encode())
    assert tabbed.rows == [["name", "phone"], ["Zhang", "138"]]
    assert semi.rows == [["姓名", "电话"], ["张三", "138"]]


def test_utf16_text_as_excel_saves_unicode_text():
    (table,) = read_tables("姓名\t性别\r\n张三\t男\r\n".encode("utf-16"))
    assert table.rows == [["姓名", "性别"], ["张三", "男"]]


def test_file_objects_and_bytes_are_read_like_paths(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [["姓名"], ["张三"]])
    from_file = read_tables(io.BytesIO(path.read_bytes()))
    assert from_file[0].rows == read_tables(path.read_bytes())[0].rows == [["姓名"], ["张三"]]


def _docx_like() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "format"),
        (_docx_like(), "format"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "xls"),
        (b"", "empty"),
        (b"  \r\n\r\n", "empty"),
        (b",,,\r\n,,\r\n", "empty"),
    ],
)
def test_one_clear_error_for_what_is_not_a_table(data, code):
    with pytest.raises(TableError) as info:
        read_tables(data)
    assert info.value.code == code
    assert str(info.value.message)


def test_a_workbook_with_only_empty_sheets_is_empty(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [], sheets={"说明": []})
    with pytest.raises(TableError) as info:
        read_tables(path)
    assert info.value.code == "empty"


def test_read_table_picks_the_first_sheet_that_is_recognised(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [["姓名"], ["张三"]],
        title="名单",
        sheets={"说明": [["请按模板填写"]], "空": []},
    )
    table, found = read_table(path, accept=lambda t: t.rows[0] == ["姓名"] and "yes")
    assert (table.name, found) == ("名单", "yes")
    with pytest.raises(TableError) as info:
        read_table(path, accept=lambda t: False)
    assert info.value.code == "no_header"
