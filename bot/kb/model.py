"""The knowledge as the bot sees it: plain dataclasses, the id rules and the day names.

Nothing here reads a file: `bot.kb.load` builds these from the YAML folders (see docs/format.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .calendar import french_public_holidays

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
KINDS = ("procedure", "service", "info", "heritage", "project", "guide", "checklist")
LOCAL_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
NATIONAL_ID = re.compile(r"^[FNR][0-9]+$")
MAX_ID_LEN = 48  # keeps callback_data ("e:<id>:<page>") within Telegram's 64 bytes


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the knowledge, printed as `path:line: message`."""

    path: str
    line: int
    message: str
    level: str = "error"  # or "warning": reported, but the knowledge is still served

    def __str__(self) -> str:
        prefix = "" if self.level == "error" else "avertissement : "
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@dataclass
class Link:
    label: str
    url: str


@dataclass
class Section:
    title: str
    text: str


@dataclass
class Variant:
    label: str
    summary: str = ""
    steps: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    cost: str = ""
    delay: str = ""
    notes: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


@dataclass
class Office:
    kind: str
    label: str
    url: str = ""


@dataclass(frozen=True)
class Consultation:
    """A question the town puts to residents about a project: 2 to 10 options, open until `closes` (included)."""

    question: str
    options: tuple[str, ...]
    closes: dt.date

    def is_open(self, today: dt.date) -> bool:
        return today <= self.closes


@dataclass
class Entry:
    """One thing Guichet can answer: a procedure, a service, a heritage site, an urban project…"""

    id: str
    title: str
    category: str
    kind: str = "procedure"
    questions: list[str] = field(default_factory=list)
    extra_questions: list[str] = field(default_factory=list)  # from `questions_en_plus:` files
    keywords: list[str] = field(default_factory=list)
    summary: str = ""
    steps: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    cost: str = ""
    delay: str = ""
    where: list[str] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)
    facets: dict[str, str] = field(default_factory=dict)
    source: dict[str, Any] = field(default_factory=dict)
    updated: dt.date | None = None
    review_by: dt.date | None = None
    hidden: bool = False
    location: dict[str, Any] = field(default_factory=dict)
    period: str = ""
    status: str = ""
    timeline: list[dict[str, str]] = field(default_factory=list)
    budget: str = ""
    news: list[dict[str, str]] = field(default_factory=list)  # {"date": "2026-11-20", "text": …}, oldest first
    consultation: "Consultation | None" = None
    guide: dict[str, Any] = field(default_factory=dict)
    checklist: list[dict[str, str]] = field(default_factory=list)
    report: str = ""  # a report category: the answer offers "Signaler maintenant"
    contact: bool = False  # the answer offers to write to the town hall or an official
    path: str = ""
    line: int = 1


@dataclass
class Exception_:
    start: dt.date
    end: dt.date
    ranges: list[tuple[str, str]]  # empty: closed
    note: str = ""


@dataclass
class Place:
    id: str
    name: str
    kind: str = ""
    address: str = ""
    geo: dict[str, float] = field(default_factory=dict)
    phone: str = ""
    email: str = ""
    url: str = ""
    hours: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # weekday 0=lundi
    closed_on_holidays: bool = True
    exceptions: list[Exception_] = field(default_factory=list)

    def hours_on(self, day: dt.date) -> tuple[list[tuple[str, str]], str]:
        """Opening ranges on `day` and a note (exception or public holiday); [] means closed."""
        for exc in self.exceptions:
            if exc.start <= day <= exc.end:
                return exc.ranges, exc.note
        if self.closed_on_holidays and day in french_public_holidays(day.year):
            return [], french_public_holidays(day.year)[day]
        return self.hours.get(day.weekday(), []), ""

    @property
    def has_hours(self) -> bool:
        return bool(self.hours)


@dataclass
class Town:
    name: str = "la mairie"
    fictional: bool = False
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    contact_place: str = ""
    emergency: list[dict[str, str]] = field(default_factory=list)
    timezone: str = ""  # "" : not said by the town (bot/config.py DEFAULT_TIMEZONE applies)


@dataclass
class Category:
    id: str
    title: str
    emoji: str = ""
    description: str = ""


@dataclass
class Case:
    q: str
    expect: list[str]
    path: str = ""
    line: int = 1


@dataclass
class ReportCategory:
    """A kind of problem citizens report in public space (pothole, street light…)."""

    id: str
    title: str
    emoji: str = ""
    description: str = ""


@dataclass
class Official:
    """An elected official citizens can write to, named by role and délégations."""

    id: str
    name: str
    role: str
    delegations: list[str] = field(default_factory=list)
    chat: int = 0  # their own Telegram chat, where requests to them are also posted (0: staff chat only)
    email: str = ""
    phone: str = ""


@dataclass
class Knowledge:
    """Everything loaded from the knowledge folders, overlays applied."""

    entries: dict[str, Entry] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    town: Town = field(default_factory=Town)
    has_town: bool = False
    synonyms: list[list[str]] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    report_categories: dict[str, ReportCategory] = field(default_factory=dict)
    officials: dict[str, Official] = field(default_factory=dict)
    files: int = 0
    unbuilt_ids: set[str] = field(default_factory=set)  # ids refused, or in files that failed to parse
    unbuilt_unknown: bool = False  # a file failed and could not even be read for its ids

    def unbuilt(self, id_: str) -> bool:
        """Whether `id_` may be defined where the loader could not build it (a refused id, a file
        that failed to parse): a reference to it is then not reported, as the definition's own
        problem already is (one mistake, one problem)."""
        return self.unbuilt_unknown or id_ in self.unbuilt_ids

    def visible(self) -> list[Entry]:
        return [e for e in self.entries.values() if not e.hidden]

    def places_of_kind(self, kind: str) -> list[Place]:
        return [p for p in self.places.values() if p.kind == kind]
