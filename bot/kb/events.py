"""Dated events of the town's agenda (`events:` in knowledge/agenda.yaml): markets, council meetings,
elections, heritage days, guided visits, celebrations; one day, a period, or every week.

Plain data and the one rule of when an event happens (`Event.occurs_on`); the builder is
bot/kb/build_events.py and the agenda service bot/services/agenda.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EventCategory:
    """A kind of event: how a reply names it, and the words citizens ask about it with (folded)."""

    label: str
    emoji: str
    words: tuple[str, ...] = ()


# Keys as a clerk writes them, folded ("marché" → "marche", "conseil municipal" → "conseil-municipal").
EVENT_CATEGORIES: dict[str, EventCategory] = {
    "marche": EventCategory("Marchés", "🧺", ("marche", "marches", "marche de noel")),
    "conseil-municipal": EventCategory("Conseil municipal", "🏛️", ("conseil municipal", "conseil", "seance du conseil")),
    "elections": EventCategory("Élections", "🗳️", ("election", "elections", "scrutin", "presidentielle",
                                                   "legislatives", "municipales", "europeennes")),
    "patrimoine": EventCategory("Patrimoine", "🏰", ("journees du patrimoine", "journee du patrimoine", "patrimoine")),
    "visite": EventCategory("Visites guidées", "🚶", ("visite guidee", "visites guidees", "visite commentee")),
    "fete": EventCategory("Fêtes", "🎉", ("fete", "fetes", "festivites", "feu d artifice", "bal")),
    "culture": EventCategory("Culture", "🎭", ("concert", "spectacle", "exposition", "cinema")),
    "sport": EventCategory("Sport", "⚽", ("course", "tournoi", "match")),
    "commemoration": EventCategory("Commémorations", "🎖️", ("ceremonie", "commemoration", "ceremonies")),
    "reunion": EventCategory("Réunions publiques", "📢", ("reunion publique", "reunions publiques")),
    "autre": EventCategory("Agenda", "📅"),
}


@dataclass
class Event:
    """One agenda item. `first`/`last`: its day or period (`every` set: the bounds of a weekly
    event, None for no bound); `every`: the weekday (0 = lundi) of a weekly event; `skip`: the days
    a weekly event does not take place; `time`: ("20:00", "") or ("08:00", "13:00")."""

    id: str
    title: str
    category: str = "autre"
    first: dt.date | None = None
    last: dt.date | None = None
    every: int | None = None
    skip: list[dt.date] = field(default_factory=list)
    time: tuple[str, str] = ("", "")
    place: str = ""         # a place id (lieux.yaml)
    address: str = ""       # where, in words, when it is not a place
    description: str = ""
    entry: str = ""         # the entry it belongs to (the conseil municipal's lists its next dates)
    url: str = ""
    fictional: bool = False  # a date made up for the demonstration: said so in every answer
    path: str = ""
    line: int = 1

    @property
    def weekly(self) -> bool:
        return self.every is not None

    def occurs_on(self, day: dt.date) -> bool:
        """Whether the event takes place on `day` (a period counts on each of its days)."""
        if self.first is not None and day < self.first or self.last is not None and day > self.last:
            return False
        if self.every is None:
            return self.first is not None
        return day.weekday() == self.every and day not in self.skip
