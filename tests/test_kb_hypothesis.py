"""Property: whatever an editing slip does to a real demo file, loading gives problems, never raises.

Hypothesis mutates one file of a copy of knowledge/ the way hands and editors do: lines deleted
or duplicated, characters swapped, indentation changed, YAML punctuation typed in the wrong
place. The loader must answer with `path:line` problems (lines within the file), never with an
exception nor with its last-resort "erreur interne".
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.kb import check_cases, load_knowledge

from conftest import KNOWLEDGE

DEMO_FILES = sorted(str(p.relative_to(KNOWLEDGE)) for p in KNOWLEDGE.rglob("*.yaml"))
TOKENS = [": ", "- ", "-", "[", "]", "{", "}", "'", '"', "#", ",", "|", ">-", "---", "? ", "&a ", "*a", "!",
          "!!binary ", "%", "@", "`", "\t", "\n", "  ", "\\", "2026-02-30", "&a [*a, *a, *a]", "\x00", "é",
          "\u00a0", "\ufeff", "null", "~", "true", "0x1F", "1e400", "<<: {a: 1}", "9" * 5000]


@st.composite
def slips(draw) -> tuple[str, str]:
    """(file, its mutated text): one to four slips applied to one demo file."""
    name = draw(st.sampled_from(DEMO_FILES))
    rows = (KNOWLEDGE / name).read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, max(0, len(rows) - 1)))
        row = rows[i]
        slip = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "token", "value"]))
        if slip == "delete" and len(rows) > 1:
            del rows[i]
        elif slip == "duplicate":
            rows.insert(i, row)
        elif slip == "swap" and len(row) > 1:
            j = draw(st.integers(0, len(row) - 2))
            rows[i] = row[:j] + row[j + 1] + row[j] + row[j + 2:]
        elif slip == "indent":
            shift = draw(st.sampled_from([-4, -2, -1, 1, 2, 4]))
            rows[i] = row[-shift:] if shift < 0 and row[:-shift].isspace() else " " * max(shift, 0) + row
        elif slip == "token":
            j = draw(st.integers(0, len(row)))
            rows[i] = row[:j] + draw(st.sampled_from(TOKENS)) + row[j:]
        elif slip == "value" and ":" in row:
            rows[i] = row.split(":")[0] + ": " + draw(st.text(max_size=30))
    return name, "\n".join(rows)


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("slips") / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    return folder


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(slip=slips())
def test_an_editing_slip_gives_problems_never_an_exception(copy, slip):
    name, text = slip
    path = copy / name
    original = path.read_bytes()
    try:
        path.write_text(text, encoding="utf-8")
        knowledge, problems = load_knowledge([copy])
        problems += check_cases(knowledge)
    finally:
        path.write_bytes(original)
    rows = text.count("\n") + 1
    for p in problems:
        assert "erreur interne" not in p.message, (name, text, str(p))
        assert p.message and len(p.message) < 600, str(p)
        if p.path.endswith(name):
            assert 1 <= p.line <= rows + 1, str(p)
