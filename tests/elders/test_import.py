"""The roster importer, quirk by quirk, with the expected values worked out by hand."""

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from linli.elders import services
from linli.elders.importers.cells import parse_living
from linli.elders.importers.report import report_xlsx
from linli.elders.importers.roster import RosterError, roster_import
from linli.elders.models import Elder
from tests.conftest import add_elder
from tests.elders.roster_files import id_number, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
# A copy of shared/samples/roster_example.xlsx, so the suite needs nothing outside the repo.
SAMPLE = str(Path(__file__).parent / "fixtures" / "roster_example.xlsx")
ID_F_1949 = "11010519491231002X"  # DOMAIN.md §2: female, born 31 Dec 1949
ID_M_1950 = "500105195001010015"  # DOMAIN.md §2: male, born 1 Jan 1950
ID_M_1938 = id_number(dt.date(1938, 10, 5), 3, "M")  # 460203193810050077
ID_F_1940 = id_number(dt.date(1940, 5, 1), 1, "F")  # 460203194005010026
EXCEL = (
    "Excel stored this ID number as a number and lost its last digits; format the column "
    "as text and type the number again."
)
NO_ID = "There is no ID number; the elder is matched by name, birth date and area."
YEAR_MONTH = "Only the year and month of birth are given; the 1st of the month was recorded."
HEADER = ["姓名", "性别", "身份证号码", "出生日期", "联系电话", "所属村（居）", "备注"]


def run(world, path, station="zhuoda", **options):
    return roster_import(
        actor=world["users"][f"{station}-head"],
        station=world[station],
        path_or_file=path,
        filename=path.name,
        today=TODAY,
        **options,
    )


def roster(tmp_path, rows, header=HEADER, **options):
    return write_xlsx(tmp_path / "roster.xlsx", [header, *rows], **options)


def elder(name, station="zhuoda") -> Elder:
    return Elder.objects.get(station__code=station, name=name)


def codes(e: Elder) -> set[str]:
    return set(e.categories.values_list("code", flat=True))


def found(report, kind="warnings") -> list[tuple]:
    return [(p["row"], p["column"], p["message"]) for p in report.as_dict()[kind]]


def counts(report) -> tuple:
    return report.rows, report.created, report.updated, report.unchanged, report.rejected


def history_rows() -> int:
    return Elder.history.count()


# --- the sample roster a station sent ----------------------------------------------------
def test_the_sample_roster(world):
    report = run(world, _path(SAMPLE), station="wangcheng")
    # 30 elders on rows 3-32; 梁树英 (row 7) has an ID number Excel stored as a float.
    assert report.as_dict() == {
        "rows": 30,
        "created": 29,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
        "errors": [{"row": 7, "column": "身份证号", "message": EXCEL}],
        "warnings": [
            {
                "row": 16,
                "column": "身份证号",
                "message": "The old 15-digit ID number was converted to 18 digits.",
            }
        ],
    }
    station = world["wangcheng"]
    assert station.elders.count() == 29
    assert station.elders.filter(area__name="望城社区").count() == 29
    assert not station.elders.filter(name="梁树英").exists()
    fan = elder("范玉兰", "wangcheng")  # 110105240820426: 1924-08-20, sequence 426 is even
    assert (fan.id_number, fan.birth_date, fan.sex) == (
        "110105192408204261",
        dt.date(1924, 8, 20),
        "F",
    )
    cheng = elder("程国生", "wangcheng")  # 1934.7 agrees with the ID number's 1934-07-12
    assert (cheng.birth_date, cheng.sex, cheng.phones) == (dt.date(1934, 7, 12), "M", "13194654539")
    assert (cheng.living_arrangement, codes(cheng)) == ("spouse", {"dibao"})
    dong = elder("董荣花", "wangcheng")
    assert (dong.living_arrangement, codes(dong)) == ("carer", {"military"})
    wu = elder("吴金芳", "wangcheng")  # 高龄 is derived from age, never recorded
    assert (wu.living_arrangement, codes(wu)) == ("alone", set())
    assert wu.category_codes(TODAY) == ["aged80", "empty_nest", "alone"]
    assert elder("周金凤", "wangcheng").phones == ""  # 无
    sun = elder("孙凤琪", "wangcheng")  # 备注 已故
    assert (sun.status, sun.status_date, sun.notes) == ("deceased", None, "")
    assert elder("宋明国", "wangcheng").birth_date == dt.date(1922, 10, 3)  # 1922.10


