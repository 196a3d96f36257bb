"""Load and validate the town's knowledge (YAML), reporting every problem as `path:line: message`.

Why this module is strict: town clerks edit these files by hand. A typo such as `stpes` silently
dropping the steps of a procedure would be worse than a refusal, so every unknown key, missing
field, dangling reference or non-https link is reported, all at once, in plain French, with the
file and line to fix. The exact format is in `docs/format.md`; the staff guide in
`knowledge/README.md`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

try:  # libyaml's C parser is ~10x faster: it matters for the 3,000 national fiches
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
KINDS = ("procedure", "service", "info", "heritage", "project", "guide", "checklist")
LOCAL_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
NATIONAL_ID = re.compile(r"^[FNR][0-9]+$")
MAX_ID_LEN = 48  # keeps callback_data ("e:<id>:<page>") within Telegram's 64 bytes


# --------------------------------------------------------------------------- YAML with line numbers


class LineDict(dict):
    """A mapping that remembers the line of itself and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict


class LineList(list):
    """A sequence that remembers its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    def construct_mapping(self, node, deep=False):  # noqa: D401 - PyYAML hook
        mapping = LineDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, _ in node.value:
            try:
                key = self.construct_object(key_node, deep=True)
                mapping.key_lines[key] = key_node.start_mark.line + 1
            except TypeError:  # unhashable key: PyYAML already complained
                pass
        return mapping

    def construct_sequence(self, node, deep=False):
        seq = LineList(super().construct_sequence(node, deep=True))
        seq.line = node.start_mark.line + 1
        seq.item_lines = [n.start_mark.line + 1 for n in node.value]
        return seq


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)


def _line_of(container: Any, key: Any = None, default: int = 1) -> int:
    if isinstance(container, LineDict):
        if key is not None and key in container.key_lines:
            return container.key_lines[key]
        return container.line or default
    if isinstance(container, LineList):
        if isinstance(key, int) and 0 <= key < len(container.item_lines):
            return container.item_lines[key]
        return container.line or default
    return default


# --------------------------------------------------------------------------- data


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


@dataclass
class Entry:
    """One thing Guichet can answer: a procedure, a service, a heritage site, an urban project…"""

    id: str
    title: str
    category: str
    kind: str = "procedure"
    questions: list[str] = field(default_factory=list)
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
    guide: dict[str, Any] = field(default_factory=dict)
    checklist: list[dict[str, str]] = field(default_factory=list)
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
    timezone: str = "Europe/Paris"


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
class Knowledge:
    """Everything loaded from the knowledge folders, overlays applied."""

    entries: dict[str, Entry] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    town: Town = field(default_factory=Town)
    has_town: bool = False
    synonyms: list[list[str]] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    files: int = 0

    def visible(self) -> list[Entry]:
        return [e for e in self.entries.values() if not e.hidden]

    def places_of_kind(self, kind: str) -> list[Place]:
        return [p for p in self.places.values() if p.kind == kind]


# --------------------------------------------------------------------------- holidays


def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


_HOLIDAY_CACHE: dict[int, dict[dt.date, str]] = {}


def french_public_holidays(year: int) -> dict[dt.date, str]:
    """The 11 French public holidays of `year` (metropolitan France)."""
    if year not in _HOLIDAY_CACHE:
        easter = _easter(year)
        _HOLIDAY_CACHE[year] = {
            dt.date(year, 1, 1): "Jour de l'an",
            easter + dt.timedelta(days=1): "Lundi de Pâques",
            dt.date(year, 5, 1): "Fête du Travail",
            dt.date(year, 5, 8): "Victoire 1945",
            easter + dt.timedelta(days=39): "Ascension",
            easter + dt.timedelta(days=50): "Lundi de Pentecôte",
            dt.date(year, 7, 14): "Fête nationale",
            dt.date(year, 8, 15): "Assomption",
            dt.date(year, 11, 1): "Toussaint",
            dt.date(year, 11, 11): "Armistice 1918",
            dt.date(year, 12, 25): "Noël",
        }
    return _HOLIDAY_CACHE[year]


# --------------------------------------------------------------------------- schema

# field name -> (checker name, required). Checkers are methods of _Validator.
ENTRY_FIELDS: dict[str, str] = {
    "id": "id", "kind": "kind", "title": "text", "category": "category_ref", "questions": "texts",
    "keywords": "texts", "summary": "text", "steps": "texts", "documents": "texts", "cost": "text",
    "delay": "text", "where": "place_refs", "offices": "offices", "links": "links",
    "related": "entry_refs", "notes": "texts", "sections": "sections", "variants": "variants",
    "facets": "facets", "source": "source", "updated": "date", "review_by": "date",
    "hidden": "bool", "location": "location", "period": "text", "status": "text",
    "timeline": "timeline", "budget": "text", "guide": "guide", "checklist": "checklist",
}
OVERLAY_FIELDS = {"id", "questions", "keywords", "notes", "links", "where", "hidden", "related"}
PLACE_FIELDS = {"id", "name", "kind", "address", "geo", "phone", "email", "url", "hours",
                "closed_on_holidays", "exceptions"}
TOWN_FIELDS = {"name", "fictional", "address", "phone", "email", "website", "contact_place",
               "emergency", "timezone"}
CATEGORY_FIELDS = {"id", "title", "emoji", "description"}
VARIANT_FIELDS = {"label", "summary", "steps", "documents", "cost", "delay", "notes", "sections"}
TOP_LEVEL = {"town", "places", "categories", "synonyms", "entries", "overlays"}
PROJECT_STATUSES = ("à l'étude", "en cours", "terminé")
HOURS_RE = re.compile(r"^([01]?\d|2[0-3])(?:[:h]([0-5]\d)?)?\s*[-–à]\s*([01]?\d|2[0-4])(?:[:h]([0-5]\d)?)?$")
CLOSED_WORDS = {"fermé", "ferme", "closed", "-", ""}


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" Vouliez-vous dire « {close[0]} » ?" if close else ""


class _Validator:
    """Collects problems while turning raw YAML into dataclasses (one instance per load)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.path = ""
        # references checked once everything is loaded: (path, line, kind, value)
        self.refs: list[tuple[str, int, str, str]] = []

    def err(self, line: int, message: str, level: str = "error") -> None:
        self.problems.append(Problem(self.path, line, message, level))

    def unknown_keys(self, data: LineDict, allowed: Iterable[str], what: str) -> None:
        allowed = set(allowed)
        for key in data:
            if key not in allowed:
                hint = _suggest(key, allowed) or f" Clés possibles : {', '.join(sorted(allowed))}."
                self.err(_line_of(data, key), f"clé inconnue « {key} » dans {what}.{hint}")

    def mappings(self, data: LineDict, key: str, list_hint: str, item_hint: str) -> list[LineDict]:
        """The items of a list of mappings under `key`; a wrong shape is reported, never raised.

        `list_hint` and `item_hint` tell the clerk how the list and one item are written.
        """
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.err(_line_of(data, key), f"« {key} » doit être une liste {list_hint}.")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                out.append(item)
            else:
                self.err(_line_of(value, i, _line_of(data, key)), item_hint)
        return out

    # -- scalar checkers return the cleaned value or None
    def text(self, data: LineDict, key: str, required: bool = False, what: str = "") -> str:
        value = data.get(key)
        line = _line_of(data, key)
        if value is None:
            if required:
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
        return value

    def texts(self, data: LineDict, key: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.err(_line_of(data, key), f"« {key} » doit être une liste (lignes commençant par « - »).")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                self.err(_line_of(value, i, _line_of(data, key)),
                         f"« {key} » : l'élément {i + 1} doit être un texte non vide "
                         "(mettez-le entre guillemets s'il contient « : »).")
                continue
            out.append(item.strip())
        return out

    def date(self, data: LineDict, key: str) -> dt.date | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.err(_line_of(data, key), f"« {key} » : date invalide « {value} », écrivez AAAA-MM-JJ (ex. 2026-11-01).")
            return None

    def bool_(self, data: LineDict, key: str, default: bool = False) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.err(_line_of(data, key), f"« {key} » doit valoir true ou false.")
            return default
        return value

    def url(self, value: Any, line: int, key: str = "url") -> str:
        if not isinstance(value, str) or not value.strip():
            self.err(line, f"« {key} » doit être une adresse web.")
            return ""
        value = value.strip()
        if not value.startswith("https://") or " " in value or len(value) < 12:
            self.err(line, f"lien non sécurisé ou invalide « {value} » : seules les adresses "
                           "« https://… » sont acceptées.")
            return ""
        return value

    def links(self, data: LineDict, key: str = "links") -> list[Link]:
        out = []
        for item in self.mappings(data, key, "de « label » et « url »",
                                  f"« {key} » : chaque lien s'écrit « - label: … » puis « url: https://… »."):
            self.unknown_keys(item, {"label", "url"}, "un lien")
            label = self.text(item, "label", required=True, what=" dans un lien")
            url = self.url(item.get("url"), _line_of(item, "url"))
            if label and url:
                out.append(Link(label, url))
        return out

    def sections(self, data: LineDict, key: str = "sections") -> list[Section]:
        out = []
        for item in self.mappings(data, key, "de « title » et « text »",
                                  "une section s'écrit « - title: … » puis « text: … »."):
            self.unknown_keys(item, {"title", "text"}, "une section")
            title = self.text(item, "title")
            text = self.text(item, "text", required=True, what=" dans une section")
            if text:
                out.append(Section(title, text))
        return out


# --------------------------------------------------------------------------- loading


def _yaml_files(root: Path) -> list[Path]:
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")) and d != "tests")
        for name in sorted(filenames):
            if name.endswith((".yaml", ".yml")) and not name.startswith((".", "_")):
                files.append(Path(dirpath) / name)
    return files


def _case_files(root: Path) -> list[Path]:
    tests = root / "tests"
    if not tests.is_dir():
        return []
    return sorted(p for p in tests.rglob("*.y*ml") if not p.name.startswith((".", "_")))


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:  # outside the current folder: the full path is clearer than ../../
        return str(path)


def _yaml_error_message(exc: yaml.YAMLError) -> tuple[int, str]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    problem = getattr(exc, "problem", None) or str(exc)
    hint = "vérifiez l'indentation (espaces, pas de tabulation), les « - » des listes et " \
           "mettez entre guillemets un texte qui contient « : » ou commence par un caractère spécial"
    if "\\t" in problem or "tab" in problem:
        hint = "une tabulation est interdite en YAML : indentez avec des espaces"
    return line, f"erreur de syntaxe YAML ({problem}) : {hint}."


def parse_yaml_file(path: Path, cache: dict | None = None) -> tuple[Any, Problem | None]:
    """Parse one YAML file with line numbers; a syntax error becomes a Problem, never an exception.

    `cache` maps path -> (mtime_ns, size, data) so that an unchanged file is not parsed again.
    """
    key = str(path)
    try:
        st = path.stat()
    except OSError as exc:
        return None, Problem(_display(path), 1, f"fichier illisible : {exc.strerror}.")
    if cache is not None:
        hit = cache.get(key)
        if hit and hit[0] == st.st_mtime_ns and hit[1] == st.st_size:
            return hit[2], None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, Problem(_display(path), 1, "le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8.")
    except OSError as exc:
        return None, Problem(_display(path), 1, f"fichier illisible : {exc.strerror}.")
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        line, message = _yaml_error_message(exc)
        return None, Problem(_display(path), line, message)
    if cache is not None:
        cache[key] = (st.st_mtime_ns, st.st_size, data)
        cache["__misses__"] = cache.get("__misses__", 0) + 1
    return data, None


class _Builder(_Validator):
    """Turns parsed YAML documents into a Knowledge, collecting problems."""

    def __init__(self) -> None:
        super().__init__()
        self.k = Knowledge()
        self.places_raw: list[tuple[str, LineDict]] = []
        self.overlays: list[tuple[str, LineDict]] = []
        self.seen_ids: dict[str, str] = {}

    # -- documents
    def document(self, path: str, data: Any) -> None:
        self.path = path
        self.k.files += 1
        if data is None:
            self.err(1, "fichier vide : supprimez-le ou ajoutez du contenu.", "warning")
            return
        if not isinstance(data, dict):
            self.err(_line_of(data), "le fichier doit commencer par des clés (« id: … » pour une "
                                     "fiche, ou « entries: », « places: », « town: »…), pas par une liste.")
            return
        if "id" in data:
            self.entry(data)
            return
        unknown = [k for k in data if k not in TOP_LEVEL]
        for key in unknown:
            self.err(_line_of(data, key), f"clé de premier niveau inconnue « {key} ».{_suggest(key, TOP_LEVEL)} "
                                          "Une fiche commence par « id: » ; sinon utilisez "
                                          + ", ".join(f"« {k}: »" for k in sorted(TOP_LEVEL)) + ".")
        if "town" in data:
            self.town(data["town"], _line_of(data, "town"))
        for key, handler in (("places", self.place), ("categories", self.category),
                             ("entries", self.entry), ("overlays", self.overlay)):
            if key in data:
                items = data[key]
                if not isinstance(items, list):
                    self.err(_line_of(data, key), f"« {key} » doit être une liste (éléments commençant par « - »).")
                    continue
                for i, item in enumerate(items):
                    if not isinstance(item, dict):
                        self.err(_line_of(items, i), f"« {key} » : l'élément {i + 1} doit être un ensemble de clés.")
                        continue
                    handler(item)
        if "synonyms" in data:
            self.synonym_groups(data["synonyms"], _line_of(data, "synonyms"))

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
            website=self.url(data["website"], _line_of(data, "website"), "website") if "website" in data else "",
            contact_place=self.text(data, "contact_place"),
            timezone=self.text(data, "timezone") or "Europe/Paris",
        )
        if t.contact_place:
            self.refs.append((self.path, _line_of(data, "contact_place"), "place", t.contact_place))
        emergency = data.get("emergency") or []
        if not isinstance(emergency, list):
            self.err(_line_of(data, "emergency"), "« emergency » doit être une liste de « label » et « number ».")
            emergency = []
        for i, item in enumerate(emergency):
            if not isinstance(item, dict) or not item.get("label") or item.get("number") in (None, ""):
                self.err(_line_of(emergency, i), "un numéro d'urgence s'écrit « - label: … » puis « number: \"15\" ».")
                continue
            self.unknown_keys(item, {"label", "number"}, "un numéro d'urgence")
            t.emergency.append({"label": str(item["label"]).strip(), "number": str(item["number"]).strip()})
        self.k.town, self.k.has_town = t, True

    def category(self, data: LineDict) -> None:
        self.unknown_keys(data, CATEGORY_FIELDS, "une catégorie")
        cid = self.text(data, "id", required=True, what=" dans une catégorie")
        title = self.text(data, "title", required=True, what=" dans une catégorie")
        if not cid:
            return
        if cid in self.k.categories:
            self.err(_line_of(data, "id"), f"catégorie « {cid} » définie deux fois.")
            return
        self.k.categories[cid] = Category(cid, title or cid, self.text(data, "emoji"), self.text(data, "description"))

    def synonym_groups(self, value: Any, line: int) -> None:
        if not isinstance(value, list):
            self.err(line, "« synonyms » doit être une liste de groupes, ex. « - [cni, carte d'identité] ».")
            return
        for i, group in enumerate(value):
            if not isinstance(group, list) or len(group) < 2 or not all(isinstance(g, (str, int)) and str(g).strip() for g in group):
                self.err(_line_of(value, i, line), "un groupe de synonymes est une liste d'au moins deux "
                                                   "expressions, ex. « - [cni, carte d'identité] ».")
                continue
            expressions = [str(g).strip() for g in group]
            for expr in expressions[1:]:
                self.shrinking_synonym(expr, expressions[0], _line_of(value, i, line))
            self.k.synonyms.append(expressions)

    def shrinking_synonym(self, expr: str, meaning: str, line: int) -> None:
        """Warn when an expression keeps one everyday word or none once the little words go: "à la
        rue" is read as "rue", and every question with "rue" would then mean the group's first one.
        A distinctive word left alone is fine ("les Remous" for the pool)."""
        from .language.lexicon import lexicon
        from .language.background import BACKGROUND
        from .language.text import content_words, stem, words

        kept = content_words(expr)
        known = bool(kept) and (len(kept[0]) < 4 or kept[0] in lexicon()[1])  # the lexicon lists 4+ letters
        everyday = known and BACKGROUND.get(stem(kept[0]), 1.0) < 0.6
        if len(words(expr)) > 1 and len(kept) == 1 and everyday:
            self.err(line, f"« {expr} » ne garde qu'un mot utile, « {kept[0]} » : toutes les questions "
                           f"avec « {kept[0]} » seraient lues comme « {meaning} ». Ajoutez un mot précis "
                           f"ou retirez l'expression.", "warning")
        elif len(words(expr)) > 1 and not kept and not any(ch.isdigit() for ch in expr):
            self.err(line, f"« {expr} » ne contient que des petits mots (le, de, à…) : elle ne sert à rien.", "warning")

    def place(self, data: LineDict) -> None:
        self.unknown_keys(data, PLACE_FIELDS, "un lieu")
        pid = self.text(data, "id", required=True, what=" dans un lieu")
        name = self.text(data, "name", required=True, what=" dans un lieu")
        if not pid:
            return
        if pid in self.k.places:
            self.err(_line_of(data, "id"), f"lieu « {pid} » défini deux fois.")
            return
        place = Place(pid, name or pid, kind=self.text(data, "kind"), address=self.text(data, "address"),
                      phone=self.text(data, "phone"), email=self.text(data, "email"),
                      closed_on_holidays=self.bool_(data, "closed_on_holidays", True))
        if "url" in data:
            place.url = self.url(data["url"], _line_of(data, "url"))
        geo = data.get("geo")
        if geo is not None:
            place.geo = self.geo(geo, _line_of(data, "geo"))
        hours = data.get("hours")
        if hours is not None:
            if not isinstance(hours, dict):
                self.err(_line_of(data, "hours"), "« hours » doit donner un jour par ligne, ex. « lundi: 08:30-12:00, 13:30-17:00 ».")
            else:
                for day, value in hours.items():
                    if day not in DAYS:
                        self.err(_line_of(hours, day), f"jour inconnu « {day} » dans « hours ».{_suggest(day, DAYS)} "
                                                       "Écrivez les jours en minuscules : lundi … dimanche.")
                        continue
                    ranges = self.ranges(value, _line_of(hours, day))
                    if ranges is not None:
                        place.hours[DAYS.index(day)] = ranges
        for i, exc in enumerate(data.get("exceptions") or []):
            line = _line_of(data.get("exceptions"), i)
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
            ranges = self.ranges(exc.get("hours", "fermé"), _line_of(exc, "hours"))
            if start and end and ranges is not None:
                if end < start:
                    self.err(line, "exception : la date « to » est avant la date « from ».")
                    continue
                place.exceptions.append(Exception_(start, end, ranges, self.text(exc, "note")))
        self.k.places[pid] = place

    def geo(self, value: Any, line: int) -> dict[str, float]:
        if not isinstance(value, dict) or set(value) != {"lat", "lon"}:
            self.err(line, "« geo » s'écrit « geo: {lat: 47.39, lon: 0.68} ».")
            return {}
        try:
            lat, lon = float(value["lat"]), float(value["lon"])
        except (TypeError, ValueError):
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
            self.err(line, f"horaires invalides « {value} » : écrivez « 08:30-12:00, 13:30-17:00 » ou « fermé » entre guillemets si besoin.")
            return None
        text = value.strip().lower()
        if text in CLOSED_WORDS:
            return []
        out = []
        for part in re.split(r"[,;/]| et ", text):
            m = HOURS_RE.match(part.strip())
            if not m:
                self.err(line, f"horaires invalides « {value} » : écrivez des plages « HH:MM-HH:MM » séparées "
                               "par des virgules (ex. « 08:30-12:00, 13:30-17:00 ») ou « fermé ».")
                return None
            h1, m1, h2, m2 = m.groups()
            m1, m2 = m1 or "00", m2 or "00"
            start, end = f"{int(h1):02d}:{m1}", f"{int(h2):02d}:{m2}"
            if end <= start:
                self.err(line, f"horaires invalides « {part.strip()} » : l'heure de fin doit suivre l'heure de début.")
                return None
            out.append((start, end))
        out.sort()
        for (s1, e1), (s2, e2) in zip(out, out[1:]):
            if s2 < e1:
                self.err(line, f"horaires qui se chevauchent « {value} ».")
                return None
        return out

    # -- entries
    def entry(self, data: LineDict) -> None:
        self.unknown_keys(data, ENTRY_FIELDS, "une fiche")
        eid = self.text(data, "id", required=True, what=" dans une fiche")
        if not eid:
            return
        if not (LOCAL_ID.match(eid) or NATIONAL_ID.match(eid)) or len(eid) > MAX_ID_LEN:
            self.err(_line_of(data, "id"), f"identifiant invalide « {eid} » : minuscules sans accent, chiffres "
                                           f"et tirets seulement (ex. « carte-identite »), {MAX_ID_LEN} caractères au plus.")
            return
        if eid in self.seen_ids:
            self.err(_line_of(data, "id"), f"identifiant « {eid} » déjà utilisé dans {self.seen_ids[eid]} : "
                                           "chaque fiche a un id unique.")
            return
        self.seen_ids[eid] = f"{self.path}:{_line_of(data, 'id')}"
        kind = self.text(data, "kind") or "procedure"
        if kind not in KINDS:
            self.err(_line_of(data, "kind"), f"type « {kind} » inconnu.{_suggest(kind, KINDS)} Types possibles : {', '.join(KINDS)}.")
            kind = "procedure"
        e = Entry(id=eid, kind=kind, title=self.text(data, "title", required=True, what=f" dans la fiche « {eid} »"),
                  category=self.text(data, "category", required=True, what=f" dans la fiche « {eid} »"),
                  path=self.path, line=data.line)
        if e.category:
            self.refs.append((self.path, _line_of(data, "category"), "category", e.category))
        for key in ("questions", "keywords", "steps", "documents", "notes"):
            setattr(e, key, self.texts(data, key))
        for key in ("summary", "cost", "delay", "period", "status", "budget"):
            setattr(e, key, self.text(data, key))
        e.where = self.refs_list(data, "where", "place")
        e.related = self.refs_list(data, "related", "entry")
        e.links = self.links(data)
        e.sections = self.sections(data)
        e.variants = self.variants(data)
        e.offices = self.offices(data)
        e.updated, e.review_by = self.date(data, "updated"), self.date(data, "review_by")
        e.hidden = self.bool_(data, "hidden")
        e.facets = self.facets(data)
        e.source = self.source(data)
        e.timeline = self.timeline(data)
        if "location" in data:
            e.location = self.location(data["location"], _line_of(data, "location"))
        if "guide" in data:
            e.guide = self.guide_node(data["guide"], _line_of(data, "guide"), depth=0) or {}
        e.checklist = self.checklist(data)
        self.entry_rules(e, data)
        self.k.entries[eid] = e

    def entry_rules(self, e: Entry, data: LineDict) -> None:
        where = f"la fiche « {e.id} »"
        if not (e.summary or e.steps or e.sections or e.variants or e.guide or e.checklist):
            self.err(data.line, f"{where} n'a aucune réponse : ajoutez au moins « summary » ou « steps ».")
        if e.kind == "heritage" and not e.location:
            self.err(data.line, f"{where} (patrimoine) doit avoir « location » (address et geo).")
        if e.kind == "project":
            if not e.status:
                self.err(data.line, f"{where} (projet) doit avoir « status » : {', '.join(PROJECT_STATUSES)}.")
            elif e.status not in PROJECT_STATUSES:
                self.err(_line_of(data, "status"), f"statut « {e.status} » inconnu : {', '.join(PROJECT_STATUSES)}.")
        if e.kind == "guide" and not e.guide:
            self.err(data.line, f"{where} (parcours guidé) doit avoir « guide » (question et options).")
        if e.kind == "checklist" and not e.checklist:
            self.err(data.line, f"{where} (liste de démarches) doit avoir « checklist ».")
        if LOCAL_ID.match(e.id) and not e.updated and not e.source:
            self.err(data.line, f"{where} n'a pas de date de vérification : ajoutez « updated: AAAA-MM-JJ ».")
        if e.review_by and e.review_by < dt.date.today():
            self.err(_line_of(data, "review_by"), f"{where} devait être revérifiée avant le {e.review_by.isoformat()}.", "warning")

    def refs_list(self, data: LineDict, key: str, kind: str) -> list[str]:
        values = self.texts(data, key)
        for v in values:
            self.refs.append((self.path, _line_of(data, key), kind, v))
        return values

    def variants(self, data: LineDict) -> list[Variant]:
        out = []
        for item in self.mappings(data, "variants", "de situations (« - label: … »)",
                                  "une situation s'écrit « - label: Majeur » suivie de ses champs."):
            self.unknown_keys(item, VARIANT_FIELDS, "une situation (variants)")
            v = Variant(label=self.text(item, "label", required=True, what=" dans une situation"),
                        summary=self.text(item, "summary"), steps=self.texts(item, "steps"),
                        documents=self.texts(item, "documents"), cost=self.text(item, "cost"),
                        delay=self.text(item, "delay"), notes=self.texts(item, "notes"),
                        sections=self.sections(item))
            if v.label:
                out.append(v)
        return out

    def offices(self, data: LineDict) -> list[Office]:
        out = []
        for item in self.mappings(data, "offices", "(« - kind: mairie »)",
                                  "un guichet s'écrit « - kind: mairie » puis « label: … »."):
            self.unknown_keys(item, {"kind", "label", "url"}, "un guichet (offices)")
            url = self.url(item["url"], _line_of(item, "url")) if item.get("url") else ""
            out.append(Office(self.text(item, "kind") or "other", self.text(item, "label", required=True), url))
        return out

    def facets(self, data: LineDict) -> dict[str, str]:
        value = data.get("facets")
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(isinstance(v, (str, int)) for v in value.values()):
            self.err(_line_of(data, "facets"), "« facets » s'écrit « facets: {pour: majeur, situation: renouvellement} ».")
            return {}
        return {str(k): str(v) for k, v in value.items()}

    def source(self, data: LineDict) -> dict[str, Any]:
        value = data.get("source")
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.err(_line_of(data, "source"), "« source » s'écrit avec « name », « url » et « date ».")
            return {}
        self.unknown_keys(value, {"name", "url", "date"}, "la source")
        out: dict[str, Any] = {"name": self.text(value, "name")}
        if "url" in value:
            out["url"] = self.url(value["url"], _line_of(value, "url"))
        out["date"] = self.date(value, "date")
        return out

    def timeline(self, data: LineDict) -> list[dict[str, str]]:
        hint = "une étape du calendrier s'écrit « - date: 2027 » puis « label: … »."
        out = []
        for item in self.mappings(data, "timeline", "de « date » et « label »", hint):
            if "date" not in item or "label" not in item:
                self.err(item.line, hint)
                continue
            self.unknown_keys(item, {"date", "label"}, "une étape du calendrier")
            out.append({"date": self.text(item, "date"), "label": self.text(item, "label")})
        return out

    def location(self, value: Any, line: int) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.err(line, "« location » s'écrit avec « address » et « geo ».")
            return {}
        self.unknown_keys(value, {"address", "geo", "place"}, "« location »")
        out: dict[str, Any] = {"address": self.text(value, "address")}
        if "geo" in value:
            out["geo"] = self.geo(value["geo"], _line_of(value, "geo"))
        if "place" in value:
            out["place"] = self.text(value, "place")
            self.refs.append((self.path, _line_of(value, "place"), "place", out["place"]))
        return out

    def guide_node(self, node: Any, line: int, depth: int) -> dict[str, Any] | None:
        if depth > 12:
            self.err(line, "parcours guidé trop profond (plus de 12 niveaux).")
            return None
        if not isinstance(node, dict) or "options" not in node:
            self.err(line, "un parcours guidé s'écrit « question: … » puis « options: » (une liste).")
            return None
        self.unknown_keys(node, {"question", "options"} | ({"label"} if depth else set()), "un parcours guidé")
        options = node["options"]
        if not isinstance(options, list) or not options:
            self.err(_line_of(node, "options", line), "« options » doit être une liste non vide.")
            return None
        out_options = []
        for i, opt in enumerate(options):
            oline = _line_of(options, i, line)
            if not isinstance(opt, dict) or not opt.get("label"):
                self.err(oline, "chaque option a un « label ».")
                continue
            self.unknown_keys(opt, {"label", "goto", "question", "options"}, "une option de parcours")
            item: dict[str, Any] = {"label": self.text(opt, "label")}
            if "goto" in opt:
                item["goto"] = self.text(opt, "goto")
                self.refs.append((self.path, _line_of(opt, "goto", oline), "entry", item["goto"]))
            elif "options" in opt:
                sub = self.guide_node(opt, oline, depth + 1)
                if sub is None:
                    continue
                item.update(sub)
            else:
                self.err(oline, "une option mène soit à une fiche (« goto: … »), soit à d'autres « options ».")
                continue
            out_options.append(item)
        return {"question": self.text(node, "question") or "Quelle est votre situation ?", "options": out_options}

    def checklist(self, data: LineDict) -> list[dict[str, str]]:
        hint = "un élément de liste s'écrit « - label: … » (et « id: » d'une fiche)."
        out = []
        for item in self.mappings(data, "checklist", "de « label » (et « id »)", hint):
            if not item.get("label"):
                self.err(item.line, hint)
                continue
            self.unknown_keys(item, {"label", "id"}, "un élément de liste")
            row = {"label": self.text(item, "label")}
            if item.get("id"):
                row["id"] = self.text(item, "id")
                self.refs.append((self.path, _line_of(item, "id"), "entry", row["id"]))
            out.append(row)
        return out

    def overlay(self, data: LineDict) -> None:
        self.unknown_keys(data, OVERLAY_FIELDS, "un complément (overlays)")
        self.overlays.append((self.path, data))

    # -- after all files
    def finish(self) -> None:
        for path, data in self.overlays:
            self.path = path
            eid = self.text(data, "id", required=True, what=" dans un complément")
            entry = self.k.entries.get(eid)
            if entry is None:
                if eid:
                    self.err(_line_of(data, "id"), f"complément pour la fiche « {eid} », qui n'existe pas.{_suggest(eid, self.k.entries)}")
                continue
            entry.questions += self.texts(data, "questions")
            entry.keywords += self.texts(data, "keywords")
            entry.notes = self.texts(data, "notes") + entry.notes
            entry.links = self.links(data) + entry.links
            entry.related += self.refs_list(data, "related", "entry")
            if "where" in data:
                entry.where = self.refs_list(data, "where", "place")
            if "hidden" in data:
                entry.hidden = self.bool_(data, "hidden")
        targets = {"place": self.k.places, "entry": self.k.entries, "category": self.k.categories}
        names = {"place": ("lieu", "aucun lieu n'a"), "entry": ("fiche", "aucune fiche n'a"),
                 "category": ("catégorie", "aucune catégorie n'a")}
        for path, line, kind, value in self.refs:
            if value not in targets[kind]:
                noun, none = names[kind]
                self.problems.append(Problem(path, line, f"{noun} « {value} » introuvable : {none} cet id."
                                                         f"{_suggest(value, targets[kind])}"))


