import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from linli.accounts.models import AccessLog
from linli.partners import services
from linli.partners.models import Agreement, Partner


def test_partner_create_keeps_fields_and_leaves_a_trace(partner, world):
    assert partner.station == world["zhuoda"]
    assert partner.services == ["benefits", "company"]
    assert partner.active is True
    assert AccessLog.objects.filter(action="partners.partner.created").count() == 1
    assert partner.history.count() == 1


def test_partner_update_switches_off(partner, head):
    services.partner_update(
        actor=head, partner=partner, data={"active": False, "address": "丹州路1号"}
    )
    partner.refresh_from_db()
    assert (partner.active, partner.address) == (False, "丹州路1号")
    assert partner.history.count() == 2


@pytest.mark.parametrize(
    "data, field",
    [
        ({"name": "", "kind": "school", "party": "community"}, "name"),
        ({"name": "x", "kind": "bakery", "party": "community"}, "kind"),
        ({"name": "x", "kind": "school", "party": "worker"}, "party"),
        ({"name": "x", "kind": "school", "party": "community", "services": ["magic"]}, "services"),
    ],
)
def test_partner_create_refuses_bad_data(world, head, data, field):
    with pytest.raises(ValidationError) as exc:
        services.partner_create(actor=head, station=world["zhuoda"], data=data)
    assert field in exc.value.message_dict
    assert Partner.objects.count() == 0


def test_partner_name_unique_per_station(world, head, partner):
    with pytest.raises(ValidationError):
        services.partner_create(actor=head, station=world["zhuoda"],
                                data={"name": "丹州社区居委会", "kind": "community",
                                      "party": "community"})  # fmt: skip


@pytest.mark.parametrize(
    "raw, stored",
    [
        ("138 0013 8000", "13800138000"),
        ("+86 13800138000", "13800138000"),
        ("0898-88881234", "0898-88881234"),
        ("无", ""),
        ("", ""),
    ],
)
def test_person_phone_is_normalised(partner, head, raw, stored):
    person = services.partner_person_add(actor=head, partner=partner, name="王主任",
                                         role="主任", phone=raw)  # fmt: skip
    assert person.phone == stored


def test_person_bad_phone_refused(partner, head):
    with pytest.raises(ValidationError) as exc:
        services.partner_person_add(actor=head, partner=partner, name="王主任", phone="12345")
    assert "phone" in exc.value.message_dict
    assert partner.people.count() == 0


def test_agreement_in_force_window(partner, head):
    agreement = services.agreement_add(actor=head, partner=partner, title="共建协议",
                                       signed_on=dt.date(2026, 1, 1),
                                       valid_until=dt.date(2026, 12, 31))  # fmt: skip
    assert agreement.in_force(dt.date(2025, 12, 31)) is False
    assert agreement.in_force(dt.date(2026, 1, 1)) is True
    assert agreement.in_force(dt.date(2026, 12, 31)) is True
    assert agreement.in_force(dt.date(2027, 1, 1)) is False


def test_open_ended_agreement_stays_in_force(partner, head):
    agreement = services.agreement_add(actor=head, partner=partner, title="长期合作",
                                       signed_on=dt.date(2026, 1, 1))  # fmt: skip
    assert agreement.in_force(dt.date(2036, 1, 1)) is True


def test_agreement_ending_before_signing_refused(partner, head):
    with pytest.raises(ValidationError) as exc:
        services.agreement_add(actor=head, partner=partner, title="错",
                               signed_on=dt.date(2026, 5, 1),
                               valid_until=dt.date(2026, 4, 30))  # fmt: skip
    assert exc.value.message_dict == {
        "valid_until": ["An agreement cannot end before it is signed."]
    }
    assert Agreement.objects.count() == 0
