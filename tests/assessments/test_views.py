"""Assessment pages: filling in on a phone, drafts, results on the elder's page, risk rules."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from linli.assessments.models import Assessment, Questionnaire, RiskRuleSet
from linli.elders.models import Elder
from tests.conftest import add_elder
from tests.elders.test_views import DETAIL_QUERIES

UCLA_LONELY = {"item-q1": "3", "item-q2": "2", "item-q3": "2"}  # 3 + 2 + 2 = 7 → lonely


@pytest.fixture
def elder(world):
    return add_elder(world, "zhuoda", name="李秀英", birth_date=dt.date(1940, 5, 1),
                     living_arrangement="alone")  # fmt: skip


def _post(client, elder, code, data, **extra):
    url = reverse("assessments:new", args=[elder.pk, code])
    base = {"assessed_on": timezone.localdate().isoformat(), "respondent": "self"}
    return client.post(url, {**base, **data}, **extra)


def test_phone_form_lists_every_item_with_large_choices(world, client_for, elder):
    page = client_for("zhuoda-sw1").get(reverse("assessments:new", args=[elder.pk, "gds15"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("data-question") == 15
    assert html.count('type="radio" name="item-q') == 30
    assert 'data-autosave="linli-assess-' in html


def test_finishing_scores_and_shows_the_result_on_the_elders_page(world, client_for, elder):
    client = client_for("zhuoda-sw1")
    data = {**UCLA_LONELY, "action": "complete", "autosave_key": "linli-assess-x"}
    response = _post(client, elder, "ucla3", data)
    row = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:detail", args=[row.pk])
    assert (row.status, row.total, row.band) == ("complete", 7, "lonely")
    assert row.assessor == world["users"]["zhuoda-sw1"]
    page = client.get(reverse("elders:detail", args=[elder.pk])).content.decode()
    assert "UCLA-3" in page and "lonely" in page
    # The next page shows the message: lives alone (2) + UCLA-3 = 7 lonely (1) = 3 points
    assert "Assessment saved and scored. Risk level now: medium." in page
    detail = client.get(response["Location"]).content.decode()
    assert 'data-autosave-clear="linli-assess-x"' in detail  # the browser forgets its copy


def test_a_partial_form_is_a_draft_and_is_not_scored(world, client_for, elder):
    client = client_for("zhuoda-sw1")
    response = _post(client, elder, "ucla3", {"item-q1": "3", "action": "draft"})
    row = Assessment.objects.get()
    assert response.status_code == 302
    assert (row.status, row.total, row.answers) == ("draft", None, {"q1": 3})
    edit = client.get(reverse("assessments:edit", args=[row.pk])).content.decode()
    assert 'name="item-q1" value="3" checked' in edit


def test_finishing_with_missing_answers_names_them_and_saves_nothing(world, client_for, elder):
    client = client_for("zhuoda-sw1")
    response = _post(client, elder, "ucla3", {"item-q1": "3", "action": "complete"})
    html = response.content.decode()
    assert response.status_code == 422
    assert not Assessment.objects.exists()
    assert html.count("Please answer this.") == 2
    assert 'name="item-q1" value="3" checked' in html  # what was given is kept


def test_a_forged_answer_is_refused(world, client_for, elder):
    client = client_for("zhuoda-sw1")
    response = _post(client, elder, "ucla3", {**UCLA_LONELY, "item-q2": "9", "action": "complete"})
    assert response.status_code == 422 and not Assessment.objects.exists()


def test_a_future_date_is_refused(world, client_for, elder):
    client = client_for("zhuoda-sw1")
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = _post(client, elder, "ucla3",
                     {**UCLA_LONELY, "action": "complete", "assessed_on": tomorrow})  # fmt: skip
    assert response.status_code == 200 and not Assessment.objects.exists()


def test_completing_sets_the_risk_level_with_reasons(world, client_for, elder):
    client = client_for("zhuoda-sw1")
    lsns = {f"item-q{i}": v for i, v in enumerate(["2", "1", "2", "1", "2", "1"], start=1)}  # 9
    _post(client, elder, "lsns6", {**lsns, "action": "complete"})
    elder.refresh_from_db()
    # lives alone (2) + LSNS-6 9 < 12 (2) = 4 points: high
    assert elder.risk_level == "high"
    page = client.get(reverse("elders:detail", args=[elder.pk])).content.decode()
    assert "LSNS-6 = 9 &lt; 12" in page


def test_gbt_adjustment_is_shown(world, client_for, elder):
    answers = {f"item-b1_{i}": "4" for i in range(1, 9)}
    answers |= {"item-b2_1": "4", "item-b2_2": "4", "item-b2_3": "4", "item-b2_4": "3"}
    answers |= {f"item-b3_{i}": "4" for i in range(1, 7)}
    answers |= {"item-b3_7": "1", "item-b3_8": "1", "item-b3_9": "2"}
    answers |= {"item-b4_1": "2", "item-b4_2": "2", "item-b4_3": "4", "item-b4_4": "3"}
    answers |= {"item-b4_5": "4", "item-dementia": "true", "action": "complete"}
    client = client_for("zhuoda-sw1")
    response = _post(client, elder, "gbt42195", answers)
    row = Assessment.objects.get()
    assert (row.total, row.band) == (90, "mild")  # 90 is intact; dementia raises one grade
    html = client.get(response["Location"]).content.decode()
    assert "Adjusted from intact" in html and "diagnosed dementia" in html


def test_ssrs_none_of_these_is_an_empty_list(world, client_for, elder):
    data = {"item-q1": "1", "item-q2": "1", "item-q3": "1", "item-q4": "1",
            "item-q5a": "1", "item-q5b": "1", "item-q5c": "1", "item-q5d": "1", "item-q5e": "1",
            "item-q6": "__none__", "item-q7": ["friends", "family"],
            "item-q8": "1", "item-q9": "1", "item-q10": "1", "action": "complete"}  # fmt: skip
    _post(client_for("zhuoda-sw1"), elder, "ssrs", data)
    row = Assessment.objects.get()
    # q1-q4: 4, q5: 5, q6: 0, q7: 2, q8-q10: 3 → 14; objective q2+q6+q7 = 1 + 0 + 2 = 3
    assert row.answers["q6"] == [] and row.total == 14 and row.subscales["objective"] == 3


def test_outsiders_volunteers_and_viewers_cannot_assess(world, client_for, elder):
    url = reverse("assessments:new", args=[elder.pk, "ucla3"])
    assert client_for("wangcheng-sw1").get(url).status_code == 404
    assert client_for("zhuoda-vol1").get(url).status_code in (403, 404)
    assert client_for("jiyang-viewer").get(url).status_code in (403, 404)
    elder_page = client_for("zhuoda-vol1").get(reverse("elders:detail", args=[elder.pk]))
    assert "Assessments and risk" not in elder_page.content.decode()


def test_another_stations_assessment_is_404(world, client_for, elder):
    _post(client_for("zhuoda-sw1"), elder, "ucla3", {**UCLA_LONELY, "action": "complete"})
    row = Assessment.objects.get()
    for name in ("assessments:detail", "assessments:edit"):
        assert client_for("wangcheng-head").get(reverse(name, args=[row.pk])).status_code == 404


def test_a_complete_assessment_cannot_be_discarded(world, client_for, elder):
    client = client_for("zhuoda-sw1")
    _post(client, elder, "ucla3", {**UCLA_LONELY, "action": "complete"})
    row = Assessment.objects.get()
    client.post(reverse("assessments:discard", args=[row.pk]))
    assert Assessment.objects.filter(pk=row.pk).exists()


def test_a_draft_can_be_discarded(world, client_for, elder):
    client = client_for("zhuoda-sw1")
    _post(client, elder, "ucla3", {"item-q1": "1", "action": "draft"})
    row = Assessment.objects.get()
    assert client.post(reverse("assessments:discard", args=[row.pk])).status_code == 302
    assert not Assessment.objects.exists()


MY_FORM = """
code: intake2026
version: 1
name: {zh: "入户登记表", en: "Intake checklist"}
items:
  - key: lives_safely
    text: "家中是否安全"
    options:
      - {value: 1, label: "是"}
      - {value: 0, label: "否"}
  - {key: remarks, type: text, text: "备注"}
