"""Bundle.decide_many: many requests off the GIL, on several threads, the same as one by one."""

import threading
import time

import pytest

from conftest import luna_request


@pytest.fixture(scope="module")
def many_requests(example_requests):
    """The example requests as text and as dicts, with a bad one among them, 20,000 in all."""
    import json

    one_round = example_requests + [json.loads(t) for t in example_requests] + ["not json", b'{"use": 1}']
    return (one_round * (20000 // len(one_round) + 1))[:20000]


def test_four_threads_decide_as_one(examples, many_requests):
    one = examples.decide_many(many_requests, threads=1)
    assert len(one) == len(many_requests)
    assert examples.decide_many(many_requests, threads=4) == one
    assert examples.decide_many(many_requests) == one
    # And as decide, one at a time (a sample: each request of the first round).
    for i in range(100):
        assert one[i] == examples.decide(many_requests[i])
    assert {d["decision"] for d in one} == {"allow", "deny"}


def test_any_iterable_of_requests(luna):
    expected = [luna.decide(luna_request(units=n)) for n in range(5, 15)]
    assert luna.decide_many(luna_request(units=n) for n in range(5, 15)) == expected
    assert luna.decide_many(tuple(luna_request(units=n) for n in range(5, 15)), threads=3) == expected
    assert luna.decide_many([]) == []


def test_the_gil_is_released_while_deciding(examples, many_requests):
    # A thread woken just before the call needs the GIL to note the time. It
    # gets it in the call's first few milliseconds only if deciding frees it;
    # held all along, it would be freed at the call's end.
    woken, go = [], threading.Event()
    thread = threading.Thread(target=lambda: (go.wait(), woken.append(time.perf_counter())))
    thread.start()
    start = time.perf_counter()
    go.set()
    decisions = examples.decide_many(many_requests * 2, threads=1)
    took = time.perf_counter() - start
    thread.join()
    assert len(decisions) == 2 * len(many_requests)
    assert woken[0] - start < took / 2, (woken[0] - start, took)


def test_a_request_that_cannot_be_written_names_its_place(luna):
    requests = [luna_request()] * 9000 + [luna_request(units=float("nan"))]
    with pytest.raises(ValueError) as e:
        luna.decide_many(requests, threads=2)
    assert str(e.value) == "requests[9000]: JSON has no NaN or infinity, so a request cannot hold nan (at `context.units`)"
    with pytest.raises(TypeError) as e:
        luna.decide_many([luna_request(), 7])
    assert str(e.value) == "requests[1]: a request is a dict, str or bytes, not int"


def test_an_error_of_the_iterable_itself_comes_through(luna):
    def requests():
        yield luna_request()
        raise KeyError("from the generator")

    with pytest.raises(KeyError, match="from the generator"):
        luna.decide_many(requests())

    class Failing:
        def __iter__(self):
            raise RuntimeError("from __iter__")

    with pytest.raises(RuntimeError, match="from __iter__"):
        luna.decide_many(Failing())


@pytest.mark.parametrize(
    "threads, error, message",
    [(0, ValueError, "threads takes a whole number from 1 to 256, not 0"),
     (257, ValueError, "threads takes a whole number from 1 to 256, not 257"),
     (-1, ValueError, "threads takes a whole number from 1 to 256, not -1"),
     (2**70, ValueError, "threads takes a whole number from 1 to 256, not 1180591620717411303424"),
     (1.0, TypeError, "threads takes a whole number from 1 to 256, not float"),
     (True, TypeError, "threads takes a whole number from 1 to 256, not bool"),
     ("2", TypeError, "threads takes a whole number from 1 to 256, not str"),
     (None, TypeError, "threads takes a whole number from 1 to 256, not NoneType")],
)
def test_threads_as_the_command_takes_them(luna, threads, error, message):
    with pytest.raises(error) as e:
        luna.decide_many([luna_request()], threads=threads)
    assert type(e.value) is error
    assert str(e.value) == message


@pytest.mark.parametrize(
    "requests, message",
    [('{"use": "ai.train"}', "requests is a list (or another iterable) of requests, not one str"),
     (b"{}", "requests is a list (or another iterable) of requests, not one bytes"),
     ({"use": "ai.train"}, "requests is a list (or another iterable) of requests, not one dict"),
     (5, "requests is a list (or another iterable) of requests, not int"),
     (None, "requests is a list (or another iterable) of requests, not NoneType")],
)
def test_requests_must_be_an_iterable_of_requests(luna, requests, message):
    with pytest.raises(TypeError) as e:
        luna.decide_many(requests)
    assert str(e.value) == message
