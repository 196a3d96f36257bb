"""The checks every GTFS file shares, each problem in French at its `file.txt:line`: required files
and columns, times (past midnight too), dates, and a cap on repeated warnings.

Two levels, as in the knowledge: an error (a required file or column missing, a timetable with no
trip left) refuses the import, and the bot keeps the timetable it had; a warning (one row that
names an unknown stop, an unreadable time) drops that row or trip, says so, and keeps the rest.
"""

from __future__ import annotations

import datetime as dt
import re

from ..kb.model import Problem
from ..kb.quote import excerpt

REQUIRED_FILES = ("agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt")
CALENDAR_FILES = ("calendar.txt", "calendar_dates.txt")
MAX_WARNINGS_PER_FILE = 30  # then one line counts the rest: a feed wrong throughout is not 50,000 lines
MAX_HOURS = 72  # a trip that starts on its service day and runs three days is a mistake

_TIME = re.compile(r"(\d{1,3}):([0-5]\d):([0-5]\d)")
_DATE = re.compile(r"\d{8}")


class Checker:
    """Collects the problems of one feed; warnings beyond MAX_WARNINGS_PER_FILE per file are counted."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._warned: dict[str, int] = {}
        self._first_hidden: dict[str, int] = {}

    def error(self, file: str, line: int, message: str) -> None:
        self.problems.append(Problem(file, line, message))

    def warn(self, file: str, line: int, message: str) -> None:
        count = self._warned.get(file, 0) + 1
        self._warned[file] = count
        if count <= MAX_WARNINGS_PER_FILE:
            self.problems.append(Problem(file, line, message, "warning"))
        else:
            self._first_hidden.setdefault(file, line)

    def shown(self, file: str) -> bool:
        """Whether the next warning about `file` will be shown (else no need to look for a suggestion)."""
        return self._warned.get(file, 0) < MAX_WARNINGS_PER_FILE

    def finish(self) -> None:
        """One line per file whose warnings were cut."""
        for file, line in self._first_hidden.items():
            hidden = self._warned[file] - MAX_WARNINGS_PER_FILE
            self.problems.append(Problem(file, line, f"… et {hidden} autre(s) ligne(s) en défaut dans ce fichier, "
                                                     "non détaillées (corrigez d'abord celles ci-dessus).", "warning"))

    @property
    def failed(self) -> bool:
        return any(p.level == "error" for p in self.problems)

    def columns(self, file: str, found: list[str], required: tuple[str, ...]) -> bool:
        """Whether `found` holds every required column; an error for each one missing."""
        missing = [c for c in required if c not in found]
        for column in missing:
            shown = ", ".join(c for c in found if c) or "aucune"
            self.error(file, 1, f"colonne obligatoire « {column} » absente de la première ligne "
                                f"(colonnes trouvées : {excerpt(shown, 200)}).")
        return not missing


def parse_time(value: str) -> int | None:
    """"07:45:00" → 27900, "25:10:00" → 90600 (01:10 the next morning); None when unreadable."""
    found = _TIME.fullmatch(value)
    if not found or int(found.group(1)) >= MAX_HOURS:
        return None
    return int(found.group(1)) * 3600 + int(found.group(2)) * 60 + int(found.group(3))


def time_problem(value: str) -> str:
    return (f"heure « {excerpt(value)} » illisible : écrivez HH:MM:SS, par exemple 07:45:00, ou 25:10:00 pour "
            "1 h 10 du matin sur un service commencé la veille.")


def parse_date(value: str) -> dt.date | None:
    """"20261225" → 25 December 2026; None when unreadable or impossible (20260230)."""
    if not _DATE.fullmatch(value):
        return None
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def date_problem(value: str, column: str) -> str:
    return f"date « {excerpt(value)} » illisible dans « {column} » : écrivez AAAAMMJJ, par exemple 20261225."


def parse_coordinate(value: str, limit: float) -> float | None:
    """A latitude (limit 90) or longitude (limit 180) in degrees; None when missing or impossible."""
    try:
        number = float(value)
    except ValueError:
        return None
    return number if -limit <= number <= limit and number == number else None
