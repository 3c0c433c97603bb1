"""Refrain from Python: compile policies into a bundle, decide requests on it.

    import refrain

    bundle = refrain.Bundle(refrain.compile({"luna.refrain": source}))
    decision = bundle.decide({"use": "ai.train.generative", ...})
    decision["decision"]                  # "allow" or "deny"

Decisions come from the same runtime as the refrain command and the
WebAssembly module, byte for byte (docs/embedding.md, "Python").
"""

import warnings
from typing import Dict, List, NamedTuple, Optional

from refrain import _native
from refrain._native import Bundle, LoadError, __version__

__all__ = ["Bundle", "CompileError", "CompileWarning", "Diagnostic", "LoadError", "compile", "__version__"]


class Diagnostic(NamedTuple):
    """One problem the compiler found, as `refrain check` reports it."""

    file: str  # the source's name as given to compile(), or "catalog.jsonl"
    line: int  # from 1
    col: int  # from 1, counting bytes of the line's UTF-8
    severity: str  # "error" or "warning"
    message: str  # lowercase, one line, user text in backticks
    rendered: str  # what `refrain check` prints: this line, the source line and a caret, each ending in "\n"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}"


class CompileError(ValueError):
    """The sources (or the catalog) have errors, so there is no bundle.

    str() is every diagnostic rendered, errors and warnings in order, exactly
    as `refrain check` prints them; `diagnostics` has them as objects.
    """

    def __init__(self, diagnostics: List[Diagnostic]) -> None:
        super().__init__("".join(d.rendered for d in diagnostics))
        self.diagnostics = diagnostics


class CompileWarning(UserWarning):
    """A warning of a compile that succeeded (a rule that can never win...).

    Issued through the warnings module, one per diagnostic; str() is the
    diagnostic rendered, and `diagnostic` is the object.
    """

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.rendered)
        self.diagnostic = diagnostic


def compile(sources: Dict[str, str], catalog: Optional[str] = None, *, catalog_name: str = "catalog.jsonl") -> bytes:
    """Compiles policy sources (and a catalog of works) into bundle bytes.

    `sources` maps each file's name, which diagnostics and rule references
    (`luna.refrain:5`) print, to its text, in bundle order (the dict's).
    `catalog` is the works as JSON Lines text, what `refrain build --catalog`
    reads; its diagnostics name it `catalog_name`. The same inputs always
    give the same bytes. Raises CompileError when there are errors; warnings
    go through the warnings module as CompileWarning.

    Texts are compiled as UTF-8. A text read with errors="surrogateescape"
    is compiled as the bytes it was read from, so a file that is not UTF-8
    gets the command's error (`source is not valid UTF-8`); any other lone
    surrogate raises UnicodeEncodeError.
    """
    if not isinstance(sources, dict):
        raise TypeError(f"sources is a dict of file name to source text, not {type(sources).__name__}")
    if not sources:
        raise ValueError("sources is empty: give at least one policy source")
    pairs = []
    for name, text in sources.items():
        if not isinstance(name, str):
            raise TypeError(f"source names are str, not {type(name).__name__}")
        if not isinstance(text, str):
            raise TypeError(f"the source `{name}` is str, not {type(text).__name__}")
        pairs.append((name.encode(), text.encode("utf-8", "surrogateescape")))
    if catalog is not None and not isinstance(catalog, str):
        raise TypeError(f"catalog is the works as JSON Lines text (str) or None, not {type(catalog).__name__}")
    if not isinstance(catalog_name, str):
        raise TypeError(f"catalog_name is str, not {type(catalog_name).__name__}")
    works = None if catalog is None else (catalog_name.encode(), catalog.encode("utf-8", "surrogateescape"))
    bundle, found = _native.compile(pairs, works)
    diagnostics = [Diagnostic(*d) for d in found]
    if bundle is None:
        raise CompileError(diagnostics)
    for d in diagnostics:
        warnings.warn(CompileWarning(d), stacklevel=2)
    return bundle
