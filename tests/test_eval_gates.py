"""Regression gates on the evaluation sets (tests/eval): a change that makes answers worse fails.

Floors are the levels measured when the gate was set, minus 0.02 (README "Qualité des
réponses"); raise them when the matcher improves, never lower them to let a change pass.
The national gate runs when the shared service-public corpus is present.
"""



from bot.evaluate import evaluate
from bot.knowledge import load_cases
from bot.matcher import Matcher

from conftest import ROOT

EVAL = ROOT / "tests" / "eval"

LOCAL_FLOORS = {"top1": 0.91, "top3": 0.95, "direct": 0.85, "resolved": 0.89, "oos_rejected": 0.90}
LOCAL_CEILINGS = {"wrong": 0.04, "choose_rate": 0.07}
NATIONAL_FLOORS = {"top1": 0.69, "top3": 0.84, "direct": 0.44, "resolved": 0.77, "oos_rejected": 0.88}
NATIONAL_CEILINGS = {"wrong": 0.06, "choose_rate": 0.41}


def check(report, floors, ceilings):
    low = {k: report[k] for k, v in floors.items() if report[k] < v}
    high = {k: report[k] for k, v in ceilings.items() if report[k] > v}
    assert not low and not high, f"below floor: {low}, above ceiling: {high}"


def test_local_eval_gate(demo_matcher):
    cases, problems = load_cases(EVAL / "local.yaml")
    assert not problems and len(cases) >= 200
    assert sum(1 for c in cases if not c.expect) >= 40
    check(evaluate(demo_matcher, cases), LOCAL_FLOORS, LOCAL_CEILINGS)


def test_national_eval_gate(national_knowledge):
    cases, problems = load_cases(EVAL / "service-public.yaml")
    assert not problems and len(cases) >= 200
    assert sum(1 for c in cases if not c.expect) >= 30
    check(evaluate(Matcher(national_knowledge), cases), NATIONAL_FLOORS, NATIONAL_CEILINGS)


def test_eval_cases_are_not_copies_of_titles(demo):
    from bot.text import fold

    cases, _ = load_cases(EVAL / "local.yaml")
    titles = {fold(e.title).strip(" ?") for e in demo.entries.values()}
    questions = {fold(q).strip(" ?") for e in demo.entries.values() for q in e.questions}
    copies = [c.q for c in cases if fold(c.q).strip(" ?") in titles | questions]
    assert copies == []


def test_every_fiche_is_found_by_its_own_title(national_knowledge):
    """Issue 4: asking by a fiche's own title finds it in the top 3 for at least 95% of fiches."""
    matcher = Matcher(national_knowledge)
    entries = national_knowledge.visible()
    found = sum(1 for e in entries if e.id in [c.entry.id for c in matcher.search(e.title)[0][:3]])
    assert found / len(entries) >= 0.95
