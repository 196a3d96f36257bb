"""The staff report: what citizens asked, what went unanswered, what they liked, which requests wait.

`build_report` reads the figures (`queries.py`) and groups the unanswered questions with the
nearest existing entry (`clusters.py`); `html.py` writes the self-contained page of
`guichet rapport`; `charts.py` draws the two charts that `/stats` also sends to the staff chat.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..kb import Knowledge
from ..search import Matcher
from .clusters import Group, Suggestion, unanswered_groups
from .queries import Figures, Period, read_figures

__all__ = ["Period", "Report", "build_report", "parse_days"]

# Below this matcher score an entry is no lead (the fallback offers entries from the same score on).
NEAREST_FLOOR = 0.25


@dataclass
class Report:
    """The data model of the report: the figures, the unanswered groups and the town's name."""

    town: str
    figures: Figures
    groups: list[Group]


def build_report(conn: sqlite3.Connection, knowledge: Knowledge, matcher: Matcher, period: Period) -> Report:
    """Everything the report shows, read from `conn` (read only) over `period`."""
    titles = {eid: e.title for eid, e in knowledge.entries.items()}
    projects = {eid: e.title for eid, e in knowledge.entries.items() if e.kind == "project"}
    figures = read_figures(conn, period, titles, projects)

    def nearest(text: str) -> Suggestion | None:
        candidates = matcher.search(text, limit=1)[0]
        if not candidates:
            return None
        best = candidates[0]
        if best.score < NEAREST_FLOOR:
            return None
        return Suggestion(best.entry.id, best.entry.title, round(best.score, 2))

    return Report(knowledge.town.name, figures, unanswered_groups(figures.unanswered, nearest))


def parse_days(value: str) -> int:
    """"30j", "30 jours", "4s" (weeks), "2m" (30-day months) or "30" → a number of days (1 to 3,660).

    Raises ValueError (with a French message) for anything else."""
    text = value.strip().lower().replace(" ", "")
    units = {"": 1, "j": 1, "jour": 1, "jours": 1, "d": 1, "s": 7, "sem": 7, "semaine": 7, "semaines": 7,
             "m": 30, "mois": 30}
    number = "".join(ch for ch in text if ch.isdigit())
    unit = text[len(number):]
    if not number or not text.startswith(number) or unit not in units:
        raise ValueError(f"durée incorrecte « {value} » : écrivez par exemple 30j, 4s ou 2m")
    days = int(number) * units[unit]
    if not 1 <= days <= 3660:
        raise ValueError(f"durée incorrecte « {value} » : de 1 jour à 10 ans")
    return days
