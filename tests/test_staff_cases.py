"""A town editing its knowledge: the project's gates stay put, and `guichet check` shows the overlap.

Issue 11: adding one valid entry plus a synonym to the demo town made the quality gates fail
(they read the live `knowledge/` folder), and nothing told the clerk that the new entry took
questions away from `colis-seniors`.
"""

import shutil
import subprocess
import sys
from pathlib import Path

from bot.evaluate import evaluate
from bot.kb import Case, load_cases, load_knowledge
from bot.search import Matcher
from bot.lint.staff_cases import ask_cases, case_warning, staff_case_warnings

from conftest import DEMO_TOWN, ROOT
from test_eval_gates import GATES

OVERLAP = """\
id: repas-aines
title: Repas des anciens au banquet de janvier
category: social
questions:
  - Comment s'inscrire au banquet des anciens ?
  - Le repas de janvier offert aux anciens, c'est pour qui ?
keywords: [banquet, repas des anciens, anciens, janvier]
summary: >-
  Chaque janvier, la commune offre un banquet aux anciens à la salle des fêtes.
steps:
  - Inscrivez-vous au CCAS.
where: ccas
updated: 2026-11-20
"""


def edited_town(tmp_path: Path) -> Path:
    """The demo town as a clerk left it: a valid new entry overlapping `colis-seniors`, plus a synonym."""
    town = tmp_path / "town"
    shutil.copytree(DEMO_TOWN, town)
    (town / "social" / "repas-aines.yaml").write_text(OVERLAP)
    synonyms = town / "synonyms.yaml"
    synonyms.write_text(synonyms.read_text().replace(
        "synonyms:\n", "synonyms:\n  - [banquet des anciens, repas des anciens, gueuleton des aînés]\n", 1))
    return town


def test_an_overlapping_entry_leaves_the_gates_alone_and_is_warned_by_check(tmp_path, demo, demo_matcher):
    town = edited_town(tmp_path)
    knowledge, problems = load_knowledge([town])
    assert not [p for p in problems if p.level == "error"]  # a valid edit, as far as the loader can tell
    holdout, _ = load_cases(ROOT / "tests" / "eval" / "local-holdout.yaml")

    # the edit does move what the gates measure: the new entry comes first on a holdout question
    # (on the live folder, this took local-holdout's top1 from 0.85 to 0.84, under its floor)
    edited = Matcher(knowledge)
    assert [c.q for c in holdout if edited.ask(c.q).best and edited.ask(c.q).best.id == "repas-aines"]
    # (a) the gates read the frozen copy, which no clerk edits, so they measure what they measured
    assert all(Path(e.path).resolve().is_relative_to(DEMO_TOWN) for e in demo.entries.values())
    assert "repas-aines" not in demo.entries and evaluate(demo_matcher, holdout)["top1"] >= GATES["local-holdout.yaml"][3]["top1"]

    # (b) `guichet check` names the case, the entry it expects and the entry that took it
    proc = subprocess.run([sys.executable, "-m", "bot", "check", "--knowledge", str(town)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stdout  # a warning, not an error: the knowledge is still served
    warning = next(line for line in proc.stdout.splitlines() if "repas-aines" in line)
    assert warning.startswith(f"{town / 'tests' / 'social.yaml'}:9: avertissement : ")
    assert "« inscription au banquet des anciens » attend « colis-seniors » mais la fiche « repas-aines »" in warning
    assert f"({town / 'social' / 'repas-aines.yaml'}:1) répond maintenant" in warning
    assert "avertissement(s)." in proc.stdout.splitlines()[-1]


def test_the_demo_town_has_no_overlap(demo, demo_matcher):
    assert staff_case_warnings(ask_cases(demo, demo_matcher)) == []


def test_out_of_scope_cases_and_cases_for_missing_entries(demo, demo_matcher):
    oos = Case("comment faire une demande de carte d'identité", [], "tests/x.yaml", 3)
    warning = case_warning(oos, demo_matcher.ask(oos.q))
    assert str(warning).startswith("tests/x.yaml:3: avertissement : le cas hors sujet")
    assert "« carte-identite »" in warning.message
    assert case_warning(Case("recette de la blanquette", [], "x", 1), demo_matcher.ask("recette de la blanquette")) is None
    # an expected id that does not exist is check_cases' error: no second message about it
    demo_missing = type(demo)(entries=demo.entries, cases=[Case("encombrants", ["nulle-part"], "x", 1)])
    assert ask_cases(demo_missing, demo_matcher) == []
