"""How many entries the town's staff test cases (`knowledge/tests/`) cover, and which they miss.

Why: a case is the only thing that tells `guichet check` an entry still answers what it should
(bot/lint/staff_cases.py). The town's own entries without any are listed as info lines, to be
written when there is time: not warnings, since a new town starts with none. The national
catalogue's fiches are counted, never listed (thousands, and not the town's to test).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..kb import NATIONAL_ID, Entry, Knowledge, Problem


@dataclass
class Coverage:
    town: int = 0  # the town's entries the matcher searches (the directory's contacts are not)
    town_covered: int = 0
    national: int = 0  # visible national fiches (service-public.fr)
    national_covered: int = 0
    missing: list[Entry] = field(default_factory=list)  # the town's entries without a case

    def headline(self) -> str:
        """The share for the report's heading, e.g. « 74 fiche(s) de la commune sur 75 (99 %) »."""
        parts = []
        if self.town or not self.national:
            parts.append(f"{self.town_covered} fiche(s) de la commune sur {self.town} ({_percent(self.town_covered, self.town)})")
        if self.national:
            parts.append(f"fiches nationales : {self.national_covered} sur {self.national} "
                         f"({_percent(self.national_covered, self.national)})")
        return " ; ".join(parts)


def coverage(knowledge: Knowledge) -> Coverage:
    expected = {eid for case in knowledge.cases for eid in case.expect}
    cov = Coverage()
    for e in knowledge.searched():  # the directory's contacts are found by name, never by a test case
        if NATIONAL_ID.match(e.id):
            cov.national += 1
            cov.national_covered += e.id in expected
        else:
            cov.town += 1
            cov.town_covered += e.id in expected
            if e.id not in expected:
                cov.missing.append(e)
    return cov


def uncovered(cov: Coverage) -> list[Problem]:
    """One info line per town entry without a staff test case."""
    return [Problem(e.path, e.line, f"la fiche « {e.id} » n'a aucune question de test : ajoutez-en deux dans "
                                    "tests/ (« - q: … » puis « expect: [" + e.id + "] »).", level="info")
            for e in cov.missing]


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "0 %"
