"""The town's own test cases (`knowledge/tests/`) run through the matcher by `guichet check`.

Why: a clerk who adds a valid entry cannot see that it now answers questions another entry used
to answer (a new "repas des aînés" taking the cases of `colis-seniors`). Their own test cases are
the town's CI: each one that an entry now takes away from the entry it expects becomes a warning
at the case's `path:line`, naming the entry that took it. Warnings, not errors: the knowledge is
still valid and is still served.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ..kb import Case, Knowledge, Problem
from .spots import entry_spot


class _Asks(Protocol):
    def ask(self, text: str): ...


@dataclass(frozen=True)
class Asked:
    """One staff case and the matcher's decision on it (asked once, read by every rule of `check`)."""

    case: Case
    result: Any


def ask_cases(knowledge: Knowledge, matcher: _Asks) -> list[Asked]:
    """Every staff case put to the matcher, except those that expect an entry that does not exist
    (`check_cases` reports them: one mistake, one problem)."""
    return [Asked(case, matcher.ask(case.q)) for case in knowledge.cases
            if all(eid in knowledge.entries for eid in case.expect)]


def case_warning(case: Case, result) -> Problem | None:
    """The warning for one case and the matcher's decision on it, or None when the case holds.

    A case holds when the entry answered (or first offered in a choice) is one it expects; an
    out-of-scope case (`expect: []`) holds when no entry answers it. A fallback is no entry taking
    the case, so it is left to `guichet eval` (which lists every miss) rather than warned about here.
    """
    if result.decision not in ("answer", "choose") or not result.candidates:
        return None
    first = (result.choices or result.candidates)[0].entry
    if first.id in case.expect:
        return None
    quoted = f"« {case.q[:80]} »"
    if not case.expect:
        message = f"le cas hors sujet {quoted} reçoit maintenant la fiche « {first.id} » ({entry_spot(first)})."
    else:
        expected = ", ".join(f"« {eid} »" for eid in case.expect)
        verb = "répond maintenant" if result.decision == "answer" else "passe maintenant devant"
        message = (f"le cas {quoted} attend {expected} mais la fiche « {first.id} » ({entry_spot(first)}) {verb} : "
                   "distinguez les deux fiches (questions, mots-clés, synonymes) ou corrigez le cas.")
    return Problem(case.path, case.line, message, level="warning")


def staff_case_warnings(asked: list[Asked]) -> list[Problem]:
    """One warning per staff case that an entry other than the expected one now takes."""
    return [w for w in (case_warning(a.case, a.result) for a in asked) if w is not None]
