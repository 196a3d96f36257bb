"""Building the town's agenda (`events:`): dates, weekly events, times, categories and references,
every mistake as `path:line` in French.

Why strict: an event's date is what a citizen plans a trip on; "2027-02-30", "every: samdi" or a
place that does not exist must stop at `guichet check`, not reach a resident.
"""

from __future__ import annotations

import datetime as dt
import re

from ..language.text import fold
from .events import EVENT_CATEGORIES, Event
from .limits import MAX_SHOWN_CHARS, MAX_TITLE_CHARS
from .model import DAYS
from .quote import excerpt, suggest
from .schema import Validator
from .yamlio import LineDict, line_of

EVENT_FIELDS = {"id", "title", "category", "date", "from", "to", "every", "except", "time", "place", "address",
                "description", "entry", "url", "fictional"}
EVENT_HINT = ("un événement a « date: 2027-09-18 », ou « from: » et « to: » pour une période, ou « every: samedi » "
              "pour un rendez-vous chaque semaine.")
_TIME = re.compile(r"^([01]?\d|2[0-3])[:h]([0-5]\d)?(?:\s*[-–à]\s*([01]?\d|2[0-4])[:h]([0-5]\d)?)?$")


def category_key(value: str) -> str:
    """"Conseil municipal" → "conseil-municipal", "marché" → "marche"."""
    return "-".join(fold(value).replace("'", " ").split())


class EventBuilder(Validator):
    """The `events:` part of the builder (see `bot.kb.build.Builder`)."""

    def event(self, data: LineDict) -> None:
        self.unknown_keys(data, EVENT_FIELDS, "un événement")
        eid = self.identifier(data, "un événement")
        title = self.text(data, "title", required=True, what=" dans un événement", max_len=MAX_TITLE_CHARS)
        if not eid:
            return
        if any(e.id == eid for e in self.k.events):
            self.err(line_of(data, "id"), f"événement « {eid} » défini deux fois.")
            return
        event = Event(eid, title or eid, category=self.event_category(data), time=self.event_time(data),
                      address=self.text(data, "address"), fictional=self.bool_(data, "fictional"),
                      description=self.text(data, "description", max_len=MAX_SHOWN_CHARS),
                      path=self.path, line=data.line)
        if not self.event_days(data, event):
            return
        for key, kind in (("place", "place"), ("entry", "entry")):
            value = self.text(data, key)
            if value:
                self.refs.append((self.path, line_of(data, key), kind, value))
                setattr(event, key, value)
        if "url" in data:
            event.url = self.url(data["url"], line_of(data, "url"))
        self.k.events.append(event)

    def event_category(self, data: LineDict) -> str:
        value = self.text(data, "category")
        if not value:
            return "autre"
        key = category_key(value)
        if key not in EVENT_CATEGORIES:
            self.err(line_of(data, "category"), f"catégorie d'événement inconnue « {excerpt(value)} ».{suggest(key, EVENT_CATEGORIES)} "
                                                f"Catégories : {', '.join(EVENT_CATEGORIES)}.")
            return "autre"
        return key

    def event_time(self, data: LineDict) -> tuple[str, str]:
        """"20:00" or "08:00-13:00" (also "20h", "8h-13h") as ("HH:MM", "HH:MM" or "")."""
        value = self.text(data, "time")
        if not value:
            return "", ""
        found = _TIME.match(value)
        if not found:
            self.err(line_of(data, "time"), f"heure invalide « {excerpt(value)} » : écrivez « 20:00 » ou « 08:00-13:00 ».")
            return "", ""
        h1, m1, h2, m2 = found.groups()
        start = f"{int(h1):02d}:{m1 or '00'}"
        end = f"{int(h2):02d}:{m2 or '00'}" if h2 else ""
        if end and end <= start:
            self.err(line_of(data, "time"), f"heure invalide « {excerpt(value)} » : la fin doit suivre le début.")
            return start, ""
        return start, end

    def event_days(self, data: LineDict, event: Event) -> bool:
        """`date`, or `from`/`to`, or `every` (with optional `from`/`to` and `except`); False once reported."""
        has = {k for k in ("date", "from", "to", "every") if k in data}
        if "every" in data:
            day = self.text(data, "every").lower()
            if day not in DAYS:
                self.err(line_of(data, "every"), f"jour inconnu « {excerpt(day)} » dans « every ».{suggest(day, DAYS)} "
                                                 "Écrivez un jour en minuscules : lundi … dimanche.")
                return False
            event.every = DAYS.index(day)
            event.first, event.last = self.date(data, "from"), self.date(data, "to")
            event.skip = self.event_skip(data)
        elif has == {"date"}:
            event.first = event.last = self.date(data, "date")
        elif has == {"from", "to"}:
            event.first, event.last = self.date(data, "from"), self.date(data, "to")
        else:
            self.err(data.line, EVENT_HINT)
            return False
        if event.first is None and event.every is None:
            return False  # its date was reported
        if event.first and event.last and event.last < event.first:
            self.err(line_of(data, "to"), "événement : la date « to » est avant la date « from ».")
            return False
        return True

    def event_skip(self, data: LineDict) -> list[dt.date]:
        """`except:` the days a weekly event does not take place (one date or a list)."""
        value = data.get("except")
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        out = []
        for i, item in enumerate(items):
            line = line_of(items, i, line_of(data, "except"))
            if isinstance(item, dt.date):
                out.append(item)
                continue
            try:
                out.append(dt.date.fromisoformat(str(item).strip()))
            except ValueError:
                self.err(line, f"« except » : « {excerpt(item)} » n'est pas une date : écrivez AAAA-MM-JJ, "
                               "par exemple « 2026-12-26 ».")
        return out
