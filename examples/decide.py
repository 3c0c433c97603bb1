"""Decides every example request from Python, on two threads, and prints each
decision as one line of JSON, as `refrain eval --requests` does
(docs/embedding.md, "Python"; python/test.sh checks that the two agree).

    python3 examples/decide.py
"""

import json
from pathlib import Path

import refrain

examples = Path(__file__).resolve().parent
# Names as `refrain build examples/policies/*.refrain` gives them: rule references print them.
sources = {f"examples/policies/{p.name}": p.read_text() for p in sorted((examples / "policies").glob("*.refrain"))}
bundle = refrain.Bundle(refrain.compile(sources, catalog=(examples / "catalog" / "works.jsonl").read_text()))

requests = (examples / "requests" / "all.jsonl").read_text().splitlines()
for decision in bundle.decide_many(requests, threads=2):
    print(json.dumps(decision, ensure_ascii=False, separators=(",", ":")))
