"""Who should do a request: a pure ranking over plain data, with the reasons in words."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import ServiceRequest


@dataclass(frozen=True)
class Candidate:
    """One active volunteer or worker of the station, as the ranking needs them."""

    user_id: int
    name: str
    role: str
    paired: bool = False
    assigned_worker: bool = False
    area_id: int | None = None
    skills: tuple[str, ...] = ()
    open_requests: int = 0


@dataclass(frozen=True)
class Suggestion:
    user_id: int
    name: str
    role: str
    reasons: list[str] = field(default_factory=list)


def _sort_key(candidate: Candidate, area_id: int | None, request_type: str) -> tuple:
    same_area = area_id is not None and candidate.area_id == area_id
    return (
        not candidate.paired,
        not candidate.assigned_worker,
        not same_area,
        request_type not in candidate.skills,
        candidate.open_requests,
        candidate.name,
        candidate.user_id,
    )


def _reasons(candidate: Candidate, area_id: int | None, request_type: str) -> list[str]:
    reasons = []
    if candidate.paired:
        reasons.append(_("paired with the elder"))
    if candidate.assigned_worker:
        reasons.append(_("the elder's assigned worker"))
    if area_id is not None and candidate.area_id == area_id:
        reasons.append(_("same area"))
    if request_type in candidate.skills:
        label = ServiceRequest.Type(request_type).label
        reasons.append(_("can do %(type)s") % {"type": label})
    count = candidate.open_requests
    reasons.append(
        ngettext("%(count)d open request", "%(count)d open requests", count) % {"count": count}
    )
    return reasons


def rank(
    candidates: list[Candidate], *, area_id: int | None, request_type: str
) -> list[Suggestion]:
    """Paired first, then the assigned worker, same area, the right skill, lighter load."""
    ordered = sorted(candidates, key=lambda c: _sort_key(c, area_id, request_type))
    return [
        Suggestion(c.user_id, c.name, c.role, _reasons(c, area_id, request_type)) for c in ordered
    ]
