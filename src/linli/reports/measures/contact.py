"""Keeping in touch: follow-up coverage and home visits, from the follow-up app's contacts."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from linli.elders.models import Elder
from linli.followups.models import REACHED_OUTCOMES, Contact, Plan

from .base import Row, active_at, at_in, elder_q, local_day, name_of, timezone_date, while_active


def followup_coverage(stations, start, end, filters) -> QuerySet:
    """Elders active at the end of the period who have a follow-up plan (a call or a home-visit
    cadence): the elders the station is supposed to keep in touch with. Each is marked `hit`
    when a contact of any kind reached them (the follow-up app's reached outcomes) during the
    period.

    Plans keep no history, so the base is today's plans, whatever the period: an elder whose
    plan began after the period is in the base of a past period, and one whose plan has ended
    (the rules changed, or the elder died or moved since, which removes their plans) is not.

    The follow-up app's own coverage counts plans due in one calendar month; a project period
    spans many months and due dates move, so a project asks the simpler question: of the elders
    we are to keep in touch with, how many did we actually reach in the period."""
    # "reached" as the follow-up app counts it: an answer, or the elder found in hospital
    reached = Contact.objects.filter(elder=OuterRef("pk"), outcome__in=REACHED_OUTCOMES).filter(
        at_in("at", start, end)
    )
    # the plan's station is the elder's (copied): naming it lets the database read only the
    # stations' plans rather than every plan of the region
    planned = Plan.objects.filter(station__in=stations, elder=OuterRef("pk"))
    elders = Elder.objects.filter(station__in=stations).filter(active_at(end), elder_q(filters, ""))
    return elders.filter(Exists(planned)).annotate(hit=Exists(reached))


def home_visits(stations, start, end, filters) -> QuerySet:
    """Home visits (上门探访) made in the period, reached or not: a visit to a closed door is
    still a trip a worker made and records. Visits that found the elder moved or deceased are
    left out, since nobody was visited, and so are visits dated after the elder died or moved."""
    gone = (Contact.Outcome.MOVED, Contact.Outcome.DECEASED)
    qs = Contact.objects.filter(station__in=stations, kind=Contact.Kind.VISIT)
    qs = qs.filter(at_in("at", start, end), elder_q(filters), while_active(local_day("at")))
    return qs.exclude(outcome__in=gone)


def elder_row(elder) -> Row:
    """An elder of a rate's base: reached (a hit) or not."""
    return Row(None, str(_("reached")) if elder.hit else str(_("not reached")), elder.name)


def contact_row(contact) -> Row:
    return Row(
        timezone_date(contact.at), str(contact.get_outcome_display()), name_of(contact.elder)
    )
