"""Unanswered questions grouped by similarity, each group with the nearest entry the town already has.

Why groups: forty ways of asking where to adopt a dog are one thing to add to the knowledge, and
staff should see it once, with its count. The questions are read with the matcher's own French
(`bot.language.text.terms`: folding, elisions, SMS spellings, lemmas, stems, no stop words), then
compared with rapidfuzz's token_set_ratio, so that word order, plurals and extra words do not split
a group. The nearest entry is the matcher's best candidate for the group's most frequent wording:
often the entry to enrich with a new question rather than a new entry to write.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from rapidfuzz import fuzz, process

from ..language import text as T

SIMILAR = 75     # token_set_ratio (0-100) from which two questions are the same need
EXAMPLES = 3
GROUPS = 20      # the report lists this many groups, the largest first


@dataclass
class Suggestion:
    """The existing entry nearest to a group of unanswered questions."""

    id: str
    title: str
    score: float


@dataclass
class Group:
    """Unanswered questions about one need: how many, a few wordings, the nearest existing entry."""

    count: int
    examples: list[str]
    suggestion: Suggestion | None = None
    texts: list[str] = field(default_factory=list, repr=False)


def reading(text: str) -> str:
    """What a question asks, as comparable words: the matcher's terms, sorted, else the folded text."""
    terms = sorted(set(T.terms(text)))
    return " ".join(terms) if terms else T.fold(text).strip()


def group_texts(texts: list[str], threshold: float = SIMILAR) -> list[list[str]]:
    """Texts grouped greedily: each joins the first group whose first reading is similar enough.

    The largest groups first (ties: the order of first appearance)."""
    groups: list[list[str]] = []
    keys: list[str] = []
    for text in texts:
        key = reading(text)
        found = process.extractOne(key, keys, scorer=fuzz.token_set_ratio, score_cutoff=threshold) if key else None
        if found is None:
            keys.append(key)
            groups.append([text])
        else:
            groups[found[2]].append(text)
    return sorted(groups, key=len, reverse=True)


def examples(texts: list[str], n: int = EXAMPLES) -> list[str]:
    """The `n` most frequent wordings of a group (case and spaces aside), most frequent first."""
    seen: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for text in texts:
        norm = " ".join(text.lower().split())
        seen.setdefault(norm, " ".join(text.split()))
        counts[norm] += 1
    return [seen[norm] for norm, _ in counts.most_common(n)]


def unanswered_groups(texts: list[str], nearest: Callable[[str], Suggestion | None],
                      limit: int = GROUPS, threshold: float = SIMILAR) -> list[Group]:
    """The `limit` largest groups of `texts`, each with its examples and `nearest(first example)`."""
    out = []
    for texts_of_group in group_texts(texts, threshold)[:limit]:
        shown = examples(texts_of_group)
        out.append(Group(count=len(texts_of_group), examples=shown, suggestion=nearest(shown[0]),
                         texts=texts_of_group))
    return out
