"""The field checkers: turn raw YAML values into clean ones, or into `path:line` problems.

Why so strict: town clerks edit these files by hand. A typo such as `stpes` silently dropping the
steps of a procedure would be worse than a refusal, so every unknown key, missing field or
non-https link is reported, all at once, in plain French, with the line to fix. The field tables
below are the format of docs/format.md; `bot.kb.build` uses them to build a Knowledge.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any, Iterable
from urllib.parse import urlsplit

from .limits import MAX_ID_LEN, MAX_LABEL_CHARS, MAX_URL_CHARS
from .model import LOCAL_ID, NATIONAL_ID, Link, Problem, Section
from .quote import closest, excerpt
from .yamlio import LineDict, line_of

# field name -> what it holds (docs/format.md); `Validator` has one checker per kind.
ENTRY_FIELDS: dict[str, str] = {
    "id": "id", "kind": "kind", "title": "text", "category": "category_ref", "questions": "texts",
    "keywords": "texts", "summary": "text", "steps": "texts", "documents": "texts", "cost": "text",
    "delay": "text", "where": "place_refs", "offices": "offices", "links": "links",
    "related": "entry_refs", "notes": "texts", "sections": "sections", "variants": "variants",
    "facets": "facets", "source": "source", "updated": "date", "review_by": "date",
    "hidden": "bool", "location": "location", "period": "text", "status": "text",
    "timeline": "timeline", "budget": "text", "guide": "guide", "checklist": "checklist",
    "report": "report_ref", "contact": "bool", "news": "news", "consultation": "consultation",
    "photo": "photo", "stops": "stops",
}
OVERLAY_FIELDS = {"id", "questions", "keywords", "notes", "links", "where", "hidden", "related"}
PLACE_FIELDS = {"id", "name", "kind", "address", "geo", "phone", "email", "url", "hours",
                "closed_on_holidays", "exceptions"}
TOWN_FIELDS = {"name", "fictional", "address", "phone", "email", "website", "contact_place",
               "emergency", "timezone", "holidays"}
CATEGORY_FIELDS = {"id", "title", "emoji", "description"}
VARIANT_FIELDS = {"label", "summary", "steps", "documents", "cost", "delay", "notes", "sections"}
TOP_LEVEL = {"town", "places", "categories", "synonyms", "entries", "overlays", "questions_en_plus",
             "report_categories", "officials", "events", "layer", "streets", "directory"}
PROJECT_STATUSES = ("à l'étude", "en cours", "terminé")
HOURS_RE = re.compile(r"^([01]?\d|2[0-3])(?:[:h]([0-5]\d)?)?\s*[-–à]\s*([01]?\d|2[0-4])(?:[:h]([0-5]\d)?)?$")
CLOSED_WORDS = {"fermé", "ferme", "closed", "-", ""}
ISO_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
ASCII_ODD = re.compile(r"[\x00-\x20\x7f]")
FRENCH_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class Validator:
    """Collects problems while turning raw YAML into dataclasses (one instance per load)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.path = ""
        # references checked once everything is loaded: (path, line, kind, value)
        self.refs: list[tuple[str, int, str, str]] = []
        # id(mapping) -> (the mapping, kept alive so that its id is not reused; keys its unknown
        # keys were taken for), see `misspelt`
        self.misspelled: dict[int, tuple[LineDict, set[str]]] = {}
        self.refused_ids: set[str] = set()  # references to them are not reported again

    def err(self, line: int, message: str, level: str = "error") -> None:
        self.problems.append(Problem(self.path, line, message, level))

    def unknown_keys(self, data: LineDict, allowed: Iterable[str], what: str) -> None:
        allowed = set(allowed)
        for key in data:
            if key not in allowed:
                close = closest(key, allowed)
                hint = (f" Vouliez-vous dire « {close} » ?" if close
                        else f" Clés possibles : {', '.join(sorted(allowed))}.")
                self.err(line_of(data, key), f"clé inconnue « {excerpt(key)} » dans {what}.{hint}")
                if close:
                    self.misspelled.setdefault(id(data), (data, set()))[1].add(close)

    def misspelt(self, data: LineDict, key: str) -> bool:
        """Whether an unknown key of `data` was reported as a likely misspelling of `key`.

        Why: `titel:` already gets « clé inconnue… Vouliez-vous dire title ? »; a second problem
        « title manquant » for the same typo would be noise (one mistake, one problem)."""
        return key in self.misspelled.get(id(data), (data, set()))[1]

    def written(self, data: LineDict, key: str) -> bool:
        """The clerk wrote something for `key` (maybe misspelt or wrong, and then reported)."""
        value = data.get(key)
        return bool(value.strip() if isinstance(value, str) else value) or self.misspelt(data, key)

    def mappings(self, data: LineDict, key: str, list_hint: str, item_hint: str) -> list[LineDict]:
        """The items of a list of mappings under `key`; a wrong shape is reported, never raised.

        `list_hint` and `item_hint` tell the clerk how the list and one item are written.
        """
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.err(line_of(data, key), f"« {key} » doit être une liste {list_hint}.")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                out.append(item)
            else:
                self.err(line_of(value, i, line_of(data, key)), item_hint)
        return out

    # -- scalar checkers return the cleaned value or None
    def text(self, data: LineDict, key: str, required: bool = False, what: str = "",
             max_len: int = 0) -> str:
        """The text under `key`, stripped ("" when absent); `max_len` for texts shown on buttons."""
        value = data.get(key)
        line = line_of(data, key)
        if value is None:
            if required and not self.misspelt(data, key):
                self.err(data.line, f"champ obligatoire « {key} » manquant{what}.")
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, (dt.date,)):
            value = value.isoformat()
        if not isinstance(value, str):
            self.err(line, f"« {key} » doit être un texte.")
            return ""
        value = value.strip()
        if required and not value:
            self.err(line, f"« {key} » est vide.")
        if max_len and len(value) > max_len:
            self.err(line, f"« {key} » est trop long ({len(value)} caractères, {max_len} au plus) : "
                           f"raccourcissez « {excerpt(value)} ».")
            value = value[:max_len]
        return value

    def identifier(self, data: LineDict, what: str, national: bool = False) -> str:
        """The `id` of an entry, a category or a place: it travels in Telegram's buttons (64
        bytes with its prefix), so it is short and plain, or "" once reported."""
        value = self.text(data, "id", required=True, what=f" dans {what}")
        if value and (not (LOCAL_ID.match(value) or (national and NATIONAL_ID.match(value)))
                      or len(value) > MAX_ID_LEN):
            self.err(line_of(data, "id"), f"identifiant invalide « {excerpt(value)} » : minuscules sans accent, "
                                          f"chiffres et tirets seulement (ex. « carte-identite »), "
                                          f"{MAX_ID_LEN} caractères au plus.")
            self.refused_ids.add(value)
            return ""
        return value

    def texts(self, data: LineDict, key: str) -> list[str]:
        return [text for text, _ in self.texts_at(data, key)]

    def texts_at(self, data: LineDict, key: str) -> list[tuple[str, int]]:
        """The texts under `key` with the line of each (a lint names the very line of a question)."""
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.err(line_of(data, key), f"« {key} » doit être une liste (lignes commençant par « - »).")
            return []
        out = []
        for i, item in enumerate(value):
            line = line_of(value, i, line_of(data, key))
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                self.err(line, f"« {key} » : l'élément {i + 1} doit être un texte non vide "
                               "(mettez-le entre guillemets s'il contient « : »).")
                continue
            out.append((item.strip(), line))
        return out

    def date(self, data: LineDict, key: str) -> dt.date | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip() if isinstance(value, (str, int, float)) else ""
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.err(line_of(data, key), f"« {key} » : {_date_advice(value, text)}")
            return None

    def bool_(self, data: LineDict, key: str, default: bool = False) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.err(line_of(data, key), f"« {key} » doit valoir true ou false.")
            return default
        return value

    def url(self, value: Any, line: int, key: str = "url") -> str:
        if not isinstance(value, str) or not value.strip():
            self.err(line, f"« {key} » doit être une adresse web.")
            return ""
        value = value.strip()
        if not value.startswith("https://") or len(value) < 12:
            self.err(line, f"lien non sécurisé ou invalide « {excerpt(value)} » : seules les adresses "
                           "« https://… » sont acceptées.")
            return ""
        odd = _odd_char(value)
        if odd is not None:
            self.err(line, f"lien invalide « {excerpt(value)} » : il contient {_char_name(odd)} ; une adresse "
                           "web s'écrit d'un seul tenant (copiez-la depuis la barre d'adresse).")
            return ""
        if len(value) > MAX_URL_CHARS or "." not in _host(value):
            self.err(line, f"lien invalide « {excerpt(value)} » : vérifiez l'adresse (un nom de site "
                           f"comme « www.exemple.fr », {MAX_URL_CHARS} caractères au plus).")
            return ""
        return value

    def links(self, data: LineDict, key: str = "links") -> list[Link]:
        out = []
        for item in self.mappings(data, key, "de « label » et « url »",
                                  f"« {key} » : chaque lien s'écrit « - label: … » puis « url: https://… »."):
            self.unknown_keys(item, {"label", "url"}, "un lien")
            label = self.text(item, "label", required=True, what=" dans un lien", max_len=MAX_LABEL_CHARS)
            url = self.url(item.get("url"), line_of(item, "url"))
            if label and url:
                out.append(Link(label, url))
        return out

    def sections(self, data: LineDict, key: str = "sections") -> list[Section]:
        out = []
        for item in self.mappings(data, key, "de « title » et « text »",
                                  "une section s'écrit « - title: … » puis « text: … »."):
            self.unknown_keys(item, {"title", "text"}, "une section")
            title = self.text(item, "title", max_len=MAX_LABEL_CHARS)
            text = self.text(item, "text", required=True, what=" dans une section")
            if text:
                out.append(Section(title, text))
        return out

    def refs_list(self, data: LineDict, key: str, kind: str) -> list[str]:
        values = self.texts(data, key)
        for v in values:
            self.refs.append((self.path, line_of(data, key), kind, v))
        return values

    def geo(self, value: Any, line: int) -> dict[str, float]:
        if not isinstance(value, dict) or set(value) != {"lat", "lon"}:
            self.err(line, "« geo » s'écrit « geo: {lat: 47.39, lon: 0.68} ».")
            return {}
        try:
            lat, lon = float(value["lat"]), float(value["lon"])
        except (TypeError, ValueError, OverflowError):
            self.err(line, "« geo » : lat et lon doivent être des nombres.")
            return {}
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            self.err(line, "« geo » : coordonnées hors limites (lat entre -90 et 90, lon entre -180 et 180).")
            return {}
        return {"lat": lat, "lon": lon}

    def ranges(self, value: Any, line: int) -> list[tuple[str, str]] | None:
        if value is None or value is False:
            return []
        if not isinstance(value, str):
            self.err(line, f"horaires invalides « {excerpt(value)} » : écrivez « 08:30-12:00, 13:30-17:00 » ou « fermé » entre guillemets si besoin.")
            return None
        text = value.strip().lower()
        if text in CLOSED_WORDS:
            return []
        out = []
        for part in re.split(r"[,;/]| et ", text):
            m = HOURS_RE.match(part.strip())
            if not m:
                self.err(line, f"horaires invalides « {excerpt(value)} » : écrivez des plages « HH:MM-HH:MM » séparées "
                               "par des virgules (ex. « 08:30-12:00, 13:30-17:00 ») ou « fermé ».")
                return None
            h1, m1, h2, m2 = m.groups()
            m1, m2 = m1 or "00", m2 or "00"
            start, end = f"{int(h1):02d}:{m1}", f"{int(h2):02d}:{m2}"
            if end <= start:
                self.err(line, f"horaires invalides « {excerpt(part)} » : l'heure de fin doit suivre l'heure de début.")
                return None
            out.append((start, end))
        out.sort()
        for (s1, e1), (s2, e2) in zip(out, out[1:]):
            if s2 < e1:
                self.err(line, f"horaires qui se chevauchent « {excerpt(value)} ».")
                return None
        return out


