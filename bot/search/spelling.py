"""Typo correction: a question word unknown to the index, matched to a word of its vocabulary."""

from __future__ import annotations

import bisect

from rapidfuzz import fuzz, process

from ..language import text as T
from ..language.lexicon import lexicon
from .index import Index


def correction(index: Index, word: str) -> str | None:
    """The vocabulary word closest to an unknown `word`, or None (rapidfuzz, length-bucketed).

    Only words of similar length are compared, so it stays cheap; the matcher caches it.
    """
    if len(word) < 4 or word.isdigit():
        return None
    # A lost apostrophe: "didentite" is "d'identité", "lacte" is "l'acte".
    if word[0] in "dljmnst" and T.stem(word[1:]) in index.stem_vocab:
        return word[1:]
    if word.startswith("qu") and T.stem(word[2:]) in index.stem_vocab:
        return word[2:]
    # A real French word is neither a truncation nor a typo: "banque" is not "banquet",
    # "autiste" not "artiste", "orage" not "orange". Left unknown, it weighs as a rare word
    # (the question is then likely out of scope). Colloquial truncations that are words
    # ("appart", "proprio") are synonyms (bot/language/synonyms.yaml), handled before this.
    if word in lexicon()[1]:
        return None
    # A truncated word ("asso", "dispo"): the most common vocabulary word it starts.
    vocab = index.vocab_sorted
    i = bisect.bisect_left(vocab, word)
    longer = []
    while i < len(vocab) and vocab[i].startswith(word) and len(longer) < 50:
        longer.append(vocab[i])
        i += 1
    if longer and len(word) >= 4:
        return min(longer, key=lambda w: (index.idf.get(T.stem(w), 99.0), w))
    cutoff = 85 if len(word) <= 5 else 82
    # Typos keep the first letter (measured: searching all words as well found nothing more
    # on tests/eval, and tripled the p99): compare with words of that letter and similar length.
    pool: list[str] = []
    for ln in range(len(word) - 2, len(word) + 3):
        pool.extend(index.vocab_by_key.get((word[0], ln), ()))
    hit = process.extractOne(word, pool, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff)
    return hit[0] if hit else None
