"""Every case file of tests/cases/ through Python: the native bytes, as in C++ and in WebAssembly."""

import json
import warnings

import pytest

import refrain
from case_file import parse_case
from conftest import CASES, same_with_order

CASE_FILES = sorted(CASES.rglob("*.case"))


def test_there_are_case_files():
    assert len(CASE_FILES) >= 150, f"{len(CASE_FILES)} case files in {CASES}"


def compiled(case):
    """The bundle (None when there are errors) and every diagnostic rendered, as `refrain check` prints them."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            bundle = refrain.compile(case.sources, case.catalog, catalog_name=case.catalog_name)
        except refrain.CompileError as e:
            assert str(e) == "".join(d.rendered for d in e.diagnostics)
            assert any(d.severity == "error" for d in e.diagnostics)
            return None, str(e)
    assert all(issubclass(w.category, refrain.CompileWarning) for w in caught)
    assert all(w.message.diagnostic.severity == "warning" for w in caught)
    return bundle, "".join(w.message.diagnostic.rendered for w in caught)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: str(p.relative_to(CASES)))
def test_case(path):
    # Bytes decoded, not read_text: no newline translation, as the native reader.
    case = parse_case(path.read_bytes().decode("utf-8"))
    assert case.sources and (case.has_diagnostics or case.requests), \
        "a case needs a source and `--- diagnostics` or a request/decision pair"
    bundle_bytes, rendered = compiled(case)
    assert rendered == case.diagnostics
    if not case.requests:
        return
    assert bundle_bytes is not None
    bundle = refrain.Bundle(bundle_bytes)
    for r in case.requests:
        assert bundle.decide_json(r.request) == r.decision, f"request {r.label}"
        assert bundle.decide_json(r.request.encode()) == r.decision, f"request {r.label} as bytes"
        assert same_with_order(bundle.decide(r.request), json.loads(r.decision)), f"request {r.label} as a dict"
    expected = [json.loads(r.decision) for r in case.requests]
    assert same_with_order(bundle.decide_many([r.request for r in case.requests], threads=4), expected)
