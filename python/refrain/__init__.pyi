# Types of the refrain package: __init__.py and the module refrain._native.
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, TypedDict, Union

__version__: str

# A request: a dict, or its JSON text as str or bytes (docs/language.md, section 10).
_Request = Union[Dict[str, Any], str, bytes, bytearray]
# A decision: decision, use, work, reasons, duties, payments, errors (docs/language.md, section 10.5).
_Decision = Dict[str, Any]

class _Policy(TypedDict):
    name: str
    party: str
    role: str
    effective: Optional[str]
    expires: Optional[str]
    rules: int

class Diagnostic(NamedTuple):
    file: str
    line: int
    col: int
    severity: str
    message: str
    rendered: str

class CompileError(ValueError):
    diagnostics: List[Diagnostic]
    def __init__(self, diagnostics: List[Diagnostic]) -> None: ...

class CompileWarning(UserWarning):
    diagnostic: Diagnostic
    def __init__(self, diagnostic: Diagnostic) -> None: ...

class LoadError(ValueError): ...

def compile(sources: Dict[str, str], catalog: Optional[str] = None, *, catalog_name: str = "catalog.jsonl") -> bytes: ...

class Bundle:
    def __init__(self, data: Union[bytes, bytearray, memoryview]) -> None: ...
    def decide(self, request: _Request) -> _Decision: ...
    def decide_json(self, request: _Request) -> str: ...
    def decide_many(self, requests: Iterable[_Request], threads: int = 1) -> List[_Decision]: ...
    @property
    def hash(self) -> str: ...
    @property
    def policies(self) -> List[_Policy]: ...
