"""Value-added services (bot/services): a claimed question is answered and recorded by the service,
and no service claims the town's "how do I…" questions that an entry answers better."""

import datetime as dt
from pathlib import Path

import yaml

from bot import services as S
from bot.engine import Engine
from bot.render import Fmt
from bot.replies import Message, Reply

from conftest import ROOT

# Entries whose questions a service may rightly claim: hours, places, buses, collection days,
# polling stations, meetings and events, heritage to visit. Any other claim hides a procedure.
SERVICE_LIKE = {
    "horaires-mairie", "dechetterie", "transports-en-commun", "bureau-de-vote", "collecte-tri",
    "conseil-municipal", "marche", "mediatheque", "piscine", "encombrants", "dechets-verts",
    "eglise-saint-martin", "chateau-de-la-motte", "halle-aux-grains", "lavoir-du-moulin",
    "monument-aux-morts", "pont-vieux", "contacter-elu", "objets-trouves", "cimetiere-concession",
}


def test_a_claimed_question_is_answered_and_recorded_by_the_service(settings, monkeypatch):
    def weather(ask):
        return Reply([Message("☀️")]) if "soleil" in ask.text else None

    monkeypatch.setattr(S, "SERVICES", [("meteo", weather)])
    engine = Engine.from_settings(settings)
    engine.clock = lambda: dt.datetime(2026, 12, 25, 9, 0, tzinfo=dt.timezone.utc)
    key = engine.user_key(5)
    assert engine.on_text(key, "du soleil demain ?").messages[0].text == "☀️"
    assert engine.on_text(key, "encombrants").messages[0].text != "☀️"
    rows = list(engine.storage.db.query("select decision from questions order by id"))
    assert [r["decision"] for r in rows] == ["service:meteo", "answer"]
    assert engine.today() == dt.date(2026, 12, 25) and engine.now().tzinfo is not None


# Out of scope when their set was written, answered since by the directory (knowledge/annuaire.yaml):
# the on-call pharmacy (3237) and the comité des fêtes that runs the brocante. Not slips.
ANSWERED_SINCE = {"pharmacie de garde", "pharmacie de garde ce dimanche", "c'est quand le prochain vide grenier"}


def _town_cases():
    for path in sorted((ROOT / "tests" / "eval").glob("local*.yaml")):
        yield from yaml.safe_load(path.read_text(encoding="utf-8"))


def test_services_claim_no_procedure_question_of_the_town(demo):
    """Over every town evaluation question, a service may claim only those whose right answer is a
    service-like entry; at most two slips are tolerated (a service that claims a procedure
    question, or an out-of-scope one, shows here)."""
    now = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    slips = []
    for case in _town_cases():
        served = S.first_reply(S.Ask(case["q"], now, demo, Fmt("html")))
        if served is not None and not set(case["expect"]) & SERVICE_LIKE and case["q"] not in ANSWERED_SINCE:
            slips.append((served[0], case["q"]))
    assert len(slips) <= 2, slips