def load_knowledge(dirs: Iterable[str | Path], cache_file: Path | None = None) -> tuple[Knowledge, list[Problem]]:
    """Load every knowledge folder in `dirs` as one Knowledge; return it with all its problems.

    Never raises on bad content: problems are returned (errors and warnings), so `guichet check`
    can print them all and the running bot can keep serving its last good knowledge. `cache_file`
    keeps parsed files between runs (keyed on modification time and size): the 3,000 national
    fiches then load in a fraction of a second.
    """
    cache: dict = {}
    if cache_file is not None:
        try:
            with open(cache_file, "rb") as f:
                cache = pickle.load(f)
        except Exception:  # a missing or stale cache is simply rebuilt
            cache = {}
    cache.pop("__misses__", None)
    builder = _Builder()
    dirs = [Path(d) for d in dirs]
    seen_files: set[str] = set()
    for root in dirs:
        if not root.is_dir():
            builder.problems.append(Problem(_display(root), 1, "dossier de connaissances introuvable."))
            continue
        for path in _yaml_files(root):
            seen_files.add(str(path))
            data, problem = parse_yaml_file(path, cache)
            if problem:
                builder.problems.append(problem)
                builder.k.files += 1
                continue
            builder.document(_display(path), data)
        for path in _case_files(root):
            builder.path = _display(path)
            data, problem = parse_yaml_file(path, None)
            if problem:
                builder.problems.append(problem)
                continue
            builder.k.cases.extend(_cases(builder, data))
    builder.finish()
    if cache_file is not None and (cache.pop("__misses__", 0) or set(cache) - seen_files):
        cache = {k: v for k, v in cache.items() if k in seen_files}
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache_file.with_suffix(".tmp")
            with open(tmp, "wb") as f:
                pickle.dump(cache, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache_file)
        except OSError:
            pass  # the cache is an optimisation only
    return builder.k, builder.problems


