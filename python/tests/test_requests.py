"""What a request can be, and how a dict becomes request JSON: exactly, or not at all."""

import json
import math

import pytest

from conftest import luna_request, same_with_order

INVALID_JSON = {
    "decision": "deny", "use": "", "work": "", "reasons": [], "duties": [], "payments": [],
    "errors": [{"code": "invalid_json", "message": "request is not valid JSON"}],
}


def test_a_dict_decides_as_its_json_text(examples, example_requests):
    for text in example_requests:
        assert same_with_order(examples.decide(json.loads(text)), examples.decide(text)), text
        assert examples.decide_json(json.loads(text)) == examples.decide_json(text), text


def test_str_bytes_and_bytearray_are_json_text(examples, example_requests):
    text = example_requests[0]
    expected = examples.decide_json(text)
    assert json.loads(expected)["decision"] == "allow"
    for request in (text.encode(), bytearray(text.encode())):
        assert examples.decide_json(request) == expected


NOT_AN_OBJECT = [{"code": "invalid_request", "message": "request must be a JSON object"}]


@pytest.mark.parametrize(
    "request_, use, errors",
    [("not json", "", INVALID_JSON["errors"]),
     ("", "", INVALID_JSON["errors"]),
     (b"", "", INVALID_JSON["errors"]),
     (b"\xff", "", INVALID_JSON["errors"]),
     ('{"use": "a\ud800"}', "", INVALID_JSON["errors"]),
     ('{"use": "a\udcff"}', "", INVALID_JSON["errors"]),
     ('{"use": "ai.train"', "ai.train", INVALID_JSON["errors"]),
     ('{"use": "x"} {}', "x", INVALID_JSON["errors"]),
     ("[1, 2]", "", NOT_AN_OBJECT)],
    ids=["words", "empty str", "empty bytes", "not utf-8", "a lone surrogate", "an escaped byte", "unclosed",
         "two values", "an array"],
)
def test_text_that_is_not_a_request_is_a_deny(luna, request_, use, errors):
    # As `refrain eval --request` answers the same bytes; a str's lone surrogate is not UTF-8.
    assert luna.decide(request_) == dict(INVALID_JSON, use=use, errors=errors)


def test_strings_are_written_exactly(luna):
    work = 'a"b\\c/\n\r\t\b\f\x00\x01\x1f\x7f é ü 音 🎵 \u2028'
    assert luna.decide(luna_request() | {"work": {"id": work, "rightsholders": [{"party": "luna", "role": "artist"}]}})["work"] == work


def test_a_lone_surrogate_in_a_dict_is_written_as_its_escape(luna):
    # JSON can say it (as json.dumps does), and the runtime refuses it as any lone surrogate.
    request = luna_request()
    request["work"]["id"] = "w\ud800"
    assert json.dumps(request).count("\\ud800") == 1
    assert luna.decide(request) == luna.decide(json.dumps(request)) == dict(INVALID_JSON, use="ai.train")


def type_mismatch(field, expected):
    return [{"code": "type_mismatch", "message": f"`{field}` has the wrong type: expected {expected}",
             "policy": "luna", "rule": "luna.refrain:2"}]


@pytest.mark.parametrize(
    "units, allowed",
    [(11, True), (10, False), (2**63 - 1, True), (-(2**63), False), (True, None), (2**63, None), (-(2**63) - 1, None),
     (10**40, None), (20.0, None), (1e300, None), ("20", None), ([20], None)],
)
def test_numbers_reach_the_runtime_unchanged(luna, units, allowed):
    # An int beyond 64 bits, a float or a bool is not an integer to the runtime: a type mismatch, never a rounded number.
    decision = luna.decide(luna_request(units=units))
    assert decision == luna.decide(json.dumps(luna_request(units=units)))
    if allowed is None:
        assert decision["errors"] == type_mismatch("context.units", "an integer")
    else:
        assert decision["decision"] == ("allow" if allowed else "deny") and decision["errors"] == []


def test_none_is_null_and_null_is_absent(luna):
    assert luna.decide(luna_request(units=None))["errors"] == [
        {"code": "missing_field", "message": "request has no `context.units`", "policy": "luna", "rule": "luna.refrain:2"}]


def test_tuples_are_lists_and_keys_keep_their_order(luna):
    request = {"context": {"units": 20, "time": "2026-01-01", "tags": ("a", ["b", {}], ())},
               "work": {"rightsholders": ({"role": "artist", "party": "luna"},), "id": "w1"}, "use": "ai.train"}
    assert luna.decide_json(request) == luna.decide_json(json.dumps(request))
    assert luna.decide(request)["decision"] == "allow"


@pytest.mark.parametrize(
    "units, message",
    [(math.nan, "JSON has no NaN or infinity, so a request cannot hold nan (at `context.units`)"),
     (math.inf, "JSON has no NaN or infinity, so a request cannot hold inf (at `context.units`)"),
     (-math.inf, "JSON has no NaN or infinity, so a request cannot hold -inf (at `context.units`)")],
)
def test_nan_and_infinity_are_value_errors(luna, units, message):
    with pytest.raises(ValueError) as e:
        luna.decide(luna_request(units=units))
    assert str(e.value) == message


