from .models import Membership
from .roles import ROLE_CAPABILITIES
from .selectors import memberships_of


def station(request):
    user = getattr(request, "user", None)
    role = getattr(request, "role", None)
    memberships = memberships_of(user) if user is not None else []
    return {
        "station": getattr(request, "station", None),
        "role": role,
        "caps": ROLE_CAPABILITIES.get(role, frozenset()),
        "my_memberships": memberships,
        # a region viewer has no station of their own: the nav offers the region's figures
        "views_a_region": any(
            m.region_id and m.role == Membership.Role.VIEWER for m in memberships
        ),
    }
