import pytest
from django.core.exceptions import ValidationError

from linli.stations import services
from linli.stations.models import Membership

pytestmark = pytest.mark.django_db


def test_grant_again_changes_the_role_instead_of_duplicating(world):
    user = world["users"]["zhuoda-sw1"]
    services.membership_grant(user=user, role=Membership.Role.HEAD, station=world["zhuoda"])
    assert list(user.memberships.values_list("role", flat=True)) == ["head"]


def test_viewer_needs_a_region_and_staff_need_a_station(world):
    user = world["users"]["zhuoda-sw1"]
    with pytest.raises(ValidationError):
        services.membership_grant(user=user, role=Membership.Role.VIEWER, station=world["zhuoda"])
    with pytest.raises(ValidationError):
        services.membership_grant(user=user, role=Membership.Role.WORKER, region=world["jiyang"])
