"""Questions of two entries that say the same thing: a citizen asking it may get either entry.

A question is compared as its normalised text: the stems of its words but articles and pronouns,
sorted (case, accents, punctuation, plurals and word order do not count). Two questions are
near-duplicates when rapidfuzz's ratio of those texts reaches SIMILAR *and* every word that differs
is a misspelling of a word of the other: "permis C1" and "permis C1E", or a change of "nom" for
"prénom" in a long question, share most letters, yet differ by the one word that matters.
Calibrated on the demo town: its closest pair of questions in two entries ("Comment obtenir un
acte de mariage / de naissance ?") scores 85 and differs by the word that matters, so no false
alarm there; a copied question scores 100.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from rapidfuzz import fuzz, process

from ..kb import Entry, Knowledge, Problem
from ..language.text import stem, words
from .spots import national_hint, question_spot

SIMILAR = 90  # rapidfuzz ratio (0-100) of the normalised questions
TYPO = 85  # two differing words at least this close (and of 4+ letters) are one word misspelt
BLOCK = 1000  # questions compared at a time: a 1,000 × N matrix of bytes, whatever the catalogue


# Only the words that never change what is asked: the matcher's longer stop list also drops
# "faire", "avoir", "deux", "combien"…, and "Comment faire un passeport ?" would then equal
# "Peut-on avoir deux passeports ?".
FILLERS = frozenset("""le la les l un une des de du d a au aux et ou en y
    je j me m moi te t toi se s il elle on nous vous ils elles
    mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs ce cet cette ces ca""".split())


def normalised(question: str) -> str:
    return " ".join(sorted(stem(w) for w in words(question) if w not in FILLERS))


def only_typos(a: str, b: str) -> bool:
    """Whether the stems of `a` and `b` differ only by misspelt words (each paired with one of the other)."""
    left, right = Counter(a.split()), Counter(b.split())
    extra, missing = list((left - right).elements()), list((right - left).elements())
    if len(extra) != len(missing):
        return False
    for word in extra:
        match = next((w for w in missing if min(len(w), len(word)) >= 4 and fuzz.ratio(w, word) >= TYPO), None)
        if match is None:
            return False
        missing.remove(match)
    return True


def duplicate_questions(knowledge: Knowledge) -> list[Problem]:
    """One warning per pair of entries with near-identical questions, at the first such question."""
    rows = [(e, q, normalised(q)) for e in knowledge.visible() for q in dict.fromkeys(e.questions)]
    rows = [r for r in rows if r[2]]
    texts = [r[2] for r in rows]
    pairs: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for start in range(0, len(texts), BLOCK):
        scores = process.cdist(texts[start:start + BLOCK], texts, scorer=fuzz.ratio, score_cutoff=SIMILAR,
                               dtype=np.uint8, workers=-1)
        for i, j in zip(*np.nonzero(scores)):
            i = int(i) + start
            j = int(j)
            if i < j and rows[i][0].id != rows[j][0].id and only_typos(texts[i], texts[j]):
                pairs.setdefault((rows[i][0].id, rows[j][0].id), []).append((i, j))
    return [_warning(rows, found) for found in pairs.values()]


def _warning(rows: list[tuple[Entry, str, str]], found: list[tuple[int, int]]) -> Problem:
    (one, q1, _), (other, q2, _) = rows[found[0][0]], rows[found[0][1]]
    path, line = question_spot(one, q1)
    path2, line2 = question_spot(other, q2)
    more = f" (et {len(found) - 1} autre(s) question(s) en double)" if len(found) > 1 else ""
    return Problem(path, line,
                   f"la question « {q1[:80]} » de la fiche « {one.id} » est presque celle de la fiche « {other.id} » "
                   f"({path2}:{line2} : « {q2[:80]} »){more} : un habitant qui la pose peut recevoir l'une ou "
                   f"l'autre fiche. Gardez chaque question dans une seule fiche, ou précisez-les."
                   + national_hint(one, other),
                   level="warning")
