"""The advice of `guichet check` (bot/lint/): one fixture per rule, and the demo town clean under --strict."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys

from bot.kb import load_knowledge
from bot.lint.ambiguity import tied_entries
from bot.lint.coverage import coverage, uncovered
from bot.lint.duplicates import duplicate_questions, only_typos, normalised
from bot.lint.staff_cases import ask_cases
from bot.lint.staleness import stale_entries
from bot.search import Matcher

from conftest import DEMO_TOWN, KNOWLEDGE, ROOT

# The day the demo town's dates were last reviewed: its earliest `review_by` is 2027-01-15. The
# strict check runs at this day, so that the suite does not fail on a calendar date; move it
# forward when the demo town's entries are checked again (and their `review_by` pushed back).
DEMO_REVIEWED = dt.date(2026, 12, 4)

CATEGORY = "categories:\n  - id: papiers\n    title: Papiers\n"


def check(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "check", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=180)


def copied_town(tmp_path, extra: dict[str, str]):
    town = tmp_path / "town"
    shutil.copytree(DEMO_TOWN, town)
    for name, text in extra.items():
        (town / name).write_text(text)
    return town


def copy_of(entry_file: str, new_id: str, title: str) -> str:
    """An entry file of the demo town under another id and title: what a clerk's duplicate looks like."""
    text = (DEMO_TOWN / entry_file).read_text()
    old_id = text.split("\n", 1)[0].removeprefix("id: ")
    lines = [f"id: {new_id}" if line == f"id: {old_id}" else line for line in text.splitlines()]
    return "\n".join(f"title: {title}" if line.startswith("title: ") else line for line in lines) + "\n"


# ------------------------------------------------------------------ ambiguity


def test_the_demo_town_has_no_ambiguity(demo, demo_matcher):
    assert tied_entries(ask_cases(demo, demo_matcher)) == []
    assert duplicate_questions(demo) == []


def test_a_copied_entry_is_reported_with_both_places(tmp_path):
    town = copied_town(tmp_path, {"etat-civil/pacs-bis.yaml": copy_of("etat-civil/pacs.yaml", "pacs-bis",
                                                                         "Se pacser à Bourg-Exemple")})
    knowledge, _ = load_knowledge([town])
    tied = tied_entries(ask_cases(knowledge, Matcher(knowledge)))
    assert len(tied) == 1, tied
    warning = str(tied[0])
    cases = town / "tests" / "etat-civil.yaml"
    assert warning.startswith(f"{cases}:{tied[0].line}: avertissement : les fiches ")
    case = cases.read_text().splitlines()[tied[0].line - 1]
    assert case.startswith("- q: ") and f"« {case.removeprefix('- q: ')} »" in warning  # the case, quoted
    assert f"« pacs » ({town / 'etat-civil' / 'pacs.yaml'}:1)" in warning
    assert f"« pacs-bis » ({town / 'etat-civil' / 'pacs-bis.yaml'}:1)" in warning
    assert "autre(s) cas" in warning  # every pacs case, one warning
    # the copy's questions are the original's: each pair of entries is reported once, at the question
    dups = duplicate_questions(knowledge)
    [dup] = dups
    assert (dup.path, dup.line) == (str(town / "etat-civil" / "pacs-bis.yaml"), 5)  # files are read in order
    assert f"de la fiche « pacs » ({town / 'etat-civil' / 'pacs.yaml'}:5 : « Comment faire un PACS ? »)" in dup.message
    assert "(et 3 autre(s) question(s) en double)" in dup.message


def test_near_duplicate_questions_are_typos_not_other_words():
    assert only_typos(normalised("Comment me débarrasser d'un vieux canapé ?"),
                      normalised("comment se debarasser d un vieux canape"))
    assert only_typos(normalised("Où jeter les encombrants ?"), normalised("les encombrants, où les jeter"))
    assert not only_typos(normalised("Quels sont les horaires de la mairie ?"),
                          normalised("Quels sont les horaires de la piscine ?"))
    assert not only_typos(normalised("Carte d'identité pour un majeur"), normalised("Carte d'identité pour un mineur"))
    assert not only_typos(normalised("permis C1"), normalised("permis C1E"))
    # the matcher's stop words ("faire", "avoir", "deux") still count here
    assert normalised("Comment faire un passeport ?") != normalised("Peut-on avoir deux passeports ?")


