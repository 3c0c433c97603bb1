"""No references and no memory kept across 100,000 decisions."""

import json
import sys
import tracemalloc

DECISIONS = 100_000


def resident_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096


def decide_in_every_way(bundle, requests, count):
    """`count` decisions: by decide, decide_json and decide_many, from text, bytes and dicts."""
    done = 0
    while done < count:
        for r in requests:
            bundle.decide(r)
            bundle.decide_json(r)
        bundle.decide_many(requests, threads=2)
        done += 3 * len(requests)


def test_no_leaks_over_100000_decisions(examples, example_requests):
    requests = example_requests + [json.loads(t) for t in example_requests] + [t.encode() for t in example_requests]
    requests += ["not json", {"use": 1}]
    decision = examples.decide(requests[0])
    watched = requests + [decision["reasons"][0]["party"], decision["reasons"][0]["rule"], decision["decision"]]
    decide_in_every_way(examples, requests, 10_000)  # every name made, every buffer grown

    # Memory the C++ side would keep (a record, a buffer) is not traced by
    # tracemalloc, but grows the process: 24 bytes a decision would be 2 MB.
    resident = resident_bytes()
    decide_in_every_way(examples, requests, DECISIONS)
    assert resident_bytes() - resident < 1024 * 1024

    refs = [sys.getrefcount(o) for o in watched]
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        decide_in_every_way(examples, requests, DECISIONS)
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    grown = sum(s.size_diff for s in after.compare_to(before, "filename") if s.size_diff > 0)
    # One object kept per decision would be megabytes; what remains is the snapshots' own bookkeeping.
    assert grown < 64 * 1024, [str(s) for s in after.compare_to(before, "lineno")[:5]]
    assert [sys.getrefcount(o) for o in watched] == refs