def test_the_sample_roster_again_changes_nothing(world):
    run(world, _path(SAMPLE), station="wangcheng")
    before = history_rows()
    report = run(world, _path(SAMPLE), station="wangcheng")
    assert counts(report) == (30, 0, 0, 29, 1)
    assert history_rows() == before
    assert set(Elder.objects.values_list("version", flat=True)) == {1}


def _path(name):
    from pathlib import Path

    return Path(name)


# --- finding the header --------------------------------------------------------------------
def test_header_below_a_merged_title_and_a_note(tmp_path, world):
    rows = [
        ["卓达大社区高龄老人建档信息汇总表"],
        ["填表说明：身份证号请设为文本格式"],
        [],
        HEADER,
        ["李秀英", "女", ID_F_1949, None, "13800138000", "海罗村", None],
        ["王国华", "男", None, "1950.01", None, "卓达社区", None],
    ]
    report = run(world, write_xlsx(tmp_path / "r.xlsx", rows, merges=["A1:G1", "A2:G2"]))
    assert counts(report) == (2, 2, 0, 0, 0)
    assert found(report) == [(6, "身份证号码", NO_ID), (6, "出生日期", YEAR_MONTH)]
    li = elder("李秀英")
    assert (li.area.name, li.phones, li.birth_date) == (
        "海罗村",
        "13800138000",
        dt.date(1949, 12, 31),
    )
    assert elder("王国华").birth_date == dt.date(1950, 1, 1)


def test_traditional_chinese_headers_and_cells(tmp_path, world):
    header = ["姓名", "性別", "身份證號碼", "聯繫電話", "所屬村（居）", "居住狀況", "類別", "備註"]
    rows = [["陳美華", "女", ID_F_1949, "13800138000", "海羅村", "獨居", "低保、殘疾", "已過世"]]
    report = run(world, roster(tmp_path, rows, header=header))
    assert counts(report) == (1, 1, 0, 0, 0)
    chen = elder("陳美華")  # a name is never converted
    assert (chen.area.name, chen.living_arrangement, chen.status) == ("海罗村", "alone", "deceased")
    assert (chen.phones, codes(chen)) == ("13800138000", {"dibao", "disability"})


def test_english_headers(tmp_path, world):
    header = [
        "No.",
        "Name",
        "Sex",
        "ID number",
        "Date of birth",
        "Phone",
        "Area",
        "Address",
        "Remarks",
    ]
    rows = [
        [
            1,
            "Zhang San",
            "M",
            ID_M_1950,
            "1950-01-01",
            "+86 138 0013 8000",
            "丹州社区",
            "丹州路1号",
            "hard of hearing",
        ]
    ]
    report = run(world, roster(tmp_path, rows, header=header))
    assert (counts(report), found(report)) == ((1, 1, 0, 0, 0), [])
    zhang = elder("Zhang San")
    assert (zhang.birth_date, zhang.phones, zhang.address, zhang.notes) == (
        dt.date(1950, 1, 1),
        "13800138000",
        "丹州路1号",
        "hard of hearing",
    )
    assert zhang.area.name == "丹州社区"


