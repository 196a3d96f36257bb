"""Regression gates on the evaluation sets (tests/eval): a change that makes answers worse fails.

Floors are the levels measured when the gate was set, minus 0.02 (README "Qualité des
réponses"); raise them when the matcher improves, never lower them to let a change pass.
The `*-holdout*.yaml` sets were written by separate sessions that never ran the engine; their
headers say how they were used afterwards (`*-holdout-3.yaml`: measured once, engine frozen).
The national gates run when the shared service-public corpus is present.
"""

import pytest

from bot.evaluate import evaluate
from bot.kb import load_cases

from conftest import ROOT

EVAL = ROOT / "tests" / "eval"

# One row per set: the matcher fixture, its minimum size and out-of-scope count, its floors and
# ceilings: measured minus 0.02 (ceilings plus 0.02), never below an earlier floor; last measured
# 2026-12-04 at the end of issue 15 (the lexical changes and the national questions en plus), the
# never-seen sets (-holdout-3, -holdout-4) once. One floor went down, by decision: with the
# questions en plus, service-public-holdout-3 rejects 18 of its 20 out-of-scope questions instead
# of 19 (0.95 -> 0.90) while the national dev sets gain 0.07-0.09 top1 and 0.09-0.15 direct with
# fewer wrong answers (README, « Qualité des réponses »); its floor is 0.88 instead of 0.93.
GATES = {
    "local.yaml": ("demo_matcher", 200, 40,
        {'top1': 0.92, 'top3': 0.96, 'direct': 0.85, 'resolved': 0.91, 'oos_rejected': 0.96},
        {'wrong': 0.026, 'choose_rate': 0.083}),
    "local-holdout.yaml": ("demo_matcher", 100, 20,
        {'top1': 0.85, 'top3': 0.93, 'direct': 0.66, 'resolved': 0.73, 'oos_rejected': 0.86},
        {'wrong': 0.05, 'choose_rate': 0.09}),
    "local-holdout-2.yaml": ("demo_matcher", 80, 20,
        {'top1': 0.78, 'top3': 0.94, 'direct': 0.65, 'resolved': 0.76, 'oos_rejected': 0.83},
        {'wrong': 0.02, 'choose_rate': 0.12}),
    "local-holdout-3.yaml": ("demo_matcher", 100, 20,
        {'top1': 0.75, 'top3': 0.93, 'direct': 0.53, 'resolved': 0.68, 'oos_rejected': 0.93},
        {'wrong': 0.045, 'choose_rate': 0.17}),
    "local-holdout-4.yaml": ("demo_matcher", 110, 20,
        {'top1': 0.9, 'top3': 0.94, 'direct': 0.72, 'resolved': 0.81, 'oos_rejected': 0.78},
        {'wrong': 0.032, 'choose_rate': 0.109}),
    "service-public.yaml": ("national_matcher", 200, 30,
        {'top1': 0.83, 'top3': 0.92, 'direct': 0.63, 'resolved': 0.9, 'oos_rejected': 0.88},
        {'wrong': 0.036, 'choose_rate': 0.323}),
    "service-public-holdout.yaml": ("national_matcher", 200, 30,
        {'top1': 0.68, 'top3': 0.8, 'direct': 0.44, 'resolved': 0.75, 'oos_rejected': 0.91},
        {'wrong': 0.047, 'choose_rate': 0.394}),
    "service-public-holdout-2.yaml": ("national_matcher", 120, 20,
        {'top1': 0.72, 'top3': 0.86, 'direct': 0.5, 'resolved': 0.82, 'oos_rejected': 0.93},
        {'wrong': 0.02, 'choose_rate': 0.366}),
    "service-public-holdout-3.yaml": ("national_matcher", 130, 20,
        {'top1': 0.69, 'top3': 0.85, 'direct': 0.52, 'resolved': 0.74, 'oos_rejected': 0.88},
        {'wrong': 0.057, 'choose_rate': 0.266}),
    "service-public-holdout-4.yaml": ("national_matcher", 140, 20,
        {'top1': 0.73, 'top3': 0.85, 'direct': 0.56, 'resolved': 0.78, 'oos_rejected': 0.68},
        {'wrong': 0.07, 'choose_rate': 0.295}),
    "town-and-national.yaml": ("town_and_national_matcher", 120, 15,
        {'top1': 0.83, 'top3': 0.9, 'direct': 0.62, 'resolved': 0.84, 'oos_rejected': 0.91},
        {'wrong': 0.039, 'choose_rate': 0.278}),
    # English questions (issue 18): a blind set written by a session that never ran the engine, the
    # town and the national catalogue together; measured 2026-12-05 with the English bridge
    # (bot/language/english.py), whose glossary was not written from it (before the bridge: top1
    # 0.29, resolved 0.10; README « English / langue »).
    "english.yaml": ("town_and_national_matcher", 90, 10,
        {'top1': 0.74, 'top3': 0.88, 'direct': 0.38, 'resolved': 0.56, 'oos_rejected': 0.98},
        {'wrong': 0.033, 'choose_rate': 0.245}),
    # Its never-seen twin, kept aside while the bridge was built, measured once before (top1 0.27,
    # resolved 0.05) and once at the end of issue 18.
    "english-holdout.yaml": ("town_and_national_matcher", 70, 10,
        {'top1': 0.59, 'top3': 0.64, 'direct': 0.29, 'resolved': 0.39, 'oos_rejected': 0.98},
        {'wrong': 0.07, 'choose_rate': 0.17}),
}



