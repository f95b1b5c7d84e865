"""Project pages: who sees which project, heads edit, the detail shows progress with a warning,
and the records page shows names to staff only (viewers see the count alone)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from linli.reports.models import Indicator, Project
from tests.cases.factories import open_case
from tests.conftest import add_elder
from tests.reports.test_indicators import add, make_project
from tests.reports.test_measures import END, START, contact, local, plan


@pytest.fixture
def project(world):
    project = make_project(world)
    add(world, project, "cases_opened", 10, label="个案开案数")
    elder = add_elder(world, "zhuoda", name="王秀英")
    open_case(world, elder=elder, opened_on=START)
    open_case(world, elder=elder, opened_on=END)
    return project


def detail(project):
    return reverse("projects:detail", args=[project.pk])


def records_url(project):
    indicator = project.indicators.get(measure="cases_opened")
    return reverse("projects:records", args=[project.pk, indicator.pk])


@pytest.mark.parametrize("user", ["zhuoda-head", "zhuoda-sw1", "jiyang-viewer"])
def test_staff_and_region_viewers_see_the_project(client_for, project, user):
    client = client_for(user)
    assert project.name in client.get(reverse("projects:list")).content.decode()
    assert client.get(detail(project)).status_code == 200


@pytest.mark.parametrize("user", ["wangcheng-head", "zhuoda-vol1"])
def test_outsiders_and_volunteers_get_404(client_for, project, user):
    client = client_for(user)
    assert project.name not in client.get(reverse("projects:list")).content.decode()
    assert client.get(detail(project)).status_code == 404
    assert client.get(records_url(project)).status_code == 404
    assert client.get(reverse("projects:edit", args=[project.pk])).status_code == 404


def test_detail_shows_value_target_progress_and_the_warning(client_for, project):
    page = client_for("zhuoda-head").get(detail(project)).content.decode()
    assert "个案开案数" in page
    assert f'href="{records_url(project)}"' in page
    # 2 of 10, and the project has ended: 20% of the target, 100% of the time
    assert '<progress max="100" value="20.0"' in page
    assert '<progress max="100" value="100.0"' in page
    assert "Behind schedule" in page
    assert not re.search(r"\sstyle=", page)


def test_records_page_names_for_staff_and_counts_only_for_viewers(client_for, project):
    staff = client_for("zhuoda-sw1").get(records_url(project)).content.decode()
    assert "王秀英" in staff
    assert "2 records behind this figure" in staff
    viewer = client_for("jiyang-viewer").get(records_url(project)).content.decode()
    assert "2 records behind this figure" in viewer
    assert "王秀英" not in viewer


def test_viewer_sees_no_names_on_rate_records_either(world, client_for, project):
    add(world, project, "followup_coverage_rate", 80)
    elder = add_elder(world, "zhuoda", name="李桂兰")
    plan(elder)  # in the base: an elder the station keeps in touch with
    contact(world, elder, local(START))
    indicator = project.indicators.get(measure="followup_coverage_rate")
    url = reverse("projects:records", args=[project.pk, indicator.pk])
    assert "李桂兰" in client_for("zhuoda-head").get(url).content.decode()
    assert "李桂兰" not in client_for("jiyang-viewer").get(url).content.decode()


def test_a_head_creates_a_project_and_adds_an_indicator(world, client_for):
    client = client_for("zhuoda-head")
    assert client.get(reverse("projects:new")).status_code == 200
    response = client.post(reverse("projects:new"), {
        "name": "新项目", "funder": "民政局", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
        "budget_yuan": "100000", "stations": [world["zhuoda"].pk],
    })  # fmt: skip
    project = Project.objects.get(name="新项目")
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:edit", args=[project.pk])
    assert client.get(response["Location"]).status_code == 200
    area = world["zhuoda"].areas.get(name="丹州社区")
    response = client.post(reverse("projects:indicator_add", args=[project.pk]), {
        "measure": "home_visits", "target": "500", "areas": [area.pk], "categories": ["dibao"],
        "activity_type": "talk",
    })  # fmt: skip
    assert response.status_code == 302
    indicator = Indicator.objects.get(project=project)
    assert indicator.filters == {"areas": [area.pk], "categories": ["dibao"]}
    response = client.post(reverse("projects:indicator_remove", args=[project.pk, indicator.pk]))
    assert response.status_code == 302
    assert not Indicator.objects.filter(project=project).exists()


def test_a_head_edits_the_facts(world, client_for, project):
    response = client_for("zhuoda-head").post(reverse("projects:edit", args=[project.pk]), {
        "name": "改名", "funder": "民政局", "starts_on": "2026-01-01", "ends_on": "2026-06-30",
        "stations": [world["zhuoda"].pk],
    })  # fmt: skip
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.name == "改名"


@pytest.mark.parametrize("user", ["zhuoda-sw1", "jiyang-viewer"])
def test_workers_and_viewers_may_not_edit(client_for, project, user):
    client = client_for(user)
    assert client.get(reverse("projects:edit", args=[project.pk])).status_code == 403
    url = reverse("projects:indicator_add", args=[project.pk])
    assert client.post(url, {"measure": "cases_opened", "target": "1"}).status_code == 403
    assert client.get(reverse("projects:new")).status_code == 403


def test_an_invalid_indicator_shows_the_form_again(client_for, project):
    url = reverse("projects:indicator_add", args=[project.pk])
    response = client_for("zhuoda-head").post(url, {"measure": "typed", "target": "-1"})
    assert response.status_code == 200
    assert project.indicators.count() == 1


def test_pages_are_a_bounded_number_of_queries(world, client_for, project,
                                               django_assert_max_num_queries):  # fmt: skip
    for code in ("groups_run", "person_times", "followup_coverage_rate", "volunteer_hours"):
        add(world, project, code, 10)
    client = client_for("zhuoda-head")
    with django_assert_max_num_queries(15):
        assert client.get(detail(project)).status_code == 200
    for n in range(60):
        open_case(world, opened_on=dt.date(2026, 2, 1) + dt.timedelta(days=n % 28))
    with django_assert_max_num_queries(12):
        page = client.get(records_url(project))
    assert "More" in page.content.decode()
    with django_assert_max_num_queries(12):
        assert client.get(reverse("projects:list")).status_code == 200


def test_a_worker_lists_only_their_own_stations_records(world, client_for):
    project = Project.objects.create(funder="民政局", name="两站联合项目", starts_on=START,
                                     ends_on=END)  # fmt: skip
    project.stations.set([world["zhuoda"], world["wangcheng"]])
    indicator = Indicator.objects.create(project=project, measure="cases_opened", target=4)
    open_case(world, elder=add_elder(world, "zhuoda", name="卓达老人"), opened_on=START)
    wang = add_elder(world, "wangcheng", name="望城老人")
    open_case(world, elder=wang, lead="wangcheng-sw1", opened_on=START)
    url = reverse("projects:records", args=[project.pk, indicator.pk])
    page = client_for("wangcheng-sw1").get(url).content.decode()
    assert "2 records behind this figure" in page
    assert "望城老人" in page and "卓达老人" not in page
    assert (
        client_for("zhuoda-head").get(reverse("projects:edit", args=[project.pk])).status_code
        == 403
    )