def test_a_two_row_header_under_a_merged_emergency_contact(tmp_path, world):
    rows = [
        ["姓名", "身份证号码", "紧急联系人", None, None],
        [None, None, "姓名", "电话", "关系"],
        ["张三", ID_M_1950, "张小明", "13900139000", "儿子"],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", rows, merges=["A1:A2", "B1:B2", "C1:E1"])
    report = run(world, path)
    assert counts(report) == (1, 1, 0, 0, 0)
    assert elder("张三").emergency_contacts == [
        {"name": "张小明", "relation": "儿子", "phone": "13900139000"}
    ]


def test_a_contact_and_phone_in_one_cell(tmp_path, world):
    header = ["姓名", "身份证号码", "紧急联系人及电话", "与老人关系"]
    report = run(
        world, roster(tmp_path, [["张三", ID_M_1950, "李四 13700137000", "女儿"]], header=header)
    )
    assert counts(report) == (1, 1, 0, 0, 0)
    assert elder("张三").emergency_contacts == [
        {"name": "李四", "relation": "女儿", "phone": "13700137000"}
    ]


def test_the_first_sheet_with_a_header_is_read(tmp_path, world):
    sheets = {"填表说明": [["1. 身份证号请设为文本格式"], ["2. 出生日期写成1938.05"]]}
    path = write_xlsx(tmp_path / "r.xlsx", [HEADER, ["张三", "男", ID_M_1950]], sheets=sheets)
    assert counts(run(world, path)) == (1, 1, 0, 0, 0)


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_csv_files_as_excel_on_chinese_windows_saves_them(tmp_path, world, encoding):
    rows = [
        HEADER,
        ["董荣花", "女", ID_F_1949, "1949-12-31", "13800138000", "海澜社区", ""],
        ["程国生", "男", "", "1950年1月1日", "无", "海澜社区", "已故"],
    ]
    report = run(world, write_csv(tmp_path / "r.csv", rows, encoding=encoding))
    assert counts(report) == (2, 2, 0, 0, 0)
    assert found(report) == [(3, "身份证号码", NO_ID)]
    assert set(Elder.objects.values_list("name", "area__name")) == {
        ("董荣花", "海澜社区"),
        ("程国生", "海澜社区"),
    }
    assert elder("程国生").status == "deceased"


# --- rows that are not elders ----------------------------------------------------------------
def test_blank_template_and_footer_rows_are_skipped(tmp_path, world):
    header = ["序号", *HEADER]
    rows = [
        [1, "张三", "男", ID_M_1950],
        [],
        [2, "李秀英", "女", ID_F_1949],
        [3],  # a numbered template row nobody filled in
        ["合计：2人"],
        [None, "制表人：王芳", None, "审核人：李强"],
        ["填表人：", None, "日期：2024.3.5"],
        ["说明：本表每季度更新"],
    ]
    report = run(world, roster(tmp_path, rows, header=header))
    assert (counts(report), found(report)) == ((2, 2, 0, 0, 0), [])


def test_a_lone_heading_is_skipped_and_a_nameless_row_rejected(tmp_path, world):
    rows = [["二、海罗村"], ["张三", "男", ID_M_1950], [None, "女", ID_F_1949, "1949-12-31"]]
    report = run(world, roster(tmp_path, rows))
    assert counts(report) == (2, 1, 0, 0, 1)
    assert found(report) == [
        (2, "", "This row has a single value and was skipped: it looks like a heading or a note.")
    ]
    assert found(report, "errors") == [(4, "姓名", "The name is empty.")]


def test_unknown_columns_are_kept_in_extra_and_reported_once(tmp_path, world):
    header = ["姓名", "身份证号码", "户籍地址", "医保类型", "家庭人口", "登记日期", "年龄"]
    rows = [
        ["张三", ID_M_1950, "海南省三亚市", "城乡居民", 3, dt.date(2024, 3, 5), 76],
        ["李秀英", ID_F_1949, None, "职工", 2.0, None, 76],
    ]
    report = run(world, roster(tmp_path, rows, header=header))
    assert counts(report) == (2, 2, 0, 0, 0)
    kept = (
        "This column is not a registry field; its values were kept with each record under "
        "other columns."
    )
    assert found(report) == [
        (1, "户籍地址", kept),
        (1, "医保类型", kept),
        (1, "家庭人口", kept),
        (1, "登记日期", kept),
        (1, "年龄", "This column was not imported: age and 高龄 follow from the birth date."),
    ]
    assert elder("张三").extra == {
        "户籍地址": "海南省三亚市",
        "医保类型": "城乡居民",
        "家庭人口": 3,
        "登记日期": "2024-03-05",
    }
    assert elder("李秀英").extra == {"医保类型": "职工", "家庭人口": 2}


def test_names_padded_with_spaces_are_joined(tmp_path, world):
    run(world, roster(tmp_path, [["张  三", "男", ID_M_1950]]))
    assert elder("张三").sex == "M"


# --- birth dates, sex and ID numbers ---------------------------------------------------------
BIRTH_CELLS = [
    (dt.datetime(1938, 5, 12), dt.date(1938, 5, 12), False),
    ("1938.05", dt.date(1938, 5, 1), True),
    (1938.5, dt.date(1938, 5, 1), True),
    ("1938.10", dt.date(1938, 10, 1), True),
    ("1938年5月", dt.date(1938, 5, 1), True),
    ("1938年5月12日", dt.date(1938, 5, 12), False),
    ("1938/5/12", dt.date(1938, 5, 12), False),
    ("1938-05-12", dt.date(1938, 5, 12), False),
    ("1938.5.12", dt.date(1938, 5, 12), False),
    (19380512, dt.date(1938, 5, 12), False),
    ("１９３８年５月１２日", dt.date(1938, 5, 12), False),
]


def test_birth_dates_as_people_write_them(tmp_path, world):
    rows = [[f"老人{i}", "男", None, cell] for i, (cell, _d, _p) in enumerate(BIRTH_CELLS)]
    report = run(world, roster(tmp_path, rows))
    assert counts(report) == (11, 11, 0, 0, 0)
    expected_warnings = []
    for i, (_cell, birth, partial) in enumerate(BIRTH_CELLS):
        assert elder(f"老人{i}").birth_date == birth
        expected_warnings.append((i + 2, "身份证号码", NO_ID))
        if partial:
            expected_warnings.append((i + 2, "出生日期", YEAR_MONTH))
    assert found(report) == expected_warnings


def test_the_id_number_wins_over_birth_date_and_sex_columns(tmp_path, world):
    rows = [
        ["李秀英", "男", ID_F_1949, "1950-01-01"],  # both disagree
        ["张三", "男", ID_M_1950, "1950.1"],  # year and month agree: nothing to say
        ["王五", "男", ID_M_1938, 1938.1],  # a number cell 1938.1 may be 1938.10
        ["赵六", "女", ID_F_1940, "1940.13"],
    ]
    report = run(world, roster(tmp_path, rows))
    assert counts(report) == (4, 4, 0, 0, 0)
    assert found(report) == [
        (
            2,
            "出生日期",
            "The birth date differs from the one in the ID number (1949-12-31); "
            "the ID number's was kept.",
        ),
        (2, "性别", "The sex differs from the one in the ID number; the ID number's was kept."),
        (5, "出生日期", "“1940.13” is not a real date."),
    ]
    li = elder("李秀英")
    assert (li.birth_date, li.sex) == (dt.date(1949, 12, 31), "F")
    assert elder("赵六").birth_date == dt.date(1940, 5, 1)


def test_id_numbers_excel_mangled_or_mistyped_are_rejected(tmp_path, world):
    rows = [
        ["甲", "男", 4.602031927062641e17],  # a number cell
        ["乙", "男", "4.60203E+17"],  # text in scientific notation
        ["丙", "男", 460203192706264000],  # an integer cell
        ["丁", "女", "110105194912310021"],  # check character should be X
        ["戊", "女", "110105491231002"],  # first generation: 1949-12-31, becomes ...002X
    ]
    report = run(world, roster(tmp_path, rows))
    assert counts(report) == (5, 1, 0, 0, 4)
    checksum = "The ID number's check character is wrong: a digit was mistyped."
    assert found(report, "errors") == [
        (2, "身份证号码", EXCEL),
        (3, "身份证号码", EXCEL),
        (4, "身份证号码", EXCEL),
        (5, "身份证号码", checksum),
    ]
    assert found(report) == [
        (6, "身份证号码", "The old 15-digit ID number was converted to 18 digits.")
    ]
    assert list(Elder.objects.values_list("name", flat=True)) == ["戊"]
    assert elder("戊").id_number == ID_F_1949


def test_a_csv_that_wrote_out_an_excel_number_in_full(tmp_path, world):
    # 46020319270626400 has check character 3; Excel's 15 digits left ...264000.
    path = write_csv(tmp_path / "r.csv", [HEADER, ["梁树英", "男", "460203192706264000"]])
    assert found(run(world, path), "errors") == [(2, "身份证号码", EXCEL)]


def test_rows_without_an_id_number(tmp_path, world):
    rows = [["张三", "男", None, "1938-05-12"], ["李四", "男", "无", "1940.3"], ["王五", "男"]]
    report = run(world, roster(tmp_path, rows))
    assert counts(report) == (3, 2, 0, 0, 1)
    assert found(report) == [
        (2, "身份证号码", NO_ID),
        (3, "身份证号码", NO_ID),
        (3, "出生日期", YEAR_MONTH),
    ]
    assert found(report, "errors") == [
        (
            4,
            "身份证号码",
            "There is no ID number and no birth date; one of them is needed to "
            "tell this elder apart from others.",
        )
    ]
    assert (elder("李四").birth_date, elder("李四").id_number) == (dt.date(1940, 3, 1), "")


# --- phones, categories, living, status ------------------------------------------------------
def test_phone_cells(tmp_path, world):
    header = ["姓名", "身份证号码", "联系电话", "座机"]
    rows = [
        ["甲", ID_M_1950, "13800138000/13900139000", "0898-88661234"],
        ["乙", ID_F_1949, "无", "-"],
        ["丙", ID_M_1938, "+86 137 0013 7000、12345", None],
    ]
    report = run(world, roster(tmp_path, rows, header=header))
    assert counts(report) == (3, 3, 0, 0, 0)
    assert elder("甲").phone_list == ["13800138000", "13900139000", "0898-88661234"]
    assert elder("乙").phones == ""
    assert elder("丙").phones == "13700137000"
    assert found(report) == [(4, "联系电话", "“12345” is not a phone number; it was left out.")]


def test_categories_are_split_and_mapped(tmp_path, world):
    header = ["姓名", "身份证号码", "类别"]
    rows = [
        ["甲", ID_M_1950, "低保、残疾;失独；特困，军属,留守 易地搬迁"],
        ["乙", ID_F_1949, "高龄 候鸟"],
        ["丙", ID_M_1938, "独居"],
        ["丁", ID_F_1940, "孤寡、低保户、军属/优抚"],
        ["戊", id_number(dt.date(1945, 1, 1)), "低保/残疾"],
    ]
    report = run(world, roster(tmp_path, rows, header=header))
    assert counts(report) == (5, 5, 0, 0, 0)
    assert codes(elder("甲")) == {
        "dibao",
        "disability",
        "lost_only_child",
        "tekun",
        "military",
        "left_behind",
        "relocated",
    }
    yi = elder("乙")
    assert (codes(yi), yi.migratory) == (set(), True)
    bing = elder("丙")
    assert (codes(bing), bing.living_arrangement) == (set(), "alone")
    assert codes(elder("丁")) == {"dibao", "military"}
    assert codes(elder("戊")) == {"dibao", "disability"}
    assert found(report) == [(5, "类别", "Unknown category “孤寡”; it was not recorded.")]


def test_yes_no_columns(tmp_path, world):
    header = ["姓名", "身份证号码", "是否低保", "是否独居", "是否候鸟", "残疾", "失能老人"]
    rows = [
        ["甲", ID_M_1950, "是", "√", "否", "✓", "有"],
        ["乙", ID_F_1949, "否", "否", "是", None, "Y"],
        ["丙", ID_M_1938, "不清楚", None, "候鸟", "×", "N"],
    ]
    report = run(world, roster(tmp_path, rows, header=header))
    assert counts(report) == (3, 3, 0, 0, 0)
    jia, yi, bing = elder("甲"), elder("乙"), elder("丙")
    assert (codes(jia), jia.living_arrangement, jia.migratory) == (
        {"dibao", "disability", "disabled"},
        "alone",
        False,
    )
    assert (codes(yi), yi.living_arrangement, yi.migratory) == ({"disabled"}, "", True)
    assert (codes(bing), bing.migratory) == (set(), True)
    assert found(report) == [(4, "是否低保", "“不清楚” is neither yes nor no.")]


def test_a_no_in_a_yes_no_column_removes_a_recorded_category(tmp_path, world):
    add_elder(world, "zhuoda", name="甲", id_number=ID_M_1950, categories=["dibao", "dementia"])
    header = ["姓名", "身份证号码", "是否低保", "类别"]
    report = run(world, roster(tmp_path, [["甲", ID_M_1950, "否", "残疾"]], header=header))
    assert counts(report) == (1, 0, 1, 0, 0)
    assert codes(elder("甲")) == {"dementia", "disability"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("独居", "alone"),
        ("独居（子女在外地）", "alone"),
        ("空巢", "spouse"),
        ("空巢（与老伴同住）", "spouse"),
        ("与配偶同住", "spouse"),
        ("与子女同住", "children"),
        ("与老伴和子女同住", "children"),
        ("与保姆同住", "carer"),
        ("保姆", "carer"),
        ("养老院", "institution"),
        ("机构养老", "institution"),
        ("与亲属同住", "relatives"),
        ("與子女同住", "children"),
        ("lives alone", "alone"),
    ],
)
def test_living_arrangements(text, code):
    assert parse_living(text) == code


