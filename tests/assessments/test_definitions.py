"""The instrument parser: every built-in file parses, and mistakes are reported by place."""

from __future__ import annotations

import pytest
import yaml

from linli.assessments import definitions
from linli.assessments.definitions import BUILTIN_DIR, builtin, parse, parse_yaml
from linli.assessments.engine import DefinitionError

GOOD = """\
code: mood
version: 1
kind: questionnaire
name: {zh: 心情, en: Mood}
option_sets:
  three:
    - {value: 0, label: never}
    - {value: 1, label: sometimes}
    - {value: 2, label: often}
items:
  - {key: q1, options: three, text: Sad}
  - {key: q2, options: three, text: Tired}
  - {key: q3, options: three, text: Alone}
total:
  range: [0, 6]
bands:
  - {code: low, min: 0, max: 2, label: low}
  - {code: high, min: 3, max: 6, label: high}
"""


def good() -> dict:
    return yaml.safe_load(GOOD)


def problems_of(data) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        parse(data) if isinstance(data, dict) else parse_yaml(data)
    return caught.value.problems


def test_the_small_example_parses_and_scores():
    instrument = parse(good())
    assert instrument.code == "mood" and instrument.version == "1"
    assert instrument.total_range == (0, 6)
    assert [b.code for b in instrument.bands] == ["low", "high"]
    assert instrument.score({"q1": 2, "q2": 1, "q3": 0}).total == 3


@pytest.mark.parametrize("path", sorted(BUILTIN_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_built_in_file_parses(path):
    text = path.read_text(encoding="utf-8")
    instrument = parse_yaml(text)
    assert instrument.code == path.stem
    declared = yaml.safe_load(text)["total"]["range"]
    assert list(instrument.total_range) == declared
    # A station's copy is stored as parsed data, and goes through parse() again.
    assert parse(yaml.safe_load(text)) == instrument


def test_builtin_has_one_instrument_per_file():
    assert sorted(builtin()) == sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))


def test_duplicate_item_keys():
    data = good()
    data["items"][2]["key"] = "q1"
    assert "items[2].key: the key q1 appears twice" in problems_of(data)


def test_duplicate_option_values():
    data = good()
    data["option_sets"]["three"][2]["value"] = 1
    assert "option_sets.three[2]: the value 1 appears twice" in problems_of(data)


def test_duplicate_option_values_inline():
    data = good()
    data["items"][0]["options"] = [{"value": "a", "label": "A"}, {"value": "a", "label": "B"}]
    assert "items[0].options[1]: the value a appears twice" in problems_of(data)


def test_bands_with_a_gap():
    data = good()
    data["bands"][1]["min"] = 4
    assert problems_of(data) == ["bands: the bands must cover 0 to 6 without gaps or overlaps"]


def test_bands_that_overlap():
    data = good()
    data["bands"][1]["min"] = 2
    assert problems_of(data) == ["bands: the bands must cover 0 to 6 without gaps or overlaps"]


def test_bands_that_stop_short_or_run_over():
    data = good()
    data["bands"][1]["max"] = 5
    assert problems_of(data) == ["bands: the bands must cover 0 to 6 without gaps or overlaps"]
    data["bands"][1]["max"] = 7
    assert problems_of(data) == ["bands: the bands must cover 0 to 6 without gaps or overlaps"]


def test_band_with_a_bad_bound_names_it():
    data = good()
    data["bands"][0]["min"] = "zero"
    assert "bands[0].min: give a whole number" in problems_of(data)


def test_declared_total_range_disagrees_with_the_items():
    data = good()
    data["total"]["range"] = [0, 9]
    assert "total.range: the items give [0, 6], not [0, 9]" in problems_of(data)


def test_unknown_option_set():
    data = good()
    data["items"][1]["options"] = "four"
    assert "items[1].options: no option set named four" in problems_of(data)


def test_sum_parts_that_do_not_exist():
    data = good()
    data["items"].append({"key": "all", "type": "sum", "parts": ["q1", "q9"], "text": "All"})
    data["total"] = {"items": ["all"], "range": [0, 2]}
    data.pop("bands")
    assert "all.parts: q9 is not a scored item of this instrument" in problems_of(data)


