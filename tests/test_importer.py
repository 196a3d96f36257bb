"""The service-public.fr importer: real fiches in, Guichet YAML out (tests/fixtures/service-public)."""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from bot.importers.service_public import MANIFEST_NAME, import_service_public, run_import

FIXTURES = Path(__file__).parent / "fixtures" / "service-public"
FICHES = {"F10619", "F1168", "F130", "F1342", "F14128", "F14929", "F1507", "F16947", "F2008", "F34478"}
SHARED = Path(os.environ.get("GUICHET_SERVICE_PUBLIC")
              or Path(__file__).resolve().parents[2] / "shared" / "service-public")
HAS_KNOWLEDGE = importlib.util.find_spec("bot.kb") is not None


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def entry(out: Path, ident: str) -> dict:
    return load(out / "fiches" / f"{ident}.yaml")


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def gotos(node: dict) -> list[str]:
    found = []
    for option in node["options"]:
        assert option["label"]
        if "goto" in option:
            found.append(option["goto"])
        else:
            assert option["question"] and option["options"]
            found.extend(gotos(option))
    return found


def all_texts(e: dict) -> list[str]:
    texts = [e["title"], e["summary"], *e.get("questions", []), *e.get("keywords", [])]
    sections = list(e.get("sections", []))
    for variant in e.get("variants", []):
        texts.append(variant["label"])
        sections.extend(variant["sections"])
    for section in sections:
        texts += [section["title"], section["text"]]
    return texts


@pytest.fixture()
def imported(tmp_path: Path) -> tuple[Path, object]:
    out = tmp_path / "national"
    report = import_service_public(FIXTURES, out)
    return out, report


def test_fixtures_import_one_entry_per_fiche(imported):
    out, report = imported
    assert report.errors == []
    assert report.imported == len(FICHES)
    assert report.drafts == ["F35033"]
    assert report.skipped_non_fiche == 2  # R1406, N19810
    assert {p.stem for p in (out / "fiches").glob("*.yaml")} == FICHES
    for ident in FICHES:
        e = entry(out, ident)
        assert e["id"] == ident
        assert e["title"] and e["summary"] and e["category"].startswith("sp-")
        assert e["source"]["name"] == "service-public.fr (DILA)"
        assert e["source"]["url"] == f"https://www.service-public.fr/particuliers/vosdroits/{ident}"
        assert e["updated"] == e["source"]["date"]
        for text in all_texts(e):
            assert "\xa0" not in text and "<" not in text and text == text.strip()


def test_categories_come_from_the_themes(imported):
    out, _ = imported
    categories = {c["id"]: c for c in load(out / "categories.yaml")["categories"]}
    assert categories["sp-n19810"]["title"] == "Papiers - Citoyenneté"
    assert "Identité - Authentification" in categories["sp-n19810"]["description"]
    used = {entry(out, ident)["category"] for ident in FICHES}
    assert used <= set(categories)
    assert entry(out, "F14128")["category"] == "sp-comment-faire-si"


def test_f1342_situations_offices_links(imported):
    out, _ = imported
    e = entry(out, "F1342")
    assert e["kind"] == "procedure"
    assert e["title"] == "Carte d'identité d'un mineur : première demande"
    assert "Carte d'identité pour un mineur : première demande" in e["questions"]
    assert e["facets"] == {"pour": "mineur", "situation": "première demande"}
    assert [v["label"] for v in e["variants"]] == ["Demande en France", "À l'étranger"]
    france = e["variants"][0]["sections"]
    titles = [s["title"] for s in france]
    assert "Pièces à fournir" in titles and "Coût" in titles
    pieces = next(s["text"] for s in france if s["title"] == "Pièces à fournir")
    assert "▸ L'enfant a un passeport valide" in pieces
    assert "• Passeport de l'enfant" in pieces
    assert "À savoir : si vous souhaitez" in pieces
    kinds = {o["kind"]: o for o in e["offices"]}
    assert kinds["mairie"]["label"] == "Mairie délivrant des cartes d'identité"
    assert kinds["mairie"]["url"].startswith("https://")
    assert "ambassade_france_etranger" in kinds
    urls = [link["url"] for link in e["links"]]
    assert all(url.startswith("https://") for url in urls)
    assert len(urls) == len(set(urls))
    assert any("Pré-demande" in link["label"] for link in e["links"])
    # a LienInterne to a resource (R1406) becomes a link with the resource's URL
    assert "https://psl.service-public.fr/mademarche/EtatCivil/demarche?action=NAISSANCE" in urls
    # related: only fiches of the source, never the draft guide F35033 nor the fiche itself
    assert "F10619" in e["related"]
    assert set(e["related"]) <= FICHES - {"F1342"}


