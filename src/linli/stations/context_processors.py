from .roles import ROLE_CAPABILITIES
from .selectors import memberships_of


def station(request):
    user = getattr(request, "user", None)
    role = getattr(request, "role", None)
    return {
        "station": getattr(request, "station", None),
        "role": role,
        "caps": ROLE_CAPABILITIES.get(role, frozenset()),
        "my_memberships": memberships_of(user) if user is not None else [],
    }
