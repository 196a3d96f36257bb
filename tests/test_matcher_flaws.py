"""The matcher's known flaws of issue 15, one test each: context words (time of day, the town's
name), a town entry crowding a national choice, a bare general word, slang, and acronyms that
are also French words. Run on the frozen demo town, and with the national catalogue beside it
when the shared corpus is present (those tests skip otherwise)."""

import pytest

from bot.language import text as T


def best(matcher, question):
    result = matcher.ask(question)
    return result.best.id if result.best else None


# -- context words: when something happened says nothing of what is needed


@pytest.mark.parametrize("question", ["ma mère est morte hier soir",
                                      "ce matin ma voiture n'était plus devant la boulangerie"])
def test_a_time_word_alone_does_not_pull_the_evening_childcare(town_and_national_matcher, question):
    ids = [c.entry.id for c in town_and_national_matcher.ask(question).candidates[:3]]
    assert "periscolaire" not in ids


def test_ma_mere_est_morte_hier_soir_is_about_a_death(town_and_national_matcher):
    assert "décès" in town_and_national_matcher.ask("ma mère est morte hier soir").best.title


@pytest.mark.parametrize("question", ["garderie le soir", "étude surveillée le soir", "le soir"])
def test_an_entry_about_the_evening_still_answers_it(demo_matcher, question):
    assert best(demo_matcher, question) == "periscolaire"


def test_the_weekend_and_the_town_name_alone_answer_nothing(demo_matcher):
    """It used to answer "bruit" (noisy weekends): the only words it explained were the context."""
    assert demo_matcher.ask("il va faire beau à Bourg-Exemple ce week-end ?").decision == "fallback"


def test_time_words_are_stems_of_the_pipeline():
    assert {"soir", "matin", "nuit", "demain", "dimanch"} <= T.TIME_STEMS
    assert T.stem("soirs") in T.TIME_STEMS


def test_a_context_word_is_no_evidence_for_a_long_story(demo_matcher):
    """Evidence (the words an entry names strongly, which lets a long story be answered) leaves
    out when it happened: "bruit" names the weekend, but a story is not about it for that."""
    def evidence(question):
        [found] = [c for c in demo_matcher.search(question)[0] if c.entry.id == "bruit"]
        return found.features["evidence"]

    assert evidence("voisins bruyants tous les week-ends") == evidence("voisins bruyants")


# -- a town entry crowding a national choice


def test_a_weak_town_entry_is_not_offered_beside_better_national_fiches(town_and_national_matcher):
    result = town_and_national_matcher.ask("carte grise perdue")
    assert result.decision == "choose" and result.candidates[2].entry.id == "carte-identite"
    offered = [c.entry.id for c in result.choices]
    assert "carte-identite" not in offered and len(offered) == 5


def test_a_town_entry_that_answers_as_well_stays_in_the_choice(town_and_national_matcher):
    result = town_and_national_matcher.ask("procu elections")
    assert "procuration" in [c.entry.id for c in result.choices]


# -- a bare general word


def test_divorce_alone_offers_the_kinds_of_divorce(town_and_national_matcher):
    """No fiche is "Divorce" itself: "Divorce pour faute" led "Divorce par consentement mutuel"
    by a thin margin and was answered; a clerk asks which one."""
    result = town_and_national_matcher.ask("divorce")
    assert result.decision == "choose"
    titles = [c.entry.title for c in result.choices]
    assert sum(t.startswith("Divorce ") for t in titles) >= 3


@pytest.mark.parametrize("word, expected", [("passeport", "passeport"), ("cambriolage", "F1523"),
                                            ("encombrants", "encombrants")])
def test_a_word_with_its_own_general_entry_is_still_answered(town_and_national_matcher, word, expected):
    result = town_and_national_matcher.ask(word)
    assert (result.decision, result.best.id) == ("answer", expected)


# -- slang


@pytest.mark.parametrize("slang, plain", [
    ("ma caisse est en panne", "ma voiture est en panne"),
    ("on m'a volé ma caisse", "on m'a volé ma voiture"),
    ("ma bagnole est à la fourrière", "ma voiture est à la fourrière"),
    ("je cherche du taf", "je cherche du travail"),
    ("j'ai perdu mon boulot", "j'ai perdu mon travail"),
    ("j'ai plus de thune", "j'ai plus d'argent"),
    ("mon patron m'a viré", "mon employeur m'a licencié"),
    ("je bosse au black", "je travaille au noir"),
    ("mon keum m'a quittée", "mon copain m'a quittée"),
])
def test_slang_reads_as_the_plain_word(demo_matcher, slang, plain):
    assert demo_matcher.analyse(slang)[1] == demo_matcher.analyse(plain)[1]


@pytest.mark.parametrize("question", ["ma caisse de retraite", "la caisse du supermarché",
                                      "la caisse d'allocations familiales"])
def test_a_caisse_that_is_no_car_stays_a_caisse(demo_matcher, question):
    assert "vehicul" not in demo_matcher.analyse(question)[1]


def test_j_voie_is_to_see_not_a_road(demo_matcher):
    assert T.stem("voie") not in demo_matcher.analyse("mon ex veut pas que j'voie mes enfants")[1]
    assert T.stem("voie") in demo_matcher.analyse("la voie verte est ouverte ?")[1]


# -- acronyms that are also French words (the fiches declare them: bot/importers/service_public/synonyms.py)


@pytest.mark.parametrize("question, title", [
    ("BSR", "Brevet de sécurité routière"), ("mon ado veut un scooter, BSR ?", "Brevet de sécurité routière"),
    ("PAS", "Prêt d'accession sociale"), ("pas", "Prêt d'accession sociale"),
])
def test_an_acronym_typed_as_one_is_read(national_matcher, question, title):
    result = national_matcher.ask(question)
    assert result.decision == "answer" and result.best.title.startswith(title)


@pytest.mark.parametrize("question", ["bsr", "Bsr, je voudrais un passeport", "JE N'AI PAS REÇU MA CARTE",
                                      "CE MATIN MA VOITURE A DISPARU"])
def test_the_word_stays_a_word(national_matcher, question):
    """In lower case inside a sentence, or in a shouted message, it is the word (bonsoir, pas, ce)."""
    stems = national_matcher.analyse(question)[1]
    assert not {"bsr", "pas", "ce", "brevet", "access"} & set(stems)


def test_bsr_alone_in_lower_case_is_a_greeting(national_matcher):
    assert national_matcher.ask("bsr").decision == "smalltalk"
