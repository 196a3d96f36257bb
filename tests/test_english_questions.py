"""English questions find the French entries (bot/language/english.py); French questions are never touched."""

from __future__ import annotations

import pytest
import yaml

from bot import i18n
from bot.language import english as E


@pytest.mark.parametrize("question, french", [
    ("lost my ID card", "perte carte d'identité"),
    ("How do I renew my passport?", "renouvellement passeport"),
    ("bulky waste", "encombrants"),
    ("When are the bins collected?", "poubelle collecte"),
    ("I lost my carte vitale", "perte carte vitale"),  # French words in English kept
    ("register my kids for school lunches", "inscription enfant cantine"),  # plurals forgiven
    ("is the pool open tomorrow?", "piscine ouvert demain"),  # the services read the day
])
def test_an_english_question_is_read_in_french(question, french):
    assert E.looks_english(question)
    assert E.to_french(question) == french


@pytest.mark.parametrize("question", [
    "carte d'identité perdue", "comment faire un passeport ?", "le car pour l'école est en retard",
    "salon de thé", "son passeport a expiré", "place du marché", "je voudrais un acte de naissance",
    "pain au chocolat", "but du jeu", "mon fils a perdu son bus", "hello, je voudrais inscrire mon fils",
    "parking", "quand passent les encombrants ?", "",
    "rdv PACS", "résilier box internet",  # written the same in both languages: no evidence of English
])
def test_a_french_question_is_left_alone(question):
    assert not E.looks_english(question)
    assert E.to_french(question) == question


def test_the_interface_language_does_not_change_the_reading():
    assert E.to_french("bin day") == "collecte"  # "bin day" is English evidence in itself
    with i18n.speaking("en"):
        assert E.to_french("car park") == "car park"  # French words too: not English without grammar
        assert E.to_french("carte perdue") == "carte perdue"


def test_the_glossary_is_sound():
    markers, dropped, terms, english_only = E.glossary()
    assert len(terms) >= 400 and all(isinstance(v, str) and v for v in terms.values())
    raw = yaml.safe_load(E.GLOSSARY.read_text(encoding="utf-8"))
    assert all(isinstance(k, str) for k in raw["terms"])  # YAML reads a bare yes/no/on as a boolean
    french_grammar = {"a", "on", "car", "son", "me", "as", "do", "or", "us", "no", "dont", "are"}
    assert not markers & french_grammar
    assert ("car",) in terms and ("car",) not in english_only and ("bulky", "waste") in english_only
    assert not E.looks_english("thé") and E.looks_english("the")  # markers are read with their accents


def test_english_questions_reach_the_matcher(demo_matcher):
    assert demo_matcher.ask("lost my ID card").candidates[0].entry.id == "carte-identite"
    assert demo_matcher.ask("bulky waste pick up").candidates[0].entry.id == "encombrants"
    assert demo_matcher.ask("what's the weather like in Paris?").decision == "fallback"
