"""Reads a case file (format: tests/cases/README.md), as wasm/js/test/case_file.mjs does."""

from dataclasses import dataclass, field
from typing import Dict, List, Optional


@dataclass
class CaseRequest:
    label: str
    request: str
    decision: str  # the canonical decision, as `refrain eval --request` prints it


@dataclass
class Case:
    sources: Dict[str, str] = field(default_factory=dict)  # in bundle order
    catalog: Optional[str] = None
    catalog_name: str = "catalog.jsonl"
    diagnostics: str = ""  # no section: no diagnostics at all
    has_diagnostics: bool = False
    requests: List[CaseRequest] = field(default_factory=list)


def parse_case(text: str) -> Case:
    sections = []  # [kind, arg, lines]
    for line in text.split("\n"):
        if line.startswith("--- "):
            kind, _, arg = line[4:].strip().partition(" ")
            sections.append([kind, arg.strip(), []])
        elif sections:
            sections[-1][2].append(line)

    def body(lines: List[str]) -> str:
        lines = list(lines)
        while lines and lines[-1] == "":
            lines.pop()
        return "".join(line + "\n" for line in lines)

    case = Case()
    i = 0
    while i < len(sections):
        kind, arg, lines = sections[i]
        if kind == "source":
            if arg in case.sources:
                raise ValueError(f"two sources named `{arg}`")
            case.sources[arg] = body(lines)
        elif kind == "catalog":
            case.catalog = body(lines)
            case.catalog_name = arg or "catalog.jsonl"
        elif kind == "diagnostics":
            case.diagnostics = body(lines)
            case.has_diagnostics = True
        elif kind == "request":
            if i + 1 >= len(sections) or sections[i + 1][0] != "decision":
                raise ValueError("a request needs a decision right after it")
            case.requests.append(CaseRequest(arg, body(lines), body(sections[i + 1][2])))
            i += 1
        else:
            raise ValueError(f"unknown section `{kind}`")
        i += 1
    return case
