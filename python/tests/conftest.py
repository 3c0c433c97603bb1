"""Shared by the Python tests: where the repository's case files and examples are."""

import json
import os
from pathlib import Path

import pytest

import refrain

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(os.environ.get("REFRAIN_CASES_DIR", ROOT / "tests" / "cases"))
EXAMPLES = ROOT / "examples"

# One policy, one rights holder: a request decides allow when `units` is over 10.
LUNA = 'policy "luna" by artist "luna" {\n  allow ai.train when units > 10\n}\n'


def luna_request(**context):
    """A request for LUNA's bundle, with `context` fields set over the time and 20 units."""
    return {
        "use": "ai.train",
        "work": {"id": "w1", "rightsholders": [{"party": "luna", "role": "artist"}]},
        "context": {"time": "2026-01-01", "units": 20, **context},
    }


@pytest.fixture(scope="session")
def luna():
    return refrain.Bundle(refrain.compile({"luna.refrain": LUNA}))


def example_sources():
    """The example policies, named by their paths from the repository, as `refrain build examples/policies/*.refrain` names them."""
    return {f"examples/policies/{p.name}": p.read_text() for p in sorted((EXAMPLES / "policies").glob("*.refrain"))}


@pytest.fixture(scope="session")
def examples_bytes():
    return refrain.compile(example_sources(), (EXAMPLES / "catalog" / "works.jsonl").read_text())


@pytest.fixture(scope="session")
def examples(examples_bytes):
    return refrain.Bundle(examples_bytes)


@pytest.fixture(scope="session")
def example_requests():
    """Each example request's JSON text, one line each, from examples/requests/all.jsonl."""
    lines = (EXAMPLES / "requests" / "all.jsonl").read_text().splitlines()
    assert len(lines) >= 40
    return lines


def same_with_order(a, b):
    """Equal, and every dict's keys in the same order (== on dicts ignores order)."""
    return json.dumps(a) == json.dumps(b)
