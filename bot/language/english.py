"""English questions read as French: a question that looks English has its known expressions
replaced by their French (`english.yaml` beside this file) and its English grammar words dropped.

Why: the knowledge is French and the lexical matcher reads French; the sentence model that
re-ranks (bot/semantic/) understands English, but only re-reads the lexical top ten, which an
English question never fills with the right entry. So "lost my ID card" is matched as
« perte carte d'identité », "bulky waste pick up" as « encombrants collecte ».

When: when the question looks English, whatever the interface language: English grammar words
that are not French ("the", "my", "how"…) and English-only expressions of the glossary ("bulky
waste", not "place") outnumber the French grammar words. The interface language adds nothing:
a question with neither is no more English for an English reader (a bare "place" or "car" is
French too), and a French reader may type English. French questions are never touched: the
French sets measure identically (README « English / langue »).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import yaml

from . import text as T
from .lexicon import lexicon

GLOSSARY = Path(__file__).with_name("english.yaml")
LONGEST = 4  # words in the longest expression looked up
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")  # words with their accents, "i'm" whole
# Short French words the lexicon (four letters or more) does not list, which English also writes:
# an expression made of French words only is no evidence that a question is English.
FRENCH_SHORT = frozenset("car son bus pet but sur vie fin met bat ton tu an on".split())


@functools.lru_cache(maxsize=1)
def glossary() -> tuple[frozenset[str], frozenset[str], dict[tuple[str, ...], str], frozenset[tuple[str, ...]]]:
    """(markers, words dropped, expression → French, expressions that are evidence of English)."""
    data = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    markers = frozenset(T.fold(w) for w in data["markers"].split())
    dropped = markers | frozenset(T.fold(w) for w in data["drop"].split())
    terms = {tuple(_words(T.fold(k))): v for k, v in data["terms"].items()}
    known_french = lexicon()[1] | T.STOP_WORDS | FRENCH_SHORT
    english_only = frozenset(k for k, v in terms.items()  # and not written the same in French ("pacs", "internet")
                             if not all(w in known_french for w in k) and " ".join(k) != " ".join(_words(T.fold(v))))
    return markers, dropped, terms, english_only


def _words(text: str) -> list[str]:
    return _WORD.findall(text.replace("’", "'"))


def _grammar(words: list[str]) -> tuple[int, int]:
    """(English grammar words, French grammar words) among `words` (lower case, accents kept:
    French "thé" is not "the")."""
    markers = glossary()[0]
    english = sum(1 for w in words if w in markers)
    french = sum(1 for w in map(T.fold, words) if w in T.STOP_WORDS and w not in markers and len(w) > 1)
    return english, french


def _expressions(folded: list[str], only_english: bool = False):
    """(start, length, French or None) of each glossary expression, longest first, left to right;
    `only_english`: the expressions that are not French words too ("bulky waste", not "car")."""
    _, _, terms, english_only = glossary()
    i = 0
    while i < len(folded):
        for n in range(min(LONGEST, len(folded) - i), 0, -1):
            key = tuple(folded[i:i + n])
            key = key if key in terms else key[:-1] + (_singular(key[-1]),)
            if key in terms and (key in english_only or not only_english):
                yield i, n, terms[key]
                i += n
                break
        else:
            yield i, 1, None
            i += 1


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def looks_english(question: str) -> bool:
    """Whether `question` is written in English (see the module's docstring)."""
    words = _words(unicodedata.normalize("NFKC", question).lower())
    if not words:
        return False
    english, french = _grammar(words)
    english += sum(1 for _, _, fr in _expressions([T.fold(w) for w in words], only_english=True) if fr)
    return english > french


def to_french(question: str) -> str:
    """`question` as the matcher should read it: its French reading when it looks English, else itself."""
    if not looks_english(question):
        return question
    dropped = glossary()[1]
    folded = [T.fold(w) for w in _words(unicodedata.normalize("NFKC", question).lower())]
    return " ".join(french or folded[i] for i, _, french in _expressions(folded)
                    if french or folded[i] not in dropped)
