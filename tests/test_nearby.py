"""What is near a shared position (bot/services/nearby.py), its buttons (filters, map pins, tour
stops) through the engine, the sections other rooms add, and the queued forms of photos and pins."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3

import pytest

from bot import actions as A
from bot import wording as W
from bot import wording_services as WS
from bot.engine import Engine
from bot.outbox import Outbox, Outgoing, to_user
from bot.render import Fmt
from bot.render.heritage import CAPTION_MAX, with_photo
from bot.replies import Message
from bot.services import nearby as N

CHURCH = (46.81283, 2.45524)
MONDAY_10H = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
SUNDAY_20H = dt.datetime(2026, 12, 6, 20, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@pytest.fixture
def engine(settings):
    engine = Engine.from_settings(settings)
    engine.clock = lambda: MONDAY_10H
    yield engine
    engine.close()


def text(reply) -> str:
    return "\n".join(m.text for m in reply.messages)


def data(reply) -> list[str]:
    return [b.data for m in reply.messages for row in m.buttons for b in row]


def test_nearest_first_heritage_then_places_with_distance_and_opening(demo):
    reply = N.reply_near(demo, *CHURCH, MONDAY_10H, Fmt("text"))
    listing = reply.messages[0]  # then the sections of NEAR_SECTIONS (buses, zones…)
    assert "1. Église Saint-Martin — moins de 10 m · 🟢 ouvert jusqu'à 18h" in listing.text
    assert "2. Halle aux grains — 310 m" in listing.text
    assert "Hôtel de ville de Bourg-Exemple — 130 m · 🟢 ouvert jusqu'à 12h" in listing.text
    assert "Médiathèque Louise-Michel — 210 m · 🔴 fermé, ouvre demain à 14h" in listing.text  # closed on Mondays
    assert "Église Saint-Martin (visite)" not in listing.text  # its visiting place is the site itself
    assert data(reply)[:2] == ["y:e:eglise-saint-martin", "e:eglise-saint-martin"]
    assert "l:dechets:46.81283:2.45524" in data(reply) and "i:circuit-centre:0" in data(reply)


def test_the_evening_says_when_places_open_and_holiday_notes(demo):
    listing = N.reply_near(demo, *CHURCH, SUNDAY_20H, Fmt("text")).messages[0].text
    assert "Église Saint-Martin — moins de 10 m · 🔴 fermé, ouvre demain à 9h" in listing
    christmas = N.reply_near(demo, *CHURCH, MONDAY_10H.replace(day=25), Fmt("text"), "mairie").messages[0].text
    assert "Hôtel de ville de Bourg-Exemple — 130 m · 🔴 fermé aujourd'hui (Noël), ouvre lundi à 8h30" in christmas
    morning = N.reply_near(demo, 46.7985, 2.4710, MONDAY_10H.replace(hour=9), Fmt("text"), "dechets").messages[0]
    assert "Déchetterie intercommunale du Val d'Exemple — moins de 10 m · 🔴 fermé, ouvre à 14h" in morning.text


def test_one_family_lists_more_with_addresses_and_a_way_back(demo):
    (schools,) = N.reply_near(demo, *CHURCH, MONDAY_10H, Fmt("html"), "ecoles").messages
    assert "Autour de vous : 🏫 Écoles" in schools.text
    names = [line for line in schools.text.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert [n.split(" — ")[0] for n in names] == ["1. <b>École élémentaire Jules-Ferry</b>",
                                                  "2. <b>Multi-accueil Les P'tits Loups et Relais petite enfance</b>",
                                                  "3. <b>École maternelle Les Tilleuls</b>"]
    assert "14 rue de l'École" in schools.text
    labels = [b.label for row in schools.buttons for b in row]
    assert "📍 Tout" in labels and "🏫 Écoles" not in labels


def test_far_from_the_town_and_a_town_without_map(demo):
    paris = N.reply_near(demo, 48.8566, 2.3522, MONDAY_10H, Fmt("text")).messages[0].text
    assert "Vous semblez loin de Bourg-Exemple : le lieu le plus proche est à 227 km." in paris
    from bot.kb import Knowledge
    empty = N.reply_near(Knowledge(), *CHURCH, MONDAY_10H, Fmt("text"))
    assert "Je ne connais pas encore l'emplacement des lieux" in text(empty)


def test_family_of_unknown_kinds_is_others():
    assert N.family_of("piscine") == "sport" and N.family_of("pharmacie") == "sante"
    assert N.family_of("cimetiere") == N.OTHERS
    assert set(N.FAMILY_KINDS) | {N.HERITAGE, N.OTHERS} == set(WS.NEAR_FAMILIES)


def test_sections_add_one_message_each_and_a_failing_one_is_left_out(demo, monkeypatch, caplog):
    def buses(spot: N.Spot) -> Message | None:
        assert spot.now == MONDAY_10H and spot.knowledge is demo
        return Message(spot.fmt.esc(f"🚌 Ligne 2 à {spot.lat:.4f}"))

    def broken(spot: N.Spot) -> Message | None:
        raise RuntimeError(f"where the citizen stands: {spot.lat}")

    monkeypatch.setattr(N, "NEAR_SECTIONS", [broken, buses, lambda spot: None])
    with caplog.at_level(logging.ERROR):
        reply = N.reply_near(demo, *CHURCH, MONDAY_10H, Fmt("html"))
    assert [m.text for m in reply.messages[1:]] == ["🚌 Ligne 2 à 46.8128"]
    assert "near section broken failed: builtins.RuntimeError" in caplog.text and "46.81283" not in caplog.text
    assert len(N.reply_near(demo, *CHURCH, MONDAY_10H, Fmt("html"), "sport").messages) == 1  # a filter: the list only


def test_a_position_through_the_engine_counts_and_is_not_recorded(engine):
    lea = engine.user_key(1)
    engine.flood.per_minute = 2
    assert "Église Saint-Martin" in text(engine.on_location(lea, *CHURCH, chat=5))
    assert engine.on_location(lea, float("nan"), 2.45).messages[0].text.startswith("Je n'ai pas pu lire")
    assert text(engine.on_location(lea, *CHURCH, chat=5)) == W.FLOOD_NOTICE  # the third in a minute
    assert engine.on_location(lea, *CHURCH, chat=5).messages == []
    assert engine.storage.db["questions"].count == 0


def test_a_position_while_writing_a_report_goes_to_the_report(engine):
    lea = engine.user_key(1)
    engine.on_report(lea, chat=5)
    category = next(iter(engine.knowledge.report_categories))
    engine.on_button(lea, A.encode(A.ReportIn(category)), chat=5)
    reply = engine.on_location(lea, *CHURCH, chat=5)
    assert "Autour de vous" not in text(reply) and "Décrivez" in text(reply)


def test_buttons_filter_in_place_pin_and_walk_the_tour(engine):
    lea = engine.user_key(1)
    filtered = engine.on_button(lea, A.encode(A.NearBy("patrimoine", *CHURCH)))
    assert filtered.edit and "Autour de vous : 🏰 Patrimoine" in text(filtered)
    (pin,) = engine.on_button(lea, "y:p:mairie").messages
    assert pin.venue.title == "Hôtel de ville de Bourg-Exemple" and pin.venue.lat == 46.8123
    assert "1 place de la République" in pin.text  # the console shows the pin in words
    first = engine.on_button(lea, "i:circuit-centre:0").messages
    assert first[0].photo.endswith("patrimoine/photos/eglise-saint-martin.jpg") and "étape 1/5" in first[0].text
    last = engine.on_button(lea, "i:circuit-centre:4").messages[-1]
    assert "fin du circuit" in last.text and [b.data for row in last.buttons for b in row] == ["y:e:lavoir-du-moulin"]


@pytest.mark.parametrize("forged", [
    "l::91.00000:2.45524", "l::46.8:181", "l::nan:2.4", "l::46.8", "l:zzz:46.81283:2.45524", "l:é:46.8:2.4",
    "l::46.812831:2.4", "y:x:mairie", "y:p:nope", "y:e:mairie-inconnue", "y:e:encombrants", "y:p:",
    "i:circuit-centre:5", "i:circuit-centre:-1", "i:eglise-saint-martin:0", "i:nope:0", "i:circuit-centre:²",
])
def test_forged_near_buttons_expire_quietly(engine, forged, caplog):
    with caplog.at_level(logging.ERROR):
        reply = engine.on_button(engine.user_key(2), forged)
    assert reply.toast == "Bouton expiré" and caplog.records == [], forged


def test_button_data_fits_and_round_trips():
    for action in (A.NearBy("", -89.999999, -179.999999), A.NearBy("patrimoine", 46.81283, 2.45524),
                   A.MapPin("e", "e" * 48), A.TourStop("t" * 48, 39)):
        wire = A.encode(action)
        assert wire is not None and len(wire.encode()) <= 64
        back = A.decode(wire)
        assert type(back) is type(action)
    assert A.decode(A.encode(A.NearBy("", 46.812834, 2.455236))) == A.NearBy("", 46.81283, 2.45524)
    assert A.is_free(A.NearBy("", 1.0, 2.0)) and not A.is_free(A.TourStop("x", 0))


def test_start_invites_to_share_a_position_in_private_only(engine):
    lea = engine.user_key(1)
    private = engine.on_start(lea, private=True).messages
    assert private[-1].ask_location == "📍 Autour de moi" and "Autour de moi" in private[-1].text
    assert all(not m.ask_location for m in engine.on_start(lea).messages)
    assert engine.on_help(lea, private=True).messages[-1].ask_location


def test_a_long_stop_story_keeps_the_photo_and_moves_the_text():
    short = with_photo("/x.jpg", "court", [], "titre")
    assert [(m.photo, m.text) for m in short] == [("/x.jpg", "court")]
    long = with_photo("/x.jpg", "é" * (CAPTION_MAX + 1), [[]], "titre")
    assert [(m.photo, m.text[:5]) for m in long] == [("/x.jpg", "titre"), ("", "ééééé")]


def test_photos_and_venues_survive_the_queue_and_an_old_queue_gets_its_column(tmp_path):
    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    conn.execute("create table outbox (id integer primary key, created real not null, target text not null, "
                 "method text not null, text text not null default '', buttons text not null default '[]', "
                 "photo text not null default '', lat real, lon real, message_id integer not null default 0, "
                 "ask_location text not null default '', purpose text not null default '', "
                 "attempts integer not null default 0, next_at real not null)")
    conn.execute("insert into outbox (created, target, method, text, next_at) values (0, 'user:k', 'send', 'vieux', 0)")
    outbox = Outbox(conn)
    outbox.put([Outgoing(to_user("k"), "Pont Vieux", method="venue", lat=46.809, lon=2.453,
                         address="Rue du Pont Vieux"),
                Outgoing(to_user("k"), "🏰 <b>Église</b>", method="upload", photo="/k/eglise.jpg")])
    old, venue, photo = outbox.due()
    assert old.text == "vieux" and old.address == ""
    assert (venue.method, venue.text, venue.address, venue.lat) == ("venue", "Pont Vieux", "Rue du Pont Vieux", 46.809)
    assert (photo.method, photo.photo) == ("upload", "/k/eglise.jpg")


def test_a_pin_without_an_address_still_has_one_for_telegram():
    from handlers.keyboard import outgoing
    from bot.replies import Venue

    queued = outgoing("chat:1", Message("📍 Lavoir", venue=Venue(46.8, 2.4, "Lavoir", "")))
    assert (queued.method, queued.text, queued.address) == ("venue", "Lavoir", "Lavoir")
    photo = outgoing("chat:1", Message("légende", [[]], photo="/k/x.jpg"), edit_id=7)
    assert (photo.method, photo.photo, photo.message_id) == ("upload", "/k/x.jpg", 0)  # a photo is never an edit
