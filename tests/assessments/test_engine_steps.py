"""Band adjustments step by grade number when bands have grades, whatever the file's order."""

from linli.assessments.definitions import parse_yaml

GRADED_REVERSED = """
code: mini
version: 1
kind: scale
name: "mini"
items:
  - {key: a, options: [{value: 0, label: "0"}, {value: 1, label: "1"}, {value: 2, label: "2"}]}
  - {key: flag, type: bool, default: false, text: "flag"}
bands:
  - {code: worst, min: 0, max: 0, grade: 2, label: "worst"}
  - {code: best, min: 2, max: 2, grade: 0, label: "best"}
  - {code: middle, min: 1, max: 1, grade: 1, label: "middle"}
adjustments:
  - code: up
    step: 1
    when_any: [{item: flag, equals: true, label: "flagged"}]
"""


def _text(source: str) -> str:
    return source.replace("  - {key: a, options", "  - {key: a, text: a, options")


def test_one_step_goes_to_the_next_grade_not_the_next_line():
    instrument = parse_yaml(_text(GRADED_REVERSED))
    # a = 2 is grade 0 (best); one step worse is grade 1 (middle), listed last in the file
    result = instrument.score({"a": 2, "flag": True})
    assert (result.preliminary_band.code, result.band.code) == ("best", "middle")
    assert result.adjustment["reasons"] == ["flagged"]


def test_a_step_is_capped_at_the_last_grade():
    instrument = parse_yaml(_text(GRADED_REVERSED))
    result = instrument.score({"a": 0, "flag": True})
    assert result.band.code == "worst" and result.adjustment is None
