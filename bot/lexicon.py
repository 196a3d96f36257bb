"""French word forms: lemmas (so "perdue" meets "perdre", "née" meets "naître") and known words
(so "autiste" is never "corrected" into "artiste").

The table `bot/lexicon.json.gz` is derived from the French dictionary of simplemma 2.0.0
(Adrien Barbaresi, MIT licence), folded like everything else (`bot.text.fold`) and trimmed to
what the matcher uses: the lemma of a word only where it changes the word's Snowball stem (or
is in KEEP_LEMMAS), and
the known words of four letters or more. Shipped ready to load (~0.1 s) because building it from
simplemma takes a second, more than the whole index of the national catalogue.
Regenerate with `pip install simplemma==2.0.0` then `python3 -m bot.lexicon`.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

LEXICON_FILE = Path(__file__).with_name("lexicon.json.gz")
# Lemmas kept for every form, even where the stem would not change: bot.text reads their
# forms in another sense ("marchait" → "marcher" → "fonctionner", never the market).
KEEP_LEMMAS = {"marcher"}
# Verbs whose every form only wraps a question ("voulait", "pourrions", "avaient"): their forms
# are listed in the table so that the index drops them with one set lookup per word.
WRAPPER_LEMMAS = ("avoir", "etre", "faire", "aller", "vouloir", "pouvoir", "savoir", "devoir", "falloir")


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """(folded word → folded lemma where the stem changes, folded known words of 4+ letters,
    folded forms of the wrapper verbs)."""
    try:
        with gzip.open(LEXICON_FILE, "rt", encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}, frozenset(), frozenset(WRAPPER_LEMMAS)  # stems alone still work
    return data["lemmas"], frozenset(data["words"].split()), frozenset(data["wrappers"].split())


def build() -> dict:
    """The table, from simplemma's French dictionary (needs simplemma installed)."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    from .text import _STEMMER, fold

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