def _date_advice(value: Any, text: str) -> str:
    """Why `value` is not a date, and how to write it (AAAA-MM-JJ)."""
    if ISO_LIKE.match(text):
        year, month, day = (int(g) for g in text.split("-"))
        try:
            return f"écrivez la date avec deux chiffres pour le mois et le jour : {dt.date(year, month, day).isoformat()}."
        except ValueError:
            return f"la date « {text} » n'existe pas (mois de 01 à 12, jour selon le mois)."
    french = FRENCH_DATE.match(text)
    if french:
        day, month, year = (int(g) for g in french.groups())
        try:
            return f"date « {text} » à l'envers : écrivez-la AAAA-MM-JJ, ici {dt.date(year, month, day).isoformat()}."
        except ValueError:
            return f"la date « {text} » n'existe pas ; écrivez-la AAAA-MM-JJ (ex. 2026-11-01)."
    return f"date invalide « {excerpt(value)} », écrivez AAAA-MM-JJ (ex. 2026-11-01)."


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return ""


def _odd_char(url: str) -> str | None:
    """The first space, control or invisible character of `url` (a no-break space included)."""
    if url.isascii():  # nearly always: one regex instead of a look-up per character
        m = ASCII_ODD.search(url)
        return m.group() if m else None
    return next((c for c in url if unicodedata.category(c)[0] in "CZ"), None)


def _char_name(char: str) -> str:
    if char == " ":
        return "une espace"
    if char == "\u00a0":
        return "une espace insécable"
    if char in "\t\n\r":
        return "une tabulation ou un retour à la ligne"
    return f"un caractère invisible (U+{ord(char):04X})"
