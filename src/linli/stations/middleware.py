"""Resolve the current station of a signed-in user from the session and their memberships."""

from __future__ import annotations

from .selectors import memberships_of

SESSION_KEY = "linli_station_id"


class CurrentStationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.station = None
        request.role = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            station_memberships = [m for m in memberships_of(user) if m.station_id]
            wanted = request.session.get(SESSION_KEY)
            chosen = next((m for m in station_memberships if m.station_id == wanted), None)
            chosen = chosen or (station_memberships[0] if station_memberships else None)
            if chosen is not None:
                request.station = chosen.station
                request.role = chosen.role
        return self.get_response(request)
