"""Properties of the engine, the parser and the scoring API, over generated answers and JSON."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linli.assessments.definitions import BUILTIN_DIR, builtin, parse
from linli.assessments.engine import DefinitionError, Instrument, Item
from tests.conftest import add_elder

SCORED = sorted(code for code, instrument in builtin().items() if instrument.scored)
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
)
JSON = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=25,
)
API_SETTINGS = settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def answer_for(item: Item) -> st.SearchStrategy:
    """Any valid answer to one item, drawn from its options or range."""
    values = [o.value for o in item.options]
    if item.type == "choice":
        return st.sampled_from(values)
    if item.type == "multi":
        return st.lists(st.sampled_from(values), unique=True, max_size=len(values))
    if item.type == "bool":
        return st.booleans()
    if item.type == "number":
        return st.integers(min_value=item.minimum, max_value=item.maximum)
    return st.text(max_size=40)


def complete_answers(instrument: Instrument) -> st.SearchStrategy[dict]:
    """A complete, valid answer set: every required item, some of the optional ones."""
    required = {i.key: answer_for(i) for i in instrument.items if i.type != "sum" and i.required}
    optional = {
        i.key: answer_for(i) for i in instrument.items if i.type != "sum" and not i.required
    }
    return st.fixed_dictionaries(required, optional=optional)


@st.composite
def instrument_and_answers(draw):
    instrument = builtin()[draw(st.sampled_from(SCORED))]
    return instrument, draw(complete_answers(instrument))


# --- the engine -------------------------------------------------------------------------------
@settings(max_examples=300, deadline=None, database=None)
@given(instrument_and_answers())
def test_any_complete_valid_answers_score_within_the_ranges(case):
    instrument, answers = case
    result = instrument.score(answers)
    assert result.complete, (result.missing, result.errors)
    low, high = instrument.total_range
    assert low <= result.total <= high
    if instrument.bands:
        assert result.band is not None
        assert result.preliminary_band.minimum <= result.total <= result.preliminary_band.maximum
    else:
        assert result.band is None
    for subscale in instrument.subscales:
        spans = [instrument.span(key) for key in subscale.items]
        assert sum(s[0] for s in spans) <= result.subscales[subscale.key]
        assert result.subscales[subscale.key] <= sum(s[1] for s in spans)
    for key, value in result.item_scores.items():
        item_low, item_high = instrument.span(key)
        assert item_low <= value <= item_high, key


@settings(max_examples=200, deadline=None, database=None)
@given(st.sampled_from(SCORED), st.data())
def test_one_wrong_answer_never_scores(code, data):
    instrument = builtin()[code]
    answers = data.draw(complete_answers(instrument))
    item = data.draw(st.sampled_from([i for i in instrument.items if i.type != "sum"]))
    wrong = data.draw(JSON.filter(lambda v: v not in (None, "") and _problem_for(item, v)))
    result = instrument.score({**answers, item.key: wrong})
    assert result.total is None and result.band is None
    assert [e["item"] for e in result.errors] == [item.key]


def _problem_for(item: Item, value) -> bool:
    """True if `value` is plainly not a valid answer to `item` (judged without the engine)."""
    if item.type == "choice":
        return not any(type(value) is type(o.value) and value == o.value for o in item.options)
    if item.type == "bool":
        return not isinstance(value, bool)
    if item.type == "number":
        return isinstance(value, bool) or not isinstance(value, int)
    if item.type == "multi":
        return not isinstance(value, list)
    return not isinstance(value, str)


# --- the parser -------------------------------------------------------------------------------
BUILTIN_DATA = {
    p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in BUILTIN_DIR.glob("*.yaml")
}


@st.composite
def damaged_definition(draw):
    """A built-in definition with one node somewhere replaced by arbitrary JSON."""
    data = copy.deepcopy(BUILTIN_DATA[draw(st.sampled_from(sorted(BUILTIN_DATA)))])
    node = data
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        key = draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, dict | list) and child and draw(st.booleans()):
            node = child
            continue
        node[key] = draw(JSON)
        return data


@settings(max_examples=400, deadline=None, database=None)
@given(damaged_definition(), JSON)
def test_a_damaged_definition_is_a_definition_error_never_a_crash(data, answers):
    try:
        instrument = parse(data)
    except DefinitionError as exc:
        assert exc.problems and all(isinstance(p, str) for p in exc.problems)
        return
    result = instrument.score(answers if isinstance(answers, dict) else {})
    assert result.total is None or isinstance(result.total, int)


@settings(max_examples=100, deadline=None, database=None)
@given(JSON)
def test_any_document_is_a_definition_error_never_a_crash(data):
    with pytest.raises(DefinitionError):
        parse(data)


# --- the API ----------------------------------------------------------------------------------
@st.composite
def score_body(draw):
    """Anything: plain JSON, junk answers, junk on real item keys, or a valid answer set."""
    instrument = builtin()[draw(st.sampled_from(sorted(builtin())))]
    keys = [i.key for i in instrument.items]
    junk_on_items = st.dictionaries(st.sampled_from(keys) | st.text(max_size=8), JSON, max_size=8)
    body = draw(
        st.one_of(
            JSON,
            st.fixed_dictionaries({"answers": JSON}),
            st.fixed_dictionaries({"answers": junk_on_items}),
            st.fixed_dictionaries({"answers": complete_answers(instrument)}),
        )
    )
    return instrument.code, body


def assert_error_shape(response):
    body = response.json()
    assert set(body["error"]) == {"code", "message", "fields"}, body
    assert isinstance(body["error"]["message"], str)
    assert all(isinstance(v, list) for v in body["error"]["fields"].values())
    return body


@pytest.mark.django_db
@API_SETTINGS
@given(score_body())
def test_the_score_api_never_fails_on_any_json(client_for, case):
    code, body = case
    client = client_for("zhuoda-sw1")
    response = client.post(
        f"/api/v1/instruments/{code}/score", json.dumps(body), content_type="application/json"
    )
    assert response.status_code in (200, 400, 422), response.content
    if response.status_code == 200:
        result = response.json()
        assert result["missing"] == [] and result["errors"] == []
        low, high = builtin()[code].total_range
        assert low <= result["total"] <= high
    else:
        assert_error_shape(response)


@pytest.mark.django_db
@API_SETTINGS
@given(st.sampled_from(sorted(builtin())), JSON, JSON)
def test_saving_an_assessment_never_fails_on_any_json(world, client_for, code, answers, extra):
    elder = _elder(world)
    client = client_for("zhuoda-sw1")
    bodies = [
        {"instrument": code, "answers": answers, "complete": True},
        {"instrument": code, "answers": answers, "complete": False},
        extra,
    ]
    for body in bodies:
        response = client.post(
            f"/api/v1/elders/{elder.pk}/assessments",
            json.dumps(body),
            content_type="application/json",
        )
        assert response.status_code in (201, 400, 422), response.content
        if response.status_code != 201:
            assert_error_shape(response)


def _elder(world):
    from linli.elders.models import Elder

    found = Elder.objects.filter(station=world["zhuoda"], name="性质").first()
    return found or add_elder(world, "zhuoda", name="性质")
