"""The town's agenda: `events:` checked with path:line (bot/kb/build_events.py), their days
(bot/agenda.py), the agenda service (bot/services/agenda.py) and the dates under an entry."""

import datetime as dt

import pytest

from bot import services as S
from bot.agenda import between, upcoming
from bot.engine import Engine
from bot.kb import load_knowledge
from bot.render import Fmt, render_entry
from bot.services.agenda import reply

PARIS = dt.timezone(dt.timedelta(hours=1))
MONDAY = dt.datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)
D = dt.date


def problems(tmp_path, text):
    (tmp_path / "agenda.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "lieux.yaml").write_text("places:\n  - id: mairie\n    name: Mairie\n", encoding="utf-8")
    knowledge, found = load_knowledge([tmp_path])
    return knowledge, [str(p) for p in found if p.level == "error"]


def test_a_good_agenda_loads(tmp_path):
    knowledge, errors = problems(tmp_path, """events:
  - id: conseil
    title: Conseil municipal
    category: Conseil municipal
    date: 2027-02-04
    time: "19h"
    place: mairie
  - id: marche
    title: Marché
    category: marché
    every: samedi
    except: [2026-12-26]
    time: "08:00-13:00"
  - id: jep
    title: Journées du patrimoine
    category: patrimoine
    from: 2027-09-18
    to: 2027-09-19
""")
    assert errors == []
    conseil, marche, jep = knowledge.events
    assert (conseil.category, conseil.time, conseil.place) == ("conseil-municipal", ("19:00", ""), "mairie")
    assert marche.every == 5 and marche.skip == [D(2026, 12, 26)] and marche.time == ("08:00", "13:00")
    assert (jep.first, jep.last) == (D(2027, 9, 18), D(2027, 9, 19))


@pytest.mark.parametrize("body, line, words", [
    ("    date: 2027-02-30\n", 4, "date"),
    ("    every: samdi\n", 4, "samedi"),
    ("    date: 2027-02-04\n    category: marchés\n", 5, "marche"),
    ("    date: 2027-02-04\n    time: 25:00\n", 5, "heure invalide"),
    ("    date: 2027-02-04\n    place: mairei\n", 5, "mairie"),
    ("    from: 2027-02-04\n", 2, "every: samedi"),
    ("    from: 2027-02-04\n    to: 2027-02-01\n", 5, "avant"),
    ("    every: samedi\n    except: [2026-13-01]\n", 5, "AAAA-MM-JJ"),
    ("    date: 2027-02-04\n    titel: x\n", 5, "title"),
])
def test_mistakes_are_reported_with_their_line_in_french(tmp_path, body, line, words):
    _, errors = problems(tmp_path, "events:\n  - id: e\n    title: Un événement\n" + body)
    assert any(f"agenda.yaml:{line}:" in e and words in e for e in errors), errors


def test_days_of_weekly_and_period_events(demo):
    samedi = next(e for e in demo.events if e.id == "marche-samedi")
    assert [o.day for o in between([samedi], D(2026, 12, 7), D(2026, 12, 20))] == [D(2026, 12, 12), D(2026, 12, 19)]
    jep = next(e for e in demo.events if e.id == "journees-patrimoine-2027")
    assert [(o.day, o.last) for o in between([jep], D(2027, 9, 19), D(2027, 9, 30))] == [(D(2027, 9, 19), D(2027, 9, 19))]
    producteurs = next(e for e in demo.events if e.id == "marche-producteurs")
    assert upcoming([producteurs], D(2026, 12, 7)) == []  # from April only


def answer(demo, text, now=MONDAY):
    found = reply(S.Ask(text, now, demo, Fmt("html")))
    return None if found is None else found.messages[0]


def test_que_faire_ce_week_end(demo):
    message = answer(demo, "que faire ce week-end ?")
    assert message.text.startswith("<b>📅 Agenda de la commune : du samedi 12/12 au dimanche 13/12</b>")
    assert "Grand marché du samedi" in message.text and "Marché de Noël" in message.text


def test_prochain_conseil_municipal(demo):
    message = answer(demo, "prochain conseil municipal")
    lines = message.text.split("\n")
    assert lines[0] == "<b>🏛️ Conseil municipal : prochaines dates</b>"
    assert lines[1] == "• <b>jeudi 17/12</b> à 19h : Conseil municipal — Hôtel de ville de Bourg-Exemple"
    assert "<b>jeudi 04/02/2027</b>" in lines[2]
    assert message.buttons[0][0].data == "e:conseil-municipal"


def test_prochaines_elections_are_marked_fictional(demo):
    text = answer(demo, "prochaines élections").text
    assert "Élection présidentielle, 1er tour" in text
    assert all("date fictive" in line for line in text.split("\n")[1:])


def test_the_market_is_said_once_a_week_and_in_an_entry(demo):
    text = answer(demo, "c'est quand le marché ?").text
    assert "• <b>chaque mercredi</b> de 8h à 13h : Marché de la halle" in text
    assert "• <b>chaque samedi</b> de 8h à 13h : Grand marché du samedi" in text
    entry = render_entry(demo.entries["conseil-municipal"], demo, "plain", today=D(2026, 12, 7)).text
    assert "📅 Prochaines dates\n• jeudi 17/12 à 19h : Conseil municipal" in entry


def test_date_words_inside_an_event_name_do_not_hide_it(demo):
    text = answer(demo, "c'est quand le feu d'artifice du 14 juillet ?").text
    assert "mardi 13/07/2027</b> à 21h" in text


def test_a_day_without_events_says_so_then_gives_the_next(demo):
    text = answer(demo, "marché dimanche quand ?").text
    assert "Rien n'est inscrit" in text and "mercredi 16/12" in text


def test_html_is_escaped(demo, tmp_path):
    knowledge, errors = problems(tmp_path, """events:
  - id: e
    title: "Soirée <jeux> & quiz"
    date: 2026-12-12
""")
    assert errors == []
    text = reply(S.Ask("agenda ce week-end", MONDAY, knowledge, Fmt("html"))).messages[0].text
    assert "Soirée &lt;jeux&gt; &amp; quiz" in text


@pytest.mark.parametrize("question", [
    "m'inscrire pour voter aux prochaines elections",
    "ou faire une procuration pr les elections ?",
    "je ne sais pas quoi faire, ma grand-mère est décédée ce matin, que faire maintenant",
    "quoi faire des tontes de gazon",
    "elle date de quand la grande charpente en chêne sur la place du marché ?",
    "conseil municipal",
    "quel temps fera-t-il ce week-end ?",
])
def test_questions_it_leaves_to_the_matcher(demo, question):
    assert answer(demo, question) is None


def test_through_the_engine_at_a_fixed_clock(settings):
    engine = Engine.from_settings(settings)
    engine.clock = lambda: dt.datetime(2027, 9, 13, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    text = engine.on_text(engine.user_key(3), "que faire ce week-end ?").messages[0].text
    assert "Journées européennes du patrimoine" in text and "samedi 18/09" in text
    rows = list(engine.storage.db.query("select decision from questions"))
    assert [r["decision"] for r in rows] == ["service:agenda"]
