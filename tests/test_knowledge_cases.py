"""The demo town's staff test cases (its tests/*.yaml), run one by one like home-assistant/intents.

They run on the frozen copy of the demo town (tests/fixtures/demo-town): a town's own cases in
`knowledge/tests/` run through `guichet check`, which warns when an entry takes one away. Each
case must be resolved: answered with an expected entry, or offered among the choices; an
out-of-scope case must fall back. A failure names the case file and line to look at.
"""


from bot.kb import check_cases, load_knowledge

from conftest import DEMO_TOWN

KNOWLEDGE_DATA, _ = load_knowledge([DEMO_TOWN])
CASES = KNOWLEDGE_DATA.cases


def test_cases_reference_existing_entries():
    assert check_cases(KNOWLEDGE_DATA) == []


def test_every_entry_has_at_least_two_cases():
    counts = {}
    for case in CASES:
        for eid in case.expect:
            counts[eid] = counts.get(eid, 0) + 1
    # The matcher's entries: the directory's contacts are found by their service (tests/test_directory.py).
    missing = [e.id for e in KNOWLEDGE_DATA.searched() if counts.get(e.id, 0) < 2]
    assert missing == []


def test_cases_are_not_copies_of_the_entry_questions():
    from bot.language.text import fold

    copies = []
    for case in CASES:
        for eid in case.expect:
            e = KNOWLEDGE_DATA.entries.get(eid)
            if e and fold(case.q).strip(" ?!.") in {fold(x).strip(" ?!.") for x in e.questions + [e.title]}:
                copies.append(f"{case.path}:{case.line}")
    assert copies == []


def test_staff_cases_quality_floor(demo_matcher):
    """The staff's cases as a whole must stay resolved (floor = measured level minus 0.02).

    Each failure is listed with its file and line so staff see which phrasing to add to an entry
    (`guichet eval knowledge/tests/<file>.yaml` shows the same list).
    """
    from bot.evaluate import evaluate

    report = evaluate(demo_matcher, CASES)
    listing = "\n".join(f"« {f['q']} » attendu {f['expect']} → {f['decision']} {f['got']}" for f in report["failures"])
    assert report["resolved"] >= 0.90, listing
    assert report["wrong"] <= 0.02, listing
    assert report["oos_rejected"] >= 0.98, listing