def test_an_unknown_living_arrangement_is_a_warning(tmp_path, world):
    header = ["姓名", "身份证号码", "居住状况"]
    report = run(world, roster(tmp_path, [["甲", ID_M_1950, "其他"]], header=header))
    assert counts(report) == (1, 1, 0, 0, 0)
    assert found(report) == [(2, "居住状况", "“其他” is not a living arrangement we know.")]
    assert elder("甲").living_arrangement == ""


REMARKS = [
    ("已故", "deceased", None, ""),
    ("2024年3月去世", "deceased", dt.date(2024, 3, 1), ""),
    ("已去世（2024.3.5）", "deceased", dt.date(2024, 3, 5), ""),
    ("于2025年1月10日过世", "deceased", dt.date(2025, 1, 10), ""),
    ("死亡", "deceased", None, ""),
    ("已搬走", "moved", None, ""),
    ("迁出 2025-01-10", "moved", dt.date(2025, 1, 10), ""),
    ("腿脚不便，已故", "deceased", None, "腿脚不便，已故"),
    ("独居多年，耳背", "active", None, "独居多年，耳背"),
]


def test_remarks_mark_elders_deceased_or_moved(tmp_path, world):
    rows = [
        [f"老人{i}", "男", id_number(dt.date(1940, 1, 1), i), None, None, None, remark]
        for i, (remark, *_rest) in enumerate(REMARKS)
    ]
    report = run(world, roster(tmp_path, rows))
    assert (counts(report), found(report)) == ((9, 9, 0, 0, 0), [])
    for i, (_remark, status, on, notes) in enumerate(REMARKS):
        e = elder(f"老人{i}")
        assert (e.status, e.status_date, e.notes) == (status, on, notes)


