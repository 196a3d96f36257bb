"""Test and evaluation cases: a question and the entries that should answer it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .model import Case, Knowledge, Problem
from .quote import excerpt, suggest
from .schema import Validator
from .yamlio import display, line_of, parse_yaml_file


def read_cases(v: Validator, data: Any) -> list[Case]:
    """The cases of one parsed file (a list, or a mapping with `cases:`); problems go to `v`."""
    out = []
    if isinstance(data, dict) and "cases" in data:
        data = data["cases"]
    if not isinstance(data, list):
        v.err(line_of(data), "un fichier de tests est une liste de « - q: question » et « expect: [id] ».")
        return out
    for i, item in enumerate(data):
        line = line_of(data, i)
        if not isinstance(item, dict) or not isinstance(item.get("q"), str):
            v.err(line, "un cas de test s'écrit « - q: \"question\" » puis « expect: [id] » (ou « expect: [] »).")
            continue
        v.unknown_keys(item, {"q", "expect"}, "un cas de test")
        expect = item.get("expect", [])
        if isinstance(expect, str):
            expect = [expect]
        if expect in (None, "none"):
            expect = []
        if not isinstance(expect, list):
            v.err(line, "« expect » est une liste d'id, ou [] si la question est hors sujet.")
            continue
        out.append(Case(item["q"], [str(x) for x in expect], v.path, line))
    return out


def check_cases(knowledge: Knowledge) -> list[Problem]:
    """Problems with the test cases themselves: expected ids that do not exist."""
    problems = []
    for case in knowledge.cases:
        for eid in case.expect:
            if eid not in knowledge.entries and not knowledge.unbuilt(eid):
                problems.append(Problem(case.path, case.line, f"cas de test : la fiche attendue « {excerpt(eid)} » "
                                                              f"n'existe pas.{suggest(eid, knowledge.entries)}"))
    return problems


def load_cases(path: str | Path) -> tuple[list[Case], list[Problem]]:
    """Read an evaluation file (`guichet eval CASES.yaml`)."""
    v = Validator()
    v.path = display(Path(path))
    data, problem = parse_yaml_file(Path(path), None)
    if problem:
        return [], [problem]
    return read_cases(v, data), v.problems
