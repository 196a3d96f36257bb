"""Building the town's settings and its places (addresses, opening hours, exceptions)."""

from __future__ import annotations

from typing import Any

from .model import DAYS, Exception_, Knowledge, Place, Town
from .schema import PLACE_FIELDS, TOWN_FIELDS, Validator, suggest
from .yamlio import LineDict, line_of


class PlaceBuilder(Validator):
    """The `town:` and `places:` part of the builder (see `bot.kb.build.Builder`)."""

    k: Knowledge

    def town(self, data: Any, line: int) -> None:
        if not isinstance(data, dict):
            self.err(line, "« town » doit contenir des clés (name, phone, email…).")
            return
        if self.k.has_town:
            self.err(line, "les réglages de la commune (« town: ») sont définis deux fois.")
            return
        self.unknown_keys(data, TOWN_FIELDS, "les réglages de la commune")
        t = Town(
            name=self.text(data, "name", required=True, what=" dans « town »"),
            fictional=self.bool_(data, "fictional"),
            address=self.text(data, "address"), phone=self.text(data, "phone"),
            email=self.text(data, "email"),
            website=self.url(data["website"], line_of(data, "website"), "website") if "website" in data else "",
            contact_place=self.text(data, "contact_place"),
            timezone=self.text(data, "timezone") or "Europe/Paris",
        )
        if t.contact_place:
            self.refs.append((self.path, line_of(data, "contact_place"), "place", t.contact_place))
        emergency = data.get("emergency") or []
        if not isinstance(emergency, list):
            self.err(line_of(data, "emergency"), "« emergency » doit être une liste de « label » et « number ».")
            emergency = []
        for i, item in enumerate(emergency):
            if not isinstance(item, dict) or not item.get("label") or item.get("number") in (None, ""):
                self.err(line_of(emergency, i), "un numéro d'urgence s'écrit « - label: … » puis « number: \"15\" ».")
                continue
            self.unknown_keys(item, {"label", "number"}, "un numéro d'urgence")
            t.emergency.append({"label": str(item["label"]).strip(), "number": str(item["number"]).strip()})
        self.k.town, self.k.has_town = t, True

    def place(self, data: LineDict) -> None:
        self.unknown_keys(data, PLACE_FIELDS, "un lieu")
        pid = self.text(data, "id", required=True, what=" dans un lieu")
        name = self.text(data, "name", required=True, what=" dans un lieu")
        if not pid:
            return
        if pid in self.k.places:
            self.err(line_of(data, "id"), f"lieu « {pid} » défini deux fois.")
            return
        place = Place(pid, name or pid, kind=self.text(data, "kind"), address=self.text(data, "address"),
                      phone=self.text(data, "phone"), email=self.text(data, "email"),
                      closed_on_holidays=self.bool_(data, "closed_on_holidays", True))
        if "url" in data:
            place.url = self.url(data["url"], line_of(data, "url"))
        geo = data.get("geo")
        if geo is not None:
            place.geo = self.geo(geo, line_of(data, "geo"))
        hours = data.get("hours")
        if hours is not None:
            if not isinstance(hours, dict):
                self.err(line_of(data, "hours"), "« hours » doit donner un jour par ligne, ex. « lundi: 08:30-12:00, 13:30-17:00 ».")
            else:
                for day, value in hours.items():
                    if day not in DAYS:
                        self.err(line_of(hours, day), f"jour inconnu « {day} » dans « hours ».{suggest(day, DAYS)} "
                                                      "Écrivez les jours en minuscules : lundi … dimanche.")
                        continue
                    ranges = self.ranges(value, line_of(hours, day))
                    if ranges is not None:
                        place.hours[DAYS.index(day)] = ranges
        for i, exc in enumerate(data.get("exceptions") or []):
            line = line_of(data.get("exceptions"), i)
            if not isinstance(exc, dict):
                self.err(line, "une exception s'écrit « - date: 2026-12-24 » puis « hours: 08:30-12:00 » ou « hours: fermé ».")
                continue
            self.unknown_keys(exc, {"date", "from", "to", "hours", "note"}, "une exception d'horaires")
            if "date" in exc:
                start = end = self.date(exc, "date")
            else:
                start, end = self.date(exc, "from"), self.date(exc, "to")
                if "from" not in exc or "to" not in exc:
                    self.err(line, "une exception a soit « date: », soit « from: » et « to: ».")
            ranges = self.ranges(exc.get("hours", "fermé"), line_of(exc, "hours"))
            if start and end and ranges is not None:
                if end < start:
                    self.err(line, "exception : la date « to » est avant la date « from ».")
                    continue
                place.exceptions.append(Exception_(start, end, ranges, self.text(exc, "note")))
        self.k.places[pid] = place