def test_months_present_make_a_migratory_elder(tmp_path, world):
    header = ["姓名", "身份证号码", "在住月份"]
    rows = [["甲", ID_M_1950, "11-4月"], ["乙", ID_F_1949, "全年"], ["丙", ID_M_1938, "冬天"]]
    report = run(world, roster(tmp_path, rows, header=header))
    jia = elder("甲")
    assert (jia.months_present, jia.migratory) == ([1, 2, 3, 4, 11, 12], True)
    yi = elder("乙")
    assert (yi.months_present, yi.migratory) == (list(range(1, 13)), False)
    assert found(report) == [(4, "在住月份", "“冬天” is not a list of months.")]


def test_areas_are_matched_by_name_tolerating_suffixes(tmp_path, world):
    rows = [
        ["甲", "男", ID_M_1950, None, None, "海罗"],
        ["乙", "女", ID_F_1949, None, None, "丹州社区居委会"],
        ["丙", "男", ID_M_1938, None, None, "卓达"],
        ["丁", "女", ID_F_1940, None, None, "望城社区"],
    ]
    report = run(world, roster(tmp_path, rows))
    assert counts(report) == (4, 4, 0, 0, 0)
    names = dict(Elder.objects.values_list("name", "area__name"))
    assert names == {"甲": "海罗村", "乙": "丹州社区", "丙": "卓达社区", "丁": None}
    assert found(report) == [
        (
            5,
            "所属村（居）",
            "“望城社区” is not one of this station's "
            "areas; the elder was imported without an "
            "area.",
        )
    ]


