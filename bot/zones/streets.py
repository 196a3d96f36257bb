"""Finding a street of the index in what a citizen typed: "12 rue des Lilas", "12 r. des lilas",
"av de la gare", "bd Jean Jaures", "impasse des rose", "j'habite 3 des Lilas".

Street names are compared without accents, capitals or little words (de, la, des…), with the
usual abbreviations of French addresses expanded (bd, av, r., chem., imp., all., pl., rte, st…)
and a typo or two forgiven by edit distance (rapidfuzz, transpositions counting one): none in a
name of four letters or less, one up to seven, two beyond. The type of street (rue, impasse…)
helps choose between "rue des Roses" and "impasse des Roses" but may be wrong or missing. A name
found without a type or a number must not be a word of the question's subject ("rue de l'École"
is not meant in "quelle école ?"), and a one-word name needs a plural or contracted article ("aux
Lilas", "du Moulin"; not "près" for "chemin des Prés", nor "école de commerce"). What looks like an address but matches no street is reported as
such, never replaced by a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ..language.names import PARTICLES, Token, near_words, tokens
from .model import Street

TYPES = {
    "rue": "rue", "r": "rue", "avenue": "avenue", "av": "avenue", "ave": "avenue", "boulevard": "boulevard",
    "bd": "boulevard", "bld": "boulevard", "blvd": "boulevard", "boul": "boulevard", "impasse": "impasse",
    "imp": "impasse", "chemin": "chemin", "chem": "chemin", "ch": "chemin", "allee": "allee", "all": "allee",
    "place": "place", "pl": "place", "route": "route", "rte": "route", "square": "square", "sq": "square",
    "quai": "quai", "cours": "cours", "passage": "passage", "sentier": "sentier", "ruelle": "ruelle",
    "lotissement": "lotissement", "lot": "lotissement", "residence": "residence", "res": "residence",
    "faubourg": "faubourg", "fbg": "faubourg", "fg": "faubourg", "hameau": "hameau", "clos": "clos",
    "cite": "cite", "promenade": "promenade", "prom": "promenade", "voie": "voie", "esplanade": "esplanade",
    "parvis": "parvis", "mail": "mail",
}
# Types that also are everyday words ("à ma place", "le passage des éboueurs", "cours de judo"):
# they help find a known street, but alone do not make an address.
EVERYDAY_TYPES = {"place", "pl", "passage", "cours", "voie", "mail", "clos", "cite", "lot", "res", "all",
                  "ch", "r", "sentier", "promenade", "prom", "residence", "hameau"}
NAME_WORDS = {"st": "saint", "ste": "sainte", "gal": "general", "gen": "general", "mal": "marechal",
              "pdt": "president", "dr": "docteur", "cdt": "commandant", "pr": "professeur"}
BARE_ARTICLES = {"aux", "des", "du"}  # "aux Lilas", "du Moulin": a place named without its type
ARTICLES = {"de", "du", "des", "d", "la", "le", "les", "l", "aux", "saint", "sainte"}
NUMBER_MARKS = {"n", "no", "num", "numero", "nr"}
NUMBER_SUFFIXES = {"bis", "ter", "quater", "b", "t"}
SAID_STOPS = {"svp", "stp", "merci", "quel", "quelle", "quand", "pour", "c", "est", "ou", "qui", "que", "car"}
_STOP = re.compile(r"[?!.;:,\n()]")


@dataclass(frozen=True)
class Address:
    """A street of the index found in the text, with its house number when one was given."""

    street: Street
    number: int | None
    said: str   # the words of the citizen that named it


@dataclass(frozen=True)
class Ambiguous:
    """Several streets fit equally ("des Roses": rue or impasse?)."""

    streets: tuple[Street, ...]
    number: int | None


@dataclass(frozen=True)
class Unknown:
    """An address was typed ("rue des Licornes") but no street of the index fits it."""

    said: str
    near: tuple[str, ...]   # names of the index that look alike, offered as suggestions only


@dataclass
class StreetIndex:
    """The street names prepared for matching: (street, type, core words) for every name and alias."""

    keys: list[tuple[Street, str, tuple[str, ...]]] = field(default_factory=list)
    vocabulary: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, streets: list[Street]) -> "StreetIndex":
        index = cls()
        for street in streets:
            for name in (street.name, *street.aliases):
                kind, core = name_key(name)
                if core:
                    index.keys.append((street, kind, core))
                    if len(core) > 1:  # "jeanjaures", glued by a hurried thumb
                        index.keys.append((street, kind, ("".join(core),)))
        index.vocabulary = sorted({w for _, _, core in index.keys for w in core})
        return index


def name_key(name: str) -> tuple[str, tuple[str, ...]]:
    """("rue", ("general", "gaulle")) for "Rue du Général-de-Gaulle": its type and core words.
    Numbers are left out, as in a question, where they are house numbers: "place du 8 Mai 1945"
    is ("place", ("mai",)), and "8 avenue Foch" is ("avenue", ("foch",))."""
    words = [NAME_WORDS.get(t.word, t.word) for t in tokens(name) if not t.word.isdigit()]
    kind = TYPES.get(words[0], "") if words else ""
    if kind:
        words = words[1:]
    return kind, tuple(w for w in words if w not in PARTICLES)


def find_address(text: str, index: StreetIndex, avoid: frozenset[str] = frozenset()) -> Address | Ambiguous | Unknown | None:
    """The street of the index that `text` names; Ambiguous, Unknown (an address that is in no
    index), or None when the text names no address at all. `avoid`: folded words of the
    question's subject, which alone never name a street."""
    toks = tokens(text)
    found = _candidates(toks, index, avoid)
    if found:
        best = max(rank for rank, *_ in found)
        top = [f for f in found if f[0] == best]
        streets = _distinct(f[1] for f in top)
        number = next((f[2] for f in top if f[2] is not None), None)
        if len(streets) > 1:
            return Ambiguous(tuple(streets), number)
        start, end = min(f[3] for f in top), max(f[4] for f in top)
        return Address(streets[0], number, text[start:end])
    said = _typed_address(text, toks)
    if said is None:
        return None
    return Unknown(said, _look_alikes(said, index))