def test_guide_f34478_walks_to_f14929(imported):
    out, _ = imported
    e = entry(out, "F34478")
    assert e["kind"] == "guide"
    assert e["guide"]["question"]
    assert "F14929" in gotos(e["guide"])
    assert set(gotos(e["guide"])) <= FICHES


def test_checklist_of_a_life_event(imported):
    out, _ = imported
    e = entry(out, "F14128")
    assert e["kind"] == "checklist"
    assert e["title"] == "Je déménage"
    assert e["checklist"] == [
        {"label": "Préavis et formalités du congé donné par le locataire", "id": "F1168"},
        {"label": "Prime de déménagement", "id": "F2008"},
    ]


def test_table_kept_readable(imported):
    out, _ = imported
    text = "\n".join(s["text"] for s in entry(out, "F2008")["sections"])
    assert "• 3 enfants : 994,56 €" in text
    assert "• Par enfant supplémentaire : 82,88 €" in text
    kinds = {o["kind"] for o in entry(out, "F2008")["offices"]}
    assert {"caf", "msa"} <= kinds


def test_question_fiche_with_pivot_local_mairie(imported):
    out, _ = imported
    e = entry(out, "F1507")
    assert e["questions"] == ["Quelle est la valeur juridique du baptême civil ?"]
    assert {"kind": "mairie", "label": "Mairie", "url": "https://lannuaire.service-public.fr/"} in e["offices"]
    assert e["related"] == ["F130"]  # its QuestionReponse


def test_reimport_is_idempotent(tmp_path: Path):
    out = tmp_path / "national"
    import_service_public(FIXTURES, out)
    before = tree(out)
    report = import_service_public(FIXTURES, out)
    assert report.errors == []
    assert report.written == 0 and report.removed == 0
    # + categories.yaml, synonyms.yaml, and the shipped phrasings of these fiches if any
    assert report.unchanged == len(FICHES) + 2 + (out / "questions-en-plus.yaml").exists()
    assert tree(out) == before


def test_reimport_removes_withdrawn_fiche_and_keeps_town_files(tmp_path: Path):
    source = tmp_path / "source"
    shutil.copytree(FIXTURES, source)
    out = tmp_path / "national"
    import_service_public(source, out)
    overlay = out / "local" / "overlays.yaml"
    overlay.parent.mkdir()
    overlay.write_text("overlays:\n  - id: F1507\n    notes: [Baptême civil le samedi matin.]\n", "utf-8")
    own_fiche = out / "fiches" / "ma-fiche.yaml"
    own_fiche.write_text("id: ma-fiche\n", "utf-8")

    (source / "F130.xml").unlink()  # withdrawn from the national catalogue
    report = import_service_public(source, out)
    assert report.errors == []
    assert report.removed == 1
    assert not (out / "fiches" / "F130.yaml").exists()
    assert "related" not in entry(out, "F1507")  # F1507 changed: its related fiche is gone
    assert report.written == 1
    assert overlay.read_text("utf-8").startswith("overlays:")
    assert own_fiche.read_text("utf-8") == "id: ma-fiche\n"
    manifest = (out / MANIFEST_NAME).read_text("utf-8")
    assert "fiches/F130.yaml" not in manifest and "ma-fiche" not in manifest and "local/" not in manifest


