"""The bus service (bot/services/bus.py) through the engine at a fixed clock: the departure times
it gives are the demo feed's, read here independently from the GTFS source files; across
midnight; on a holiday removed by calendar_dates; conservative on fares and on-demand transport."""

import csv
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.engine import Engine
from bot.render import Fmt, utf16_len
from bot.services import Ask, first_reply
from bot.services.bus import departures_near

from conftest import ROOT

PARIS = ZoneInfo("Europe/Paris")
FEED = ROOT / "knowledge-sources" / "gtfs-bourg-exemple"


def rows(name):
    with open(FEED / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def expected_next(stop_name, weekday_column, after, n=3):
    """{"Ligne 1 → Gare": ["10h41", …]}: the next `n` departures of each line and direction from
    the stops called `stop_name`, on a day whose services run on `weekday_column`, with no
    exception that day; read straight from the GTFS files, not through bot/transit."""
    stops = {s["stop_id"] for s in rows("stops.txt") if s["stop_name"] == stop_name and s["location_type"] != "1"}
    services = {c["service_id"] for c in rows("calendar.txt") if c[weekday_column] == "1"}
    routes = {r["route_id"]: r["route_short_name"] for r in rows("routes.txt")}
    trips = {t["trip_id"]: t for t in rows("trips.txt") if t["service_id"] in services}
    found = {}
    for st in rows("stop_times.txt"):
        trip = trips.get(st["trip_id"])
        if trip and st["stop_id"] in stops and st["pickup_type"] != "1" and st["departure_time"] >= after:
            key = f"Ligne {routes[trip['route_id']]} → {trip['trip_headsign']}"
            found.setdefault(key, []).append(st["departure_time"][:5].replace(":", "h"))
    return {key: sorted(times)[:n] for key, times in found.items()}


@pytest.fixture
def engine(settings):
    engine = Engine.from_settings(settings, flavour="text")
    engine.clock = lambda: dt.datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)  # a Monday
    return engine


def ask(engine, text, *moment):
    if moment:
        engine.clock = lambda: dt.datetime(*moment, tzinfo=PARIS)
    return engine.on_text(engine.user_key(7), text).messages[0].text


def test_next_bus_at_the_town_hall_gives_the_feeds_times(engine):
    text = ask(engine, "prochain bus à la mairie")
    expected = expected_next("Mairie", "monday", "10:00:00")
    assert len(expected) == 4  # two lines, two directions each, from the Mairie's two platforms
    for line, times in expected.items():
        first = int(times[0][3:]) + 60 * (int(times[0][:2]) - 10)
        assert f"🚌 {line} : {times[0]} (dans {first} min), {times[1]}, {times[2]}" in text, text
    assert "🚌 Ligne 1 → Gare : 10h41 (dans 41 min), 11h41, 12h11" in text  # checked by hand against the feed
    assert "🚌 Ligne 2 → ZA des Prés : 10h41 (dans 41 min), 11h41, 12h41" in text
    assert "Horaires théoriques du réseau Bus Exemple" in text
    decisions = [r["decision"] for r in engine.storage.db.query("select decision from questions")]
    assert decisions == ["service:bus"]


def test_a_stop_name_with_a_typo_is_found(engine):
    text = ask(engine, "quand passe le bus à l'arrêt hopitl ?")
    assert text.startswith("🚏 Hôpital : prochains départs")
    assert f"🚌 Ligne 2 → ZA des Prés : {', '.join(expected_next('Hôpital', 'monday', '10:00:00')['Ligne 2 → ZA des Prés'])}" \
        .replace("10h30", "10h30 (dans 30 min)") in text


def test_the_night_bus_after_midnight(engine):
    """Saturday 23:50: the Saturday evening trip leaves the Gare at 24:25:00, i.e. Sunday 00:25."""
    text = ask(engine, "prochain bus à la gare", 2026, 12, 12, 23, 50)
    assert "🚌 Ligne 1 → Les Vignes : 00h25 (dans 35 min)" in text, text
    text = ask(engine, "prochain bus à la gare", 2026, 12, 13, 0, 10)
    assert "🚌 Ligne 1 → Les Vignes : 00h25 (dans 15 min)" in text, text
    text = ask(engine, "prochain bus à la gare", 2026, 12, 13, 0, 40)
    assert "Plus de bus aujourd'hui à cet arrêt.\nProchain départ : lundi 14/12 06h15 (Ligne 1 → Les Vignes)." in text


def test_christmas_day_has_no_bus_and_says_when_the_next_one_leaves(engine):
    """25 December is removed from the weekday service by calendar_dates.txt; Saturday's first bus
    at the Mairie (from Les Vignes at 08:00, 11 minutes away) is the next."""
    assert ("SEMAINE", "20261225", "2") in {(r["service_id"], r["date"], r["exception_type"]) for r in rows("calendar_dates.txt")}
    text = ask(engine, "prochain bus à la mairie", 2026, 12, 25, 10, 0)
    assert "Plus de bus aujourd'hui à cet arrêt.\nProchain départ : demain 08h11 (Ligne 1 → Gare)." in text, text
    text = ask(engine, "prochain bus à la mairie", 2026, 12, 24, 10, 0)
    assert "10h41 (dans 41 min)" in text


