"""Build time only: regenerate bot/language/lexicon.json.gz from simplemma's French dictionary.

Usage: `pip install -e ".[lexicon]"` then `python3 tools/build_lexicon.py`.
"""

from __future__ import annotations

import gzip
import json

from simplemma.strategies.dictionaries import DefaultDictionaryFactory

from bot.language.lexicon import KEEP_LEMMAS, LEXICON_FILE, WRAPPER_LEMMAS
from bot.language.text import _STEMMER, fold


def build() -> dict:
    """The table, from simplemma's French dictionary (needs simplemma installed)."""
    lemmas: dict[str, str] = {}
    words: set[str] = set()
    wrappers: set[str] = set(WRAPPER_LEMMAS)
    wrapper_stems = {_STEMMER.stemWord(w) for w in WRAPPER_LEMMAS}
    for form, lemma in DefaultDictionaryFactory().get_dictionary("fr").items():
        form, lemma = fold(form), fold(lemma if isinstance(lemma, str) else lemma.decode())
        if not form.isalpha() or not lemma.isalpha():
            continue
        if len(form) >= 4:
            words.add(form)
        if form not in lemmas and (_STEMMER.stemWord(form) != _STEMMER.stemWord(lemma) or lemma in KEEP_LEMMAS):
            lemmas[form] = lemma
    for form in words | set(lemmas):
        if _STEMMER.stemWord(lemmas.get(form, form)) in wrapper_stems:
            wrappers.add(form)
    return {"source": "simplemma 2.0.0 French dictionary (Adrien Barbaresi, MIT licence), folded",
            "lemmas": dict(sorted(lemmas.items())), "words": " ".join(sorted(words)),
            "wrappers": " ".join(sorted(wrappers))}


if __name__ == "__main__":
    with gzip.open(LEXICON_FILE, "wt", encoding="utf-8") as f:
        json.dump(build(), f, ensure_ascii=False, separators=(",", ":"))
    print(f"wrote {LEXICON_FILE} ({LEXICON_FILE.stat().st_size // 1024} KB)")
