"""Address-based answers (bot/zones, bot/services/zones.py): point in polygon with holes and
multi-part zones, collection days and their next dates, street matching that forgives typos and
abbreviations, the service at a fixed clock, and `guichet check` on zone files (path:line)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot import services as S
from bot.engine import Engine
from bot.kb import load_knowledge
from bot.render import Fmt
from bot.render.format import plain
from bot.services.zones import zones_here
from bot.zones.days import Schedule, next_passages, parse_days
from bot.zones.geometry import in_parts, in_polygon
from bot.zones.model import Street, parse_numbers
from bot.zones.overlap import parts_overlap
from bot.zones.streets import Address, Ambiguous, StreetIndex, Unknown, find_address

from conftest import DEMO_TOWN

PARIS = dt.timezone(dt.timedelta(hours=1))
SQUARE = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0))
HOLE = ((4.0, 4.0), (4.0, 6.0), (6.0, 6.0), (6.0, 4.0), (4.0, 4.0))
FAR = ((20.0, 0.0), (22.0, 0.0), (22.0, 2.0), (20.0, 2.0), (20.0, 0.0))
CONCAVE = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (5.0, 2.0), (0.0, 10.0), (0.0, 0.0))  # a "V"


# --------------------------------------------------------------------------- geometry


def test_point_in_polygon_respects_holes():
    donut = (SQUARE, HOLE)
    assert in_polygon(donut, 1, 1) and in_polygon(donut, 9, 5)
    assert not in_polygon(donut, 5, 5)          # in the hole
    assert not in_polygon(donut, 11, 5) and not in_polygon(donut, -1, -1)


def test_point_in_a_concave_polygon_and_in_a_multipolygon():
    assert in_polygon((CONCAVE,), 1, 5) and in_polygon((CONCAVE,), 9, 5)
    assert not in_polygon((CONCAVE,), 5, 6)     # in the notch of the V
    parts = ((SQUARE, HOLE), (FAR,))
    assert in_parts(parts, 21, 1) and in_parts(parts, 1, 1)
    assert not in_parts(parts, 15, 1) and not in_parts(parts, 5, 5)


def test_overlap_is_told_from_a_shared_border():
    left = (((0.0, 0.0), (5.0, 0.0), (5.0, 10.0), (0.0, 10.0), (0.0, 0.0)),)
    right = (((5.0, 0.0), (10.0, 0.0), (10.0, 10.0), (5.0, 10.0), (5.0, 0.0)),)
    sliver = (((4.9, 0.0), (10.0, 0.0), (10.0, 10.0), (4.9, 10.0), (4.9, 0.0)),)
    inside = (((1.0, 1.0), (2.0, 1.0), (2.0, 2.0), (1.0, 2.0), (1.0, 1.0)),)
    assert not parts_overlap((left,), (right,))
    assert parts_overlap((left,), (sliver,))
    assert parts_overlap((left,), (inside,)) and parts_overlap((inside,), (left,))
    assert parts_overlap((left,), (left,))      # the same zone drawn twice
    assert not parts_overlap(((SQUARE, HOLE),), (((HOLE[0], HOLE[3], HOLE[2], HOLE[1], HOLE[0]),),))  # fills the hole


def test_the_demo_maps_hold_the_towns_places_in_the_right_zones(demo):
    def zones_of(lat, lon):
        return {layer.id: zone.name for layer, zone in demo.zones.at(lon, lat)}

    assert zones_of(46.8123, 2.4567) == {"collecte": "Centre", "bureaux-de-vote": "1", "secteurs-scolaires": "Centre-bourg"}
    assert zones_of(46.8201, 2.4702)["collecte"] == "Les Vignes"        # the annex, in the Vignes
    assert zones_of(46.7980, 2.4750)["collecte"] == "Les Vignes"        # the hamlet: a second part
    assert zones_of(46.7985, 2.4710)["collecte"] == "Sud"               # the tip, beside the hamlet
    assert zones_of(46.8150, 2.4545)["collecte"] == "Nord"              # around the centre's hole
    assert zones_of(47.5, 2.45) == {}


# --------------------------------------------------------------------------- days


def test_collection_days_are_read_as_clerks_write_them():
    assert parse_days("lundi et jeudi").days == (0, 3)
    assert parse_days("Jeudi (semaines paires)") == Schedule((3,), 0, "Jeudi (semaines paires)")
    assert parse_days("les mardis, semaines impaires").parity == 1
    assert parse_days("mardi, vendredi").days == (1, 4)
    for wrong in ("lundo", "tous les jours", "", "lundi et lundi"):
        assert parse_days(wrong) is None, wrong


def test_next_passages_follow_iso_week_parity_and_move_after_a_holiday():
    def no_holidays(year):
        return {}

    thursday_even = parse_days("jeudi (semaines paires)")
    monday = dt.date(2026, 12, 7)  # ISO week 50
    assert [p.day for p in next_passages(thursday_even, monday, no_holidays, False)] == [dt.date(2026, 12, 10), dt.date(2026, 12, 24)]
    easter_monday = {dt.date(2027, 3, 29): "Lundi de Pâques"}
    found = next_passages(parse_days("lundi"), dt.date(2027, 3, 27), lambda y: easter_monday, True)
    assert found[0].day == dt.date(2027, 3, 30) and found[0].moved_from == "Lundi de Pâques"
    assert next_passages(parse_days("lundi"), dt.date(2027, 3, 27), lambda y: easter_monday, False)[0].day == dt.date(2027, 3, 29)


# --------------------------------------------------------------------------- streets

NAMES = ["rue des Lilas", "avenue de la Gare", "impasse des Roses", "rue des Roses", "boulevard Jean-Jaurès",
         "rue du Général-de-Gaulle", "chemin du Moulin", "rue de l'École", "chemin des Prés", "rue du Commerce",
         "place du 8 Mai 1945"]
INDEX = StreetIndex.of([Street(n) for n in NAMES])


def street(text, avoid=("ecole", "poubelles")):
    found = find_address(text, INDEX, frozenset(avoid))
    return (found.street.name, found.number) if isinstance(found, Address) else found


@pytest.mark.parametrize("text, name, number", [
    ("quel jour passent les poubelles rue des Lilas ?", "rue des Lilas", None),
    ("j'habite 12 rue des Lilas", "rue des Lilas", 12),
    ("12, r. des lilas", "rue des Lilas", 12),
    ("12bis rue des lilas", "rue des Lilas", 12),
    ("rue des Lilas n° 45", "rue des Lilas", 45),
    ("rue des lillas", "rue des Lilas", None),            # a letter too many
    ("rue des lilsa", "rue des Lilas", None),             # two letters swapped
    ("av de la gare", "avenue de la Gare", None),
    ("Avenue de la Gare", "avenue de la Gare", None),
    ("bd jean jaures", "boulevard Jean-Jaurès", None),
    ("blvd Jean Jaurès", "boulevard Jean-Jaurès", None),
    ("bd jeanjaures", "boulevard Jean-Jaurès", None),     # glued
    ("rue du gal de gaulle", "rue du Général-de-Gaulle", None),
    ("chem. du moulin", "chemin du Moulin", None),
    ("rue du moulin", "chemin du Moulin", None),          # the wrong type: the name decides
    ("5 imp des roses", "impasse des Roses", 5),
    ("3 des Lilas", "rue des Lilas", 3),                  # no "rue", a number
    ("j'habite aux Lilas", "rue des Lilas", None),        # no "rue", an article
    ("3 place du 8 mai 1945", "place du 8 Mai 1945", 3),  # numbers in the name are not house numbers
])
def test_street_names_are_found_despite_typos_abbreviations_and_a_missing_type(text, name, number):
    assert street(text) == (name, number)


def test_what_is_not_a_street_is_left_alone():
    assert street("quelle école pour mon fils") is None   # the subject of the question, not rue de l'École
    assert street("je vote près de chez moi") is None     # "près" is not chemin des Prés
    assert street("poubelles lilas") is None              # one bare word: no article, no number, no type
    assert street("hésite entre une fac et une école de commerce") is None
    assert street("les poubelles restent dans la rue depuis 3 jours") is None
    assert street("voter à ma place ?") is None


def test_an_ambiguous_name_and_an_unknown_street_are_said_as_such():
    found = find_address("poubelles des roses", INDEX)
    assert isinstance(found, Ambiguous) and {s.name for s in found.streets} == {"rue des Roses", "impasse des Roses"}
    found = find_address("poubelles rue des Licornes", INDEX)
    assert isinstance(found, Unknown) and found.said == "rue des Licornes"
    found = find_address("poubelles 8 avenue Foch svp", INDEX)
    assert isinstance(found, Unknown) and found.said == "8 avenue Foch"
    assert find_address("poubelles rue des Lilac", INDEX).street.name == "rue des Lilas"


def test_house_numbers_of_a_split_street():
    assert parse_numbers("1-39").holds(39) and not parse_numbers("1-39").holds(40)
    assert parse_numbers("40+").holds(1000) and parse_numbers("pairs").holds(12) and not parse_numbers("pairs").holds(13)
    assert parse_numbers("1-39 impairs").holds(7) and not parse_numbers("1-39 impairs").holds(8)
    assert parse_numbers("1 à 39").high == 39
    assert parse_numbers("40 et plus").low == 40
    assert parse_numbers("beaucoup") is None and parse_numbers("39-1") is None


# --------------------------------------------------------------------------- the service


@pytest.fixture
def engine(settings):
    engine = Engine.from_settings(settings, flavour="text")
    engine.clock = lambda: dt.datetime(2026, 12, 7, 18, 30, tzinfo=PARIS)  # Monday 7 December 2026, ISO week 50
    return engine


def ask(engine, text):
    reply = engine.on_text(engine.user_key(7), text)
    return "\n".join(plain(m) + "".join(f"\n[{b.label}]" for row in m.buttons for b in row) for m in reply.messages)


def test_collection_day_for_a_street_at_a_fixed_clock(engine):
    said = ask(engine, "quel jour passent les poubelles 45 rue des Lilas ?")
    assert "Collecte des déchets : 45 rue des Lilas" in said and "Secteur Sud" in said
    assert "Ordures ménagères (bac gris) : mardi, prochain passage mardi 8 décembre" in said
    assert "Emballages et papiers (bac jaune) : vendredi (semaines impaires), prochain passage vendredi 18 décembre" in said
    assert "📋 Collecte des poubelles" in said  # the entry, one button away
    rows = list(engine.storage.db.query("select decision from questions"))
    assert rows[-1]["decision"] == "service:zones"


def test_a_collection_today_is_said_with_the_next_one(engine):
    said = ask(engine, "poubelles 12 rue des Lilas")  # Nord: Mondays
    assert "lundi, prochain passage aujourd'hui lundi 7 décembre, puis lundi 14 décembre" in said


def test_a_collection_on_a_public_holiday_moves_to_the_next_day(engine):
    engine.clock = lambda: dt.datetime(2027, 3, 27, 9, 0, tzinfo=PARIS)  # Saturday before Easter Monday
    said = ask(engine, "ordures ménagères 12 rue des Lilas")
    assert "prochain passage mardi 30 mars (décalé : Lundi de Pâques)" in said
    assert "Emballages" not in said  # the question named the grey bin only


def test_a_split_street_without_number_lists_its_parts(engine):
    said = ask(engine, "collecte du tri rue des Lilas")
    assert "Cela dépend du numéro" in said and "N° 1 à 39 : Secteur Nord" in said and "N° 40 et plus : Secteur Sud" in said
    assert "12 rue des Lilas" in said  # how to ask for a direct answer
    said = ask(engine, "collecte du tri 7 rue du Chemin-de-Fer")
    assert "Secteur Sud" in said and "Secteur Nord" not in said  # odd side


def test_polling_station_and_school_from_an_address(engine):
    said = ask(engine, "je vote où ? j'habite 12 rue des Lilas")
    assert "Bureau de vote : 12 rue des Lilas" in said and "Bureau 4" in said
    assert "École maternelle Les Tilleuls, 2 allée des Tilleuls" in said
    said = ask(engine, "quelle école pour le 5 impasse des Roses")
    assert "Secteur Les Vignes" in said and "École primaire des Vignes" in said


def test_a_street_that_is_not_found_gets_an_honest_reply(engine):
    said = ask(engine, "quel jour passent les poubelles rue des Licornes ?")
    assert "Je ne trouve pas « rue des Licornes » parmi les rues de Bourg-Exemple" in said
    assert "par exemple « 12 " in said and "Secteur" not in said


def test_procedures_and_questions_without_an_address_stay_with_the_entries(demo):
    now = dt.datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)
    for text in ("comment s'inscrire sur les listes électorales", "quel jour passent les poubelles ?",
                 "mon bac jaune est cassé, 12 rue des Lilas", "inscription à l'école 5 impasse des Roses",
                 "procuration 12 rue des Lilas", "nid de poule rue des Lilas"):
        assert S.first_reply(S.Ask(text, now, demo, Fmt("text"))) is None, text


def test_the_zones_of_a_shared_position(demo):
    message = zones_here(demo, 46.8128, 2.4552, dt.datetime(2026, 12, 7, 10, 0, tzinfo=PARIS), Fmt("text"))  # the church
    text = plain(message)
    assert "Collecte des déchets : Secteur Centre" in text and "lundi et jeudi, prochain passage aujourd'hui lundi 7 décembre" in text
    assert "Bureau de vote : Bureau 1" in text and "Hôtel de ville" in text and "Secteur Centre-bourg" in text
    assert zones_here(demo, 48.85, 2.35, dt.datetime(2026, 12, 7, 10, 0, tzinfo=PARIS), Fmt("text")) is None


# --------------------------------------------------------------------------- guichet check

LAYER = "layer:\n  title: Collecte\n  words: [poubelles]\n  fields:\n    - key: jour\n      type: days\n"
PLACES = "places:\n  - id: mairie\n    name: Mairie\n    geo: {lat: 46.8123, lon: 2.4567}\n"
GOOD_RING = [[2.45, 46.81], [2.46, 46.81], [2.46, 46.82], [2.45, 46.82], [2.45, 46.81]]


def feature(name, ring, **props):
    return {"type": "Feature", "properties": {"name": name, **props}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def collection(*features):
    """A map as QGIS writes it: one feature per line, so that each has its own line."""
    return ('{"type": "FeatureCollection", "features": [\n'
            + ",\n".join(json.dumps(f) for f in features) + "\n]}\n")


def problems_of(tmp_path, files):
    for name, text in {"lieux.yaml": PLACES, **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    knowledge, problems = load_knowledge([tmp_path])
    return knowledge, [(Path(p.path).name, p.line, p.level, p.message) for p in problems]


@pytest.mark.parametrize("bad, line, fragment", [
    (feature("B", GOOD_RING[:-1] + [[2.45, 46.815]]), 3, "contour non fermé"),
    (feature("B", [[lat, lon] for lon, lat in GOOD_RING]), 3, "longitude et latitude inversées en [46.81, 2.45]"),
    (feature("B", [[lon + 3, lat] for lon, lat in GOOD_RING]), 3, "hors de la commune"),
    ({"type": "Feature", "properties": {"name": "B"}, "geometry": {"type": "Point", "coordinates": [2.45, 46.81]}}, 3,
     "une zone est une surface"),
    (feature("B", GOOD_RING, jour="lundo"), 3, "jours illisibles « lundo »"),
    (feature("", GOOD_RING), 3, "zone sans nom"),
    (feature("A", GOOD_RING), 3, "zone « A » définie deux fois"),
    (feature("B", GOOD_RING[:2] + GOOD_RING[:1]), 3, "au moins 4 points"),
])
def test_zone_map_mistakes_are_reported_at_their_line(tmp_path, bad, line, fragment):
    other = feature("A", [[2.40, 46.80], [2.41, 46.80], [2.41, 46.805], [2.40, 46.805], [2.40, 46.80]], jour="lundi")
    _, problems = problems_of(tmp_path, {"zones/collecte.yaml": LAYER, "zones/collecte.geojson": collection(other, bad)})
    assert [(p[0], p[1]) for p in problems if p[2] == "error"] == [("collecte.geojson", line)], problems
    assert fragment in problems[0][3]


def test_json_syntax_errors_have_their_line(tmp_path):
    text = collection(feature("A", GOOD_RING)).replace('"Feature",', '"Feature"', 1)
    _, problems = problems_of(tmp_path, {"zones/collecte.yaml": LAYER, "zones/collecte.geojson": text})
    assert problems == [("collecte.geojson", 2, "error", problems[0][3])] and "virgule manquante" in problems[0][3]


def test_overlaps_unknown_properties_and_missing_files_are_told(tmp_path):
    shifted = [[lon + 0.005, lat] for lon, lat in GOOD_RING]
    text = collection(feature("A", GOOD_RING, jour="lundi"), feature("B", shifted, jours="mardi"))
    _, problems = problems_of(tmp_path, {"zones/collecte.yaml": LAYER, "zones/collecte.geojson": text,
                                         "zones/ecoles.geojson": collection(feature("X", GOOD_RING))})
    assert [p[:3] for p in problems] == [("collecte.geojson", 3, "warning"), ("collecte.geojson", 3, "warning"),
                                         ("ecoles.geojson", 1, "error")]
    assert "propriété « jours » inconnue" in problems[0][3] and "Vouliez-vous dire « jour » ?" in problems[0][3]
    assert "la zone « B » chevauche la zone « A » (ligne 2)" in problems[1][3]
    assert "carte sans description : créez « ecoles.yaml »" in problems[2][3]


def test_street_index_mistakes_are_reported_at_their_line(tmp_path):
    streets = ("streets:\n"
               "  - name: rue des Lilas\n"
               "    collecte: Nrod\n"                       # 3: a zone that is not on the map
               "  - name: rue des Roses\n"
               "    colecte: A\n"                           # 5: a layer that does not exist
               "  - name: avenue de la Gare\n"
               "    collecte: {1-39: A, 30+: A}\n"          # 7: parts that overlap
               "  - name: rue Pasteur\n"
               "    geo: {lat: 46.8150, lon: 2.4550}\n"
               "    collecte: A\n"                          # 8: its point is in no zone A
               "  - name: Rue des lilas\n")                 # 11: twice
    ring = GOOD_RING
    knowledge, problems = problems_of(tmp_path, {"zones/collecte.yaml": LAYER,
                                                 "zones/collecte.geojson": collection(feature("A", [[2.40, 46.80], [2.41, 46.80], [2.41, 46.805], [2.40, 46.805], [2.40, 46.80]]), feature("Nord", ring)),
                                                 "zones/rues.yaml": streets})
    lines = {(p[1], p[2]): p[3] for p in problems}
    assert "zone « Nrod » introuvable dans la carte « collecte ». Vouliez-vous dire « Nord » ?" in lines[(3, "error")]
    assert "clé inconnue « colecte »" in lines[(5, "error")] and "collecte" in lines[(5, "error")]
    assert "recoupent « 1-39 »" in lines[(7, "error")]
    assert "son point (geo) est dans la zone « Nord »" in lines[(8, "warning")]
    assert "déjà dans l'index" in lines[(11, "error")]
    assert len(problems) == 5, problems
    assert [s.name for s in knowledge.zones.streets] == ["rue des Lilas", "rue des Roses", "avenue de la Gare", "rue Pasteur"]


def test_the_demo_town_zones_are_valid():
    knowledge, problems = load_knowledge([DEMO_TOWN])
    assert not [p for p in problems if "zones" in p.path], problems
    assert set(knowledge.zones.layers) == {"collecte", "bureaux-de-vote", "secteurs-scolaires"}
    assert len(knowledge.zones.streets) >= 25


def test_a_shared_location_brings_the_zones_under_what_is_near(engine):
    """The zones room's NEAR_SECTIONS line: the location reply ends with this spot's zones."""
    reply = engine.on_location(engine.user_key(7), 46.8128, 2.4552)  # beside the église Saint-Martin
    texts = [plain(m) for m in reply.messages]
    zones = [t for t in texts if t.startswith("🗺️ À cet endroit")]
    assert len(zones) == 1 and "Collecte des déchets : Secteur Centre" in zones[0] and "Bureau 1" in zones[0]


def test_a_broken_map_is_one_problem_not_one_per_street(tmp_path):
    """A zone refused (unclosed ring) or a map that does not parse is reported once, on the map:
    the streets of the index that name it are not reported again."""
    streets = "streets:\n  - name: rue des Lilas\n    collecte: B\n  - name: rue des Roses\n    ecoles: X\n"
    unclosed = feature("B", GOOD_RING[:-1] + [[2.45, 46.815]])
    _, problems = problems_of(tmp_path, {"zones/collecte.yaml": LAYER, "zones/collecte.geojson": collection(unclosed),
                                         "zones/ecoles.yaml": LAYER, "zones/ecoles.geojson": "{\"type\": \"Feature\"",
                                         "zones/rues.yaml": streets})
    assert sorted(p[:2] for p in problems) == [("collecte.geojson", 2), ("ecoles.geojson", 1)], problems


def test_through_telegram_the_answers_are_valid_html_and_their_button_opens_the_entry(tmp_path):
    """The real bot and the strict fake Bot API (HTML entities, limits): a street answer, its
    button to the entry, and a directory contact."""
    from tests.harness import DEMO, ask as ask_bot, press, run, running_bot

    async def scenario():
        async with running_bot(tmp_path, knowledge=DEMO) as (api, engine):
            engine.clock = lambda: dt.datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)
            lea = api.user("Léa")
            (answer,) = await ask_bot(api, lea, "quel jour passent les poubelles 45 rue des Lilas ?")
            assert "Collecte des déchets : 45 rue des Lilas" in answer.text and "Secteur Sud" in answer.text
            await press(api, answer, label="📋 Collecte des poubelles et tri sélectif (calendrier, bacs)")
            assert "Collecte des poubelles et tri sélectif" in api.last_sent(lea.id).text
            (police,) = await ask_bot(api, lea, "numéro de la police municipale")
            assert "01 99 00 17 17" in police.text

    run(scenario())