# --- the same person twice, and imports again ------------------------------------------------
def test_the_same_person_twice_in_a_file_is_one_record(tmp_path, world):
    header = [*HEADER, "类别"]
    rows = [
        ["张三", "男", ID_M_1950, None, "13800138000", "海罗村", None, "低保"],
        ["张三", "男", ID_M_1950, None, "13900139000", "海罗村", None, "残疾"],
        ["李四", "男", None, "1940-05-01", "13700137000", "卓达社区", None, None],
        ["李四", "男", None, "1940-05-01", None, "卓达社区", "耳背", None],
    ]
    report = run(world, roster(tmp_path, rows, header=header))
    assert counts(report) == (4, 2, 2, 0, 0)
    merged = "The same person as row %s; the rows were merged."
    assert found(report) == [
        (3, "", merged % 2),
        (4, "身份证号码", NO_ID),
        (5, "身份证号码", NO_ID),
        (5, "", merged % 4),
    ]
    zhang = elder("张三")
    assert (zhang.phone_list, codes(zhang)) == (
        ["13800138000", "13900139000"],
        {"dibao", "disability"},
    )
    assert (elder("李四").phones, elder("李四").notes) == ("13700137000", "耳背")
    before = history_rows()
    assert counts(run(world, roster(tmp_path, rows, header=header))) == (4, 0, 0, 4, 0)
    assert history_rows() == before


def test_a_rich_file_imported_twice_creates_nothing_the_second_time(tmp_path, world):
    header = [
        "序号",
        *HEADER,
        "类别",
        "是否低保",
        "居住状况",
        "在住月份",
        "紧急联系人",
        "紧急联系电话",
        "与老人关系",
        "医保类型",
    ]
    rows = [
        [
            1,
            "张三",
            "男",
            ID_M_1950,
            "1950.1",
            "13800138000、0898-88661234",
            "海罗",
            "耳背",
            "残疾 候鸟",
            "是",
            "与老伴同住",
            "11-4月",
            "张小明",
            "13900139000",
            "儿子",
            "城乡",
        ],
        [
            2,
            "李秀英",
            "女",
            ID_F_1949,
            None,
            "无",
            "卓达社区",
            "2024年3月去世",
            "特困",
            "否",
            "独居",
            None,
            None,
            None,
            None,
            None,
        ],
        [
            3,
            "王五",
            "男",
            None,
            "1938年5月",
            None,
            "丹州社区",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            7,
        ],
    ]
    first = run(world, roster(tmp_path, rows, header=header))
    assert counts(first) == (3, 3, 0, 0, 0)
    versions, before = dict(Elder.objects.values_list("name", "version")), history_rows()
    second = run(world, roster(tmp_path, rows, header=header))
    assert counts(second) == (3, 0, 0, 3, 0)
    assert history_rows() == before
    assert dict(Elder.objects.values_list("name", "version")) == versions


