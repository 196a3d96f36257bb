"""Two entries that answer the same staff test case equally well: a warning naming both.

Why the matcher's confidence and not its ranking score: the ranking adds a prior (how many
entries link to each one), so a clerk's copy of an entry ranks well below the original and never
looks tied. The confidence says how much of the question an entry explains, from the entry's own
words only: a copy explains exactly as much as its original. Calibrated on the demo town: its
closest pair of entries on one case (`collecte-tri` and `depots-sauvages` on « notre poubelle a
été volée ») explains 0.74 and 0.81 (ratio 0.91), and is no ambiguity; copies score a ratio of 1.
"""

from __future__ import annotations

from typing import Callable

from ..kb import Entry, Problem
from ..search import Matcher
from .spots import entry_spot, national_hint
from .staff_cases import Asked

TIE = 0.95  # the rival explains at least this share of what the answering entry explains…
EXPLAINS = 0.7  # …and at least this much of the question (the demo town's best rival: 0.74, ratio 0.91)
RIVALS = 4  # candidates looked at after the first


def tied_entries(asked: list[Asked], confidence: Callable = Matcher.confidence) -> list[Problem]:
    """One warning per pair of entries that answer some staff case equally well, at its first case.

    Only cases the expected entry wins: when another entry takes the case, `staff_cases` already
    names it. A rival the case also expects is fine (the clerk said both answer)."""
    pairs: dict[tuple[str, str], tuple[Entry, Entry, list[Asked]]] = {}
    for a in asked:
        result = a.result
        if result.decision not in ("answer", "choose") or not result.candidates:
            continue
        first = result.candidates[0]
        if first.entry.id not in a.case.expect:
            continue
        explained = confidence(first)
        for rival in result.candidates[1:1 + RIVALS]:
            if rival.entry.id in a.case.expect:
                continue
            share = confidence(rival)
            if share >= EXPLAINS and share >= TIE * explained:
                key = tuple(sorted((first.entry.id, rival.entry.id)))
                pairs.setdefault(key, (first.entry, rival.entry, []))[2].append(a)
    return [_warning(one, other, cases) for one, other, cases in pairs.values()]


def _warning(one: Entry, other: Entry, cases: list[Asked]) -> Problem:
    case = cases[0].case
    more = f" (et {len(cases) - 1} autre(s) cas)" if len(cases) > 1 else ""
    return Problem(case.path, case.line,
                   f"les fiches « {one.id} » ({entry_spot(one)}) et « {other.id} » ({entry_spot(other)}) répondent "
                   f"aussi bien l'une que l'autre au cas « {case.q[:80]} »{more} : fusionnez-les ou distinguez-les "
                   f"(questions, mots-clés) ; si les deux conviennent, écrivez « expect: [{one.id}, {other.id}] »."
                   + national_hint(one, other),
                   level="warning")
