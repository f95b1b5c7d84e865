"""Survey campaigns: targets, coverage, the pages (list, new, coverage, paper form, analysis,
xlsx, needs profile), who may see them, and their query bounds."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from linli.accounts.models import AccessLog
from linli.assessments import services, surveys
from linli.assessments.models import Campaign
from linli.elders.models import Elder
from tests.conftest import add_elder

pytestmark = pytest.mark.django_db

START = dt.date(2026, 6, 1)
NEED_KEYS = ("medical", "companionship", "daily_care", "recreation", "legal", "home_safety",
             "financial")  # fmt: skip


def needs(**chosen) -> dict:
    return {key: chosen.get(key, "none") for key in NEED_KEYS}


def area(world, name: str) -> int:
    return world["zhuoda"].areas.get(name=name).pk


def open_campaign(world, **data) -> Campaign:
    areas = [world["zhuoda"].areas.get(name=n) for n in data.pop("areas", [])]
    data = {"title": "秋季需求调查", "instrument": "needs", "starts_on": START, "areas": areas,
            **data}  # fmt: skip
    return services.campaign_create(actor=world["users"]["zhuoda-head"], station=world["zhuoda"],
                                    data=data)  # fmt: skip


def survey(world, elder, campaign, answers=None, day=dt.date(2026, 6, 10), complete=True):
    return services.assessment_save(
        actor=world["users"]["zhuoda-sw1"], elder=elder, instrument=campaign.instrument,
        answers=answers or needs(), complete=complete, assessed_on=day, campaign=campaign,
    )  # fmt: skip


def body_of(response, status=200) -> str:
    assert response.status_code == status
    body = response.content.decode()
    assert "INVALID{" not in body, "a template used an undefined variable"
    assert "style=" not in body and "onclick" not in body
    # The only scripts are files, or data for them (json_script); never inline code.
    for tag in re.findall(r"<script[^>]*>", body):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    return body


def names(world, campaign, user="zhuoda-sw1") -> set[str]:
    targets = surveys.campaign_targets(actor=world["users"][user], campaign=campaign)
    return set(targets.values_list("name", flat=True))


# --- targets -----------------------------------------------------------------------------------
def test_no_criteria_targets_every_active_elder_of_the_station(world):
    add_elder(world, "zhuoda", name="甲")
    gone = add_elder(world, "zhuoda", name="乙")
    Elder.objects.filter(pk=gone.pk).update(status="deceased")
    add_elder(world, "wangcheng", name="外")
    assert names(world, open_campaign(world)) == {"甲"}


def test_targets_by_area_and_category_typed_or_derived(world):
    add_elder(world, "zhuoda", name="丹低保", area=area(world, "丹州社区"), categories=["dibao"])
    add_elder(world, "zhuoda", name="丹独居", area=area(world, "丹州社区"),
              living_arrangement="alone")  # fmt: skip
    add_elder(world, "zhuoda", name="丹普通", area=area(world, "丹州社区"))
    add_elder(world, "zhuoda", name="海低保", area=area(world, "海澜社区"), categories=["dibao"])
    add_elder(world, "zhuoda", name="无区", categories=["dibao"])
    assert names(world, open_campaign(world, areas=["丹州社区"])) == {"丹低保", "丹独居", "丹普通"}
    both = open_campaign(world, areas=["丹州社区", "海澜社区"], categories=["dibao", "alone"])
    assert names(world, both) == {"丹低保", "丹独居", "海低保"}
    assert names(world, open_campaign(world, categories=["dibao"])) == {"丹低保", "海低保", "无区"}


def test_age_bands_on_the_start_date_at_their_boundaries(world):
    for name, born in [
        ("六十九", dt.date(1956, 6, 2)),
        ("七十", dt.date(1956, 6, 1)),
        ("七十九", dt.date(1946, 6, 2)),
        ("八十", dt.date(1946, 6, 1)),
        ("九十", dt.date(1936, 6, 1)),
        ("五十九", dt.date(1966, 6, 2)),
    ]:
        add_elder(world, "zhuoda", name=name, birth_date=born)  # fmt: skip
    add_elder(world, "zhuoda", name="不详")
    assert names(world, open_campaign(world, age_bands=["70-79"])) == {"七十", "七十九"}
    assert names(world, open_campaign(world, age_bands=["60-69"])) == {"六十九"}
    assert names(world, open_campaign(world, age_bands=["60-69", "90+"])) == {"六十九", "九十"}
    # aged 80+ is derived on the start date, too
    assert names(world, open_campaign(world, categories=["aged80"])) == {"八十", "九十"}
    assert surveys.age_band_of(69) == "60-69" and surveys.age_band_of(70) == "70-79"
    assert surveys.age_band_of(59) == "under60" and surveys.age_band_of(None) == ""


def test_targets_are_for_staff_only(world):
    add_elder(world, "zhuoda", name="甲")
    campaign = open_campaign(world)
    assert names(world, campaign, "zhuoda-vol1") == set()
    assert names(world, campaign, "wangcheng-head") == set()


# --- coverage ----------------------------------------------------------------------------------
@pytest.fixture
def five(world):
    """A campaign of 丹州 and 海澜 with five targets: two surveyed (one twice), one draft; and
    one elder of 海罗村 surveyed outside the target."""
    elders = [
        add_elder(world, "zhuoda", name=n, area=area(world, a), birth_date=dt.date(1950, 1, 1),
                  sex=s)
        for n, a, s in [("甲", "丹州社区", "M"), ("乙", "丹州社区", "F"), ("丙", "丹州社区", "F"),
                        ("丁", "海澜社区", "M"), ("戊", "海澜社区", "F")]
    ]  # fmt: skip
    outside = add_elder(world, "zhuoda", name="己", area=area(world, "海罗村"))
    campaign = open_campaign(world, areas=["丹州社区", "海澜社区"])
    survey(world, elders[0], campaign, needs(medical="high"))
    survey(world, elders[0], campaign, needs(medical="low"), day=dt.date(2026, 6, 12))
    survey(world, elders[3], campaign, needs(medical="low", legal="medium"))
    survey(world, elders[1], campaign, {"medical": "low"}, complete=False)
    survey(world, outside, campaign, needs())
    return campaign, elders


def test_coverage_overall_and_per_area(world, five):
    campaign, _elders = five
    coverage = surveys.campaign_coverage(actor=world["users"]["zhuoda-sw1"], campaign=campaign)
    total = coverage.total
    assert (total.targets, total.surveyed, total.waiting, total.rate) == (5, 2, 3, 40)
    assert [(r.label, r.targets, r.surveyed, r.rate) for r in coverage.areas] == [
        ("丹州社区", 3, 1, 33),
        ("海澜社区", 2, 1, 50),
    ]
    assert coverage.outside == 1
    waiting = surveys.not_surveyed(actor=world["users"]["zhuoda-sw1"], campaign=campaign)
    assert sorted((e.name, e.has_draft) for e in waiting) == [("丙", False), ("乙", True),
                                                              ("戊", False)]  # fmt: skip


def test_campaign_list_counts_the_elders_surveyed(world, five, client_for):
    open_campaign(world, title="空调查", starts_on=dt.date(2026, 7, 1))
    response = client_for("zhuoda-sw1").get(reverse("surveys:list"))
    body = body_of(response)
    assert [(r["campaign"].title, r["campaign"].surveyed) for r in response.context["rows"]] == [
        ("空调查", 0), ("秋季需求调查", 3)]  # fmt: skip
    assert reverse("surveys:needs_profile") in body and "Needs profile" in body
    assert reverse("surveys:create") in body


# --- pages -------------------------------------------------------------------------------------
def test_campaign_page_shows_coverage_and_who_is_waiting(world, five, client_for):
    campaign, elders = five
    response = client_for("zhuoda-sw1").get(reverse("surveys:detail", args=[campaign.pk]))
    body = body_of(response)
    assert [e.name for e in response.context["rows"]] == ["丙", "戊", "乙"]  # by pinyin
    entry = reverse("assessments:new", args=[elders[2].pk, "needs"]) + f"?campaign={campaign.pk}"
    assert entry in body and "draft begun" in body
    assert "40%" in body and "丹州社区" in body
    assert reverse("surveys:close", args=[campaign.pk]) in body
    done = client_for("zhuoda-sw1").get(reverse("surveys:detail", args=[campaign.pk]),
                                        {"show": "done"})  # fmt: skip
    body_of(done)
    assert sorted(a.elder.name for a in done.context["rows"]) == ["丁", "己", "甲", "甲"]


def test_waiting_list_pages_by_cursor(world, client_for, monkeypatch):
    from linli.assessments import survey_views

    monkeypatch.setattr(survey_views, "PAGE", 2)
    for i in range(5):
        add_elder(world, "zhuoda", name=f"王{i}")
    campaign = open_campaign(world)
    client = client_for("zhuoda-sw1")
    url = reverse("surveys:detail", args=[campaign.pk])
    seen, cursor = [], None
    while True:
        response = client.get(url, {"cursor": cursor} if cursor else {})
        body_of(response)
        seen += [e.name for e in response.context["rows"]]
        cursor = response.context["next_cursor"]
        if not cursor:
            break
    assert seen == [f"王{i}" for i in range(5)]
    assert client.get(url, {"cursor": "nonsense"}).status_code == 302


def test_create_a_campaign(world, client_for):
    client = client_for("zhuoda-sw1")
    form = body_of(client.get(reverse("surveys:create")))
    assert "Service satisfaction" in form and "Barthel" in form  # questionnaires and scales
    response = client.post(reverse("surveys:create"), {
        "title": "海澜独居老人需求", "instrument": "needs", "starts_on": "2026-06-01",
        "areas": [area(world, "海澜社区")], "categories": ["alone"], "age_bands": ["80-89", "90+"],
    })  # fmt: skip
    campaign = Campaign.objects.get(title="海澜独居老人需求")
    assert response.status_code == 302 and response["Location"] == reverse(
        "surveys:detail", args=[campaign.pk]
    )
    assert campaign.station == world["zhuoda"] and campaign.categories == ["alone"]
    assert campaign.age_bands == ["80-89", "90+"]
    assert [a.name for a in campaign.areas.all()] == ["海澜社区"]
    assert campaign.created_by == world["users"]["zhuoda-sw1"]


def test_create_refuses_bad_input(world, client_for):
    client = client_for("zhuoda-head")
    other = world["wangcheng"].areas.first().pk
    response = client.post(reverse("surveys:create"), {
        "title": "x", "instrument": "nonsense", "starts_on": "2026-06-02", "ends_on": "2026-06-01",
        "areas": [other], "age_bands": ["100+"],
    })  # fmt: skip
    body_of(response)
    assert set(response.context["form"].errors) == {"instrument", "ends_on", "areas", "age_bands"}
    assert not Campaign.objects.exists()


def test_close_a_campaign_after_asking(world, five, client_for):
    campaign, _elders = five
    client = client_for("zhuoda-head")
    url = reverse("surveys:close", args=[campaign.pk])
    assert "2 of 5 elders have been surveyed" in body_of(client.get(url))
    assert client.post(url).status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == "closed" and campaign.ends_on is not None
    page = body_of(client.get(reverse("surveys:detail", args=[campaign.pk])))
    assert "Enter answers" not in page and url not in page
    assert client.get(url).status_code == 302


def test_paper_form_prints_items_options_and_header_fields(world, five, client_for):
    campaign, _elders = five
    client = client_for("zhuoda-sw1")
    response = client.get(reverse("surveys:paper", args=[campaign.pk]))
    body = body_of(response)
    assert body.count('class="paper-page"') == 1
    assert "Medical care (seeing a doctor" in body and "Other needs (describe)" in body
    assert body.count("fairly urgent (within a month)") == 7
    for field in ("Name", "Date", "Worker", "Answered by", "a family member"):
        assert field in body
    assert "assessments/paper.css" in body
    assert "assessments/print.js" in body and "data-print hidden" in body
    assert "echarts" not in body and "linli/charts.js" not in body
    assert not AccessLog.objects.filter(action="assessments.survey.forms_printed").exists()


def test_paper_forms_for_everyone_waiting(world, five, client_for, monkeypatch):
    from linli.assessments import survey_views

    campaign, _elders = five
    client = client_for("zhuoda-sw1")
    body = body_of(client.get(reverse("surveys:paper", args=[campaign.pk]), {"elders": "all"}))
    assert body.count('class="paper-page"') == 3
    assert all(name in body for name in ("乙", "丙", "戊")) and "（丹州社区）" in body
    log = AccessLog.objects.get(action="assessments.survey.forms_printed")
    assert log.detail == {"elders": 3} and log.object_id == str(campaign.pk)
    monkeypatch.setattr(survey_views, "PRINT_LIMIT", 2)
    capped = body_of(client.get(reverse("surveys:paper", args=[campaign.pk]), {"elders": "all"}))
    assert capped.count('class="paper-page"') == 2
    assert "3 elders are waiting; only the first 2 are printed at once" in capped


def test_paper_form_of_a_scale_with_sections_and_numbers(world, client_for):
    campaign = open_campaign(world, instrument="gbt42195", title="能力评估")
    body = body_of(client_for("zhuoda-sw1").get(reverse("surveys:paper", args=[campaign.pk])))
    assert 'class="paper-section"' in body and 'class="paper-item paper-item-number"' in body


def test_analysis_page(world, five, client_for):
    campaign, _elders = five
    response = client_for("zhuoda-sw1").get(reverse("surveys:analysis", args=[campaign.pk]))
    body = body_of(response)
    context = response.context
    assert context["n"] == 3  # 甲 once (the latest answers), 丁 and 己
    assert [n.key for n in context["ranking"]][:2] == ["medical", "legal"]
    assert (context["ranking"][0].reporting, context["ranking"][0].share) == (2, 66.7)
    assert context["variable"].key == "medical"
    assert [t.dimension for t in context["tables"]] == ["age_band", "sex", "living", "area",
                                                        "category"]  # fmt: skip
    by_area = context["tables"][3]
    assert [(r.label, r.counts) for r in by_area.rows] == [("丹州社区", [1, 0]),
                                                           ("海澜社区", [1, 0]),
                                                           ("海罗村", [0, 1])]  # fmt: skip
    assert "No chi-square test:" in body and "Too few answers" in body
    assert 'id="needs-chart-data" type="application/json"' in body
    assert 'data-chart="needs-chart-data"' in body and "echarts.min.js" in body
    assert "linli/charts.js" in body
    # Chart kinds of linli/charts.js: the needs profile, and each question's shares in per cent
    # ("percent", not the dashboards' "bars" of counts).
    assert context["needs_chart"]["kind"] == "needs"
    assert context["needs_chart"]["labels"][0] == context["ranking"][0].label
    assert context["frequencies"] and all(
        f["chart"]["kind"] == "percent" for f in context["frequencies"]
    )
    assert '"kind": "percent"' in body and '"kind": "bars"' not in body
    assert "66.7%" in body and reverse("surveys:analysis_xlsx", args=[campaign.pk]) in body


def test_analysis_cross_tables_of_a_chosen_item(world, client_for):
    campaign = open_campaign(world, instrument="satisfaction", title="满意度")
    rating = {"attitude": 5, "timeliness": 4, "usefulness": 5, "information": 3, "overall": 5}
    for i in range(3):
        elder = add_elder(world, "zhuoda", name=f"满{i}", sex="F" if i else "M")
        survey(world, elder, campaign, {**rating, "overall": 4 + (i > 0)})
    url = reverse("surveys:analysis", args=[campaign.pk])
    response = client_for("zhuoda-sw1").get(url, {"item": "overall"})
    body_of(response)
    assert response.context["ranking"] == []
    by_sex = response.context["tables"][1]
    assert by_sex.variable.key == "overall"
    assert [(r.label, r.counts) for r in by_sex.rows] == [("male", [0, 1, 0, 0, 0]),
                                                          ("female", [2, 0, 0, 0, 0])]  # fmt: skip
    unknown = client_for("zhuoda-sw1").get(url, {"item": "nonsense"})
    assert unknown.context["variable"].key == "attitude"


def test_analysis_of_a_survey_without_answers(world, client_for):
    campaign = open_campaign(world)
    body = body_of(client_for("zhuoda-sw1").get(reverse("surveys:analysis", args=[campaign.pk])))
    assert "No answers yet" in body


def test_analysis_workbook_holds_the_numbers(world, five, client_for):
    campaign, _elders = five
    response = client_for("zhuoda-head").get(reverse("surveys:analysis_xlsx", args=[campaign.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="survey-{campaign.pk}-')
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Survey", "Frequencies", "Needs ranking", "Age band", "Sex",
                               "Living arrangement", "Area", "Category"]  # fmt: skip
    summary = {r[0]: r[1] for r in book["Survey"].iter_rows(values_only=True)}
    assert summary["Respondents"] == 3 and summary["Survey"] == "秋季需求调查"
    frequencies = list(book["Frequencies"].iter_rows(values_only=True))
    assert frequencies[0] == ("Item", "Answer", "Count", "%", "Answered", "Not answered")
    medical = [r for r in frequencies if r[0].startswith("Medical care")]
    assert [r[1:4] for r in medical] == [("no need", 1, 33.3), ("needed, not urgent", 2, 66.7),
                                         ("fairly urgent (within a month)", 0, 0.0),
                                         ("urgent (now)", 0, 0.0)]  # fmt: skip
    ranking = list(book["Needs ranking"].iter_rows(values_only=True))
    assert ranking[0][:5] == ("Rank", "Need", "Answered", "Reporting a need", "%")
    assert ranking[1][:7] == (1, medical[0][0], 3, 2, 66.7, 2, 66.7)
    by_area = list(book["Area"].iter_rows(values_only=True))
    assert by_area[0][0] == medical[0][0]
    assert by_area[1][:6] == ("Area", "n", "reports a need", "%", "no need", "%")
    assert by_area[2][:6] == ("丹州社区", 1, 1, 100.0, 0, 0.0)
    assert by_area[5][:6] == ("All", 3, 2, 66.7, 1, 33.3)
    assert by_area[6][0] == "No chi-square test"


def test_analysis_workbook_reports_a_chi_square(world, client_for):
    campaign = open_campaign(world)
    for i in range(60):  # by sex, medical need: men 10 of 30, women 20 of 30 (the 2×2 of 5.4)
        sex, need = ("M", i < 10) if i < 30 else ("F", i < 50)
        elder = add_elder(world, "zhuoda", name=f"人{i}", sex=sex)
        survey(world, elder, campaign, needs(medical="low" if need else "none"))
    response = client_for("zhuoda-head").get(reverse("surveys:analysis_xlsx", args=[campaign.pk]))
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True)["Sex"].iter_rows(
        values_only=True))  # fmt: skip
    test = rows[5]
    assert test[:4] == ("χ²", pytest.approx(5.4), "df", 1) and test[4] == "p"
    assert test[5] == pytest.approx(0.0201, abs=1e-4) and test[6] == "Yates' continuity correction"
    page = body_of(client_for("zhuoda-head").get(reverse("surveys:analysis", args=[campaign.pk])))
    assert "χ² = 5.40, df = 1, p = 0.020" in page and "Yates" in page


# --- the needs profile -------------------------------------------------------------------------
def checklists(world, count: int):
    for i in range(count):
        elder = add_elder(world, "zhuoda", name=f"需{i}")
        services.assessment_save(
            actor=world["users"]["zhuoda-sw1"], elder=elder, instrument="needs",
            answers=needs(companionship="high" if i % 2 else "low",
                          medical="low" if i < 2 else "none"),
            complete=True, assessed_on=dt.date(2026, 9, 1 + i % 20),
        )  # fmt: skip


def test_needs_profile_for_staff(world, client_for):
    checklists(world, 4)
    add_elder(world, "zhuoda", name="未评")
    response = client_for("zhuoda-sw2").get(reverse("surveys:needs_profile"))
    body = body_of(response)
    assert (response.context["n"], response.context["active"]) == (4, 5)
    first = response.context["ranking"][0]
    assert (first.key, first.share, [t.count for t in first.levels]) == ("companionship", 100.0,
                                                                         [2, 0, 2])  # fmt: skip
    assert response.context["ranking"][1].share == 50.0
    assert "2026-09-01" in body and "2026-09-04" in body and "needs-chart-data" in body


def test_needs_profile_for_a_region_viewer_shows_counts_only(world, client_for):
    checklists(world, 6)
    client = client_for("jiyang-viewer")
    response = client.get(reverse("surveys:needs_profile"), {"station": "zhuoda"})
    body = body_of(response)
    assert response.context["n"] == 6 and response.context["ranking"][0].share == 100.0
    assert "需0" not in body and "需1" not in body
    few = client.get(reverse("surveys:needs_profile"), {"station": "wangcheng"})
    assert few.context["profile_station"] == world["zhuoda"]  # not a station of the region
    Elder.objects.filter(name__in=["需0", "需1"]).update(status="moved")
    hidden = body_of(client.get(reverse("surveys:needs_profile")))
    assert "Too few checklists to show" in hidden and "companionship" not in hidden.lower()


# --- who may see what --------------------------------------------------------------------------
def campaign_urls(campaign) -> list[str]:
    return [reverse(f"surveys:{name}", args=[campaign.pk])
            for name in ("detail", "close", "paper", "analysis", "analysis_xlsx")]  # fmt: skip


def test_another_stations_campaign_is_not_found(world, five, client_for):
    campaign, _elders = five
    client = client_for("wangcheng-head")
    for url in campaign_urls(campaign):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("surveys:close", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("surveys:list")).context["rows"] == []


def test_volunteers_and_viewers_are_refused(world, five, client_for):
    campaign, _elders = five
    volunteer = client_for("zhuoda-vol1")
    for url in [reverse("surveys:list"), reverse("surveys:create"),
                reverse("surveys:needs_profile"), *campaign_urls(campaign)]:  # fmt: skip
        assert volunteer.get(url).status_code == 403, url
    viewer = client_for("jiyang-viewer")
    for url in [reverse("surveys:list"), reverse("surveys:create"), *campaign_urls(campaign)]:
        assert viewer.get(url).status_code == 404, url


def test_signed_out_users_are_sent_to_sign_in(world, five, client):
    campaign, _elders = five
    for url in [reverse("surveys:list"), reverse("surveys:needs_profile"),
                reverse("surveys:detail", args=[campaign.pk])]:  # fmt: skip
        assert client.get(url).status_code == 302


# --- query bounds ------------------------------------------------------------------------------
def populate(world, count: int) -> Campaign:
    campaign = open_campaign(world, areas=["丹州社区", "海澜社区"])
    for i in range(count):
        elder = add_elder(world, "zhuoda", name=f"王{i:03d}", sex="MF"[i % 2],
                          birth_date=dt.date(1930 + i % 30, 1, 1), categories=["dibao"],
                          area=area(world, "丹州社区" if i % 3 else "海澜社区"))  # fmt: skip
        if i % 2:
            survey(world, elder, campaign, needs(medical="high" if i % 4 == 1 else "low"))
        else:
            services.assessment_save(
                actor=world["users"]["zhuoda-sw1"], elder=elder, instrument="needs",
                answers=needs(legal="medium"), complete=True, assessed_on=dt.date(2026, 6, 9),
            )  # fmt: skip
    return campaign


@pytest.mark.parametrize("count", [2, 24])
@pytest.mark.parametrize(
    ("name", "query", "bound"),
    [
        ("list", {}, 6),
        ("create", {}, 6),
        ("needs_profile", {}, 7),
        ("detail", {}, 9),
        ("detail", {"show": "done"}, 9),
        ("paper", {}, 6),
        ("paper", {"elders": "all"}, 8),
        ("analysis", {}, 8),
        ("analysis_xlsx", {}, 8),
        ("close", {}, 8),
    ],
)
def test_query_bounds(world, client_for, django_assert_max_num_queries, count, name, query,
                      bound):  # fmt: skip
    campaign = populate(world, count)
    args = [] if name in ("list", "create", "needs_profile") else [campaign.pk]
    client = client_for("zhuoda-head")
    with django_assert_max_num_queries(bound):
        response = client.get(reverse(f"surveys:{name}", args=args), query)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 24])
def test_query_bound_of_the_viewers_needs_profile(world, client_for, django_assert_max_num_queries,
                                                  count):  # fmt: skip
    populate(world, count)
    client = client_for("jiyang-viewer")
    with django_assert_max_num_queries(9):
        assert client.get(reverse("surveys:needs_profile")).status_code == 200
