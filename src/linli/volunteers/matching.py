"""Who could be paired with an elder: a pure ranking over plain data, with the reasons in words."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Candidate:
    """One active volunteer of the station, as the ranking needs them."""

    volunteer_id: int
    name: str
    area_id: int | None = None
    languages: tuple[str, ...] = ()
    availability: tuple[str, ...] = ()
    open_pairings: int = 0


@dataclass(frozen=True)
class Need:
    """What is known of the elder: where they live, what they speak, when a visit suits."""

    area_id: int | None = None
    languages: tuple[str, ...] = ()
    slots: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    volunteer_id: int
    name: str
    reasons: list[str] = field(default_factory=list)


def _shared(candidate: Candidate, need: Need) -> tuple[list[str], list[str]]:
    languages = [w for w in candidate.languages if w in need.languages]
    slots = [s for s in candidate.availability if s in need.slots]
    return languages, slots


def _sort_key(candidate: Candidate, need: Need) -> tuple:
    languages, slots = _shared(candidate, need)
    same_area = need.area_id is not None and candidate.area_id == need.area_id
    return (not same_area, -len(languages), -len(slots), candidate.open_pairings, candidate.name,
            candidate.volunteer_id)  # fmt: skip


def _reasons(candidate: Candidate, need: Need) -> list[str]:
    languages, slots = _shared(candidate, need)
    reasons = []
    if need.area_id is not None and candidate.area_id == need.area_id:
        reasons.append(_("lives in the same area"))
    if languages:
        reasons.append(_("speaks %(languages)s") % {"languages": "、".join(languages)})
    if slots:
        count = len(slots)
        reasons.append(ngettext("free at %(count)d of the times that suit",
                                "free at %(count)d of the times that suit", count)
                       % {"count": count})  # fmt: skip
    count = candidate.open_pairings
    reasons.append(
        ngettext("%(count)d current pairing", "%(count)d current pairings", count)
        % {"count": count}
    )
    return reasons


def rank(candidates: list[Candidate], need: Need) -> list[Suggestion]:
    """Same area first, then more shared languages, more shared free times, fewer pairings."""
    ordered = sorted(candidates, key=lambda c: _sort_key(c, need))
    return [Suggestion(c.volunteer_id, c.name, _reasons(c, need)) for c in ordered]
