"""The opening-hours service (bot/services/opening_hours.py): which questions it claims, and its
answers at a fixed clock, through the engine as a citizen gets them."""

import datetime as dt

import pytest

from bot import services as S
from bot.engine import Engine
from bot.render import Fmt
from bot.services.opening_hours import asks_opening

PARIS = dt.timezone(dt.timedelta(hours=1))
MONDAY = dt.datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)
CHRISTMAS = dt.datetime(2026, 12, 25, 10, 0, tzinfo=PARIS)


def served(demo, text, now=MONDAY, flavour="plain"):
    found = S.first_reply(S.Ask(text, now, demo, Fmt(flavour)))
    return None if found is None else found[1].messages[0]


@pytest.fixture
def engine(settings):
    engine = Engine.from_settings(settings)
    engine.clock = lambda: CHRISTMAS
    return engine


def test_on_a_public_holiday_the_dechetterie_is_closed_and_why(engine):
    """Issue 16, must show: "déchetterie ouverte ?" on a public holiday says closed, and why."""
    answer = engine.on_text(engine.user_key(7), "déchetterie ouverte ?").messages[0].text
    assert "La déchetterie est fermée aujourd'hui (jour férié : Noël)." in answer
    assert "Prochaine ouverture : samedi 26/12 de 9h à 12h et de 14h à 18h." in answer
    rows = list(engine.storage.db.query("select decision from questions"))
    assert [r["decision"] for r in rows] == ["service:horaires"]


def test_the_24th_of_december_shows_the_exception(demo):
    text = served(demo, "la mairie est ouverte le 24 décembre ?").text
    assert text.startswith("Le jeudi 24/12, la mairie est ouverte de 8h30 à 12h (Veille de Noël, fermeture à midi).")
    assert "Hôtel de ville de Bourg-Exemple" in text


def test_at_lunch_time_it_opens_at_13h30(demo):
    text = served(demo, "la mairie est ouverte ?", MONDAY.replace(hour=12, minute=30)).text
    assert text.startswith("🔴 La mairie est fermée en ce moment ; elle ouvre à 13h30.")


def test_open_now_gives_the_week_and_the_coming_special_days(demo):
    message = served(demo, "horaires de la mairie", flavour="html")
    assert message.text.startswith("🟢 La mairie est ouverte en ce moment, jusqu'à 12h.")
    assert "<b>Horaires de la semaine</b>" in message.text and "Jeudi : 08h30–12h00, 13h30–19h00" in message.text
    assert "• vendredi 25/12 : fermé (jour férié : Noël)" in message.text
    assert [b.label for row in message.buttons for b in row] == ["📄 Horaires et contact de la mairie"]
    assert message.buttons[0][0].data == "e:horaires-mairie"


@pytest.mark.parametrize("question, start", [
    ("déchetterie ouverte dimanche ?", "Le dimanche 13/12, la déchetterie est ouverte de 9h à 12h."),
    ("horaires de la médiathèque demain", "Demain (mardi 08/12), la médiathèque est ouverte de 14h à 18h30."),
    ("c'est ouvert la piscine ce midi ?", "Aujourd'hui à 12h, la piscine est ouverte (jusqu'à 13h45)."),
    ("les remous ouvert le lundi midi ?", "Aujourd'hui à 12h, la piscine est ouverte (jusqu'à 13h45)."),
    ("la dechetrie est ouverte le mardi??", "Demain (mardi 08/12), la déchetterie est fermée."),
    ("mediateque ouverte samedi", "Le samedi 12/12, la médiathèque est ouverte de 10h à 17h."),
    ("le CCAS est ouvert à Noël ?", "Le vendredi 25/12, le CCAS est fermé (jour férié : Noël)."),
    ("office de tourisme ouvert ?", "🔴 L'office de tourisme est fermé aujourd'hui."),
])
def test_answers_for_a_day_or_a_moment(demo, question, start):
    assert served(demo, question).text.startswith(start)


def test_a_weekend_lists_its_days(demo):
    text = served(demo, "mairie ouverte ce week-end ?").text
    assert text.startswith("Horaires de la mairie :\n• samedi 12/12 : de 9h à 12h\n• dimanche 13/12 : fermé")


def test_a_long_closure_is_said_once(demo):
    text = served(demo, "horaires annexe Vignes").text
    assert "• du jeudi 24/12 au samedi 02/01 : fermé (Fermée pendant les fêtes" in text


def test_two_schools_answer_both(demo):
    text = served(demo, "horaires de l'école").text
    assert "Jules-Ferry" in text and "Les Tilleuls" in text


@pytest.mark.parametrize("question", [
    "comment s'inscrire à la médiathèque ?",
    "la médiathèque est ouverte, comment je m'inscris ?",
    "combien coûte la piscine, elle est ouverte ?",
    "horaires",                               # no place: the matcher's "Horaires de la mairie"
    "horaires de la poste",                   # not a town place
    "le supermarché est ouvert le dimanche ?",
    "déclaration d'ouverture de chantier en mairie",
    "le conseil municipal est ouvert au public ?",
    "la mairie",                              # no opening word
])
def test_questions_it_leaves_to_the_matcher(demo, question):
    assert served(demo, question) is None


def test_opening_words():
    assert asks_opening("heures d'ouverture de la mairie")
    assert asks_opening("la mairie ferme à quelle heure")
    assert not asks_opening("ouverture d'un compte")


def test_long_exception_notes_are_paged_within_telegram_limits(demo):
    import copy

    from bot.render import utf16_len

    town = copy.deepcopy(demo)
    for exc in town.places["mairie"].exceptions:
        exc.note = "Très long avis de fermeture. " * 120
    found = S.first_reply(S.Ask("horaires de la mairie", MONDAY, town, Fmt("html")))
    messages = found[1].messages
    assert len(messages) > 1 and all(utf16_len(m.text) <= 4096 for m in messages)
    assert messages[-1].buttons and not messages[0].buttons


@pytest.mark.parametrize("question", [
    "le leclerc est ouvert le dimanche matin ?",  # "matin" is a word, not a typo of "Saint-Martin"
    "la garderie du matin elle ouvre a quelle heure a l'ecole ?",  # the garderie's entry, not the school's hours
])
def test_a_word_or_a_subject_is_not_taken_for_a_place(demo, question):
    found = S.first_reply(S.Ask(question, MONDAY, demo, Fmt("plain")))
    assert found is None or found[0] != "horaires"
