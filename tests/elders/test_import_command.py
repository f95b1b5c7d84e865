"""`linli import-roster`: a thin command over the importer."""

import io
import json
from unittest import mock

import pytest
from django.core.management import ManagementUtility, call_command
from openpyxl import load_workbook

from linli.elders.models import Elder
from tests.elders.roster_files import write_xlsx

pytestmark = pytest.mark.django_db

HEADER = ["姓名", "性别", "身份证号码", "出生日期"]
ROWS = [["李秀英", "女", "11010519491231002X"], ["张三", "男", 4.602031927062641e17]]


@pytest.fixture
def path(tmp_path):
    return write_xlsx(tmp_path / "名单.xlsx", [HEADER, *ROWS])


def command(*args) -> int:
    """Run the command as `linli` would and return its exit status.

    run_from_argv closes every database connection when it ends; inside a test that would
    close the test's own transaction (PostgreSQL then refuses the next query), so not here.
    """
    try:
        with mock.patch("django.core.management.base.connections.close_all"):
            ManagementUtility(["linli", "import-roster", *map(str, args)]).execute()
    except SystemExit as exc:
        return exc.code
    return 0


def test_json_prints_exactly_one_object(world, path):
    out = io.StringIO()
    call_command("import-roster", str(path), station="zhuoda", json=True, stdout=out)
    report = json.loads(out.getvalue())
    assert report == {
        "rows": 2,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
        "errors": [
            {
                "row": 3,
                "column": "身份证号码",
                "message": "Excel stored this ID number as a number and lost its last digits; "
                "format the column as text and type the number again.",
            }
        ],
        "warnings": [],
    }
    assert list(Elder.objects.values_list("station__code", "name")) == [("zhuoda", "李秀英")]


def test_a_human_summary_by_default(world, path, capsys):
    assert command(path, "--station", "zhuoda") == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Rows: 2  Created: 1  Updated: 0  Unchanged: 0  Rejected: 1"
    assert "error [3 身份证号码] Excel stored this ID number as a number" in out


def test_dry_run_saves_nothing(world, path, capsys):
    assert command(path, "--station", "zhuoda", "--dry-run", "--json") == 0
    assert json.loads(capsys.readouterr().out)["created"] == 1
    assert Elder.objects.count() == 0


def test_the_report_workbook(world, path, tmp_path):
    target = tmp_path / "report.xlsx"
    assert command(path, "--station", "zhuoda", "--report", target) == 0
    lines = list(load_workbook(target).active.iter_rows(values_only=True))
    assert lines[0] == ("Rows", 2, None, None)
    assert lines[-1][:3] == (3, "身份证号码", "error")


def test_changes_are_recorded_as_the_given_user(world, path):
    assert command(path, "--station", "zhuoda", "--as", "zhuoda-sw1", "--json") == 0
    created = Elder.objects.get(name="李秀英").history.earliest("history_id")
    assert created.history_user == world["users"]["zhuoda-sw1"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--station", "nowhere"], "No station with code 'nowhere'."),
        (["--station", "zhuoda", "--as", "zhuoda-vol1"], "may not import rosters at zhuoda"),
        (["--station", "zhuoda", "--as", "wangcheng-head"], "may not import rosters at zhuoda"),
    ],
)
def test_bad_input_exits_with_status_2(world, path, capsys, args, message):
    assert command(path, *args) == 2
    assert message in capsys.readouterr().err
    assert Elder.objects.count() == 0


def test_a_bad_file_exits_with_status_2_and_one_message(world, tmp_path, capsys):
    photo = tmp_path / "photo.xlsx"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert command(photo, "--station", "zhuoda") == 2
    err = capsys.readouterr().err
    assert (
        err.strip() == "CommandError: photo.xlsx: This file is not a spreadsheet (.xlsx or .csv)."
    )
    assert command(tmp_path / "missing.xlsx", "--station", "zhuoda") == 2
