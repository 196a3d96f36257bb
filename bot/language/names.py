"""Finding names in a citizen's text (a street, a club, a service): folded words that keep their
place in the text, and how many typos a name may carry and still be recognised.

Why apart from the matcher: a name is found word for word, in order ("rue des Lilas", "club de
foot"), where the matcher weighs loose words; both fold the same way (bot.language.text.fold).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .text import fold

_TOKEN = re.compile(r"\d+|[^\W\d_]+")
# Little words left out when names are compared ("rue DES Lilas", "club DE foot").
PARTICLES = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "au", "aux", "a", "et", "en"})


@dataclass(frozen=True)
class Token:
    word: str     # folded
    start: int    # in the citizen's text
    end: int


def tokens(text: str) -> list[Token]:
    """The words and numbers of `text` (its first 4,000 characters), folded, with their positions."""
    return [Token(fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text[:4000])]


def budget(word: str) -> int:
    """Typos forgiven in a word of a name: none up to 4 letters, one up to 7, two beyond."""
    return 0 if len(word) <= 4 else 1 if len(word) <= 7 else 2


def close(typed: str, word: str) -> bool:
    """Whether `typed` is `word` give or take its typo budget (a swap of two letters is one typo)."""
    return typed == word or OSA.distance(typed, word, score_cutoff=budget(word)) <= budget(word)


def near_words(words: set[str], vocabulary: list[str]) -> dict[str, set[str]]:
    """For each typed word, the words of `vocabulary` it may be (`close`): one pass in C per word,
    so that a long message is compared with hundreds of names in milliseconds."""
    return {w: {v for v, _, _ in process.extract_iter(w, vocabulary, scorer=OSA.distance, score_cutoff=2)
                if close(w, v)} for w in words}


def core(text: str) -> tuple[str, ...]:
    """The words of a name that count: folded, without particles or numbers."""
    return tuple(t.word for t in tokens(text) if t.word not in PARTICLES and not t.word.isdigit())
