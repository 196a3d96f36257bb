"""The loader: every staff mistake is reported as path:line in French, nothing raises."""

import datetime as dt
import shutil

from bot.kb import errors, french_public_holidays, load_knowledge

from conftest import DEMO_TOWN, FIXTURES, KNOWLEDGE


def problems_in(folder):
    _, problems = load_knowledge([folder])
    return [str(p) for p in problems]


def test_live_knowledge_has_no_errors():
    """The shipped knowledge/ folder is valid (its quality is the town's: `guichet check`)."""
    _, problems = load_knowledge([KNOWLEDGE])
    assert errors(problems) == [], "\n".join(map(str, errors(problems)))


def test_demo_knowledge_has_no_errors():
    knowledge, problems = load_knowledge([DEMO_TOWN])
    assert errors(problems) == [], "\n".join(map(str, errors(problems)))
    assert len(knowledge.visible()) >= 60
    kinds = [e.kind for e in knowledge.entries.values()]
    assert kinds.count("heritage") >= 5 and kinds.count("project") >= 3
    assert knowledge.town.fictional


def test_syntax_error_is_reported_with_file_and_line():
    lines = problems_in(FIXTURES / "broken")
    syntax = [l for l in lines if "syntax.yaml" in l]
    assert len(syntax) == 1
    assert syntax[0].split(":")[1].isdigit() and "YAML" in syntax[0]


def test_unknown_key_is_reported_with_a_suggestion():
    lines = problems_in(FIXTURES / "broken")
    typo = [l for l in lines if "typo.yaml" in l]
    assert len(typo) == 1 and "typo.yaml:5:" in typo[0]
    assert "stpes" in typo[0] and "steps" in typo[0]


def test_references_links_duplicates_and_hours_are_checked():
    text = "\n".join(problems_in(FIXTURES / "broken"))
    assert "catégorie « inconnue » introuvable" in text
    assert "lieu « nulle-part » introuvable" in text
    assert "fiche « fiche-absente » introuvable" in text
    assert "http://exemple.fr" in text
    assert "« refs-cassees » déjà utilisé" in text
    assert "n'a aucune réponse" in text
    assert "jour inconnu « jeudy »" in text
    assert "l'heure de fin doit suivre" in text


def test_hours_accept_h_separator():
    knowledge, _ = load_knowledge([FIXTURES / "broken"])
    assert knowledge.places["lieu"].hours[0] == [("08:00", "12:00")]


def test_copy_with_two_broken_files_names_both(tmp_path):
    copy = tmp_path / "k"
    shutil.copytree(DEMO_TOWN, copy)
    victims = sorted(p for p in copy.rglob("*.yaml") if "tests" not in p.parts and "id:" in p.read_text())[:2]
    victims[0].write_text(victims[0].read_text() + "\n  - [cassé: : :\n")
    text = victims[1].read_text().replace("steps:", "stpes:", 1)
    victims[1].write_text(text)
    lines = problems_in(copy)
    assert any(victims[0].name in l and l.split(":")[1].isdigit() for l in lines)
    assert any(victims[1].name in l and "stpes" in l for l in lines)


def test_public_holidays_and_exceptions():
    holidays = french_public_holidays(2027)
    assert dt.date(2027, 3, 29) in holidays  # Lundi de Pâques 2027
    assert dt.date(2027, 5, 6) in holidays  # Ascension 2027
    knowledge, _ = load_knowledge([DEMO_TOWN])
    mairie = knowledge.places[knowledge.town.contact_place]
    ranges, note = mairie.hours_on(dt.date(2026, 12, 25))
    assert ranges == [] and note == "Noël"
    assert mairie.holiday_on(dt.date(2026, 12, 25)) == "Noël"
    assert mairie.holiday_on(dt.date(2026, 12, 24)) == ""  # an exception sets that day
    assert dt.date(2027, 3, 26) not in holidays  # Vendredi saint: Alsace-Moselle only


def test_a_town_in_moselle_closes_on_good_friday_and_saint_etienne(tmp_path):
    copy = tmp_path / "k"
    shutil.copytree(DEMO_TOWN, copy)
    commune = copy / "commune.yaml"
    commune.write_text(commune.read_text().replace("  timezone: Europe/Paris\n",
                                                   "  timezone: Europe/Paris\n  holidays: Moselle\n"))
    knowledge, problems = load_knowledge([copy])
    assert not [p for p in problems if p.level == "error"]
    dechetterie = knowledge.places["dechetterie"]
    assert dechetterie.hours_on(dt.date(2027, 3, 26)) == ([], "Vendredi saint")
    assert dechetterie.hours_on(dt.date(2027, 12, 26)) == ([], "Saint-Étienne")


def test_an_unknown_holiday_region_is_refused_with_its_line(tmp_path):
    (tmp_path / "commune.yaml").write_text("town:\n  name: X\n  holidays: Bretagne\n")
    lines = problems_in(tmp_path)
    assert any("commune.yaml:3:" in l and "Bretagne" in l and "Moselle" in l for l in lines), lines


def test_cache_gives_the_same_knowledge(tmp_path):
    cache = tmp_path / "cache.pickle"
    first, _ = load_knowledge([DEMO_TOWN], cache_file=cache)
    assert cache.exists()
    second, _ = load_knowledge([DEMO_TOWN], cache_file=cache)
    assert first.entries.keys() == second.entries.keys()
    assert first.entries["carte-identite"].steps == second.entries["carte-identite"].steps


def test_empty_and_non_mapping_files_do_not_crash(tmp_path):
    (tmp_path / "vide.yaml").write_text("")
    (tmp_path / "liste.yaml").write_text("- a\n- b\n")
    (tmp_path / "binaire.yaml").write_bytes(b"\xff\xfe\x00id: x")
    lines = problems_in(tmp_path)
    assert any("liste.yaml:1:" in l for l in lines)
    assert any("binaire.yaml" in l for l in lines)


def test_a_synonym_that_shrinks_to_an_everyday_word_is_flagged(tmp_path):
    (tmp_path / "synonyms.yaml").write_text(
        "synonyms:\n"
        "  - [sans domicile fixe, à la rue]\n"       # would turn every 'rue' into SDF
        "  - [piscine, les remous]\n"                # a distinctive nickname: fine
        "  - [salle des fêtes, de la]\n",            # nothing left at all
        encoding="utf-8")
    _, problems = load_knowledge([tmp_path])
    text = "\n".join(str(p) for p in problems)
    assert "synonyms.yaml:2:" in text and "« à la rue » ne garde qu'un mot utile, « rue »" in text
    assert "remous" not in text
    assert "synonyms.yaml:4:" in text and "« de la »" in text
    assert errors(problems) == []  # warnings: the knowledge is still served