"""


def test_the_head_uploads_a_questionnaire_and_workers_fill_it(world, client_for, elder):
    head = client_for("zhuoda-head")
    response = head.post(reverse("assessments:upload"), {"text": MY_FORM})
    assert response.status_code == 302
    assert Questionnaire.objects.get().version == 1
    head.post(reverse("assessments:upload"), {"text": MY_FORM})
    assert list(Questionnaire.objects.values_list("version", "active")) == [(2, True), (1, False)]
    sw = client_for("zhuoda-sw1")
    _post(sw, elder, "intake2026", {"item-lives_safely": "0", "action": "complete"})
    row = Assessment.objects.get()
    assert (row.total, row.questionnaire.version) == (0, 2)
    other = add_elder(world, "wangcheng", name="外站")
    url = reverse("assessments:new", args=[other.pk, "intake2026"])
    assert client_for("wangcheng-sw1").get(url).status_code == 404


def test_a_bad_upload_lists_its_problems_and_saves_nothing(world, client_for):
    bad = MY_FORM.replace("value: 0", "value: 1")
    response = client_for("zhuoda-head").post(reverse("assessments:upload"), {"text": bad})
    html = response.content.decode()
    assert response.status_code == 200 and not Questionnaire.objects.exists()
    assert "items[0].options[1]" in html and "appears twice" in html


def test_workers_cannot_upload_or_change_risk_rules(world, client_for):
    sw = client_for("zhuoda-sw1")
    assert sw.get(reverse("assessments:upload")).status_code == 403
    assert sw.post(reverse("assessments:risk_rules"), {"text": "x"}).status_code == 404
    assert not RiskRuleSet.objects.exists()


def test_risk_rules_preview_then_save(world, client_for, elder):
    from linli.assessments.risk import default_source

    head = client_for("zhuoda-head")
    text = default_source().replace(
        "code: lives_alone\n    points: 2", "code: lives_alone\n    points: 4"
    )
    preview = head.post(reverse("assessments:risk_rules"), {"text": text, "action": "preview"})
    assert preview.status_code == 200 and "With these rules" in preview.content.decode()
    assert not RiskRuleSet.objects.exists()
    head.post(reverse("assessments:risk_rules"), {"text": text, "action": "save"})
    assert RiskRuleSet.objects.get().version == 1
    assert Elder.objects.get(pk=elder.pk).risk_level == "high"  # alone alone now makes 4


def test_bad_risk_rules_are_refused_with_the_rule_named(world, client_for):
    from linli.assessments.risk import default_source

    text = default_source().replace("category: [tekun]", "category: [rich]")
    response = client_for("zhuoda-head").post(
        reverse("assessments:risk_rules"), {"text": text, "action": "save"}
    )
    assert response.status_code == 422 and not RiskRuleSet.objects.exists()
    assert "extreme_hardship" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 6])
def test_pages_query_counts_are_bounded(
    world, client_for, elder, django_assert_max_num_queries, rows
):
    client = client_for("zhuoda-sw1")
    _post(client, elder, "gds15", {"item-q1": "yes", "action": "draft"})
    for _ in range(rows):
        _post(client, elder, "ucla3", {**UCLA_LONELY, "action": "complete"})
    row = Assessment.objects.first()
    # Each page's reads (session, user and memberships included), the same for 1 or 6 rows.
    bounds = {reverse("assessments:index"): 5,
              reverse("assessments:instrument", args=["gbt42195"]): 3,
              reverse("assessments:new", args=[elder.pk, "gbt42195"]): 5,
              reverse("assessments:elder", args=[elder.pk]): 9,
              reverse("assessments:detail", args=[row.pk]): 8,
              reverse("elders:detail", args=[elder.pk]): DETAIL_QUERIES,
              reverse("assessments:risk_rules"): 5}  # fmt: skip
    for url, bound in bounds.items():
        with django_assert_max_num_queries(bound):
            assert client.get(url).status_code == 200


def test_registry_and_api_filter_by_risk_level(world, client_for, elder):
    from tests.conftest import token_client

    calm = add_elder(world, "zhuoda", name="王平安", birth_date=dt.date(1955, 1, 1),
                     living_arrangement="children")  # fmt: skip
    client = client_for("zhuoda-sw1")
    lsns = {f"item-q{i}": "1" for i in range(1, 7)}  # 6 < 12; with living alone: 4 points
    _post(client, elder, "lsns6", {**lsns, "action": "complete"})
    page = client.get(reverse("elders:list"), {"risk": "high"}).content.decode()
    assert elder.name in page and calm.name not in page
    api = token_client("zhuoda-sw1").get("/api/v1/elders", {"risk": "high"}).json()
    assert [(e["name"], e["risk_level"]) for e in api["items"]] == [(elder.name, "high")]


def test_the_rules_page_says_when_each_rule_holds(world, client_for):
    page = client_for("zhuoda-sw1").get(reverse("assessments:risk_rules")).content.decode()
    for words in ("LSNS-6 &lt; 12", "UCLA-3 ≥ 6", "Ability: completely disabled",
                  "GDS-15: moderate depressive symptoms / severe depressive symptoms",
                  "aged 90 or over", "a contact in the last 30 days: in hospital"):  # fmt: skip
        assert words in page
    assert 'name="text"' not in page  # workers read the rules; the head edits them