def test_a_reimport_adds_to_what_the_registry_knows(tmp_path, world):
    existing = add_elder(
        world,
        "zhuoda",
        name="张三",
        id_number=ID_M_1950,
        phones=["13600136000"],
        categories=["dementia"],
        notes="喜欢下棋",
        address="旧地址",
    )
    before = existing.history.count()
    header = ["姓名", "身份证号码", "住址", "联系电话", "类别", "备注"]
    rows = [["张三", ID_M_1950, "新地址", "13800138000", "低保", "耳背"]]
    report = run(world, roster(tmp_path, rows, header=header))
    assert counts(report) == (1, 0, 1, 0, 0)
    zhang = elder("张三")
    assert (zhang.address, zhang.phone_list, zhang.notes) == (
        "新地址",
        ["13600136000", "13800138000"],
        "喜欢下棋\n耳背",
    )
    assert (codes(zhang), zhang.version) == ({"dementia", "dibao"}, 2)
    assert zhang.history.count() > before
    # Empty cells change nothing.
    blank = [["张三", ID_M_1950, None, None, None, None]]
    assert counts(run(world, roster(tmp_path, blank, header=header))) == (1, 0, 0, 1, 0)
    assert elder("张三").address == "新地址"


def test_rows_without_id_match_by_name_birth_date_and_area(tmp_path, world):
    haluo = world["zhuoda"].areas.get(name="海罗村")
    known = add_elder(world, "zhuoda", name="张三", birth_date=dt.date(1950, 1, 1), area=haluo.pk)
    other = add_elder(world, "zhuoda", name="李秀英", id_number=ID_F_1949, area=haluo.pk)
    rows = [
        ["张三", "男", None, "1950-01-01", "13800138000", "海罗村"],
        ["李秀英", "女", id_number(dt.date(1949, 12, 31), 7, "F"), "1949-12-31", None, "海罗村"],
    ]
    report = run(world, roster(tmp_path, rows))
    # 张三 gains a phone; 李秀英 has another ID number, so she is someone else.
    assert counts(report) == (2, 1, 1, 0, 0)
    known.refresh_from_db()
    assert (known.phones, known.version) == ("13800138000", 2)
    assert Elder.objects.filter(name="李秀英").count() == 2
    other.refresh_from_db()
    assert other.version == 1
    # A later file with 张三's ID number completes the same record.
    with_id = [["张三", "男", ID_M_1950, None, None, "海罗村"]]
    assert counts(run(world, roster(tmp_path, with_id))) == (1, 0, 1, 0, 0)
    known.refresh_from_db()
    assert (known.id_number, Elder.objects.filter(name="张三").count()) == (ID_M_1950, 1)


def test_another_stations_elders_are_never_touched(tmp_path, world):
    theirs = add_elder(world, "wangcheng", name="张三", id_number=ID_M_1950, address="望城")
    lone = add_elder(world, "wangcheng", name="李四", birth_date=dt.date(1940, 5, 1))
    rows = [
        ["张三", "男", ID_M_1950, None, "13800138000", None, "耳背"],
        ["李四", "男", None, "1940-05-01", "13700137000"],
    ]
    report = run(world, roster(tmp_path, rows))
    assert counts(report) == (2, 2, 0, 0, 0)
    assert world["zhuoda"].elders.count() == 2
    for e, address in ((theirs, "望城"), (lone, "")):
        e.refresh_from_db()
        assert (e.version, e.phones, e.address, e.notes) == (1, "", address, "")
        assert e.history.count() == 1


# --- all or nothing ----------------------------------------------------------------------------
def test_a_failure_part_way_leaves_the_database_as_it_was(tmp_path, world, monkeypatch):
    existing = add_elder(world, "zhuoda", name="张三", id_number=ID_M_1950, address="旧")
    before = history_rows()
    real_create, calls = services.elder_bulk_create, []

    def create_then_fail(**kwargs):
        calls.extend(data["name"] for data in kwargs["rows"])
        real_create(**kwargs)  # the new elders are written, then something breaks
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "elder_bulk_create", create_then_fail)
    header = ["姓名", "身份证号码", "住址"]
    rows = [["张三", ID_M_1950, "新"], ["李秀英", ID_F_1949, "甲"], ["王五", ID_M_1938, "乙"]]
    with pytest.raises(RuntimeError):
        run(world, roster(tmp_path, rows, header=header))
    assert calls == ["李秀英", "王五"]
    assert list(Elder.objects.values_list("name", flat=True)) == ["张三"]
    existing.refresh_from_db()
    assert (existing.address, existing.version, history_rows()) == ("旧", 1, before)


