"""Matching behaviour on the demo town: decisions, typos, SMS, synonyms, small talk."""

import pytest

from bot.search import Matcher, clarifying_question, detect_smalltalk
from bot.kb import Entry, Knowledge
from bot.language.text import words


@pytest.mark.parametrize("question,expected", [
    ("comment refaire ma carte d'identité ?", "carte-identite"),
    ("encombrants", "encombrants"),
    ("cmt inscrire ma fille a la cantine", "cantine"),
    ("il y a un trou dans ma rue", "signaler-voirie"),
])
def test_brief_examples_are_answered(demo_matcher, question, expected):
    result = demo_matcher.ask(question)
    assert result.decision == "answer"
    assert result.best.id == expected


def test_typos_and_missing_accents_still_find_the_word(demo_matcher):
    assert demo_matcher.ask("pasport").best.id == "passeport"
    assert demo_matcher.ask("incription liste electoral").best.id == demo_matcher.ask("inscription listes électorales").best.id


def test_damage_words_mean_one_condition(demo_matcher):
    # "cassé" must not tie a broken pavement to the bin of the "bac cassé" keyword
    assert demo_matcher.ask("trottoir cassé").best.id == "signaler-voirie"
    assert demo_matcher.ask("mon bac est abîmé").best.id == "collecte-tri"


def test_out_of_scope_falls_back(demo_matcher):
    for q in ("quel temps fera-t-il demain à Marseille", "score du match du PSG", "asdfghjkl qwerty"):
        assert demo_matcher.ask(q).decision == "fallback", q


@pytest.mark.parametrize("text,kind", [
    ("bonjour", "greeting"), ("Merci beaucoup !", "thanks"), ("qui es-tu ?", "identity"),
    ("t'es nul", "insult"), ("", "empty"), ("😀🎉", "empty"), ("???", "empty"),
    ("aidez-moi", "help"), ("j'ai besoin d'aide svp", "help"),
])
def test_smalltalk(demo_matcher, text, kind):
    result = demo_matcher.ask(text)
    assert result.decision == "smalltalk" and result.smalltalk == kind


def test_greeting_with_a_question_is_not_smalltalk():
    assert detect_smalltalk(words("bonjour je veux refaire mon passeport")) == ""


def test_candidates_sorted_and_scores_bounded(demo_matcher):
    result = demo_matcher.ask("carte d'identité perdue")
    scores = [c.score for c in result.candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)


def test_choose_asks_about_the_facet():
    a = Entry(id="a", title="Carte d'identité d'un majeur : première demande", category="c")
    b = Entry(id="b", title="Carte d'identité d'un mineur : première demande", category="c")
    assert "majeur ou un mineur" in clarifying_question([a, b])
    a.facets, b.facets = {"pour": "majeur"}, {"pour": "mineur"}
    assert clarifying_question([a, b]) == "C'est pour qui : majeur ou mineur ?"


def test_title_facets_word_the_question_and_the_buttons():
    from bot.search import choice_label

    titles = ["Carte d'identité d'un mineur : première demande", "Renouvellement de la carte d'identité d'un mineur",
              "Carte nationale d'identité d'un mineur : en cas de perte", "Carte d'identité : quel justificatif ?"]
    entries = [Entry(id=f"e{i}", title=t, category="c") for i, t in enumerate(titles)]
    assert clarifying_question(entries) == "Quelle est votre situation : première demande, renouvellement ou perte ?"
    assert [choice_label(e, entries) for e in entries] == ["Première demande", "Renouvellement", "Perte", titles[3]]
    # "volontaire" is not a theft: facet words are whole words
    vol = [Entry(id="a", title="Service civique volontaire", category="c"), Entry(id="b", title="Vol de vélo", category="c")]
    assert clarifying_question(vol).startswith("Je vois plusieurs")


def test_hidden_entries_are_never_answered(demo):
    import copy

    k = copy.deepcopy(demo)
    k.entries["encombrants"].hidden = True
    result = Matcher(k).ask("encombrants")
    assert all(c.entry.id != "encombrants" for c in result.candidates)


def test_staff_facets_word_the_question_and_the_buttons():
    from bot.search import choice_label

    a = Entry(id="a", title="Obtenir un acte de naissance", category="c", facets={"acte": "naissance"})
    b = Entry(id="b", title="Obtenir un acte de décès", category="c", facets={"acte": "décès"})
    c = Entry(id="c", title="Déclaration préalable", category="c", facets={"autorisation": "déclaration préalable"})
    d = Entry(id="d", title="Permis de construire", category="c", facets={"autorisation": "permis de construire"})
    assert clarifying_question([a, b]) == "De quel acte s'agit-il : naissance ou décès ?"
    assert clarifying_question([c, d]) == "De quelle autorisation s'agit-il : déclaration préalable ou permis de construire ?"
    assert [choice_label(e, [a, b]) for e in (a, b)] == ["Naissance", "Décès"]
    assert choice_label(a, [a, c]) == a.title  # no shared facet: the title