def _cases(v: _Validator, data: Any) -> list[Case]:
    out = []
    if isinstance(data, dict) and "cases" in data:
        data = data["cases"]
    if not isinstance(data, list):
        v.err(_line_of(data), "un fichier de tests est une liste de « - q: question » et « expect: [id] ».")
        return out
    for i, item in enumerate(data):
        line = _line_of(data, i)
        if not isinstance(item, dict) or not isinstance(item.get("q"), str):
            v.err(line, "un cas de test s'écrit « - q: \"question\" » puis « expect: [id] » (ou « expect: [] »).")
            continue
        v.unknown_keys(item, {"q", "expect"}, "un cas de test")
        expect = item.get("expect", [])
        if isinstance(expect, str):
            expect = [expect]
        if expect in (None, "none"):
            expect = []
        if not isinstance(expect, list):
            v.err(line, "« expect » est une liste d'id, ou [] si la question est hors sujet.")
            continue
        out.append(Case(item["q"], [str(x) for x in expect], v.path, line))
    return out


def check_cases(knowledge: Knowledge) -> list[Problem]:
    """Problems with the test cases themselves: expected ids that do not exist."""
    problems = []
    for case in knowledge.cases:
        for eid in case.expect:
            if eid not in knowledge.entries:
                problems.append(Problem(case.path, case.line, f"cas de test : la fiche attendue « {eid} » n'existe pas."
                                                              f"{_suggest(eid, knowledge.entries)}"))
    return problems


def load_cases(path: str | Path) -> tuple[list[Case], list[Problem]]:
    """Read an evaluation file (`guichet eval CASES.yaml`)."""
    v = _Validator()
    v.path = _display(Path(path))
    data, problem = parse_yaml_file(Path(path), None)
    if problem:
        return [], [problem]
    return _cases(v, data), v.problems


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "error"]


def fingerprint(dirs: Iterable[str | Path], extra: Iterable[Path] = ()) -> str:
    """A cheap signature of the knowledge folders: every YAML file's path, size and mtime.

    Used to reuse a built index across restarts (start-up in well under 2 s with the 3,000
    national fiches) and to notice edits while the bot runs, without reading any file.
    """
    import hashlib

    h = hashlib.sha1()
    for root in dirs:
        root = Path(root)
        h.update(str(root.resolve()).encode())
        if not root.is_dir():
            continue
        for path in _yaml_files(root) + _case_files(root):
            try:
                st = path.stat()
            except OSError:
                continue
            h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    for path in extra:
        try:
            st = Path(path).stat()
            h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        except OSError:
            pass
    return h.hexdigest()