def test_a_part_counted_twice():
    data = good()
    data["items"].append({"key": "s1", "type": "sum", "parts": ["q1", "q2"], "text": "S1"})
    data["items"].append({"key": "s2", "type": "sum", "parts": ["q2"], "text": "S2"})
    assert "s2.parts: q2 is already a part" in problems_of(data)


def test_invalid_yaml_names_its_line():
    text = GOOD.replace("  - {key: q2, options: three, text: Tired}", "  - {key: q2, options: [")
    problems = problems_of(text)
    assert len(problems) == 1
    assert problems[0].startswith("line ") and problems[0].endswith("this is not valid YAML")
    line = int(problems[0].split()[1].rstrip(":"))
    assert 13 <= line <= 14  # the broken line, or where the parser noticed


def test_every_problem_is_reported_at_once():
    data = good()
    data["code"] = "Mood!"
    data["items"][0]["type"] = "slider"
    data["items"][1]["options"] = "nope"
    data["items"][2]["text"] = ""
    problems = problems_of(data)
    assert "code: a key is lower-case letters, digits and _, starting with a letter" in problems
    assert "items[0].type: one of: choice, multi, bool, number, text, sum" in problems
    assert "items[1].options: no option set named nope" in problems
    assert "items[2].text: give the words as text, or as zh and en" in problems


def test_a_subscale_naming_an_unknown_item():
    data = good()
    data["subscales"] = [{"key": "side", "items": ["q1", "qq"], "label": "Side"}]
    assert "subscales[0].items: qq is not a scored item of this instrument" in problems_of(data)


def test_an_adjustment_to_an_unknown_band():
    data = good()
    data["items"].append({"key": "flag", "type": "bool", "default": False, "text": "Flag"})
    data["adjustments"] = [
        {"code": "up", "set_band": "top", "when_any": [{"item": "flag", "equals": True}]}
    ]
    assert "adjustments[0].set_band: no band named top" in problems_of(data)


def test_not_a_mapping_and_too_large():
    assert problems_of("- just\n- a list\n") == [
        "The definition must be a mapping with code, name and items."
    ]
    assert problems_of("#" * (definitions.MAX_BYTES + 1)) == [
        "The file is too large (at most 200 KB)."
    ]


# A station uploads these; each used to crash the parser or, later, the scoring (a 500).
@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"sections": ["a", "b"]}, "sections: give names with their values"),
        ({"subscales": 5}, "subscales: give a list"),
        ({"adjustments": "up"}, "adjustments: give a list"),
        ({"total": {"items": [["q1"]]}},
         "total.items: ['q1'] is not a scored item of this instrument"),
        ({"subscales": [{"key": "s", "items": 5, "label": "S"}]},
         "subscales[0].items: give a list"),
        ({"subscales": [{"key": "s", "items": [["q1"]], "label": "S"}]},
         "subscales[0].items: ['q1'] is not a scored item of this instrument"),
    ],
)  # fmt: skip
def test_malformed_structures_are_problems_not_crashes(change, problem):
    assert problem in problems_of({**good(), **change})


@pytest.mark.parametrize(
    "condition",
    [{"item": "q1", "gte": "2"}, {"item": "q1", "lte": [1]}, {"item": "q1", "gte": True},
     {"item": "q1", "in": 5}, {"item": "q1", "in": "012"}],
)  # fmt: skip
def test_conditions_that_cannot_be_compared_are_refused(condition):
    data = good()
    data["adjustments"] = [{"code": "up", "step": 1, "when_any": [{**condition, "label": "L"}]}]
    assert problems_of(data) == [
        "adjustments[0].when_any[0]: gte and lte take a whole number, in takes a list"
    ]


def test_a_condition_naming_no_item():
    data = good()
    data["adjustments"] = [{"code": "up", "step": 1, "when_any": [{"item": ["q1"], "gte": 1}]}]
    assert problems_of(data) == [
        "adjustments[0].when_any[0]: a condition names an item and one of: equals, gte, lte, in"
    ]


def test_a_condition_with_in_works():
    data = good()
    data["adjustments"] = [
        {"code": "up", "step": 1, "when_any": [{"item": "q1", "in": [2], "label": "often sad"}]}
    ]
    instrument = parse(data)
    result = instrument.score({"q1": 2, "q2": 0, "q3": 0})
    assert result.preliminary_band.code == "low" and result.band.code == "high"
    assert result.adjustment["reasons"] == ["often sad"]
