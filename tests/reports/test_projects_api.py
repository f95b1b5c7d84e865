"""The projects API: the visible projects, one project with its indicators' progress, and the
records behind a figure for staff only."""

from __future__ import annotations

import pytest

from tests.cases.factories import open_case
from tests.conftest import add_elder, token_client
from tests.reports.test_indicators import add, make_project
from tests.reports.test_measures import END, START


@pytest.fixture
def project(world):
    project = make_project(world)
    add(world, project, "cases_opened", 10, label="个案开案数")
    elder = add_elder(world, "zhuoda", name="王秀英")
    for day in (START, END):
        open_case(world, elder=elder, opened_on=day)
    return project


def test_list_and_detail_with_progress(project):
    client = token_client("zhuoda-sw1")
    found = client.get("/api/v1/projects").json()
    assert [p["name"] for p in found] == [project.name]
    assert found[0]["stations"] == ["zhuoda"]
    body = client.get(f"/api/v1/projects/{project.pk}").json()
    (indicator,) = body["indicators"]
    # the project has ended: 2 of 10 in 181 of 181 days
    assert indicator["label"] == "个案开案数"
    assert (indicator["value"], indicator["target"]) == (2, 10)
    assert (indicator["share_of_target"], indicator["share_of_time"]) == (20.0, 100.0)
    assert (indicator["projected"], indicator["status"]) == (2.0, "behind")
    assert indicator["records_url"].endswith(f"/projects/{project.pk}/indicators/"
                                             f"{indicator['id']}/records/")  # fmt: skip


def test_viewer_sees_the_project_but_not_the_records(project):
    client = token_client("jiyang-viewer")
    body = client.get(f"/api/v1/projects/{project.pk}").json()
    iid = body["indicators"][0]["id"]
    response = client.get(f"/api/v1/projects/{project.pk}/indicators/{iid}/records")
    assert response.status_code == 403
    assert "王秀英" not in response.content.decode()


def test_outsider_gets_404(project):
    client = token_client("wangcheng-head")
    assert client.get("/api/v1/projects").json() == []
    assert client.get(f"/api/v1/projects/{project.pk}").status_code == 404
    iid = project.indicators.get().pk
    url = f"/api/v1/projects/{project.pk}/indicators/{iid}/records"
    assert client.get(url).status_code == 404


def test_records_for_staff_paged_by_limit(project):
    client = token_client("zhuoda-head")
    iid = project.indicators.get().pk
    url = f"/api/v1/projects/{project.pk}/indicators/{iid}/records"
    first = client.get(url, {"limit": 1}).json()
    assert first["total"] == 2
    assert [r["who"] for r in first["rows"]] == ["王秀英"]
    second = client.get(url, {"limit": 1, "cursor": first["next_cursor"]}).json()
    assert len(second["rows"]) == 1 and second["next_cursor"] is None
    assert client.get(url, {"limit": 0}).status_code == 422
    assert client.get(url, {"cursor": "nonsense"}).status_code == 404


def test_api_queries_are_bounded(world, project, django_assert_max_num_queries):
    for code in ("home_visits", "unique_persons", "needs_survey_coverage"):
        add(world, project, code, 5)
    client = token_client("zhuoda-head")
    with django_assert_max_num_queries(25):
        assert client.get(f"/api/v1/projects/{project.pk}").status_code == 200