def _look_alikes(said: str, index: StreetIndex) -> tuple[str, ...]:
    """Up to three names of the index whose core words look like the ones typed (suggestions)."""
    core = " ".join(name_key(said)[1])
    cores = {street.name: " ".join(words) for street, _, words in index.keys}
    found = process.extract(core, cores, scorer=fuzz.ratio, limit=3, score_cutoff=60) if core else []
    return tuple(name for _, _, name in found)


def _distinct(streets) -> list[Street]:
    """Each street once, in order (a street found by its name and by an alias is one street)."""
    out: list[Street] = []
    for street in streets:
        if not any(street is s for s in out):
            out.append(street)
    return out


def _content(toks: list[Token]) -> list[tuple[int, str]]:
    """(position in toks, word) of the words that can belong to a street name."""
    return [(i, NAME_WORDS.get(t.word, t.word)) for i, t in enumerate(toks)
            if t.word not in PARTICLES and not t.word.isdigit()]


def _candidates(toks: list[Token], index: StreetIndex, avoid: frozenset[str]) -> list[tuple]:
    """(rank, street, number, start, end) of every street name found in the text."""
    words = _content(toks)
    near = near_words({w for _, w in words}, index.vocabulary)
    out = []
    for street, kind, core in index.keys:
        if not all(any(c in near[w] for _, w in words) for c in core):
            continue
        for s in range(len(words) - len(core) + 1):
            window = words[s:s + len(core)]
            if all(c in near[w] for (_, w), c in zip(window, core)):
                hit = _weigh(toks, words, s, window, street, kind, core, avoid)
                if hit is not None:
                    out.append(hit)
    return out


def _weigh(toks, words, s, window, street, kind, core, avoid) -> tuple | None:
    """How surely this window names `street`: the type written before it, a number, or neither."""
    first, last = window[0][0], window[-1][0]
    typed = words[s - 1][1] if s > 0 and words[s - 1][0] >= first - 3 else ""
    typed_at = words[s - 1][0] if typed in TYPES else first
    number = _number_before(toks, typed_at) if typed in TYPES else _number_before(toks, first)
    if number is None:
        number = _number_after(toks, last)
    if typed in TYPES:
        rank = 3 if TYPES[typed] == kind else 2
    elif number is not None:
        rank = 1
    elif all(w in avoid for _, w in window):
        return None
    elif len(core) > 1 or (first > 0 and toks[first - 1].word in BARE_ARTICLES):
        rank = 0
    else:  # one bare word ("près", "gare") names no street; "aux Lilas", "du Moulin" may
        return None
    edits = sum(OSA.distance(w, c) for (_, w), c in zip(window, core))
    start = toks[typed_at].start if typed in TYPES else toks[first].start
    return (rank * 10 - edits, street, number, start, toks[last].end)


def _number_before(toks: list[Token], at: int) -> int | None:
    """The house number written just before position `at` ("12", "12 bis", "12, rue", "3 des Lilas")."""
    i = at - 1
    while i >= 0 and toks[i].word in PARTICLES:
        i -= 1
    if i >= 0 and toks[i].word in NUMBER_SUFFIXES:
        i -= 1
    if i >= 0 and toks[i].word.isdigit() and len(toks[i].word) <= 4:
        return int(toks[i].word)
    return None


def _number_after(toks: list[Token], at: int) -> int | None:
    """"rue des Lilas n° 12", "rue des Lilas 12"."""
    i = at + 1
    if i < len(toks) and toks[i].word in NUMBER_MARKS:
        i += 1
    if i < len(toks) and toks[i].word.isdigit() and len(toks[i].word) <= 4:
        return int(toks[i].word)
    return None


def _typed_address(text: str, toks: list[Token]) -> str | None:
    """The words of an address that is in no index: a street type followed by a name ("rue des
    Licornes", "12 avenue Foch"), or None. An everyday type ("place", "passage") counts only
    after a house number; a type followed by no article and no capital ("la rue depuis hier")
    counts only after one too."""
    for i, t in enumerate(toks):
        if t.word not in TYPES or i + 1 >= len(toks):
            continue
        numbered = _number_before(toks, i) is not None
        if t.word in EVERYDAY_TYPES and not numbered:
            continue
        nxt = toks[i + 1]
        named = nxt.word in ARTICLES or text[nxt.start].isupper()
        if not (named or numbered) or nxt.word.isdigit():
            continue
        end = i + 1
        while (end < len(toks) and end - i <= 4 and toks[end].word not in SAID_STOPS
               and not _STOP.search(text[toks[end - 1].end:toks[end].start])):
            end += 1
        start = toks[i - 1].start if numbered else t.start
        return text[start:toks[end - 1].end]
    return None