def test_existing_file_not_created_by_import_is_left_alone(tmp_path: Path):
    out = tmp_path / "national"
    mine = out / "fiches" / "F1342.yaml"
    mine.parent.mkdir(parents=True)
    mine.write_text("# écrit à la main\n", "utf-8")
    report = import_service_public(FIXTURES, out)
    assert [name for name, _ in report.errors] == ["fiches/F1342.yaml"]
    assert mine.read_text("utf-8") == "# écrit à la main\n"
    mine.unlink()
    report = import_service_public(FIXTURES, out)
    assert report.errors == [] and (out / "fiches" / "F1342.yaml").exists()


def test_source_without_fiches_writes_and_deletes_nothing(tmp_path: Path):
    out = tmp_path / "national"
    import_service_public(FIXTURES, out)
    before = tree(out)
    empty = tmp_path / "empty"
    empty.mkdir()
    report = import_service_public(empty, out)
    assert report.errors and report.imported == 0
    assert tree(out) == before


def test_zip_and_folder_give_the_same_result(tmp_path: Path):
    archive = tmp_path / "vosdroits-latest.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(FIXTURES.glob("*.xml")):
            z.write(path, f"vosdroits/{path.name}")  # a folder inside the zip is fine
    from_zip = tmp_path / "a"
    from_dir = tmp_path / "b"
    assert import_service_public(archive, from_zip).errors == []
    assert import_service_public(FIXTURES, from_dir).errors == []
    assert tree(from_zip) == tree(from_dir)


def test_run_import_prints_progress_and_summary(tmp_path: Path):
    stream = io.StringIO()
    assert run_import(FIXTURES, tmp_path / "out", stream=stream) == 0
    printed = stream.getvalue()
    assert f"\rImport des fiches : {len(FICHES)}/{len(FICHES)}" in printed
    assert f"{len(FICHES)} fiches importées" in printed
    assert "brouillons ignorés : 1 (F35033)" in printed
    assert "erreurs : 0" in printed


def test_run_import_reports_bad_files_and_missing_source(tmp_path: Path):
    source = tmp_path / "source"
    shutil.copytree(FIXTURES, source)
    (source / "F999999.xml").write_text("<Publication", "utf-8")
    stream = io.StringIO()
    assert run_import(source, tmp_path / "out", stream=stream) == 1
    assert "F999999.xml: XML illisible" in stream.getvalue()
    assert run_import(tmp_path / "missing.zip", tmp_path / "out", stream=io.StringIO()) == 2


@pytest.mark.skipif(not HAS_KNOWLEDGE, reason="bot.kb not written yet")
def test_imported_fixtures_load_without_problems(imported):
    from bot.kb import load_knowledge

    out, _ = imported
    knowledge, problems = load_knowledge([out])
    assert [str(p) for p in problems] == []


def _shared_source() -> Path | None:
    if SHARED.is_file():
        return SHARED
    if SHARED.is_dir():
        zips = sorted(SHARED.glob("*.zip"))
        return zips[0] if zips else SHARED
    return None


@pytest.mark.skipif(_shared_source() is None, reason="../shared/service-public not present")
def test_whole_shared_corpus(national_import):
    """The real zip imports whole (the speed is measured by the import's own summary, not here)."""
    out, report = national_import
    assert report.errors == []
    assert report.imported >= 2900
    assert len(report.drafts) >= 1
    assert report.kinds["guide"] >= 40 and report.kinds["checklist"] >= 15
    guide = entry(out, "F34478")["guide"]
    assert "F14929" in gotos(guide)
    assert any("options" in option for option in guide["options"])  # a real tree
    f1342 = entry(out, "F1342")
    assert len(f1342["variants"]) >= 2
    assert any(o["kind"] == "mairie" for o in f1342["offices"])
    for ident in ("F1342", "F34478", "F14128", "F991"):
        e = entry(out, ident)
        assert all(len(s["text"]) <= 3500 for s in e.get("sections", []))
    if HAS_KNOWLEDGE:
        from bot.kb import load_knowledge

        knowledge, problems = load_knowledge([out])
        assert [str(p) for p in problems][:20] == []
