from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .middleware import SESSION_KEY
from .selectors import station_for_code


@login_required
@require_POST
def switch_station(request):
    """Make another of the user's stations the current one; other stations are a 404."""
    station = station_for_code(request.user, request.POST.get("station", ""))
    if station is None:
        raise Http404
    request.session[SESSION_KEY] = station.pk
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
