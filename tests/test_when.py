"""Date words in French (bot/language/when.py): relative days, day names, dates, feast days, spans,
with missing accents and a typo."""

import datetime as dt

import pytest

from bot.language.when import when

PARIS = dt.timezone(dt.timedelta(hours=1))
MONDAY = dt.datetime(2026, 12, 7, 10, 15, tzinfo=PARIS)      # Monday 7 December 2026
SUNDAY = dt.datetime(2026, 12, 13, 9, 0, tzinfo=PARIS)
SATURDAY = dt.datetime(2026, 12, 12, 9, 0, tzinfo=PARIS)
D = dt.date


def days(text, now=MONDAY):
    found = when(text, now)
    return None if found is None else (found.first, found.last)


@pytest.mark.parametrize("text, first", [
    ("la mairie est ouverte aujourd'hui ?", D(2026, 12, 7)),
    ("ouvert ajd", D(2026, 12, 7)),
    ("demain", D(2026, 12, 8)),
    ("après-demain", D(2026, 12, 9)),
    ("apres demain", D(2026, 12, 9)),
    ("déchetterie ouverte dimanche ?", D(2026, 12, 13)),
    ("dimache", D(2026, 12, 13)),
    ("ouvert lundi ?", D(2026, 12, 7)),           # today is Monday
    ("lundi prochain", D(2026, 12, 14)),
    ("samdi", D(2026, 12, 12)),
    ("mecredi", D(2026, 12, 9)),
    ("le 24 décembre", D(2026, 12, 24)),
    ("le 24 decembre", D(2026, 12, 24)),
    ("le 24 decmbre", D(2026, 12, 24)),
    ("le 24/12", D(2026, 12, 24)),
    ("24/12/2027", D(2027, 12, 24)),
    ("24 décembre 2027", D(2027, 12, 24)),
    ("le 2/01", D(2027, 1, 2)),                    # past this year: next January
    ("à Noël", D(2026, 12, 25)),
    ("a noel", D(2026, 12, 25)),
    ("la veille de Noël", D(2026, 12, 24)),
    ("le jour de l'an", D(2027, 1, 1)),
    ("1er mai", D(2027, 5, 1)),
    ("le 14 juillet", D(2027, 7, 14)),
    ("lundi de Pâques", D(2027, 3, 29)),
    ("à l'Ascension", D(2027, 5, 6)),
])
def test_one_day(text, first):
    assert days(text) == (first, first)


def test_sunday_asked_on_a_sunday_is_today():
    assert days("dimanche", SUNDAY) == (D(2026, 12, 13), D(2026, 12, 13))
    assert days("dimanche prochain", SUNDAY) == (D(2026, 12, 20), D(2026, 12, 20))


@pytest.mark.parametrize("text, now, first, last", [
    ("que faire ce week-end ?", MONDAY, D(2026, 12, 12), D(2026, 12, 13)),
    ("ce weekend", MONDAY, D(2026, 12, 12), D(2026, 12, 13)),
    ("ce week end", SATURDAY, D(2026, 12, 12), D(2026, 12, 13)),
    ("ce week-end", SUNDAY, D(2026, 12, 13), D(2026, 12, 13)),
    ("le week-end prochain", SATURDAY, D(2026, 12, 19), D(2026, 12, 20)),
    ("la semaine prochaine", MONDAY, D(2026, 12, 14), D(2026, 12, 20)),
    ("cette semaine", MONDAY, D(2026, 12, 7), D(2026, 12, 13)),
    ("le mois prochain", MONDAY, D(2027, 1, 1), D(2027, 1, 31)),
    ("en septembre", MONDAY, D(2027, 9, 1), D(2027, 9, 30)),
])
def test_spans(text, now, first, last):
    assert days(text, now) == (first, last)


def test_times_of_day():
    assert when("maintenant", MONDAY).at == dt.time(10, 15)
    assert when("c'est ouvert la piscine ce midi ?", MONDAY).at == dt.time(12, 0)
    assert when("ce soir", MONDAY).at == dt.time(18, 0)
    tomorrow_morning = when("demain matin", MONDAY)
    assert (tomorrow_morning.first, tomorrow_morning.at) == (D(2026, 12, 8), dt.time(10, 0))
    at_three = when("samedi à 15h", MONDAY)
    assert (at_three.first, at_three.at) == (D(2026, 12, 12), dt.time(15, 0))
    assert when("aujourd'hui", MONDAY).moment(MONDAY) == MONDAY
    assert when("demain", MONDAY).moment(MONDAY) == dt.datetime(2026, 12, 8, 0, 0, tzinfo=PARIS)


@pytest.mark.parametrize("text", [
    "la mairie est ouverte ?", "je veux vendre ma voiture", "mon mari", "31/02", "horaires",
    "les 3 mousquetaires", "carte d'identité", "mais pourquoi",
])
def test_no_date_words(text):
    assert when(text, MONDAY) is None
