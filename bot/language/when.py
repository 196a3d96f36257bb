"""Date words in a French question → a day or a span of days relative to now: "demain", "dimanche",
"le 24 décembre", "le 24/12", "à Noël", "ce week-end", "la semaine prochaine", "ce midi".

Read on folded text (accents off), tolerant of one typo in a day or month name ("dimache",
"decmbre"). A day name is its next occurrence, today included ("dimanche" asked on a Sunday is
today); a date without a year is its next occurrence too ("le 2/01" asked in December is next
January). Services use it to answer "ouvert dimanche ?" or "que faire ce week-end ?".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from ..kb.calendar import french_public_holidays  # a leaf of kb: the library's dates and names
from .text import DAY_NAMES, fold

MONTH_NAMES = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
               "octobre", "novembre", "decembre")
# Parts of the day and the time that stands for them ("c'est ouvert ce midi ?" → at noon).
PARTS = {"matin": dt.time(10, 0), "midi": dt.time(12, 0), "apres-midi": dt.time(15, 0),
         "aprem": dt.time(15, 0), "soir": dt.time(18, 0)}
# Feast days by their fixed date; the movable ones (Pâques…) come from the holidays library.
FIXED_DAYS = {
    "veille de noel": (12, 24), "reveillon de noel": (12, 24), "noel": (12, 25),
    "saint-sylvestre": (12, 31), "saint sylvestre": (12, 31), "reveillon du nouvel an": (12, 31),
    "jour de l'an": (1, 1), "nouvel an": (1, 1), "premier de l'an": (1, 1), "fete du travail": (5, 1),
    "fete nationale": (7, 14), "assomption": (8, 15), "toussaint": (11, 1), "armistice": (11, 11),
}
MOVABLE_DAYS = {"lundi de paques": "Lundi de Pâques", "paques": "Lundi de Pâques", "ascension": "Ascension",
                "lundi de pentecote": "Lundi de Pentecôte", "pentecote": "Lundi de Pentecôte"}
NOT_DAYS = frozenset({"vendre", "mardis gras"})  # real words one typo away from a day name


@dataclass(frozen=True)
class When:
    """Days from `first` to `last` (the same day for one day); `at`: a time of that day when the
    words give one ("maintenant", "ce soir", "demain à 15h"), else None (the whole day)."""

    first: dt.date
    last: dt.date
    at: dt.time | None = None

    @property
    def one_day(self) -> bool:
        return self.first == self.last

    def moment(self, now: dt.datetime) -> dt.datetime:
        """The moment to look at on the first day: `at`, else now for today, else its start."""
        if self.at is not None:
            return dt.datetime.combine(self.first, self.at, now.tzinfo)
        if self.first == now.date():
            return now
        return dt.datetime.combine(self.first, dt.time(0, 0), now.tzinfo)


_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z]+)*")
_SLASH_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}|\d{2}))?(?![\d/])")
_WORD_DATE = re.compile(r"(?<!\d)(\d{1,2})(?:er|e)?\s+([a-z]+)(?:\s+(\d{4}))?")
_CLOCK = re.compile(r"(?:\ba|\bvers|\bpour)\s+(\d{1,2})\s*h\s*(\d{2})?\b")


def _fuzzy(word: str, names: tuple[str, ...], min_len: int) -> int | None:
    """Index of the name `word` means, exactly or with one typo (two for long words)."""
    if word in names:
        return names.index(word)
    if len(word) < min_len or word in NOT_DAYS:
        return None
    allowed = 2 if len(word) >= 8 else 1
    best = min(range(len(names)), key=lambda i: Levenshtein.distance(word, names[i]))
    return best if Levenshtein.distance(word, names[best]) <= allowed else None


def _next_date(month: int, day: int, today: dt.date, year: int | None = None) -> dt.date | None:
    """The date `day`/`month` in `year`, or its next occurrence from `today`; None if impossible."""
    try:
        if year is not None:
            return dt.date(year, month, day)
        found = dt.date(today.year, month, day)
        return found if found >= today else dt.date(today.year + 1, month, day)
    except ValueError:
        return None


def _explicit_date(text: str, today: dt.date) -> dt.date | None:
    """"le 24/12", "24/12/2027", "24 décembre", "1er mai 2027"."""
    found = _SLASH_DATE.search(text)
    if found:
        day, month, year = int(found.group(1)), int(found.group(2)), found.group(3)
        if 1 <= month <= 12:
            full_year = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
            return _next_date(month, day, today, full_year)
    for found in _WORD_DATE.finditer(text):
        month = _fuzzy(found.group(2), MONTH_NAMES, 5)
        if month is not None:
            return _next_date(month + 1, int(found.group(1)), today, int(found.group(3)) if found.group(3) else None)
    return None


def _feast_day(text: str, today: dt.date) -> dt.date | None:
    """"à Noël", "le jour de l'an", "lundi de Pâques" (next occurrence)."""
    for words, (month, day) in FIXED_DAYS.items():
        if re.search(rf"\b{words}\b", text):
            return _next_date(month, day, today)
    for words, name in MOVABLE_DAYS.items():
        if re.search(rf"\b{words}\b", text):
            for year in (today.year, today.year + 1):
                days = [d for d, n in french_public_holidays(year).items() if n == name and d >= today]
                if days:
                    return days[0]
    return None


def _relative(tokens: list[str], text: str, now: dt.datetime) -> When | None:
    """"maintenant", "aujourd'hui", "ce soir", "demain", "après-demain"."""
    today = now.date()
    if re.search(r"\b(maintenant|en ce moment|actuellement|tout de suite|la maintenant)\b", text):
        return When(today, today, now.time().replace(second=0, microsecond=0))
    for part, time in PARTS.items():
        if re.search(rf"\b(ce|cet|cette) {part}\b", text):
            return When(today, today, max(time, now.time().replace(second=0, microsecond=0)))
    if re.search(r"\bapres[- ]demain\b", text):
        return When(today + dt.timedelta(days=2), today + dt.timedelta(days=2), _part_after(tokens, "demain"))
    if "demain" in tokens:
        return When(today + dt.timedelta(days=1), today + dt.timedelta(days=1), _part_after(tokens, "demain"))
    if re.search(r"\b(aujourd'?hui|aujourd hui|auj|ajd|aujourdhui)\b", text):
        return When(today, today)
    return None


def _part_after(tokens: list[str], word: str) -> dt.time | None:
    """The part of the day said after `word` ("demain matin", "dimanche soir")."""
    for i, token in enumerate(tokens[:-1]):
        if token == word or (word == "*" and _fuzzy(token, DAY_NAMES, 5) is not None):
            after = tokens[i + 1]
            if after == "apres" and i + 2 < len(tokens) and tokens[i + 2] == "midi":
                return PARTS["apres-midi"]
            if after in PARTS:
                return PARTS[after]
    return None


def _weekday(tokens: list[str], today: dt.date) -> When | None:
    """"dimanche" (today if today is Sunday), "lundi prochain" (never today)."""
    for i, token in enumerate(tokens):
        index = _fuzzy(token, DAY_NAMES, 5)
        if index is None:
            continue
        ahead = (index - today.weekday()) % 7
        if ahead == 0 and i + 1 < len(tokens) and tokens[i + 1] == "prochain":
            ahead = 7
        day = today + dt.timedelta(days=ahead)
        return When(day, day, _part_after(tokens, "*"))
    return None


def _spans(text: str, today: dt.date) -> When | None:
    """"ce week-end", "le week-end prochain", "cette semaine", "la semaine prochaine", "ce mois-ci",
    "le mois prochain", "en décembre"."""
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7)
    if today.weekday() == 6:
        saturday = today - dt.timedelta(days=1)
    weekend = r"(week-?end|week end|we)"
    if re.search(rf"\b({weekend} prochain|prochain {weekend})\b", text):
        if today.weekday() >= 5:
            saturday += dt.timedelta(days=7)
        return When(saturday, saturday + dt.timedelta(days=1))
    if re.search(r"\bce we\b|\b(week-?end|week end|fin de semaine)\b", text):
        return When(max(saturday, today), saturday + dt.timedelta(days=1))
    monday = today - dt.timedelta(days=today.weekday())
    if re.search(r"\bsemaine prochaine\b|\bprochaine semaine\b", text):
        return When(monday + dt.timedelta(days=7), monday + dt.timedelta(days=13))
    if re.search(r"\bcette semaine\b", text):
        return When(today, monday + dt.timedelta(days=6))
    return _month(text, today)


def _month(text: str, today: dt.date) -> When | None:
    """"ce mois-ci", "le mois prochain", "en septembre" (from today when it is this month)."""
    first_next = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    if re.search(r"\bce mois(-ci| ci)?\b", text):
        return When(today, first_next - dt.timedelta(days=1))
    if re.search(r"\bmois prochain\b|\bprochain mois\b", text):
        after = (first_next + dt.timedelta(days=32)).replace(day=1)
        return When(first_next, after - dt.timedelta(days=1))
    found = re.search(r"\ben ([a-z]+)\b", text)
    month = _fuzzy(found.group(1), MONTH_NAMES, 5) if found else None
    if month is None:
        return None
    year = today.year if month + 1 >= today.month else today.year + 1
    start = dt.date(year, month + 1, 1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return When(max(start, today), end)


def _clock(text: str) -> dt.time | None:
    """"à 15h", "vers 14h30"."""
    found = _CLOCK.search(text)
    if found and int(found.group(1)) < 24 and int(found.group(2) or 0) < 60:
        return dt.time(int(found.group(1)), int(found.group(2) or 0))
    return None


def when(text: str, now: dt.datetime) -> When | None:
    """The days `text` speaks of, relative to `now` (aware, town time); None when it names none."""
    folded = " ".join(fold(text).replace("’", "'").split())
    tokens = _TOKEN.findall(folded.replace("'", " "))
    today = now.date()
    day = _explicit_date(folded, today) or _feast_day(folded, today)
    found = When(day, day) if day else (_relative(tokens, folded, now) or _spans(folded, today)
                                        or _weekday(tokens, today))
    clock = _clock(folded)
    if found is not None and clock is not None and found.one_day:
        return When(found.first, found.last, clock)
    if found is None and clock is not None:
        return When(today, today, clock)
    return found