# The same sets through the semantic ranker (bot/semantic), from the shipped vectors
# (tests/fixtures/semantic): measured 2026-12-04 minus 0.02 (ceilings plus 0.02), the never-seen
# sets once, at the end of issue 15.
SEMANTIC_GATES = {
    "local.yaml": ("demo_matcher",
        {'top1': 0.95, 'top3': 0.97, 'direct': 0.86, 'resolved': 0.92, 'oos_rejected': 0.92},
        {'wrong': 0.02, 'choose_rate': 0.077}),
    "local-holdout.yaml": ("demo_matcher",
        {'top1': 0.87, 'top3': 0.95, 'direct': 0.74, 'resolved': 0.79, 'oos_rejected': 0.86},
        {'wrong': 0.04, 'choose_rate': 0.07}),
    "local-holdout-2.yaml": ("demo_matcher",
        {'top1': 0.93, 'top3': 0.96, 'direct': 0.68, 'resolved': 0.85, 'oos_rejected': 0.83},
        {'wrong': 0.02, 'choose_rate': 0.195}),
    "local-holdout-3.yaml": ("demo_matcher",
        {'top1': 0.88, 'top3': 0.94, 'direct': 0.56, 'resolved': 0.78, 'oos_rejected': 0.88},
        {'wrong': 0.045, 'choose_rate': 0.233}),
    "local-holdout-4.yaml": ("demo_matcher",
        {'top1': 0.89, 'top3': 0.95, 'direct': 0.74, 'resolved': 0.85, 'oos_rejected': 0.68},
        {'wrong': 0.032, 'choose_rate': 0.132}),
    "service-public.yaml": ("national_matcher",
        {'top1': 0.86, 'top3': 0.93, 'direct': 0.65, 'resolved': 0.92, 'oos_rejected': 0.9},
        {'wrong': 0.036, 'choose_rate': 0.303}),
    "service-public-holdout.yaml": ("national_matcher",
        {'top1': 0.73, 'top3': 0.85, 'direct': 0.48, 'resolved': 0.81, 'oos_rejected': 0.91},
        {'wrong': 0.036, 'choose_rate': 0.415}),
    "service-public-holdout-2.yaml": ("national_matcher",
        {'top1': 0.8, 'top3': 0.88, 'direct': 0.52, 'resolved': 0.88, 'oos_rejected': 0.93},
        {'wrong': 0.02, 'choose_rate': 0.402}),
    "service-public-holdout-3.yaml": ("national_matcher",
        {'top1': 0.75, 'top3': 0.87, 'direct': 0.54, 'resolved': 0.79, 'oos_rejected': 0.83},
        {'wrong': 0.048, 'choose_rate': 0.311}),
    "service-public-holdout-4.yaml": ("national_matcher",
        {'top1': 0.73, 'top3': 0.87, 'direct': 0.58, 'resolved': 0.79, 'oos_rejected': 0.73},
        {'wrong': 0.062, 'choose_rate': 0.32}),
    "town-and-national.yaml": ("town_and_national_matcher",
        {'top1': 0.85, 'top3': 0.92, 'direct': 0.65, 'resolved': 0.89, 'oos_rejected': 0.98},
        {'wrong': 0.03, 'choose_rate': 0.287}),
    "english.yaml": ("town_and_national_matcher",  # before the bridge: top1 0.40, resolved 0.225
        {'top1': 0.86, 'top3': 0.9, 'direct': 0.41, 'resolved': 0.61, 'oos_rejected': 0.98},
        {'wrong': 0.033, 'choose_rate': 0.233}),
    "english-holdout.yaml": ("town_and_national_matcher",  # before the bridge: top1 0.38, resolved 0.12
        {'top1': 0.64, 'top3': 0.68, 'direct': 0.34, 'resolved': 0.39, 'oos_rejected': 0.98},
        {'wrong': 0.07, 'choose_rate': 0.07}),
}



