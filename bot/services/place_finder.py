"""Which town place a question names: by its kind ("la déchetterie", "hôtel de ville"), its own
name ("Les Remous", "annexe des Vignes"), or a nickname of the town's synonyms ("biblio", "la
déch"), with one typo forgiven in a long word ("mediateque", "dechetrie").

Why phrases and not the matcher: the matcher ranks entries, and many entries send citizens to the
mairie; here the question must name the place itself. A word of a place's name counts only when
it is that place's alone (not the town's name, not "centre" shared by two places), so "conseil
municipal" does not find the "Centre technique municipal".
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from ..kb import Knowledge, Place
from ..kb.place_kinds import KINDS
from ..language.lexicon import lexicon
from ..language.text import STOP_WORDS, fold, words

# Name words too common to name one place, whatever the town.
GENERIC = frozenset("""centre maison espace service services municipal municipale communal communale
intercommunal intercommunale public publique salle ville bourg rue place avenue allee chemin route
quartier accueil""".split())


@dataclass(frozen=True)
class _Phrase:
    tokens: tuple[str, ...]
    strong: bool  # the place's kind, full name or a nickname (beats a single word of its name)


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(words(text))


def _same(word: str, target: str) -> bool:
    """Equal, or one typo in a word of 6+ letters (two in 9+); a real French word is no typo
    ("matin" is not "Martin", as the matcher's spelling rule says)."""
    if word == target:
        return True
    if len(target) < 6 or abs(len(word) - len(target)) > 2 or word in lexicon()[1]:
        return False
    return Levenshtein.distance(word, target, score_cutoff=2) <= (2 if len(target) >= 9 else 1)


def _occurs(phrase: tuple[str, ...], tokens: list[str]) -> bool:
    n = len(phrase)
    return any(all(_same(tokens[i + j], phrase[j]) for j in range(n)) for i in range(len(tokens) - n + 1))


def _kind_phrases(place: Place) -> list[tuple[str, ...]]:
    """The words of its kind: the table's ("bibliotheque" → médiathèque, biblio), else the kind itself."""
    kind = KINDS.get(fold(place.kind).strip())
    if kind is not None:
        return [p for p in (_tokens(w) for w in kind.words) if p]
    return [_tokens(place.kind.replace("-", " "))] if place.kind else []


def _own_words(k: Knowledge) -> dict[str, set[str]]:
    """place id → the words of its name that no other place's name (nor the town's) has."""
    counts: dict[str, int] = {}
    names = {pid: {w for w in _tokens(p.name.split("(")[0])  # "(…)" describes, it does not name
                   if len(w) >= 4 and w not in STOP_WORDS and w not in GENERIC}
             for pid, p in k.places.items()}
    for found in names.values():
        for w in found:
            counts[w] = counts.get(w, 0) + 1
    town = set(_tokens(k.town.name))
    return {pid: {w for w in found if counts[w] == 1 and w not in town} for pid, found in names.items()}


def _phrases(k: Knowledge) -> dict[str, list[_Phrase]]:
    """Every place's phrases: kind words, full name, own name words, and the synonym groups that
    contain one of its strong phrases."""
    own = _own_words(k)
    out: dict[str, list[_Phrase]] = {}
    for pid, place in k.places.items():
        strong = set(_kind_phrases(place)) | {_tokens(place.name)}
        for group in k.synonyms:
            expressions = {_tokens(e) for e in group}
            if expressions & strong:
                strong |= {e for e in expressions if any(w not in STOP_WORDS for w in e)}
        out[pid] = [_Phrase(p, True) for p in strong if p] + [_Phrase((w,), False) for w in sorted(own[pid])]
    return out


_CACHE: dict[int, tuple[Knowledge, dict[str, list[_Phrase]]]] = {}


def _phrases_of(k: Knowledge) -> dict[str, list[_Phrase]]:
    """The phrases of a knowledge, built once per loaded knowledge (it is replaced, never changed)."""
    cached = _CACHE.get(id(k))
    if cached is None or cached[0] is not k:
        _CACHE.clear()
        cached = _CACHE[id(k)] = (k, _phrases(k))
    return cached[1]


def find_places(k: Knowledge, text: str) -> list[Place]:
    """The places `text` names, best first: a longer phrase beats a shorter one, a kind or nickname
    beats a single word of a name; ties are all kept ("horaires de l'école": both schools)."""
    tokens = list(words(text))
    best: tuple[int, int] = (0, 0)
    found: list[Place] = []
    for pid, phrases in _phrases_of(k).items():
        score = max(((len(p.tokens), int(p.strong)) for p in phrases if _occurs(p.tokens, tokens)), default=(0, 0))
        if score == (0, 0):
            continue
        if score > best:
            best, found = score, [k.places[pid]]
        elif score == best:
            found.append(k.places[pid])
    return found
