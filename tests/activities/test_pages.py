"""The activity pages: staff see them, another station's staff get 404, volunteers 403; bad
input changes nothing; query counts do not grow with rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from linli.activities import services
from linli.activities.models import Activity, Attendance, Feedback, SignUp
from linli.partners import services as partner_services
from tests.activities.conftest import at, make_activity
from tests.conftest import add_elder

KEYS = ("attitude", "timeliness", "usefulness", "information", "overall")


@pytest.fixture
def talk(world):
    return make_activity(world, starts_at=timezone.now(), capacity=30)


def _pages(activity):
    pk = activity.pk
    names = ("detail", "edit", "sign_in", "feedback_entry", "sheet")
    return [reverse("activities:list"), reverse("activities:new")] + [
        reverse(f"activities:{name}", args=[pk]) for name in names
    ]


def test_staff_pages_show_the_key_content(world, client_for, talk, elders, head):
    services.sign_up(actor=head, activity=talk, elder=elders["li"])
    services.attend_roster(actor=head, activity=talk, elder=elders["wang"])
    services.attend_walk_in(actor=head, activity=talk, count=7)
    client = client_for("zhuoda-sw1")
    for url in _pages(talk):
        page = client.get(url)
        assert page.status_code == 200 and "INVALID" not in page.text, url
    services.feedback_record(activity=talk, answers=dict.fromkeys(KEYS, 4), channel="paper",
                             actor=head)  # fmt: skip
    listed = client.get(reverse("activities:list")).text
    assert "防诈骗讲座" in listed and "person-times" in listed
    assert "Satisfaction month by month" in listed and "100%" in listed
    title = listed[listed.index("<title>") : listed.index("</title>")]
    assert "<section" not in title and "Satisfaction" not in title  # the table is in the page
    assert listed.count('id="s-sat-months"') == 1
    detail = client.get(reverse("activities:detail", args=[talk.pk])).text
    assert "王秀英" in detail and "李建国" in detail and "<svg" in detail
    assert "7 walk-ins, not named" in detail
    roster = client.get(reverse("activities:sign_in", args=[talk.pk])).text
    assert "李建国" in roster and "Tap to sign in" in roster
    sheet = client.get(reverse("activities:sheet", args=[talk.pk])).text
    assert "<svg" in sheet and "Sign-in sheet" in sheet


def test_outsiders_get_404_and_volunteers_are_refused(world, client_for, talk):
    outsider, volunteer = client_for("wangcheng-head"), client_for("zhuoda-vol1")
    for url in _pages(talk)[2:]:
        assert outsider.get(url).status_code == 404, url
        assert volunteer.get(url).status_code == 403, url
    assert volunteer.get(reverse("activities:list")).status_code == 403
    post = outsider.post(reverse("activities:walk_in", args=[talk.pk]), {"count": 3})
    assert post.status_code == 404 and not Attendance.objects.exists()


def test_create_and_edit_an_activity_with_partners(world, client_for, head):
    partner = partner_services.partner_create(
        actor=head, station=world["zhuoda"],
        data={"name": "卫生服务中心", "kind": "health", "party": "community"},
    )  # fmt: skip
    client = client_for("zhuoda-sw1")
    data = {"title": "义诊", "type": "health_check", "starts_at": "2026-12-05T09:00",
            "place": "服务站", "partners": [partner.pk], "capacity": "40"}  # fmt: skip
    response = client.post(reverse("activities:new"), data)
    activity = Activity.objects.get()
    assert response.status_code == 302 and list(activity.partners.all()) == [partner]
    assert timezone.localtime(activity.starts_at).hour == 9 and activity.capacity == 40
    data["title"] = "免费义诊"
    client.post(reverse("activities:edit", args=[activity.pk]), data)
    activity.refresh_from_db()
    assert activity.title == "免费义诊"


def test_bad_input_changes_nothing(world, client_for, talk, elders):
    client = client_for("zhuoda-sw1")
    bad = {"title": "", "type": "dance", "starts_at": "yesterday", "place": "x"}
    assert client.post(reverse("activities:new"), bad).status_code == 200
    ends_first = {"title": "x", "type": "talk", "starts_at": "2026-12-05T09:00",
                  "ends_at": "2026-12-05T08:00", "place": "x"}  # fmt: skip
    page = client.post(reverse("activities:new"), ends_first)
    assert "cannot end before it starts" in page.text
    assert Activity.objects.count() == 1
    walk = reverse("activities:walk_in", args=[talk.pk])
    assert client.post(walk, {"name": "赵", "count": 3}).status_code == 200
    assert client.post(walk, {"count": 0}).status_code == 200
    other = client.post(
        reverse("activities:sign_in", args=[talk.pk]), {"elder": elders["other"].pk}
    )
    assert other.status_code == 404
    assert (
        client.post(reverse("activities:sign_in", args=[talk.pk]), {"elder": "x"}).status_code
        == 404
    )
    assert client.post(reverse("activities:feedback_entry", args=[talk.pk]), {"attitude": 9}
                       ).status_code == 200  # fmt: skip
    assert not Attendance.objects.exists() and not Feedback.objects.exists()


def test_the_phone_roster_signs_in_sign_ups_and_walk_ins(world, client_for, talk, elders):
    client = client_for("zhuoda-sw1")
    sign_in = reverse("activities:sign_in", args=[talk.pk])
    client.post(reverse("activities:sign_up", args=[talk.pk]),
                {"elder": elders["li"].pk, "next_page": "sign_in"})  # fmt: skip
    assert SignUp.objects.get().elder == elders["li"]
    assert client.post(sign_in, {"elder": elders["li"].pk}).status_code == 302
    client.post(sign_in, {"elder": elders["li"].pk})  # a double tap
    found = client.get(sign_in, {"q": "张桂兰"}).text
    assert "张桂兰" in found
    client.post(sign_in, {"elder": elders["zhang"].pk, "q": "张桂兰"})
    client.post(reverse("activities:walk_in", args=[talk.pk]), {"name": "赵大爷", "count": 1})
    client.post(reverse("activities:walk_in", args=[talk.pk]), {"name": "", "count": 4})
    rows = sorted((r.elder.name if r.elder else r.walk_in_name, r.count, r.method)
                  for r in Attendance.objects.all())  # fmt: skip
    assert rows == [("", 4, "walk_in"), ("张桂兰", 1, "roster"), ("李建国", 1, "roster"),
                    ("赵大爷", 1, "walk_in")]  # fmt: skip
    row = Attendance.objects.get(walk_in_name="赵大爷")
    client.post(reverse("activities:attendance_remove", args=[talk.pk, row.pk]))
    assert Attendance.objects.count() == 3


def test_status_and_paper_feedback(world, client_for, talk):
    client = client_for("zhuoda-head")
    client.post(reverse("activities:feedback_entry", args=[talk.pk]), {k: "5" for k in KEYS})
    assert Feedback.objects.get().total == 25
    client.post(reverse("activities:held", args=[talk.pk]))
    talk.refresh_from_db()
    assert talk.status == "held"
    client.post(reverse("activities:cancel", args=[talk.pk]))  # held cannot be cancelled
    talk.refresh_from_db()
    assert talk.status == "held"


def _fill(world, head, count):
    for i in range(count):
        activity = make_activity(world, starts_at=timezone.now() + dt.timedelta(hours=i + 1),
                                 capacity=100)  # fmt: skip
        for j in range(3):
            elder = add_elder(
                world, "zhuoda", name=f"老人{i}-{j}", phones=[f"1390000{i:02d}{j:02d}"]
            )
            services.sign_up(actor=head, activity=activity, elder=elder)
            services.attend_roster(actor=head, activity=activity, elder=elder)
        services.attend_walk_in(actor=head, activity=activity, count=2)
        services.attend_walk_in(actor=head, activity=activity, name=f"路人{i}")
    return activity


@pytest.mark.parametrize("count", [1, 6])
def test_query_counts_do_not_grow_with_rows(world, client_for, head, count,
                                            django_assert_max_num_queries):  # fmt: skip
    activity = _fill(world, head, count)
    client = client_for("zhuoda-sw1")
    for url, bound in ((reverse("activities:list"), 12),
                       (reverse("activities:detail", args=[activity.pk]), 14),
                       (reverse("activities:sign_in", args=[activity.pk]), 14),
                       (reverse("calendar:month"), 16)):  # fmt: skip
        with django_assert_max_num_queries(bound):
            assert client.get(url).status_code == 200


def test_the_calendar_shows_the_stations_activities(world, client_for, head):
    day = timezone.localdate()
    mine = make_activity(world, starts_at=at(day, 15), title="生日会")
    make_activity(world, "wangcheng", starts_at=at(day, 15), title="别站的活动")
    page = client_for("zhuoda-sw1").get(reverse("calendar:month")).text
    assert "INVALID" not in page
    assert "生日会" in page and reverse("activities:detail", args=[mine.pk]) in page
    assert "别站的活动" not in page


def test_the_elder_panel(world, head, talk, elders, django_assert_max_num_queries):
    from django.template.loader import render_to_string

    from linli.activities.presenting import elder_activities_panel

    services.attend_roster(actor=head, activity=talk, elder=elders["wang"])
    with django_assert_max_num_queries(4):
        context = elder_activities_panel(elders["wang"], actor=head, role="head")
    html = render_to_string("activities/_elder_panel.html", context)
    assert "防诈骗讲座" in html and "1 activity attended" in html
    hidden = elder_activities_panel(elders["wang"], actor=head, role="volunteer")
    assert hidden["activities_panel"]["attended"] == []


def test_a_photo_is_added(world, client_for, talk, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    upload = SimpleUploadedFile("p.png", buffer.getvalue(), content_type="image/png")
    client = client_for("zhuoda-sw1")
    response = client.post(reverse("activities:photo_add", args=[talk.pk]),
                           {"image": upload, "caption": "合影"})  # fmt: skip
    assert response.status_code == 302 and talk.photos.get().caption == "合影"
    bad = SimpleUploadedFile("p.png", b"not an image", content_type="image/png")
    page = client.post(reverse("activities:photo_add", args=[talk.pk]), {"image": bad})
    assert page.status_code == 200 and talk.photos.count() == 1
    assert "合影" in client.get(reverse("activities:detail", args=[talk.pk])).text
