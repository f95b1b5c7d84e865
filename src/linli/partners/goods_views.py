"""Donated goods and funds (物资): stock per item, what came in and what went out, and the
forms to receive and to give out."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from linli.elders import selectors as elder_selectors
from linli.stations.decorators import station_required

from . import selectors, services
from .forms import DistributeForm, ReceiveForm, add_service_errors, amount

UNITS = ("件", "箱", "袋", "桶", "斤", "盒", "份", "元")


@station_required("edit_elders")
def stock(request):
    """Stock per item (received − given), and the latest receipts and distributions."""
    args = {"actor": request.user, "station": request.station}
    return render(request, "partners/goods_stock.html", {
        "items": list(selectors.stock_levels(**args)),
        "receipts": selectors.receipts_recent(**args),
        "distributions": selectors.distributions_recent(**args),
    })  # fmt: skip


@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def receive(request):
    """Record goods or funds received, from a partner or not."""
    partners = list(
        selectors.partner_list(actor=request.user, station=request.station).prefetch_related(None)
    )
    form = ReceiveForm(request.POST or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.item_ensure(actor=request.user, station=request.station,
                                        name=data["item_name"], unit=data["unit"])  # fmt: skip
            services.goods_receive(actor=request.user, item=item, quantity=data["quantity"],
                                   received_on=data["received_on"], partner=data["partner"],
                                   value_yuan=data["value_yuan"], note=data["note"])  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Received %(quantity)s %(unit)s of %(item)s.") % {
                "quantity": amount(data["quantity"]), "unit": item.unit,
                "item": item.name})  # fmt: skip
            return redirect("goods:stock")
    items = selectors.stock_levels(actor=request.user, station=request.station)
    return render(request, "partners/goods_receive.html", {
        "form": form, "item_names": sorted({i.name for i in items}), "units": UNITS,
    })  # fmt: skip


def _find_elder(request, form: DistributeForm):
    """The one elder of the station the form's text names, or an error on the form."""
    text = form.cleaned_data["elder"]
    found = elder_selectors.elder_lookup(actor=request.user, station=request.station, text=text,
                                   today=timezone.localdate())  # fmt: skip
    if len(found) == 1:
        return found[0], []
    if not found:
        form.add_error("elder", _("No elder of this station matches “%(text)s”.") % {"text": text})
    else:
        form.add_error("elder", _("Several elders match; choose one below or enter their number."))
    return None, found


@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def distribute(request):
    """Give goods or funds to an elder; beyond the stock nothing is written."""
    items = list(selectors.stock_levels(actor=request.user, station=request.station))
    initial = {}
    raw = request.GET.get("elder", "")
    if raw.isdigit():  # coming from an elder's page
        initial["elder"] = elder_selectors.elder_get_or_404(actor=request.user, pk=int(raw)).pk
    form = DistributeForm(request.POST or None, items=items, initial=initial)
    candidates = []
    if request.method == "POST" and form.is_valid():
        elder, candidates = _find_elder(request, form)
        if elder is not None and _give(request, form, elder):
            return redirect("goods:stock")
    return render(request, "partners/goods_distribute.html",
                  {"form": form, "candidates": candidates, "items": items})  # fmt: skip


def _give(request, form: DistributeForm, elder) -> bool:
    data = form.cleaned_data
    item = data["item"]
    try:
        services.goods_distribute(actor=request.user, item=item, elder=elder,
                                  quantity=data["quantity"], given_on=data["given_on"],
                                  note=data["note"])  # fmt: skip
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    messages.success(request, _("Gave %(quantity)s %(unit)s of %(item)s to %(name)s.") % {
        "quantity": amount(data["quantity"]), "unit": item.unit, "item": item.name,
        "name": elder.name})  # fmt: skip
    return True