def check(report, floors, ceilings):
    low = {k: report[k] for k, v in floors.items() if report[k] < v}
    high = {k: report[k] for k, v in ceilings.items() if report[k] > v}
    assert not low and not high, f"below floor: {low}, above ceiling: {high}"


@pytest.mark.parametrize("name", list(GATES))
def test_eval_gate(request, name):
    """The set has its size and out-of-scope share, and the matcher stays within its levels
    (the national sets run when the shared corpus is present: their fixture skips otherwise;
    the matcher fixtures are in conftest.py)."""
    matcher, size, oos, floors, ceilings = GATES[name]
    cases, problems = load_cases(EVAL / name)
    assert not problems and len(cases) >= size
    assert sum(1 for c in cases if not c.expect) >= oos
    check(evaluate(request.getfixturevalue(matcher), cases), floors, ceilings)


@pytest.fixture(scope="module")
def rankers(semantic_ranker):
    """One semantic ranker per matcher, built once for the module."""
    built = {}

    def of(matcher):
        if id(matcher) not in built:
            built[id(matcher)] = semantic_ranker(matcher)
        return built[id(matcher)]

    return of


@pytest.mark.parametrize("name", list(SEMANTIC_GATES))
def test_semantic_eval_gate(request, rankers, name):
    """The semantic ranker stays within its levels (skipped without the model or the national corpus)."""
    matcher, floors, ceilings = SEMANTIC_GATES[name]
    cases, _ = load_cases(EVAL / name)
    report = evaluate(rankers(request.getfixturevalue(matcher)), cases, "semantic")
    check(report, floors, ceilings)


def test_eval_cases_are_not_copies_of_titles(demo):
    from bot.language.text import fold

    cases = [c for name, gate in GATES.items() if gate[0] == "demo_matcher" for c in load_cases(EVAL / name)[0]]
    titles = {fold(e.title).strip(" ?") for e in demo.entries.values()}
    questions = {fold(q).strip(" ?") for e in demo.entries.values() for q in e.questions}
    copies = [c.q for c in cases if fold(c.q).strip(" ?") in titles | questions]
    assert copies == []


def test_every_fiche_is_found_by_its_own_title(national_knowledge, national_matcher):
    """Issue 4: asking by a fiche's own title finds it in the top 3 for at least 95% of fiches."""
    matcher = national_matcher
    entries = national_knowledge.visible()
    found = sum(1 for e in entries if e.id in [c.entry.id for c in matcher.search(e.title)[0][:3]])
    assert found / len(entries) >= 0.95
