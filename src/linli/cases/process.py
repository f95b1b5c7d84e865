"""The case-work process as data: stages, allowed moves, the record each move needs and how
long a case may stay in a stage before it counts as stuck. Pure: no database.

Transitions (``TRANSITIONS``):

- intake → assessment, referred
- assessment → plan, referred
- plan → intervention, referred
- intervention → evaluation, referred
- evaluation → closed, intervention (goals not met: back to work), referred
- referred → closed
- closed → follow-up
- follow-up → (none: the end; a new problem opens a new case, the old one keeps its history)

Moving into ``closed`` always needs the head's approval (``APPROVAL_NEEDED``): a worker requests
closing, the head approves or returns it. There is no reopening: cases are short and a fresh
intake for a new problem is what the guideline asks for.
"""

from __future__ import annotations

INTAKE = "intake"
ASSESSMENT = "assessment"
PLAN = "plan"
INTERVENTION = "intervention"
EVALUATION = "evaluation"
REFERRED = "referred"
CLOSED = "closed"
FOLLOWUP = "followup"

STAGES: tuple[str, ...] = (
    INTAKE, ASSESSMENT, PLAN, INTERVENTION, EVALUATION, REFERRED, CLOSED, FOLLOWUP,
)  # fmt: skip
OPEN_STAGES = frozenset({INTAKE, ASSESSMENT, PLAN, INTERVENTION, EVALUATION})

TRANSITIONS: dict[str, frozenset[str]] = {
    INTAKE: frozenset({ASSESSMENT, REFERRED}),
    ASSESSMENT: frozenset({PLAN, REFERRED}),
    PLAN: frozenset({INTERVENTION, REFERRED}),
    INTERVENTION: frozenset({EVALUATION, REFERRED}),
    EVALUATION: frozenset({CLOSED, INTERVENTION, REFERRED}),
    REFERRED: frozenset({CLOSED}),
    CLOSED: frozenset({FOLLOWUP}),
    FOLLOWUP: frozenset(),
}
APPROVAL_NEEDED = frozenset({CLOSED})

# Records (by code) that must exist before a move; the services know how to check each code.
INTAKE_RECORD = "intake"
ASSESSMENT_RECORD = "assessment"
PLAN_RECORD = "plan"
NOTE_RECORD = "note"
EVALUATION_RECORD = "evaluation"
CLOSING_RECORD = "closing"
REFERRAL_RECORD = "referral"

_LEAVING: dict[str, tuple[str, ...]] = {
    INTAKE: (INTAKE_RECORD,),
    ASSESSMENT: (ASSESSMENT_RECORD,),
    PLAN: (PLAN_RECORD,),
    INTERVENTION: (NOTE_RECORD,),
}
_ENTERING: dict[str, tuple[str, ...]] = {
    REFERRED: (REFERRAL_RECORD,),
    CLOSED: (CLOSING_RECORD,),
}

# Days a case may stay in a stage before it is stuck; a station may set its own (CaseNorms).
DEFAULT_NORMS: dict[str, int] = {
    INTAKE: 14, ASSESSMENT: 21, PLAN: 14, INTERVENTION: 120, EVALUATION: 21, REFERRED: 30,
}  # fmt: skip


def can_move(from_stage: str, to_stage: str) -> bool:
    """Whether the table allows the move at all (approval aside)."""
    return to_stage in TRANSITIONS.get(from_stage, frozenset())


def required_records(from_stage: str, to_stage: str) -> tuple[str, ...]:
    """The records a move needs, in the order a worker would make them."""
    if to_stage == REFERRED:  # a referral may leave any stage unfinished
        return _ENTERING[REFERRED]
    needed = _LEAVING.get(from_stage, ())
    if to_stage == CLOSED:
        needed = needed + ((EVALUATION_RECORD,) if from_stage == EVALUATION else ())
        needed = needed + _ENTERING[CLOSED]
    return needed


def is_stuck(stage: str, days_in_stage: int, norms: dict[str, int] | None = None) -> bool:
    """A case is stuck when it has spent more days in a stage than the norm allows."""
    norm = (norms or DEFAULT_NORMS).get(stage)
    return norm is not None and days_in_stage > norm
