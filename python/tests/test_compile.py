"""refrain.compile: bundle bytes, or the diagnostics `refrain check` prints."""

import warnings

import pytest

import refrain
from conftest import LUNA, example_sources, EXAMPLES


def test_the_same_inputs_give_the_same_bytes(examples_bytes):
    again = refrain.compile(example_sources(), (EXAMPLES / "catalog" / "works.jsonl").read_text())
    assert again == examples_bytes
    assert isinstance(again, bytes)


def test_errors_raise_compile_error_with_the_diagnostics():
    source = 'policy "n" by label "northwind" {\n  allow ai.train when purpose = "x"\n}\n'
    with pytest.raises(refrain.CompileError) as e:
        refrain.compile({"northwind.refrain": source})
    assert str(e.value) == (
        "northwind.refrain:2:31: error: unexpected `=`; compare with `==`\n"
        '    allow ai.train when purpose = "x"\n'
        "                                ^\n"
    )
    [d] = e.value.diagnostics
    assert (d.file, d.line, d.col, d.severity, d.message) == (
        "northwind.refrain", 2, 31, "error", "unexpected `=`; compare with `==`")
    assert str(d) == "northwind.refrain:2:31: error: unexpected `=`; compare with `==`"
    assert isinstance(e.value, ValueError)


def test_errors_in_every_file_and_the_catalog_come_together():
    with pytest.raises(refrain.CompileError) as e:
        refrain.compile(
            {"a.refrain": 'policy "a" by artist "a" {\n  allow ai.nothing\n}\n', "b.refrain": "allow ai\n"},
            '{"id": "x"}\nnot json\n',
            catalog_name="works.jsonl",
        )
    assert [str(d) for d in e.value.diagnostics] == [
        "a.refrain:2:9: error: unknown use `ai.nothing`",
        "b.refrain:1:1: error: expected `policy` or `region`, found `allow`",
        "works.jsonl:1:1: error: work `x` needs a non-empty `rightsholders` list",
        "works.jsonl:2:1: error: catalog line is not valid JSON",
    ]


def test_warnings_go_through_the_warnings_module():
    source = 'policy "p" by artist "luna" {\n  allow ai.train\n  allow ai.train pay 1.00 USD\n}\n'
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bundle = refrain.compile({"a.refrain": source})
    assert refrain.Bundle(bundle).policies[0]["rules"] == 2
    [w] = caught
    assert w.category is refrain.CompileWarning
    assert w.filename == __file__  # the caller's line, not the package's
    assert str(w.message) == (
        "a.refrain:3:3: warning: rule can never win: the rule on line 2 always allows `ai.train` first\n"
        "    allow ai.train pay 1.00 USD\n"
        "    ^\n"
    )
    assert w.message.diagnostic.line == 3


def test_a_catalog_is_named_catalog_jsonl_unless_named():
    with pytest.raises(refrain.CompileError) as e:
        refrain.compile({"luna.refrain": LUNA}, "{}\n")
    assert [d.file for d in e.value.diagnostics] == ["catalog.jsonl"] * len(e.value.diagnostics)


def test_a_source_that_is_not_utf8_is_reported_as_from_a_file():
    # What open(..., errors="surrogateescape") reads from a file with the byte 0xFF in it.
    text = b'policy "a" by artist "a" {\n  allow ai when units > 1\xff\n}\n'.decode("utf-8", "surrogateescape")
    with pytest.raises(refrain.CompileError) as e:
        refrain.compile({"a.refrain": text})
    assert str(e.value) == "a.refrain:2:26: error: source is not valid UTF-8\n    allow ai when units > 1\ufffd\n                           ^\n"
    # A catalog line so read is not JSON, as `refrain check --catalog` says of the file.
    with pytest.raises(refrain.CompileError) as e:
        refrain.compile({"luna.refrain": LUNA}, '{"id": "\udcff"}\n')
    assert str(e.value) == 'catalog.jsonl:1:1: error: catalog line is not valid JSON\n  {"id": "\ufffd"}\n  ^\n'


def test_a_lone_surrogate_that_stands_for_no_byte_is_a_unicode_error():
    with pytest.raises(UnicodeEncodeError):
        refrain.compile({"a.refrain": 'policy "a" by artist "a" {\n  allow ai # \ud800\n}\n'})


@pytest.mark.parametrize(
    "args, error, message",
    [
        (([("a.refrain", LUNA)],), TypeError, "sources is a dict of file name to source text, not list"),
        ((LUNA,), TypeError, "sources is a dict of file name to source text, not str"),
        (({},), ValueError, "sources is empty: give at least one policy source"),
        (({1: LUNA},), TypeError, "source names are str, not int"),
        (({"luna.refrain": LUNA.encode()},), TypeError, "the source `luna.refrain` is str, not bytes"),
        (({"luna.refrain": LUNA}, b"{}"), TypeError, "catalog is the works as JSON Lines text (str) or None, not bytes"),
    ],
)
def test_wrong_argument_types(args, error, message):
    with pytest.raises(error) as e:
        refrain.compile(*args)
    assert type(e.value) is error
    assert str(e.value) == message
