"""French word forms: lemmas (so "perdue" meets "perdre", "née" meets "naître") and known words
(so "autiste" is never "corrected" into "artiste").

The table `lexicon.json.gz` (beside this file) is derived from the French dictionary of simplemma 2.0.0
(Adrien Barbaresi, MIT licence), folded like everything else (`bot.language.text.fold`) and trimmed to
what the matcher uses: the lemma of a word only where it changes the word's Snowball stem (or
is in KEEP_LEMMAS), and
the known words of four letters or more. Shipped ready to load (~0.1 s) because building it from
simplemma takes a second, more than the whole index of the national catalogue.
Regenerate with `pip install -e ".[lexicon]"` then `python3 tools/build_lexicon.py`.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

LEXICON_FILE = Path(__file__).with_name("lexicon.json.gz")
# Lemmas kept for every form, even where the stem would not change: bot.language.text reads their
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
