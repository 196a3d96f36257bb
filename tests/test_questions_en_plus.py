"""`questions_en_plus:`: staff phrasings added to entries defined elsewhere, checked at path:line,
shipped with the national import and kept across re-imports (bot/kb/build_questions.py)."""

import shutil
from pathlib import Path

from bot.importers.service_public import import_service_public
from bot.importers.service_public.phrasings import OUTPUT_NAME, PHRASINGS
from bot.kb import errors, load_knowledge
from bot.search import Matcher

from conftest import DEMO_TOWN, FIXTURES

SOURCE = FIXTURES / "service-public"
TABLE = FIXTURES / "questions-en-plus.yaml"


def town_with(tmp_path: Path, text: str) -> Path:
    town = tmp_path / "town"
    shutil.copytree(DEMO_TOWN, town)
    (town / "en-plus.yaml").write_text(text, "utf-8")
    return town


def test_questions_are_added_to_the_entry(tmp_path):
    town = town_with(tmp_path, "questions_en_plus:\n  passeport:\n    - mon passeport est plus bon\n")
    knowledge, problems = load_knowledge([town])
    assert errors(problems) == []
    assert knowledge.entries["passeport"].extra_questions == ["mon passeport est plus bon"]


def test_unknown_id_is_a_warning_naming_it(tmp_path):
    town = town_with(tmp_path, "questions_en_plus:\n  passeport:\n    - a\n  pasport:\n    - b\n")
    _, problems = load_knowledge([town])
    [p] = [p for p in problems if p.path.endswith("en-plus.yaml")]
    assert (p.line, p.level) == (4, "warning")
    assert "« pasport »" in p.message and "n'existe pas" in p.message and "passeport" in p.message


def test_not_a_list_is_an_error_at_its_line(tmp_path):
    town = town_with(tmp_path, "questions_en_plus:\n  passeport: mon passeport est plus bon\n"
                               "  mariage:\n    - {a: b}\n")
    _, problems = load_knowledge([town])
    mine = sorted((p for p in problems if p.path.endswith("en-plus.yaml")), key=lambda p: p.line)
    assert [(p.line, p.level) for p in mine] == [(2, "error"), (4, "error")]
    assert "« passeport »" in mine[0].message and "liste" in mine[0].message


def test_not_a_mapping_is_an_error(tmp_path):
    town = town_with(tmp_path, "questions_en_plus:\n  - passeport\n")
    _, problems = load_knowledge([town])
    [p] = [p for p in problems if p.path.endswith("en-plus.yaml")]
    assert (p.line, p.level) == (1, "error") and "F1523" in p.message


def test_import_ships_the_phrasings_of_imported_fiches(tmp_path):
    out = tmp_path / "national"
    report = import_service_public(SOURCE, out, phrasings=TABLE)
    assert report.errors == []
    written = (out / OUTPUT_NAME).read_text("utf-8")
    assert written.startswith("# Généré par") and "F1342" in written and "F99999" not in written
    knowledge, problems = load_knowledge([out])
    assert problems == []
    result = Matcher(knowledge).ask("le petit a besoin de papiers pour la colo")
    assert result.best.id == "F1342"


def test_reimport_rewrites_them_and_keeps_the_town_own(tmp_path):
    out, town = tmp_path / "national", tmp_path / "town"
    import_service_public(SOURCE, out, phrasings=TABLE)
    town.mkdir()
    (town / "mes-questions.yaml").write_text("questions_en_plus:\n  F1507:\n    - bapteme republicain\n", "utf-8")
    (out / OUTPUT_NAME).write_text("questions_en_plus: {}\n", "utf-8")  # edited by hand: an import's file
    report = import_service_public(SOURCE, out, phrasings=TABLE)
    assert report.errors == [] and report.written == 1
    assert "F1342" in (out / OUTPUT_NAME).read_text("utf-8")
    knowledge, problems = load_knowledge([town, out])
    assert problems == []
    assert "bapteme republicain" in knowledge.entries["F1507"].extra_questions
    assert "le petit a besoin de papiers pour la colo" in knowledge.entries["F1342"].extra_questions


def test_a_table_without_imported_fiches_writes_no_file(tmp_path):
    table = tmp_path / "table.yaml"
    table.write_text("questions_en_plus:\n  F99999: [a]\n", "utf-8")
    out = tmp_path / "national"
    assert import_service_public(SOURCE, out, phrasings=table).errors == []
    assert not (out / OUTPUT_NAME).exists()


def test_shipped_table_names_only_fiches_of_the_catalogue(national_import):
    """Every id of the shipped table is a fiche of the shared corpus, and its import loads cleanly."""
    import yaml

    out, report = national_import
    table = yaml.safe_load(PHRASINGS.read_text("utf-8"))["questions_en_plus"] or {}
    knowledge, problems = load_knowledge([out])
    assert [p for p in problems if OUTPUT_NAME in p.path] == []
    assert sorted(set(table) - set(knowledge.entries)) == []
    for fid, questions in table.items():
        assert all(q in knowledge.entries[fid].questions + knowledge.entries[fid].extra_questions for q in questions)