def test_small_knowledge_leans_on_the_background_table(demo_matcher):
    """Everyday administrative words weigh less than topical ones in a 75-entry town base."""
    from bot.language.background import BACKGROUND, BACKGROUND_DOCUMENTS

    assert BACKGROUND_DOCUMENTS >= 2900 and len(BACKGROUND) > 3000
    assert BACKGROUND["procedur"] < BACKGROUND["encombr"]
    assert 0 < demo_matcher.index.background_alpha <= 0.5
    big = Matcher(Knowledge(entries={f"e{i}": Entry(id=f"e{i}", title=f"fiche {i}", category="c", summary="s")
                                     for i in range(BACKGROUND_DOCUMENTS)}))
    assert big.index.background_alpha == 0


def _siblings(*titles):
    return Knowledge(entries={f"e{i}": Entry(id=f"e{i}", title=t, category="c", summary="s")
                              for i, t in enumerate(titles)})


def test_the_everyday_audience_comes_first_unless_the_question_names_another():
    m = Matcher(_siblings("Passeport d'un mineur : première demande", "Passeport d'un majeur : première demande",
                          "Congé maternité dans la fonction publique", "Congé maternité d'une salariée du privé"))
    assert m.ask("premier passeport").best.id == "e1"
    assert m.ask("premier passeport").decision == "answer"  # the minor's sibling is no rival
    assert m.ask("premier passeport pour ma fille").best.id == "e0"
    assert m.ask("conge maternite").best.id == "e3"
    assert m.ask("conge maternite je suis fonctionnaire").best.id == "e2"
    # a title that names the everyday audience too is for everyone; "non salarié" is marked
    m = Matcher(_siblings("Prime d'activité : travailleur non salarié", "Prime d'activité : salarié ou fonctionnaire",
                          "Pêche de loisir en mer", "Pêche en eau douce"))
    assert m.index.marks == [(6,), (), (), ()]
    assert m.ask("prime activite").best.id == "e1"
    assert m.ask("prime activite je suis auto-entrepreneur").best.id == "e0"


def test_a_long_story_that_names_an_entry_is_not_out_of_scope(demo_matcher):
    story = ("Mon grand-père est tombé dans son escalier la semaine dernière, il rentre de l'hôpital "
             "jeudi et ne peut plus faire ses courses ni cuisiner seul, ma soeur habite loin. "
             "Est-ce qu'on peut lui faire livrer ses repas ?")
    result = demo_matcher.ask(story)
    assert result.decision != "fallback" and result.best.id == "portage-repas"


def test_aide_is_a_need_not_a_filler(demo_matcher):
    assert demo_matcher.ask("la cantine coûte trop cher pour nous, il y a une aide ?").best.id in {"cantine", "ccas-aides"}
    _, stems, _ = demo_matcher.analyse("une aide pour payer")
    assert "aid" in stems


def test_plu_in_a_sentence_is_the_sms_plus(demo_matcher):
    assert demo_matcher.ask("PLU").best.id == "plu"
    assert demo_matcher.ask("plu").best.id == "plu"
    assert demo_matcher.ask("mon voisin fait la fete tt les nuits jen peu plu").best.id != "plu"


def test_synonym_expressions_do_not_shrink_to_an_everyday_word():
    """An expression that loses words to the stop list ("à la rue" → "rue") would rewrite every
    question with that word; only these reviewed ones may shrink to a single word."""
    from bot.language.synonyms import load_base_language
    from bot.language.text import content_words, words as all_words

    reviewed = {"pacser", "marier", "fils", "fille", "coute", "internet", "net", "ex", "menagere", "cmu",
                "vacciner", "virer", "vire", "viree", "expulser", "egout", "garer", "retracter", "plainte",
                "naturaliser", "actualiser", "cloque"}
    groups, _ = load_base_language()
    shrunk = {content_words(e)[0] for g in groups for e in g[1:]  # the first is the meaning itself
              if len(all_words(e)) > 1 and len(content_words(e)) == 1
              and not any(ch.isdigit() for ch in e)}  # skipped by Synonyms: numbers never reach it
    assert shrunk <= reviewed, shrunk - reviewed


@pytest.mark.parametrize("question,kept", [
    ("permis de construire", "construct"), ("casier judiciaire", "judiciair"), ("abri de jardin", "abri"),
    ("portail côté rue", "ru"),
])
def test_everyday_words_keep_their_meaning(demo_matcher, question, kept):
    _, stems, _ = demo_matcher.analyse(question)
    assert kept in stems and "conduir" not in stems and "juridictionnel" not in stems and "domicil" not in stems


def test_colloquial_words_reach_the_administrative_ones(demo_matcher):
    _, stems, _ = demo_matcher.analyse("mon patron veut me virer, je veux pas bosser au noir")
    assert "licenci" in stems and "dissimul" in stems


def test_real_words_are_not_typos():
    """'autiste' is a word, not a misspelt 'artiste'; 'pasport' is a typo of 'passeport'."""
    m = Matcher(_siblings("Aide à l'artiste", "Jus d'orange", "Passeport", "Canon à neige", "Banquet des aînés"))
    assert m._correct("pasport") == "passeport" and m._correct("artsite") == "artiste"
    assert m._correct("banqu") == "banquet"  # a truncation still finds its word
    for word in ("autiste", "orage", "cabanon", "banque"):
        assert m._correct(word) is None
