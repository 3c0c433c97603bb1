"""refrain.Bundle: loading and verifying, what it tells about itself."""

import hashlib
import re

import pytest

import refrain
from conftest import ROOT


def test_hash_is_the_sha256_of_the_contents(examples_bytes, examples):
    # The header is the magic, the format version and the hash; the contents follow (runtime/bundle_layout.h).
    assert examples.hash == hashlib.sha256(examples_bytes[40:]).hexdigest()
    assert examples.hash == examples_bytes[8:40].hex()


def test_loads_from_any_bytes_like_object(examples_bytes, examples):
    for data in (bytearray(examples_bytes), memoryview(examples_bytes)):
        assert refrain.Bundle(data).hash == examples.hash


def test_the_bytes_are_copied(examples_bytes, example_requests):
    data = bytearray(examples_bytes)
    bundle = refrain.Bundle(data)
    expected = bundle.decide_json(example_requests[0])
    data[:] = b"\0" * len(data)
    assert bundle.decide_json(example_requests[0]) == expected


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda b: b[:100], "bundle is corrupted: its content does not match its sha-256"),
        (lambda b: b[:5000] + bytes([b[5000] ^ 0xFF]) + b[5001:], "bundle is corrupted: its content does not match its sha-256"),
        (lambda b: b"hello", "bundle is truncated: 5 bytes, less than its 40-byte header"),
        (lambda b: b"", "bundle is truncated: 0 bytes, less than its 40-byte header"),
    ],
    ids=["truncated", "a byte flipped", "not a bundle", "empty"],
)
def test_a_damaged_bundle_raises_the_runtimes_message(examples_bytes, damage, message):
    # The same message the command prints after the file's name: refrain: `x.rfb`: bundle is ...
    with pytest.raises(refrain.LoadError) as e:
        refrain.Bundle(damage(examples_bytes))
    assert str(e.value) == message
    assert isinstance(e.value, ValueError)


@pytest.mark.parametrize(
    "data, message",
    [
        ("bundle.rfb", "a bundle is bytes (from refrain.compile, or a .rfb file opened with 'rb'), not str"),
        (None, "a bundle is bytes (from refrain.compile, or a .rfb file opened with 'rb'), not NoneType"),
        ([1, 2], "a bundle is bytes (from refrain.compile, or a .rfb file opened with 'rb'), not list"),
    ],
)
def test_what_is_not_bytes_is_a_type_error(data, message):
    with pytest.raises(TypeError) as e:
        refrain.Bundle(data)
    assert str(e.value) == message


def test_policies_in_bundle_order():
    source = """policy "northwind-ai" by label "northwind" {
  allow ai.train
}

policy "northwind-ai" by label "northwind" {
  effective 2026-06-01
  expires 2027-01-01

  allow ai.train when purpose == "research"
  deny ai.generate
}
"""
    bundle = refrain.Bundle(refrain.compile({"northwind.refrain": source, "luna.refrain": 'policy "luna" by artist "luna" {\n  allow ai\n}\n'}))
    assert bundle.policies == [
        {"name": "northwind-ai", "party": "northwind", "role": "label", "effective": None, "expires": None, "rules": 1},
        {"name": "northwind-ai", "party": "northwind", "role": "label",
         "effective": "2026-06-01T00:00:00Z", "expires": "2027-01-01T00:00:00Z", "rules": 2},
        {"name": "luna", "party": "luna", "role": "artist", "effective": None, "expires": None, "rules": 1},
    ]
    bundle.policies.clear()  # a new list each time: the caller's to change
    assert len(bundle.policies) == 3


def test_repr(examples):
    assert repr(examples) == f"<refrain.Bundle sha-256 {examples.hash}, 16 policies>"


def test_version_is_the_runtimes():
    version_h = (ROOT / "runtime" / "version.h").read_text()
    assert refrain.__version__ == re.search(r'#define REFRAIN_VERSION "(.*)"', version_h).group(1)
