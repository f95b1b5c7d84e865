"""One decorator for views that need a station capability."""

from __future__ import annotations

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .roles import role_has


def station_required(capability: str):
    """Require a signed-in member of the current station holding `capability`.

    No station at all is a 404 (nothing to show); a role without the capability is a 403,
    since the station is the user's own and its existence is no secret to them.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.station is None:
                raise Http404
            if not role_has(request.role, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
