"""The knowledge as the bot sees it: plain dataclasses, the id rules and the day names.

Nothing here reads a file: `bot.kb.load` builds these from the YAML folders (see docs/format.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..language.text import DAY_NAMES
from ..zones.model import Zones
from .calendar import french_public_holidays
from .events import Event

if TYPE_CHECKING:
    from ..transit.model import Timetable

DAYS = DAY_NAMES  # the name the knowledge's callers use (`from bot.kb import DAYS`)
KINDS = ("procedure", "service", "info", "heritage", "project", "guide", "checklist", "tour")
LOCAL_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
NATIONAL_ID = re.compile(r"^[FNR][0-9]+$")
MAX_ID_LEN = 48  # keeps callback_data ("e:<id>:<page>") within Telegram's 64 bytes


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the knowledge, printed as `path:line: message`."""

    path: str
    line: int
    message: str
    level: str = "error"  # or "warning": reported, but the knowledge is still served; "info": for the record

    def __str__(self) -> str:
        prefix = {"error": "", "info": "info : "}.get(self.level, "avertissement : ")
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


@dataclass(frozen=True)
class Stop:
    """One stop of a walking tour: a heritage site's entry id, and what to look at there (optional)."""

    entry: str
    note: str = ""


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
    photo: str = ""  # absolute path of an image in the knowledge folder (written relative to it)
    stops: list[Stop] = field(default_factory=list)  # a walking tour's stops, in order
    path: str = ""
    line: int = 1
    # Where the clerk wrote it, for the advice of `guichet check` (bot/lint/): the line of each
    # field in `path`, and the (path, line) of each question (an overlay's are in its own file).
    lines: dict[str, int] = field(default_factory=dict, repr=False)
    question_lines: dict[str, tuple[str, int]] = field(default_factory=dict, repr=False)


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
    holiday_region: str = ""  # the town's (`town: holidays:`), set by the builder: "" metropolitan France

    def exception_on(self, day: dt.date) -> Exception_ | None:
        """The exception (special day or period) that sets the hours of `day`, if any."""
        return next((exc for exc in self.exceptions if exc.start <= day <= exc.end), None)

    def holiday_on(self, day: dt.date) -> str:
        """The public holiday that closes the place on `day` ("" when none does: not a holiday, a
        place open on holidays, or an exception that sets that day's hours)."""
        if not self.closed_on_holidays or self.exception_on(day) is not None:
            return ""
        return french_public_holidays(day.year, self.holiday_region).get(day, "")

    def hours_on(self, day: dt.date) -> tuple[list[tuple[str, str]], str]:
        """Opening ranges on `day` and a note (exception or public holiday); [] means closed."""
        exc = self.exception_on(day)
        if exc is not None:
            return exc.ranges, exc.note
        holiday = self.holiday_on(day)
        if holiday:
            return [], holiday
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
    holidays: str = ""  # public holidays of a region (bot/kb/calendar.py REGIONS): "" metropolitan France


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


@dataclass(frozen=True)
class DirectoryItem:
    """A contact of the directory (annuaire.yaml): its entry's id, its kind, and the names and
    keywords people type to find it, folded, each as its words without particles."""

    id: str
    kind: str
    phrases: tuple[tuple[str, ...], ...]


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
    events: list[Event] = field(default_factory=list)  # the agenda (bot/kb/events.py), in file order
    transit: "Timetable | None" = None  # the buses (transport/horaires.json, from `guichet import-gtfs`)
    zones: Zones = field(default_factory=Zones)  # zone layers and the street index (knowledge/zones/)
    directory: dict[str, DirectoryItem] = field(default_factory=dict)  # entry id → the contact it shows
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

    def searched(self) -> list[Entry]:
        """The entries the matcher reads: the visible ones but the directory's contacts, which the
        directory service finds by their names (bot/services/directory.py), so that the matcher's
        measured decisions on the town's questions stay as they were."""
        return [e for e in self.visible() if e.id not in self.directory]

    def places_of_kind(self, kind: str) -> list[Place]:
        return [p for p in self.places.values() if p.kind == kind]
