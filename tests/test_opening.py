"""Opening status (bot/opening.py) and its French words (bot/render/opening.py): open now until when,
opens later today, closed today because of a public holiday or an exception, and the next opening."""

import datetime as dt

from bot.kb import Place
from bot.kb.place_kinds import kind_of
from bot.opening import status_at
from bot.render.opening import day_sentences, hhmm, now_sentences, open_label, ranges_fr

PARIS = dt.timezone(dt.timedelta(hours=1))


def at(y, m, d, hh=10, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=PARIS)


def test_open_now_until_the_end_of_the_range(demo):
    mairie = demo.places["mairie"]
    status = status_at(mairie, at(2026, 12, 7, 10, 0))  # a Monday
    assert status.state == "open" and status.until == "12:00" and status.is_open
    assert open_label(status) == "🟢 ouvert jusqu'à 12h"
    assert now_sentences(status, kind_of(mairie)) == ["🟢 La mairie est ouverte en ce moment, jusqu'à 12h."]


def test_closed_at_lunch_opens_at_13h30(demo):
    mairie = demo.places["mairie"]
    status = status_at(mairie, at(2026, 12, 7, 12, 30))
    assert status.state == "later" and status.opens_at == "13:30"
    assert open_label(status) == "🔴 fermé, ouvre à 13h30"
    assert "elle ouvre à 13h30" in now_sentences(status, kind_of(mairie))[0]


def test_on_a_public_holiday_closed_and_why_and_the_next_opening(demo):
    dechetterie = demo.places["dechetterie"]
    status = status_at(dechetterie, at(2026, 12, 25, 10, 0))
    assert status.state == "closed" and status.holiday == "Noël"
    assert status.next_opening.day == dt.date(2026, 12, 26)
    assert now_sentences(status, kind_of(dechetterie)) == [
        "🔴 La déchetterie est fermée aujourd'hui (jour férié : Noël).",
        "Prochaine ouverture : samedi 26/12 de 9h à 12h et de 14h à 18h."]
    assert open_label(status) == "🔴 fermé aujourd'hui (Noël), ouvre demain à 9h"


def test_an_exception_sets_the_day_and_says_why(demo):
    mairie = demo.places["mairie"]
    status = status_at(mairie, at(2026, 12, 24, 0, 0))
    assert status.ranges == (("08:30", "12:00"),) and status.note.startswith("Veille de Noël")
    text = day_sentences(status, kind_of(mairie), dt.date(2026, 12, 7))
    assert text == ["Le jeudi 24/12, la mairie est ouverte de 8h30 à 12h (Veille de Noël, fermeture à midi)."]


def test_a_long_closure_finds_its_reopening(demo):
    piscine = demo.places["piscine"]
    status = status_at(piscine, at(2027, 1, 5, 12, 30))
    assert status.state == "closed" and status.note == "Vidange technique annuelle."
    assert status.next_opening.day == dt.date(2027, 1, 18)
    assert open_label(status) == "🔴 fermé aujourd'hui (Vidange technique annuelle), ouvre le lundi 18/01 à 12h"


def test_after_closing_time_says_so_and_gives_tomorrow(demo):
    techniques = demo.places["services-techniques"]
    status = status_at(techniques, at(2026, 12, 8, 15, 0))  # Tuesday: mornings only
    lines = now_sentences(status, kind_of(techniques))
    assert lines[0] == "🔴 Les services techniques sont fermés pour aujourd'hui (fermeture à 12h)."
    assert lines[1].startswith("Prochaine ouverture : mercredi 09/12 de 8h30")
    tomorrow = day_sentences(status_at(techniques, at(2026, 12, 8, 0, 0)), kind_of(techniques), dt.date(2026, 12, 7))
    assert tomorrow == ["Demain (mardi 08/12), les services techniques sont ouverts de 8h30 à 12h."]


def test_back_to_back_ranges_read_as_one_opening():
    place = Place("p", "P", hours={0: [("09:00", "12:00"), ("12:00", "14:00")]})
    assert status_at(place, at(2026, 12, 7, 11, 0)).until == "14:00"


def test_a_place_without_hours_is_unknown_and_has_no_label():
    status = status_at(Place("p", "P"), at(2026, 12, 7))
    assert status.state == "unknown" and open_label(status) == ""


def test_a_place_open_on_holidays_is_open_on_christmas(demo):
    status = status_at(demo.places["cimetiere"], at(2026, 12, 25, 10, 0))
    assert status.state == "open" and status.holiday == ""


def test_french_hours():
    assert hhmm("09:00") == "9h" and hhmm("13:30") == "13h30"
    assert ranges_fr((("09:00", "12:00"),)) == "de 9h à 12h"
    assert ranges_fr((("09:00", "12:00"), ("14:00", "18:00"), ("19:00", "20:00"))) == \
        "de 9h à 12h, de 14h à 18h et de 19h à 20h"
