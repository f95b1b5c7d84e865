import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from linli.elders import services
from linli.elders.models import Elder
from tests.conftest import add_elder

pytestmark = pytest.mark.django_db


def test_create_derives_birth_sex_and_pinyin_from_id(world):
    elder = add_elder(
        world,
        "zhuoda",
        name="吕文德",
        id_number="500105195001010015",
        phones=["+86 138-0013-8000 / 0898-88661234"],
    )
    elder.refresh_from_db()
    assert elder.birth_date == dt.date(1950, 1, 1)
    assert elder.sex == "M"
    assert (elder.name_pinyin, elder.name_initials) == ("lvwende", "lwd")
    assert elder.phone_list == ["13800138000", "0898-88661234"]
    assert elder.id_number == "500105195001010015"
    assert "500105195001010015" not in elder.id_number_enc
    assert elder.id_last4 == "0015"


def test_invalid_id_number_changes_nothing(world):
    with pytest.raises(ValidationError) as info:
        add_elder(world, "zhuoda", id_number="110105194912310021")
    assert "id_number" in info.value.message_dict
    assert Elder.objects.count() == 0


def test_duplicate_id_in_station_is_refused(world):
    add_elder(world, "zhuoda", id_number="11010519491231002X")
    with pytest.raises(ValidationError):
        add_elder(world, "zhuoda", name="李四", id_number="11010519491231002x")
    # The same person may be known to another station.
    add_elder(world, "wangcheng", id_number="11010519491231002X")


def test_update_bumps_version_and_keeps_history(world):
    elder = add_elder(world, "zhuoda", name="张三", birth_date=dt.date(1940, 5, 1))
    head = world["users"]["zhuoda-head"]
    updated = services.elder_update(
        actor=head, elder=elder, data={"address": "卓达社区1栋"}, version=1
    )
    assert updated.version == 2
    assert updated.history.count() == 2
    latest = updated.history.order_by("-history_id").first()
    assert latest.history_user == head
    assert latest.address == "卓达社区1栋"


def test_stale_version_conflicts(world):
    elder = add_elder(world, "zhuoda")
    head = world["users"]["zhuoda-head"]
    services.elder_update(actor=head, elder=elder, data={"notes": "a"}, version=1)
    with pytest.raises(services.VersionConflict):
        services.elder_update(actor=head, elder=elder, data={"notes": "b"}, version=1)
    elder.refresh_from_db()
    assert elder.notes == "a"


def test_unchanged_update_writes_no_history(world):
    elder = add_elder(world, "zhuoda", notes="x")
    head = world["users"]["zhuoda-head"]
    services.elder_update(actor=head, elder=elder, data={"notes": "x"})
    assert elder.history.count() == 1


def test_categories_set_and_derived(world):
    elder = add_elder(
        world,
        "zhuoda",
        birth_date=dt.date(1940, 1, 1),
        living_arrangement="alone",
        categories=["dibao", "aged80"],
    )
    codes = elder.category_codes(dt.date(2026, 11, 23))
    assert codes == ["aged80", "dibao", "empty_nest", "alone"]
    assert list(elder.categories.values_list("code", flat=True)) == ["dibao"]


def test_consent_record_and_withdraw(world):
    from linli.accounts.models import AccessLog

    elder = add_elder(world, "zhuoda")
    head = world["users"]["zhuoda-head"]
    consent = services.consent_record(
        actor=head,
        elder=elder,
        given_by="张三",
        relation="self",
        given_on=dt.date(2026, 3, 1),
        purposes=["services", "contact", "services"],
    )
    assert consent.purposes == ["services", "contact"]
    services.consent_withdraw(actor=head, consent=consent, on=dt.date(2026, 6, 1))
    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date(2026, 6, 1)
    actions = set(AccessLog.objects.values_list("action", flat=True))
    assert {"elders.consent.recorded", "elders.consent.withdrawn"} <= actions


def test_consent_needs_a_known_purpose(world):
    elder = add_elder(world, "zhuoda")
    with pytest.raises(ValidationError):
        services.consent_record(
            actor=world["users"]["zhuoda-head"],
            elder=elder,
            given_by="张三",
            relation="self",
            given_on=dt.date(2026, 3, 1),
            purposes=["sell"],
        )
    assert elder.consents.count() == 0


def test_status_change_keeps_record_and_leaves_active_list(world):
    from linli.elders.selectors import elder_search

    elder = add_elder(world, "zhuoda", name="王五")
    head = world["users"]["zhuoda-head"]
    services.elder_mark_status(actor=head, elder=elder, status="deceased", on=dt.date(2026, 2, 1))
    active = elder_search(actor=head, station=world["zhuoda"], today=dt.date(2026, 11, 23))
    assert not active.filter(pk=elder.pk).exists()
    elder.refresh_from_db()
    assert (elder.status, elder.status_date) == ("deceased", dt.date(2026, 2, 1))