def test_a_duplicate_question_points_at_both_lines(tmp_path):
    (tmp_path / "c.yaml").write_text(CATEGORY)
    (tmp_path / "a.yaml").write_text("id: a\ntitle: A\ncategory: papiers\nupdated: 2026-11-01\nsummary: s\n"
                                     "questions:\n  - Où déposer un vieux frigo ?\n  - Autre chose\n")
    (tmp_path / "b.yaml").write_text("id: b\ntitle: B\ncategory: papiers\nupdated: 2026-11-01\nsummary: s\n"
                                     "questions:\n  - Tout autre sujet\n  - ou deposer un vieux frigot\n")
    knowledge, _ = load_knowledge([tmp_path])
    [warning] = duplicate_questions(knowledge)
    assert str(warning).startswith(f"{tmp_path / 'a.yaml'}:7: avertissement : la question « Où déposer un vieux frigo ? »")
    assert f"({tmp_path / 'b.yaml'}:8 : « ou deposer un vieux frigot »)" in warning.message


def test_an_overlay_question_is_placed_in_the_overlay(tmp_path):
    (tmp_path / "c.yaml").write_text(CATEGORY)
    (tmp_path / "a.yaml").write_text("id: a\ntitle: A\ncategory: papiers\nupdated: 2026-11-01\nsummary: s\n"
                                     "questions: [Où déposer un vieux frigo ?]\n")
    (tmp_path / "b.yaml").write_text("id: b\ntitle: B\ncategory: papiers\nupdated: 2026-11-01\nsummary: s\n")
    (tmp_path / "o.yaml").write_text("overlays:\n  - id: b\n    questions:\n      - où déposer un vieux frigo\n")
    knowledge, _ = load_knowledge([tmp_path])
    [warning] = duplicate_questions(knowledge)
    assert f"({tmp_path / 'o.yaml'}:4 : « où déposer un vieux frigo »)" in warning.message


# ------------------------------------------------------------------ staleness


STALE = {
    "c.yaml": CATEGORY,
    "due.yaml": "id: due\ntitle: Due\ncategory: papiers\nsummary: s\nupdated: 2026-01-05\nreview_by: 2026-06-30\n",
    "fine.yaml": "id: fine\ntitle: Fine\ncategory: papiers\nsummary: s\nupdated: 2026-01-05\nreview_by: 2027-06-30\n",
    "undated.yaml": "id: undated\ntitle: Sans date\ncategory: papiers\nsummary: s\nsource:\n  name: DILA\n",
    "hidden.yaml": "id: hidden\ntitle: Cachée\ncategory: papiers\nsummary: s\nupdated: 2020-01-05\n"
                   "review_by: 2021-01-01\nhidden: true\n",
}


def test_past_review_and_missing_date_are_warnings_at_their_lines(tmp_path):
    for name, text in STALE.items():
        (tmp_path / name).write_text(text)
    knowledge, problems = load_knowledge([tmp_path])
    assert not [p for p in problems if p.level == "error"]
    stale = sorted(stale_entries(knowledge, dt.date(2026, 12, 4)), key=str)
    assert [(p.path.rsplit("/", 1)[-1], p.line, p.level) for p in stale] == [("due.yaml", 6, "warning"),
                                                                            ("undated.yaml", 1, "warning")]
    assert "devait être revérifiée avant le 2026-06-30" in stale[0].message
    assert "ajoutez « updated: AAAA-MM-JJ »" in stale[1].message
    assert stale_entries(knowledge, dt.date(2026, 6, 30)) != [] and len(stale_entries(knowledge, dt.date(2026, 6, 30))) == 1


