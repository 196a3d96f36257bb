"""Collection days as clerks write them ("lundi et jeudi", "jeudi (semaines paires)") and the next
dates they fall on.

"Semaines paires" are the even ISO week numbers, as French collection calendars print them. When
the layer says so (`holidays: lendemain`), a collection falling on a public holiday moves to the
next day; the holidays come from the caller (bot.kb.calendar), so this module stays pure.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

from ..language.text import DAY_NAMES, fold

_PARITY = re.compile(r"\(?\s*(?:les\s+)?semaines?\s+(paires?|impaires?)\s*\)?")
_SEPARATORS = re.compile(r"\s*(?:,|;|/|\bet\b|&|\+)\s*")
FORMAT_HINT = ("écrivez un ou plusieurs jours (« lundi », « lundi et jeudi »), suivis au besoin de "
               "« (semaines paires) » ou « (semaines impaires) » pour un passage tous les quinze jours.")


@dataclass(frozen=True)
class Schedule:
    """Week days (0 = lundi) and, for a fortnightly round, the parity of the ISO week (0 even, 1 odd)."""

    days: tuple[int, ...]
    parity: int | None = None
    text: str = ""  # as the clerk wrote it, shown in answers

    def falls_on(self, day: dt.date) -> bool:
        return day.weekday() in self.days and (self.parity is None or day.isocalendar().week % 2 == self.parity)


def parse_days(text: str) -> Schedule | None:
    """The schedule written in `text`, or None when it is not one (the checker says how to write it)."""
    folded = fold(text).strip()
    parity = None
    found = _PARITY.search(folded)
    if found:
        parity = 1 if found.group(1).startswith("impair") else 0
        folded = (folded[:found.start()] + folded[found.end():]).strip(" ,;/-")
    days = []
    for word in _SEPARATORS.split(folded):
        word = re.sub(r"^(?:le|les|chaque|tous les)\s+", "", word.strip()).rstrip("s")
        if word not in DAY_NAMES:
            return None
        days.append(DAY_NAMES.index(word))
    if not days or len(set(days)) != len(days):
        return None
    return Schedule(tuple(sorted(days)), parity, " ".join(text.split()))


@dataclass(frozen=True)
class Passage:
    """One collection: its date, and the holiday that moved it there ("" when none)."""

    day: dt.date
    moved_from: str = ""


def next_passages(schedule: Schedule, today: dt.date, holidays: Callable[[int], dict[dt.date, str]],
                  shift: bool, count: int = 2) -> list[Passage]:
    """The next `count` collections from `today` included (a collection today is listed: the
    citizen reads "aujourd'hui" and the one after). With `shift`, a collection on a public
    holiday moves to the next day."""
    out: list[Passage] = []
    day = today - dt.timedelta(days=1)  # yesterday's moved collection may fall today
    for _ in range(60):
        if len(out) >= count:
            break
        if schedule.falls_on(day):
            names = holidays(day.year)
            moved = shift and day in names
            when = day + dt.timedelta(days=1) if moved else day
            if when >= today:
                out.append(Passage(when, names[day] if moved else ""))
        day += dt.timedelta(days=1)
    return out