def test_bus_to_a_stop_and_the_last_bus_tonight(engine):
    text = ask(engine, "bus pour la gare")
    assert "🚌 Ligne 1 → Gare (départ Les Vignes) : 10h30 (dans 30 min) → arrivée 10h50" in text, text
    assert "Les Vignes 10h30 · Mairie annexe 10h33 · Les Tilleuls 10h37 · Mairie 10h41" in text
    text = ask(engine, "dernier bus ce soir pour les Vignes")
    assert text.startswith("🚌 Derniers bus ce soir vers l'arrêt Les Vignes")
    assert "🚌 Ligne 1 → Les Vignes (départ Gare) : 20h45 → arrivée 21h05" in text
    text = ask(engine, "bus pour la gare", 2026, 12, 7, 22, 0)
    assert ("Plus de bus aujourd'hui pour Gare.\nProchain départ : demain 06h00 depuis Les Vignes (Ligne 1 → Gare)."
            in text), text
    assert "« bus pour Gare depuis Les Vignes »" in text
    text = ask(engine, "bus pour la gare depuis la mairie", 2026, 12, 7, 10, 0)
    assert "Vers Gare seulement." in text and "🚌 Ligne 1 → Gare : 10h41 (dans 41 min) → arrivée 10h50" in text


def test_a_place_stands_for_its_nearest_stop(engine):
    text = ask(engine, "bus pour la déchetterie depuis la mairie")
    assert "Arrêt le plus proche de « Déchetterie intercommunale du Val d'Exemple » : ZA des Prés (140 m)." in text
    assert "🚌 Ligne 2 → ZA des Prés : 10h41 (dans 41 min) → arrivée 10h54" in text


def test_a_lines_timetable_for_the_rest_of_the_day_fits_one_message(engine):
    text = ask(engine, "ligne 2 horaires", 2026, 12, 7, 6, 0)
    assert text.startswith("🚌 Ligne 2 (Hôpital – ZA des Prés) : départs d'ici ce soir")
    assert "🚌 Ligne 2 → ZA des Prés : 06h30, 07h00, 07h30" in text and "🚌 Ligne 2 → Hôpital : 06h35, 07h05" in text
    assert "Hôpital · Cimetière +4 · École Jules-Ferry +7 · Mairie +11" in text
    assert utf16_len(text) <= 4096
    text = ask(engine, "horaires ligne 1 samedi", 2026, 12, 7, 21, 0)
    assert "départs samedi 12/12" in text and "08h15, 09h15" in text


def test_the_first_bus_tomorrow(engine):
    text = ask(engine, "premier bus demain à la mairie", 2026, 12, 7, 21, 0)
    assert text.startswith("🚏 Mairie : premiers départs demain")
    assert "🚌 Ligne 1 → Gare : 06h11" in text, text


@pytest.mark.parametrize("question", [
    "combien coûte un ticket de bus",
    "transport à la demande",
    "Quels sont les horaires du bus ?",
    "bus",
    "j'ai oublié mon sac dans le bus",
    "Ma mère de 80 ans ne conduit plus et vit dans un hameau sans arrêt de bus. Elle doit aller chez le kiné "
    "deux fois par semaine. Existe-t-il un service qui pourrait venir la prendre chez elle ?",
    "où se garer près de la gare",
    "horaires de la mairie",
    "que mettre à la ligne 1 du formulaire",
])
def test_questions_the_entry_answers_better_are_left_to_it(demo, question):
    """The bus service declines them (the opening-hours service may still take "horaires de la mairie")."""
    now = dt.datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)
    served = first_reply(Ask(question, now, demo, Fmt("html")))
    assert served is None or served[0] != "bus"


def test_departures_near_a_shared_position(demo):
    now = dt.datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)
    message = departures_near(demo, 46.8123, 2.4567, now, Fmt("text"))  # the hôtel de ville's door
    assert message.text.startswith("🚏 Bus au départ des arrêts proches\n\n🚏 Mairie (30 m)")
    assert "🚌 Ligne 1 → Gare : 10h41 (dans 41 min), 11h41" in message.text
    assert message.text.index("Mairie (30 m)") < message.text.index("Médiathèque (")
    assert departures_near(demo, 48.8566, 2.3522, now) is None  # Paris: no stop of this network within 500 m
    html = departures_near(demo, 46.8123, 2.4567, now).text
    assert "<b>Ligne 1 → Gare</b>" in html


def test_a_shared_location_gets_the_next_buses_as_a_section(demo):
    """The bus room's one line in NEAR_SECTIONS (bot/services/nearby.py): the list of what is near,
    then the next buses from the nearest stops."""
    from bot.services import nearby as N

    now = dt.datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)
    listing, *sections = N.reply_near(demo, 46.8123, 2.4567, now, Fmt("text")).messages
    assert "Autour de vous" in listing.text
    [buses] = [m for m in sections if m.text.startswith("🚏 Bus au départ des arrêts proches")]
    assert "🚏 Mairie (30 m)" in buses.text and "10h41 (dans 41 min)" in buses.text
