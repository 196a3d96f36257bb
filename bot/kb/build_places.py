"""Building the town's settings and its places (addresses, opening hours, exceptions)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from .calendar import REGION_EXAMPLES, region_code
from .limits import MAX_LABEL_CHARS, MAX_TITLE_CHARS
from .model import DAYS, Exception_, Knowledge, Place, Town
from .quote import excerpt, suggest
from .schema import PLACE_FIELDS, TOWN_FIELDS, Validator
from .yamlio import LineDict, line_of

EXCEPTION_HINT = "une exception s'écrit « - date: 2026-12-24 » puis « hours: 08:30-12:00 » ou « hours: fermé »."


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
            name=self.text(data, "name", required=True, what=" dans « town »", max_len=MAX_TITLE_CHARS),
            fictional=self.bool_(data, "fictional"),
            address=self.text(data, "address"), phone=self.text(data, "phone"),
            email=self.text(data, "email"),
            website=self.url(data["website"], line_of(data, "website"), "website") if "website" in data else "",
            contact_place=self.text(data, "contact_place"),
            timezone=self.timezone(data), holidays=self.holiday_region(data),
        )
        if t.contact_place:
            self.refs.append((self.path, line_of(data, "contact_place"), "place", t.contact_place))
        t.emergency = self.emergency(data)
        self.k.town, self.k.has_town = t, True

    def timezone(self, data: LineDict) -> str:
        """The town's time zone, which the bot's clock uses: an unknown one would stop it.

        "" when the town does not say: GUICHET_TIMEZONE, else Europe/Paris, then apply (the default
        is written once, in bot/config.py)."""
        name = self.text(data, "timezone")
        if not name:
            return ""
        try:
            ZoneInfo(name)
        except Exception:  # noqa: BLE001 - ZoneInfoNotFoundError, ValueError on odd paths, OSError…
            self.err(line_of(data, "timezone"), f"fuseau horaire inconnu « {excerpt(name)} » : écrivez par exemple "
                                                "« Europe/Paris », « America/Cayenne » ou « Indian/Reunion ».")
            return ""
        return name

    def holiday_region(self, data: LineDict) -> str:
        """The region whose public holidays close the town's places (Alsace and Moselle keep Good
        Friday and Saint-Étienne): its code in the holidays library, "" for metropolitan France."""
        name = self.text(data, "holidays")
        code = region_code(name)
        if code is None:
            self.err(line_of(data, "holidays"), f"région inconnue « {excerpt(name)} » pour les jours fériés : écrivez "
                                                f"par exemple {REGION_EXAMPLES}, ou retirez la ligne pour la métropole.")
            return ""
        return code

    def emergency(self, data: LineDict) -> list[dict[str, str]]:
        hint = "un numéro d'urgence s'écrit « - label: … » puis « number: \"15\" »."
        out = []
        for item in self.mappings(data, "emergency", "de « label » et « number »", hint):
            if not isinstance(item.get("label"), (str, int)) or not isinstance(item.get("number"), (str, int)) \
                    or not str(item["label"]).strip() or not str(item["number"]).strip():
                self.err(item.line, hint)
                continue
            self.unknown_keys(item, {"label", "number"}, "un numéro d'urgence")
            out.append({"label": self.text(item, "label", max_len=MAX_LABEL_CHARS), "number": self.text(item, "number")})
        return out

    def place(self, data: LineDict) -> None:
        self.unknown_keys(data, PLACE_FIELDS, "un lieu")
        pid = self.identifier(data, "un lieu")
        name = self.text(data, "name", required=True, what=" dans un lieu", max_len=MAX_TITLE_CHARS)
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
        if data.get("hours") is not None:
            place.hours = self.hours(data)
        place.exceptions = self.exceptions(data)
        self.k.places[pid] = place

    def hours(self, data: LineDict) -> dict[int, list[tuple[str, str]]]:
        hours = data["hours"]
        if not isinstance(hours, dict):
            self.err(line_of(data, "hours"), "« hours » doit donner un jour par ligne, ex. « lundi: 08:30-12:00, 13:30-17:00 ».")
            return {}
        out = {}
        for day, value in hours.items():
            if day not in DAYS:
                self.err(line_of(hours, day), f"jour inconnu « {excerpt(day)} » dans « hours ».{suggest(day, DAYS)} "
                                              "Écrivez les jours en minuscules : lundi … dimanche.")
                continue
            ranges = self.ranges(value, line_of(hours, day))
            if ranges is not None:
                out[DAYS.index(day)] = ranges
        return out

    def exceptions(self, data: LineDict) -> list[Exception_]:
        out = []
        for exc in self.mappings(data, "exceptions", "de dates (« - date: 2026-12-24 »)", EXCEPTION_HINT):
            line = exc.line
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
                out.append(Exception_(start, end, ranges, self.text(exc, "note")))
        return out
