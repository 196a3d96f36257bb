"""The town's own test cases (`knowledge/tests/`) run through the matcher by `guichet check`.

Why: a clerk who adds a valid entry cannot see that it now answers questions another entry used
to answer (a new "repas des aînés" taking the cases of `colis-seniors`). Their own test cases are
the town's CI: each one that an entry now takes away from the entry it expects becomes a warning
at the case's `path:line`, naming the entry that took it. Warnings, not errors: the knowledge is
still valid and is still served.
"""

from __future__ import annotations

from typing import Protocol

from .kb import Case, Entry, Knowledge, Problem


class _Asks(Protocol):
    def ask(self, text: str): ...


def _where(entry: Entry) -> str:
    return f"{entry.path}:{entry.line}" if entry.path else entry.id


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
        message = f"le cas hors sujet {quoted} reçoit maintenant la fiche « {first.id} » ({_where(first)})."
    else:
        expected = ", ".join(f"« {eid} »" for eid in case.expect)
        verb = "répond maintenant" if result.decision == "answer" else "passe maintenant devant"
        message = (f"le cas {quoted} attend {expected} mais la fiche « {first.id} » ({_where(first)}) {verb} : "
                   "distinguez les deux fiches (questions, mots-clés, synonymes) ou corrigez le cas.")
    return Problem(case.path, case.line, message, level="warning")


def staff_case_warnings(knowledge: Knowledge, matcher: _Asks) -> list[Problem]:
    """One warning per staff case that an entry other than the expected one now takes.

    Cases that expect an entry that does not exist are skipped: `check_cases` reports them.
    """
    warnings = []
    for case in knowledge.cases:
        if any(eid not in knowledge.entries for eid in case.expect):
            continue
        warning = case_warning(case, matcher.ask(case.q))
        if warning is not None:
            warnings.append(warning)
    return warnings
