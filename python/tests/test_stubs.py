"""The type stubs describe what the package has, no more and no less."""

import ast
import inspect
from pathlib import Path

import refrain


def stub():
    return ast.parse((Path(refrain.__file__).parent / "__init__.pyi").read_text())


def public(names):
    return sorted(n for n in names if not n.startswith("_") or n == "__version__")


def test_the_stub_names_what_the_package_exports():
    names = set()
    for node in stub().body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets)
    assert public(names) == sorted(refrain.__all__)
    assert all(hasattr(refrain, name) for name in refrain.__all__)
    assert (Path(refrain.__file__).parent / "py.typed").exists()


def test_the_stub_describes_bundle_as_it_is():
    [bundle] = [n for n in stub().body if isinstance(n, ast.ClassDef) and n.name == "Bundle"]
    described = public(n.name for n in bundle.body if isinstance(n, ast.FunctionDef))
    actual = public(name for name, _ in inspect.getmembers(refrain.Bundle) if not name.startswith("__"))
    assert described == actual == ["decide", "decide_json", "decide_many", "hash", "policies"]


def test_everything_public_has_a_docstring():
    for name in refrain.__all__:
        if name != "__version__":
            assert inspect.getdoc(getattr(refrain, name)), name
    for name in ("decide", "decide_json", "decide_many", "hash", "policies"):
        assert inspect.getdoc(getattr(refrain.Bundle, name)), name