@pytest.mark.parametrize(
    "tags, error, message",
    [({1: "a"}, TypeError, "request keys are str, not int (at `context.tags`)"),
     ({"a": {None: 1}}, TypeError, "request keys are str, not NoneType (at `context.tags.a`)"),
     ({"a", "b"}, TypeError, "a request holds dict, list, tuple, str, int, float, bool and None, not set (at `context.tags`)"),
     (["a", b"b"], TypeError, "a request holds dict, list, tuple, str, int, float, bool and None, not bytes (at `context.tags[1]`)"),
     ([0, [1, object()]], TypeError, "a request holds dict, list, tuple, str, int, float, bool and None, not object (at `context.tags[1][1]`)")],
)
def test_what_json_cannot_hold_is_refused_with_where(luna, tags, error, message):
    with pytest.raises(error) as e:
        luna.decide(luna_request(tags=tags))
    assert str(e.value) == message


def test_a_dict_that_holds_itself_is_a_value_error(luna):
    request = luna_request()
    request["context"]["self"] = request
    with pytest.raises(ValueError) as e:
        luna.decide(request)
    assert str(e.value) == "the request nests deeper than 1024 levels (does a dict or list hold itself?)"


def nested_lists(levels):
    deep = []
    for _ in range(levels - 1):
        deep = [deep]
    return deep


def test_1024_levels_are_written_and_1025_are_not(luna):
    # The request is level 1 and `context` level 2, so the lists take the other 1022.
    assert luna.decide(luna_request(deep=nested_lists(1022)))["errors"][0]["code"] == "request_too_deep"
    with pytest.raises(ValueError) as e:
        luna.decide(luna_request(deep=nested_lists(1023)))
    assert str(e.value) == "the request nests deeper than 1024 levels (does a dict or list hold itself?)"


def test_nesting_the_runtime_refuses_is_its_deny(luna):
    # 1024 levels can be written; past the bundle's limit (32) the runtime denies it, as from the command.
    deep = nested_lists(1021)
    decision = luna.decide(luna_request(deep=deep))
    assert decision["errors"] == [{"code": "request_too_deep", "message": "request nests deeper than 32 levels"}]
    text = json.dumps(luna_request(deep="DEEP")).replace('"DEEP"', "[" * 1021 + "]" * 1021)
    assert decision == luna.decide(text)


@pytest.mark.parametrize(
    "request_, name",
    [(None, "NoneType"), (1, "int"), ([luna_request()], "list"), (memoryview(b"{}"), "memoryview")],
)
def test_a_request_of_another_type_is_a_type_error(luna, request_, name):
    for decide in (luna.decide, luna.decide_json):
        with pytest.raises(TypeError) as e:
            decide(request_)
        assert str(e.value) == f"a request is a dict, str or bytes, not {name}"


def test_the_request_size_limit_is_the_runtimes(luna):
    request = luna_request(note="x" * (1 << 20))
    assert luna.decide(request)["errors"] == [
        {"code": "request_too_large", "message": "request is larger than 1048576 bytes"}]


def random_text(rng):
    """A short str of characters JSON escapes, non-ASCII ones and lone surrogates."""
    return "".join(rng.choice('ab"\\/\n\t\x00\x1f\x7f é音🎵\u2028\ud800\udfff') for _ in range(rng.randrange(6)))


def random_value(rng, depth=0):
    """A value of any kind a dict can hold, nested a little."""
    kind = rng.randrange(10 if depth < 3 else 7)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.choice([0, -1, 7, 2**63 - 1, -(2**63), 2**63, -(2**64) - 3, 10**30, rng.randrange(-10**6, 10**6)])
    if kind == 3:
        return rng.choice([0.0, -0.0, 0.1, 1e16, 2.5e-308, 1e308, 20.0, rng.uniform(-1e6, 1e6)])
    if kind in (4, 5, 6):
        return random_text(rng)
    if kind == 7:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if kind == 8:
        return tuple(random_value(rng, depth + 1) for _ in range(rng.randrange(4)))
    return {random_text(rng): random_value(rng, depth + 1) for _ in range(rng.randrange(4))}


def test_random_dicts_decide_as_their_json_text(examples, example_requests):
    # Any value put anywhere in a real request: the dict decides exactly as json.dumps's text of it.
    import random

    rng = random.Random(15)
    codes = set()
    for n in range(3000):
        request = json.loads(rng.choice(example_requests))
        place = request
        for key in rng.sample(["work", "context", "requester"], rng.randrange(3)):
            place = place.setdefault(key, {}) if isinstance(place.get(key, {}), dict) else place
        place[rng.choice(["use", "id", "units", "revenue", "territory", "tags", "x", "time", "rightsholders"])] = \
            random_value(rng)
        decision = examples.decide_json(request)
        assert decision == examples.decide_json(json.dumps(request)), (n, request)
        codes.update(e["code"] for e in json.loads(decision)["errors"])
    # The values reached the runtime's every way of refusing them.
    assert {"invalid_json", "invalid_request", "type_mismatch", "missing_field"} <= codes, codes