def test_a_dry_run_reports_and_saves_nothing(tmp_path, world):
    add_elder(world, "zhuoda", name="张三", id_number=ID_M_1950)
    before = history_rows()
    header = ["姓名", "身份证号码", "住址"]
    rows = [["张三", ID_M_1950, "新"], ["李秀英", ID_F_1949, "甲"], ["王五", "12345", "乙"]]
    report = run(world, roster(tmp_path, rows, header=header), dry_run=True)
    assert (counts(report), report.dry_run) == ((3, 1, 1, 0, 1), True)
    assert list(Elder.objects.values_list("name", "address")) == [("张三", "")]
    assert history_rows() == before


def test_reimporting_unchanged_rows_costs_a_constant_number_of_queries(
    tmp_path, world, django_assert_max_num_queries
):
    rows = [
        [f"老人{i}", "男", id_number(dt.date(1940, 1, 1), i), None, "13800138000", "海罗村", "耳背"]
        for i in range(40)
    ]
    path = roster(tmp_path, rows)
    run(world, path)
    with django_assert_max_num_queries(8):
        assert counts(run(world, path)) == (40, 0, 0, 40, 0)


# --- files that cannot be imported -------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "format"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "xls"),
        ("empty.csv", b"", "empty"),
        ("list.csv", "张三,男\n李四,女\n".encode(), "no_header"),
    ],
)
def test_bad_files_raise_one_clear_error(tmp_path, world, name, content, code):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RosterError) as info:
        run(world, path)
    assert info.value.code == code
    assert Elder.objects.count() == 0


def test_an_empty_sheet_and_a_sheet_without_header(tmp_path, world):
    with pytest.raises(RosterError) as empty:
        run(world, write_xlsx(tmp_path / "e.xlsx", []))
    assert str(empty.value.message) == "The spreadsheet is empty."
    with pytest.raises(RosterError) as headless:
        run(world, write_xlsx(tmp_path / "h.xlsx", [["张三", "男", ID_M_1950]]))
    assert headless.value.code == "no_header"
    assert "姓名" in str(headless.value.message)


# --- the report ---------------------------------------------------------------------------
def test_the_report_as_a_workbook(tmp_path, world):
    rows = [["张三", "男", 4.602031927062641e17], ["李四", "男", None, "1940.3"]]
    report = run(world, roster(tmp_path, rows))
    sheet = load_workbook(io.BytesIO(report_xlsx(report))).active
    lines = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert lines[:5] == [
        ["Rows", 2, None, None],
        ["Created", 1, None, None],
        ["Updated", 0, None, None],
        ["Unchanged", 0, None, None],
        ["Rejected", 1, None, None],
    ]
    assert lines[6:] == [
        ["Row", "Column", "Kind", "Message"],
        [2, "身份证号码", "error", EXCEL],
        [3, "身份证号码", "warning", NO_ID],
        [3, "出生日期", "warning", YEAR_MONTH],
    ]


def test_what_the_service_refuses_rejects_the_row_and_names_the_column(tmp_path, world):
    header = ["姓名", "身份证号码", "出生日期", "住址"]
    rows = [
        ["张三", ID_M_1950, None, "海" * 201],
        ["李四", None, "2030-01-01"],
        ["王五", ID_F_1940],
    ]
    report = run(world, roster(tmp_path, rows, header=header))
    assert counts(report) == (3, 1, 0, 0, 2)
    assert found(report, "errors") == [
        (2, "住址", "Ensure this value has at most 200 characters (it has 201)."),
        (3, "出生日期", "The birth date is in the future."),
    ]


def test_conflicting_rows_of_one_person_take_the_later_value_every_time(tmp_path, world):
    header = ["姓名", "身份证号码", "住址"]
    rows = [["张三", ID_M_1950, "海罗路1号"], ["张三", ID_M_1950, "海罗路2号"]]
    first = run(world, roster(tmp_path, rows, header=header))
    assert (counts(first), elder("张三").address) == ((2, 1, 1, 0, 0), "海罗路2号")
    assert counts(run(world, roster(tmp_path, rows, header=header))) == (2, 0, 0, 2, 0)


def test_a_csv_with_a_title_line_and_a_footer(tmp_path, world):
    rows = [
        ["海罗村困难老人名单"],
        ["序号", "姓名", "身份证号码"],
        [1, "张三", ID_M_1950],
        ["合计", "1人"],
    ]
    report = run(world, write_csv(tmp_path / "r.csv", rows, encoding="gbk"))
    assert (counts(report), found(report)) == ((1, 1, 0, 0, 0), [])