def test_strict_makes_them_errors_and_exit_1(tmp_path):
    for name, text in STALE.items():
        (tmp_path / name).write_text(text)
    plain = check("--knowledge", str(tmp_path), "--date", "2026-12-04")
    assert plain.returncode == 0 and "due.yaml:6: avertissement : la fiche « due » devait" in plain.stdout
    strict = check("--knowledge", str(tmp_path), "--date", "2026-12-04", "--strict")
    assert strict.returncode == 1
    assert "due.yaml:6: la fiche « due » devait" in strict.stdout
    assert strict.stdout.strip().splitlines()[-1].endswith(": 2 erreur(s).")
    earlier = check("--knowledge", str(tmp_path), "--date", "2026-06-01", "--strict")
    assert earlier.returncode == 1 and "« due » devait" not in earlier.stdout  # the undated one still counts


def test_the_demo_town_passes_strict():
    """CI: the live demo town, at the day its dates were reviewed, has no error and no warning."""
    proc = check("--knowledge", str(KNOWLEDGE), "--strict", "--date", DEMO_REVIEWED.isoformat())
    assert proc.returncode == 0, proc.stdout
    assert "avertissement" not in proc.stdout, proc.stdout
    assert "── Couverture des tests : " in proc.stdout


# ------------------------------------------------------------------ coverage


def test_coverage_counts_the_towns_entries_and_lists_those_without_a_case(tmp_path):
    (tmp_path / "c.yaml").write_text(CATEGORY)
    for eid in ("tested", "untested"):
        (tmp_path / f"{eid}.yaml").write_text(f"id: {eid}\ntitle: T {eid}\ncategory: papiers\nsummary: s\n"
                                              "updated: 2026-11-01\n")
    (tmp_path / "F1234.yaml").write_text("id: F1234\ntitle: Nationale\ncategory: papiers\nsummary: s\n"
                                         "updated: 2026-11-01\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "cas.yaml").write_text("- q: la fiche testée\n  expect: [tested]\n")
    knowledge, _ = load_knowledge([tmp_path])
    cov = coverage(knowledge)
    assert (cov.town, cov.town_covered, cov.national, cov.national_covered) == (2, 1, 1, 0)
    assert cov.headline() == "1 fiche(s) de la commune sur 2 (50 %) ; fiches nationales : 0 sur 1 (0 %)"
    [line] = uncovered(cov)
    assert str(line) == (f"{tmp_path / 'untested.yaml'}:1: info : la fiche « untested » n'a aucune question de "
                         "test : ajoutez-en deux dans tests/ (« - q: … » puis « expect: [untested] »).")
    proc = check("--knowledge", str(tmp_path))
    assert proc.returncode == 0
    assert "── Couverture des tests : 1 fiche(s) de la commune sur 2 (50 %)" in proc.stdout
    assert "avertissement" not in proc.stdout.splitlines()[-1]  # info lines are not warnings


def test_check_groups_its_output_under_headings(tmp_path):
    town = copied_town(tmp_path, {"etat-civil/pacs-bis.yaml": copy_of("etat-civil/pacs.yaml", "pacs-bis",
                                                                         "Se pacser à Bourg-Exemple")})
    proc = check("--knowledge", str(town), "--date", DEMO_REVIEWED.isoformat())
    assert proc.returncode == 0
    headings = [line for line in proc.stdout.splitlines() if line.startswith("── ")]
    assert headings[0] == "── Ambiguïtés (2 avertissement(s))", headings
    town_entries = len(load_knowledge([DEMO_TOWN])[0].searched()) + 1  # the demo town and pacs-bis, untested
    assert headings[-1].startswith(f"── Couverture des tests : {town_entries - 1} fiche(s) de la commune sur "
                                   f"{town_entries} (99 %) (1 info)")
    assert "pacs-bis.yaml:1: info : la fiche « pacs-bis » n'a aucune question de test" in proc.stdout
    assert proc.stdout.splitlines()[-1].endswith("aucune erreur. 2 avertissement(s).")
