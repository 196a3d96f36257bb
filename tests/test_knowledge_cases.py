"""The staff's own test cases (knowledge/tests/*.yaml), run one by one like home-assistant/intents.

Each case must be resolved: answered with an expected entry, or offered among the choices; an
out-of-scope case must fall back. A failure names the case file and line to look at.
"""

import pytest

from bot.knowledge import check_cases, load_knowledge

from conftest import KNOWLEDGE

KNOWLEDGE_DATA, _ = load_knowledge([KNOWLEDGE])
CASES = KNOWLEDGE_DATA.cases


def test_cases_reference_existing_entries():
    assert check_cases(KNOWLEDGE_DATA) == []


def test_every_entry_has_at_least_two_cases():
    counts = {}
    for case in CASES:
        for eid in case.expect:
            counts[eid] = counts.get(eid, 0) + 1
    missing = [e.id for e in KNOWLEDGE_DATA.visible() if counts.get(e.id, 0) < 2]
    assert missing == []


def test_cases_are_not_copies_of_the_entry_questions():
    from bot.text import fold

    copies = []
    for case in CASES:
        for eid in case.expect:
            e = KNOWLEDGE_DATA.entries.get(eid)
            if e and fold(case.q).strip(" ?!.") in {fold(x).strip(" ?!.") for x in e.questions + [e.title]}:
                copies.append(f"{case.path}:{case.line}")
    assert copies == []


@pytest.mark.parametrize("case", CASES, ids=[f"{c.path.split('/')[-1]}:{c.line}" for c in CASES])
def test_case(demo_matcher, case):
    result = demo_matcher.ask(case.q)
    if not case.expect:
        assert result.decision in ("fallback", "smalltalk"), f"{case.path}:{case.line}"
        return
    offered = {c.entry.id for c in result.choices} if result.decision == "choose" else set()
    got = result.best.id if result.best else None
    assert (result.decision == "answer" and got in case.expect) or (offered & set(case.expect)), \
        f"{case.path}:{case.line}: « {case.q} » → {result.decision} {got}"
