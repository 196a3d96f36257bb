"""Entries that may no longer be true: past their `review_by`, or never dated by `updated`.

Warnings, made errors by `guichet check --strict` (the demo town's CI): an answer nobody has
checked since its `review_by` may quote last year's price. Checked on the day `check` runs (or
the day given by `--date`), never when the bot loads its knowledge, so the answer does not depend
on when a cache was written. Hidden entries are left out: nobody reads them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..kb import Knowledge, Problem
from .spots import field_line


def stale_entries(knowledge: Knowledge, today: dt.date) -> list[Problem]:
    """One warning per visible entry past its `review_by` or without `updated`."""
    problems = []
    for e in knowledge.visible():
        if e.review_by is not None and e.review_by < today:
            problems.append(Problem(e.path, field_line(e, "review_by"),
                                    f"la fiche « {e.id} » devait être revérifiée avant le {e.review_by.isoformat()} : "
                                    "vérifiez-la, puis mettez « updated » à la date du jour et repoussez « review_by ».",
                                    level="warning"))
        if e.updated is None:
            problems.append(Problem(e.path, e.line,
                                    f"la fiche « {e.id} » n'a pas de date de vérification : vérifiez-la, puis "
                                    "ajoutez « updated: AAAA-MM-JJ » (la date du jour).", level="warning"))
    return problems


def strict(problems: list[Problem]) -> list[Problem]:
    """`--strict`: the same problems as errors (the exit code is then 1)."""
    return [dataclasses.replace(p, level="error") for p in problems]
