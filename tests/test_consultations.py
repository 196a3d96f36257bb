"""Consultations: one vote per person (a second press changes it), the closing date respected, the result
table and chart, and `guichet check` on the consultation, news and timeline fields."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from bot import actions as A
from bot.cli import main
from bot.config import Settings
from bot.engine import Engine
from bot.kb import load_knowledge
from bot.render import plain
from conftest import DEMO_TOWN

PROJECT = "voie-verte"
STAFF = -1001234567890
OPEN_DAY, CLOSED_DAY = dt.date(2027, 3, 31), dt.date(2027, 4, 1)  # the demo closes on 2027-03-31, included


@pytest.fixture
def engine(tmp_path):
    settings = Settings(knowledge_dirs=(DEMO_TOWN,), data_dir=tmp_path / "data", secret="s", staff_chat=STAFF,
                        flood_per_minute=0)
    e = Engine.from_settings(settings, flavour="text")
    e.today = lambda: OPEN_DAY  # type: ignore[method-assign]
    yield e
    e.close()


def text(reply) -> str:
    return "\n".join(plain(m) for m in reply.messages)


def labels(reply) -> list[str]:
    return [b.label for m in reply.messages for row in m.buttons for b in row]


def vote(engine, user_id: int, option: int):
    return engine.on_button(engine.user_key(user_id), A.encode(A.Vote(PROJECT, option)), chat=user_id)


def test_the_project_page_offers_one_button_per_option_while_open(engine):
    page = engine.on_button(engine.user_key(1), A.encode(A.OpenEntry(PROJECT)), chat=1)
    votes = [l for l in labels(page) if l.startswith("🗳️")]
    assert votes == ["🗳️ Voie verte de la vallée de l'Exemple", "🗳️ Chemin du Petit Train",
                     "🗳️ La Coulée verte du Moulin", "🗳️ Promenade des Cheminots"]
    assert "Quel nom donner à la voie verte" in text(page) and "31/03/2027" in text(page)
    in_group = engine.on_button(engine.user_key(1), A.encode(A.OpenEntry(PROJECT)), chat=-5)
    assert not [l for l in labels(in_group) if l.startswith("🗳️")]


def test_one_vote_per_person_a_second_press_changes_it(engine):
    first = vote(engine, 1, 1)
    assert first.toast == "Vote enregistré : Chemin du Petit Train" and first.edit
    assert "✅ 🗳️ Chemin du Petit Train" in labels(first) and "Votre vote : Chemin du Petit Train" in text(first)
    again = vote(engine, 1, 1)
    assert again.toast.startswith("Vote modifié")
    changed = vote(engine, 1, 3)
    assert changed.toast == "Vote modifié : Promenade des Cheminots"
    assert engine.projects.tally(PROJECT, 4) == [0, 0, 0, 1]


def test_the_result_table_counts_each_person_once(engine, tmp_path, capsys, monkeypatch):
    for user, option in [(1, 1), (2, 1), (3, 0), (4, 2), (5, 1), (3, 1)]:  # person 3 changes their mind
        vote(engine, user, option)
    assert engine.projects.tally(PROJECT, 4) == [0, 4, 1, 0]
    staff = text(engine.on_staff_consultation(STAFF, PROJECT))
    assert "Votes jusqu'ici (5)" in staff and "Chemin du Petit Train : 4 (80 %)" in staff
    monkeypatch.setenv("GUICHET_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GUICHET_SECRET", "s")
    chart = tmp_path / "votes.png"
    assert main(["consultation", PROJECT, "--png", str(chart), "--knowledge", str(DEMO_TOWN)]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("Chemin du Petit Train"))
    assert row.split()[-2:] == ["4", "80.0"]
    assert "Total" in out and chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_after_the_closing_date_no_vote_and_everyone_sees_the_result(engine):
    vote(engine, 1, 2)
    engine.today = lambda: CLOSED_DAY  # type: ignore[method-assign]
    late = vote(engine, 2, 0)
    assert late.toast.startswith("Cette consultation est close")
    assert engine.projects.tally(PROJECT, 4) == [0, 0, 1, 0]
    page = engine.on_button(engine.user_key(9), A.encode(A.OpenEntry(PROJECT)), chat=9)
    assert not [l for l in labels(page) if l.startswith("🗳️")]
    assert "Consultation close le 31/03/2027. Résultat (1 vote(s))" in text(page)
    assert "La Coulée verte du Moulin : 1 (100 %)" in text(page)
    in_group = engine.on_button(engine.user_key(9), A.encode(A.OpenEntry(PROJECT)), chat=-5)
    assert "Consultation close le 31/03/2027 : le résultat est affiché en message privé" in text(in_group)


def test_oubli_deletes_the_vote(engine):
    vote(engine, 1, 0)
    engine.on_forget(engine.user_key(1))
    assert engine.projects.tally(PROJECT, 4) == [0, 0, 0, 0]


def problems_of(tmp_path, body: str) -> list[str]:
    """The problems of one project file (and a category file), as `guichet check` prints them."""
    folder = tmp_path / "k"
    folder.mkdir(exist_ok=True)
    (folder / "categories.yaml").write_text("categories:\n  - id: projets\n    title: Projets\n", encoding="utf-8")
    (folder / "p.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    return [str(p) for p in load_knowledge([folder])[1]]


PROJECT_YAML = """\
id: parc
kind: project
title: Parc des Tilleuls
category: projets
summary: Un parc.
status: en cours
updated: 2026-11-01
"""


def test_check_reports_a_lone_option_a_past_closing_date_and_dates_that_are_not_dates(tmp_path):
    found = problems_of(tmp_path, PROJECT_YAML + """\
timeline:
  - date: bientôt
    label: Ouverture
  - date: "2027-13"
    label: Fin
news:
  - date: hier
    text: Du nouveau.
consultation:
  question: Quel nom ?
  options: [Les Tilleuls]
  closes: 2020-01-31
""")
    assert any("p.yaml:9: « date » : « bientôt » n'est pas une date" in p for p in found), found
    assert any("p.yaml:11: « date » : « 2027-13 » n'est pas une date" in p for p in found), found
    assert any("p.yaml:14: « date » : date invalide « hier »" in p for p in found), found
    assert any("p.yaml:18: une consultation a de 2 à 10 options (ici 1)" in p for p in found), found
    assert any("p.yaml:19: avertissement : la consultation est close" in p for p in found), found


def test_check_refuses_a_closing_date_that_is_not_a_date_and_accepts_a_years_wording(tmp_path):
    found = problems_of(tmp_path, PROJECT_YAML + """\
timeline:
  - date: printemps 2027
    label: Ouverture
consultation:
  question: Quel nom ?
  options: [Les Tilleuls, Le Jardin]
  closes: fin mars
""")
    assert [p for p in found if "n'est pas une date" in p] == []
    assert any("p.yaml:14: « closes » : date invalide « fin mars »" in p for p in found), found
