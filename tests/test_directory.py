"""The directory (knowledge/annuaire.yaml, bot/services/directory.py): associations, clubs, police
municipale, médecin and pharmacie de garde found by what people type, conservatively, and
checked by `guichet check` like entries and places."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot import services as S
from bot.engine import Engine
from bot.kb import load_knowledge
from bot.render import Fmt
from bot.render.format import plain
from bot.search import Matcher
from bot.services.directory import find_contact

NOW = dt.datetime(2026, 12, 7, 21, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))  # a Monday evening


def contact(demo, text):
    item = find_contact(text, demo)
    return item.id if item else None


@pytest.mark.parametrize("text, expected", [
    ("club de foot", "fc-bourg-exemple"),
    ("numéro de la police municipale", "police-municipale"),
    ("police municipale", "police-municipale"),
    ("pharmacie de garde", "pharmacie-de-garde"),
    ("pharmacie de gard", "pharmacie-de-garde"),          # a typo
    ("pharmacie ouverte dimanche", "pharmacie-de-garde"),
    ("médecin de garde ce soir", "medecin-de-garde"),
    ("docteur de garde le week end", "medecin-de-garde"),
    ("asso de randonnée", "randonneurs-du-val"),
    ("le numéro des randonneurs", "randonneurs-du-val"),
    ("tel gendarmerie", "gendarmerie"),
    ("je cherche le numéro du club de tennis", "tennis-club"),
    ("cours de guitare pour ma fille", "ecole-de-musique"),
])
def test_contacts_are_found_by_what_people_type(demo, text, expected):
    assert contact(demo, text) == expected


@pytest.mark.parametrize("text", [
    "aide financière de la ville pour notre club de foot",      # a subsidy: subvention-association
    "on veut créer une asso de randonnée",                      # a procedure: creer-association
    "Où acheter des chaussures de randonnée pas chères dans le coin ?",
    "Mon fils joue au foot en U13, vous conseillez des crampons moulés ou vissés ?",
    "Notre chat vomit, vous connaissez un véto de garde ?",
    "ma voiture a été enlevée par la police",
    "kel est le numero de la mairie",
    "la police municipale est ouverte le samedi ?",             # opening hours: their own service
])
def test_stories_and_procedures_are_left_to_the_entries(demo, text):
    assert contact(demo, text) is None


def test_the_answer_shows_the_contact_and_is_recorded(settings):
    engine = Engine.from_settings(settings, flavour="text")
    engine.clock = lambda: NOW
    key = engine.user_key(3)
    reply = engine.on_text(key, "numéro de la police municipale")
    text = plain(reply.messages[0])
    assert "Police municipale" in text and "☎️ 01 99 00 17 17" in text and "5 place de la République" in text
    text = plain(engine.on_text(key, "pharmacie de garde").messages[0])
    assert "3237" in text and "https://www.3237.fr" in text
    rows = [r["decision"] for r in engine.storage.db.query("select decision from questions order by id")]
    assert rows == ["service:directory", "service:directory"]


def test_contacts_are_places_and_menu_entries_but_not_the_matchers(demo):
    assert demo.places["fc-bourg-exemple"].kind == "club-sportif"
    assert demo.places["fc-bourg-exemple"].geo == {"lat": 46.8045, "lon": 2.4635}
    assert demo.entries["police-municipale"].where == ["police-municipale"]   # an existing place, named
    assert "pharmacie-de-garde" not in demo.places                          # no address: no place
    assert {e.id for e in demo.visible() if e.category == "annuaire"} == set(demo.directory)
    assert not set(demo.directory) & {e.id for e in demo.searched()}
    decision = Matcher(demo).ask("club de foot")
    assert not any(c.entry.id in demo.directory for c in decision.candidates)


def test_directory_mistakes_are_reported_at_their_line(tmp_path):
    (tmp_path / "categories.yaml").write_text("categories:\n  - id: annuaire\n    title: Annuaire\n", encoding="utf-8")
    (tmp_path / "lieux.yaml").write_text("places:\n  - id: mairie\n    name: Mairie\n", encoding="utf-8")
    (tmp_path / "annuaire.yaml").write_text(
        "directory:\n"
        "  - id: foot\n"                         # 2
        "    kind: club-sport\n"                 # 3: unknown kind
        "    name: FC\n"
        "    summary: Du foot.\n"
        "    updated: 2026-11-01\n"
        "  - id: police\n"                       # 7
        "    kind: securite\n"
        "    name: Police\n"
        "    place: mairie\n"
        "    phone: '17'\n"                      # 11: a place and its own contacts
        "    updated: 2026-11-01\n"              # (no summary: 7)
        "  - id: garde\n"                        # 13: no date of check
        "    kind: sante\n"
        "    name: Garde\n"
        "    place: mairie-annexe\n"             # 16: no such place
        "    summary: Appelez le 15.\n", encoding="utf-8")
    _, problems = load_knowledge([tmp_path])
    found = sorted((Path(p.path).name, p.line, p.message) for p in problems)
    assert [line for _, line, _ in found] == [3, 7, 11, 13, 16], found
    assert "Vouliez-vous dire « club-sportif » ?" in found[0][2]
    assert "a un « summary »" in found[1][2]
    assert "avec « place »" in found[2][2]
    assert "updated" in found[3][2]
    assert "lieu « mairie-annexe » introuvable" in found[4][2]


def test_services_keep_to_their_questions(demo):
    for text, name in (("club de foot", "directory"), ("poubelles 12 rue des Lilas", "zones")):
        served = S.first_reply(S.Ask(text, NOW, demo, Fmt("text")))
        assert served is not None and served[0] == name
