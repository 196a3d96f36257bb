"""Import the service-public.fr "Vos droits et démarches" XML dataset as Guichet knowledge.

``guichet import-service-public SOURCE --out DIR`` calls :func:`run_import`. SOURCE is the
official zip (``vosdroits-latest.zip``) as downloaded, or a folder of its XML files. DIR receives
one YAML entry per fiche (``fiches/F1342.yaml``), ``categories.yaml`` (the themes),
``synonyms.yaml`` (the fiches' own acronyms) and a manifest ``.guichet-import.json`` listing the
files the importer owns with a content hash: a re-import rewrites only changed files, deletes the
files of withdrawn fiches, and never touches anything it did not create (a town's overlays).

Content: Licence Ouverte 2.0, "Source : service-public.fr — DILA"; every entry keeps its ``source``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
import textwrap
import time
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, TextIO
from urllib.parse import urlsplit, urlunsplit

import yaml

try:  # libyaml: about ten times faster; the pure-Python dumper writes the same YAML.
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]

__all__ = ["ImportReport", "import_service_public", "run_import", "MANIFEST_NAME", "SOURCE_NAME"]

MANIFEST_NAME = ".guichet-import.json"
SOURCE_NAME = "service-public.fr (DILA)"
_FORMAT_VERSION = 1

_DC = "{http://purl.org/dc/elements/1.1/}"
_FILE_RE = re.compile(r"^([FNR])(\d+)\.xml$", re.IGNORECASE)
_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

KINDS = {
    "Fiche d'information": "procedure",
    "Fiche d'information conditionnée": "procedure",
    "Fiche Question-réponse": "procedure",
    "Fiche Question-réponse conditionnée": "procedure",
    "Recherche guidée": "guide",
    "Fiche Comment faire si": "checklist",
    "Fiche Comment faire si - simulateur": "checklist",
    "Fiche avec liens externes": "info",
}

# Category of the life-event fiches, which have no theme in the dataset.
LIFE_EVENTS_CATEGORY = ("sp-comment-faire-si", "Comment faire si…")
OTHER_CATEGORY = ("sp-autres", "Autres démarches")
_THEME_EMOJI = {  # by theme title (ids differ between datasets: particuliers, professionnels)
    "argent": "💶", "étranger": "🌍", "famille": "👪", "travail": "💼", "social - santé": "🏥",
    "logement": "🏠", "justice": "⚖️", "papiers - citoyenneté": "🪪", "loisirs": "🎭",
    "transports": "🚗",
}

# Public hosts known to serve https: an http:// link to one of them is upgraded, any other
# http:// link is dropped (links must be https) and counted.
_GOV_SUFFIXES = (
    ".gouv.fr", ".service-public.fr", ".europa.eu", ".legifrance.gouv.fr",
)
_GOV_HOSTS = {
    "service-public.fr", "legifrance.gouv.fr", "europa.eu",
    "ameli.fr", "caf.fr", "msa.fr", "pole-emploi.fr", "pole-emploi.org", "bo-pole-emploi.org",
    "urssaf.fr", "pajemploi.urssaf.fr", "net-particulier.fr", "cesu.urssaf.fr",
    "lassuranceretraite.fr", "info-retraite.fr", "agirc-arrco.fr", "cleiss.fr",
    "cnil.fr", "banque-france.fr", "anah.fr", "onisep.fr", "cidj.com", "education.fr",
    "assemblee-nationale.fr", "senat.fr", "conseil-etat.fr", "conseil-constitutionnel.fr",
    "courdecassation.fr", "defenseurdesdroits.fr", "vie-publique.fr", "paris.fr",
    "notaires.fr", "avocat.fr", "cnb.avocat.fr", "medecin.fr", "ants.gouv.fr",
    "francetravail.fr", "mesdroitssociaux.gouv.fr", "impots.gouv.fr", "interieur.gouv.fr",
}

_WS_RE = re.compile(r"\s+")
_SPACE_BEFORE_RE = re.compile(r" +([,)\]]|\.(?!\.))")
_SPACE_AFTER_RE = re.compile(r"([(\[]) +")
_SKIP_TEXT = {"Image", "Illustration", "Condition", "Credits", "Legende", "TexteDeRemplacement"}


# --------------------------------------------------------------------------------------------
# report


@dataclass
class ImportReport:
    """What an import did; ``errors`` are ``(file name, message)``."""

    imported: int = 0
    drafts: list[str] = field(default_factory=list)
    skipped_non_fiche: int = 0
    ignored_files: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    kinds: Counter = field(default_factory=Counter)
    with_variants: int = 0
    links_dropped: int = 0
    guide_options_dropped: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


# --------------------------------------------------------------------------------------------
# reading the source


def _iter_source(source: Path) -> Iterator[tuple[str, bytes]]:
    """Yield (file name, bytes) for every file of the zip or folder."""
    if source.is_dir():
        for path in sorted(source.rglob("*.xml")):
            if path.is_file():
                yield path.name, path.read_bytes()
        return
    with zipfile.ZipFile(source) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            yield info.filename.rsplit("/", 1)[-1], archive.read(info)


# --------------------------------------------------------------------------------------------
# text helpers


def clean(text: str | None) -> str:
    """Plain one-line text: non-breaking spaces, runs of whitespace and stray spaces folded."""
    if not text:
        return ""
    text = text.replace("\xa0", " ").replace("\u202f", " ").replace("\u2009", " ")
    text = _WS_RE.sub(" ", text).strip()
    text = _SPACE_BEFORE_RE.sub(r"\1", text)
    return _SPACE_AFTER_RE.sub(r"\1", text)


def _gather(el: ET.Element, out: list[str]) -> None:
    if el.text:
        out.append(el.text)
    for child in el:
        if child.tag not in _SKIP_TEXT:
            _gather(child, out)
        if child.tail:
            out.append(child.tail)


def inline_text(el: ET.Element | None) -> str:
    """The text of an inline element (a Paragraphe and its links, values, emphasis)."""
    if el is None:
        return ""
    parts: list[str] = []
    _gather(el, parts)
    return clean("".join(parts))


def title_of(el: ET.Element | None) -> str:
    """The text of an element's ``Titre`` (plain or wrapping a ``Paragraphe``)."""
    if el is None:
        return ""
    return inline_text(el.find("Titre"))


def lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9-]+", "_", folded).strip("_") or "other"


def parse_date(text: str | None) -> dt.date | None:
    match = _DATE_RE.search(text or "")
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _is_gov_host(host: str) -> bool:
    host = host.lower().removeprefix("www.")
    return host in _GOV_HOSTS or host.endswith(_GOV_SUFFIXES) or any(
        host.endswith("." + known) for known in _GOV_HOSTS
    )


def https_url(url: str | None) -> str | None:
    """The URL as https, or None when it cannot be one (not http(s), or http on an unknown host)."""
    url = (url or "").strip()
    if not url or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if not parts.hostname:
        return None
    if parts.scheme == "https":
        return url
    if parts.scheme == "http" and _is_gov_host(parts.hostname):
        return urlunsplit(("https",) + tuple(parts[1:]))
    return None


# --------------------------------------------------------------------------------------------
# corpus-wide lookups (first pass)


@dataclass
class _Corpus:
    fiches: dict[str, ET.Element] = field(default_factory=dict)  # importable fiches
    titles: dict[str, str] = field(default_factory=dict)  # F id -> title
    resources: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)  # R -> type, title, url
    nodes: dict[str, ET.Element] = field(default_factory=dict)  # N id -> root


def _resource_info(root: ET.Element) -> tuple[str, str, str | None]:
    url = None
    for tag in ("LienWeb", "RessourceWeb", "LienExterne", "NoticeLiee"):
        el = root.find(f".//{tag}[@URL]")
        if el is not None:
            url = el.get("URL")
            break
    return clean(root.get("type")), clean(root.findtext(f"{_DC}title")), url


# --------------------------------------------------------------------------------------------
# one fiche


class _Fiche:
    """Converts one ``Publication`` into an entry mapping."""

    def __init__(self, root: ET.Element, corpus: _Corpus, report: ImportReport):
        self.root = root
        self.corpus = corpus
        self.report = report
        self.id = root.get("ID", "")
        self.links: dict[str, str] = {}  # url -> label, in order
        self.offices: dict[tuple[str, str], dict] = {}
        self.related: dict[str, None] = {}
        self.office_texts: list[str] = []

    # ---- links, offices, related --------------------------------------------------------

    def add_link(self, label: str, url: str | None) -> None:
        label = clean(label)
        if not url:
            return
        good = https_url(url)
        if good is None:
            self.report.links_dropped += 1
            return
        if good not in self.links and label:
            self.links[good] = label[:200]

    def add_related(self, target: str | None) -> None:
        if target and target != self.id and target in self.corpus.fiches:
            self.related.setdefault(target, None)

    def service_label(self, el: ET.Element) -> str:
        kind = clean(el.get("type"))
        label = title_of(el)
        cerfa = clean(el.get("numerocerfa"))
        if kind == "Formulaire" and cerfa:
            return f"Formulaire : {label} (cerfa n° {cerfa})"
        if kind and kind.lower() not in label.lower():
            return f"{kind} : {label}"
        return label

    def add_service(self, el: ET.Element) -> str:
        label = self.service_label(el)
        url = el.get("URL")
        if not url and el.get("ID") in self.corpus.resources:
            url = self.corpus.resources[el.get("ID")][2]
        self.add_link(label, url)
        return label

    def add_office(self, el: ET.Element) -> str:
        label = title_of(el)
        pivot = clean(el.findtext("PivotLocal"))
        if pivot:
            kind = slug(pivot)
            if kind.startswith("mairie"):
                kind = "mairie"  # e.g. mairie_passeport_bio: the town's mairie
        elif re.search(r"\bmairie\b", label, re.IGNORECASE) and "paris" not in label.lower():
            kind = "mairie"
        else:
            kind = "other"
        office: dict = {"kind": kind, "label": label}
        web = el.find("RessourceWeb")
        if web is not None:
            url = https_url(web.get("URL"))
            if url:
                office["url"] = url
            elif web.get("URL"):
                self.report.links_dropped += 1
        if label:
            self.offices.setdefault((kind, label.lower()), office)
        return label

    def scan_inline(self, el: ET.Element) -> None:
        """Collect links and related fiches from an inline element's descendants."""
        for sub in el.iter():
            tag = sub.tag
            if tag == "LienInterne":
                target = sub.get("LienPublication", "")
                if target.startswith("F"):
                    self.add_related(target)
                elif target.startswith("R") and target in self.corpus.resources:
                    _, rtitle, rurl = self.corpus.resources[target]
                    self.add_link(rtitle or inline_text(sub), rurl)
            elif tag == "LienExterne":
                self.add_link(inline_text(sub) or sub.get("URL", ""), sub.get("URL"))

    # ---- body → plain-text lines ----------------------------------------------------------

    def lines(self, el: ET.Element, ctx: "_Ctx") -> list[str]:
        """Plain-text lines for the block children of ``el``."""
        out: list[str] = []
        for child in el:
            out.extend(self.block(child, ctx))
        return out

    def block(self, el: ET.Element, ctx: "_Ctx") -> list[str]:
        tag = el.tag
        if tag == "Paragraphe":
            self.scan_inline(el)
            text = inline_text(el)
            return [text] if text else []
        if tag == "Liste":
            return self.liste(el, ctx)
        if tag == "Tableau":
            return self.tableau(el)
        if tag in ("ASavoir", "Attention", "ANoter", "Rappel"):
            label = title_of(el) or {"ASavoir": "À savoir", "Attention": "Attention",
                                     "ANoter": "À noter", "Rappel": "Rappel"}[tag]
            body = [line for child in el if child.tag != "Titre" for line in self.block(child, ctx)]
            if not body:
                return []
            if body[0].startswith(("•", "▸")) or body[0].endswith(":"):
                return [f"{label} :"] + body
            return [f"{label} : {body[0]}"] + body[1:]
        if tag == "BlocCas":
            return self.bloc_cas(el, ctx)
        if tag == "OuSAdresser":
            label = self.add_office(el)
            out = [f"Où s'adresser : {label}"] if label else []
            complement = clean(el.findtext("Complement"))
            if complement:
                out.append(complement)
            texte = el.find("Texte")
            if texte is not None:
                out.extend(self.lines(texte, ctx))
            return out
        if tag == "ServiceEnLigne":
            label = self.add_service(el)
            return [f"→ {label}"] if label else []
        if tag in ("Chapitre", "SousChapitre"):  # nested in an office's text, a case…
            title = title_of(el)
            body = [line for child in el if child.tag not in ("Titre", "TitreAlternatif")
                    for line in self.block(child, ctx)]
            return ([f"{title} :"] if title and body else []) + body
        if tag in ("Titre", "TitreAlternatif", "Condition", "Image", "Illustration", "Source",
                   "PivotLocal", "RessourceWeb", "Complement", "Aide"):
            return []
        # Texte, Introduction, FragmentConditionne, ContenuIllustre, Contenu, Cas… and any
        # element this importer does not know: keep their content.
        return self.lines(el, ctx)

    def liste(self, el: ET.Element, ctx: "_Ctx", indent: str = "") -> list[str]:
        out: list[str] = []
        numbered = el.get("type") == "numero"
        for n, item in enumerate(el.findall("Item"), 1):
            head: list[str] = []
            nested: list[str] = []
            for child in item:
                if child.tag == "Paragraphe":
                    self.scan_inline(child)
                    text = inline_text(child)
                    if text:
                        head.append(text)
                elif child.tag == "Liste":
                    nested.extend(self.liste(child, ctx, indent + "  "))
                else:
                    nested.extend(indent + "  " + line for line in self.block(child, ctx))
            bullet = f"{n}." if numbered else "•"
            if head or nested:
                out.append(f"{indent}{bullet} {' '.join(head)}".rstrip())
                out.extend(nested)
        return out

    def tableau(self, el: ET.Element) -> list[str]:
        """A table as readable lines: "• first cell : header : cell ; header : cell"."""
        grid: list[tuple[bool, list[tuple[str, int]]]] = []
        pending: dict[int, tuple[int, str, int]] = {}  # column -> (rows left, text, origin)
        origin = 0
        for row in el.findall("Rangée"):
            cells: list[tuple[str, int]] = []  # (text, origin): a merged cell repeats its origin
            col = 0
            source = list(row.findall("Cellule"))
            while source or col in pending:
                if col in pending:
                    left, text, first = pending.pop(col)
                    cells.append((text, first))
                    if left > 1:
                        pending[col] = (left - 1, text, first)
                    col += 1
                    continue
                cell = source.pop(0)
                paras = cell.findall("Paragraphe")
                for para in paras:
                    self.scan_inline(para)
                text = clean(" ".join(inline_text(p) for p in paras)) if paras else inline_text(cell)
                extra = [line for child in cell if child.tag != "Paragraphe"
                         for line in self.block(child, _Ctx())]
                if extra:
                    text = clean(" ".join([text] + [line.lstrip("• ") for line in extra]))
                span = _int(cell.get("fusionHorizontale"))
                down = _int(cell.get("fusionVerticale"))
                origin += 1
                for k in range(span):
                    cells.append((text, origin))
                    if down > 1:
                        pending[col + k] = (down - 1, text, origin)
                col += span
            grid.append((row.get("type") == "header", cells))
        headers: list[str] = []
        rows: list[str] = []
        for is_header, cells in grid:
            if is_header and not rows:
                for i, (text, _) in enumerate(cells):
                    if i >= len(headers):
                        headers.append(text)
                    elif text and text != headers[i]:
                        headers[i] = f"{headers[i]} – {text}" if headers[i] else text
                continue
            if not any(text for text, _ in cells):
                continue
            parts = []
            for i in range(1, len(cells)):
                text, first = cells[i]
                if not text or first == cells[i - 1][1]:
                    continue
                head = headers[i] if i < len(headers) and len(cells) > 2 else ""
                parts.append(f"{head} : {text}" if head else text)
            rows.append(f"• {cells[0][0]}" + (f" : {' ; '.join(parts)}" if parts else ""))
        if not rows:
            return []
        title = title_of(el)
        if not title and len(headers) == 2 and all(headers):
            title = f"{headers[0]} : {lower_first(headers[1])}"
        return ([f"{title} :"] if title else []) + rows

    def bloc_cas(self, el: ET.Element, ctx: "_Ctx") -> list[str]:
        """Cases as "▸ label" blocks; cases with the same text share one block (e.g. départements)."""
        cases = el.findall("Cas")
        key = tuple(title_of(c) for c in cases)
        if ctx.pivot is not None and key == ctx.pivot:
            return self.lines(cases[ctx.choice], ctx)
        groups: dict[tuple[str, ...], list[str]] = {}
        for cas, label in zip(cases, key):
            body = tuple(self.lines(cas, _Ctx(ctx.pivot, ctx.choice, ctx.path + (label,))))
            if body:
                groups.setdefault(body, []).append(label or "Autre cas")
        out: list[str] = []
        for body, labels in groups.items():
            out.append("▸ " + ", ".join(labels))
            out.extend(body)
        return ["  " + line for line in out] if ctx.path else out  # nested: indented

    # ---- sections -----------------------------------------------------------------------------

    def units(self, texte: ET.Element | None, default_title: str) -> list[tuple[str, list[ET.Element]]]:
        """Top-level units of a body: (title, elements); loose elements are grouped."""
        units: list[tuple[str, list[ET.Element]]] = []
        loose: list[ET.Element] = []
        if texte is None:
            return units
        for child in texte:
            if child.tag == "Chapitre":
                if loose:
                    units.append((default_title if not units else "", loose))
                    loose = []
                units.append(("", [child]))
            elif child.tag not in ("Titre", "Condition"):
                loose.append(child)
        if loose:
            units.append((default_title if not units else "Suite", loose))
        return units

    def unit_sections(self, unit: tuple[str, list[ET.Element]], ctx: "_Ctx") -> list[dict]:
        title, elements = unit
        if len(elements) == 1 and elements[0].tag == "Chapitre":
            chap = elements[0]
            ctitle = title_of(chap) or "Informations"
            own: list[str] = []
            sections: list[dict] = []
            for child in chap:
                if child.tag == "SousChapitre":
                    text = self.lines(child, ctx)
                    stitle = title_of(child)
                    if text:
                        sections.append({"title": f"{ctitle} — {stitle}" if stitle else ctitle,
                                         "text": "\n".join(text)})
                elif child.tag not in ("Titre", "TitreAlternatif"):
                    own.extend(self.block(child, ctx))
            if own:
                sections.insert(0, {"title": ctitle, "text": "\n".join(own)})
            return sections
        text = [line for el in elements for line in self.block(el, ctx)]
        return [{"title": title or "Informations", "text": "\n".join(text)}] if text else []

    @staticmethod
    def split(sections: list[dict], limit: int = 3500) -> list[dict]:
        """Cut long sections on line boundaries ("Titre (suite)") so a page fits a message."""
        out: list[dict] = []
        for section in sections:
            text = textwrap.dedent(section["text"]).strip()
            section["text"] = text
            if not text:
                continue
            if len(text) <= limit:
                out.append(section)
                continue
            chunk: list[str] = []
            size = 0
            parts: list[str] = []
            context: list[tuple[int, str]] = []  # enclosing "▸ case" headers, by indent
            for line in text.split("\n"):
                indent = len(line) - len(line.lstrip(" "))
                if chunk and size + len(line) + 1 > limit:
                    parts.append("\n".join(chunk))
                    chunk = [header for level, header in context if level < indent]
                    size = sum(len(h) + 1 for h in chunk)
                if line.lstrip().startswith("▸ "):
                    context = [(lvl, h) for lvl, h in context if lvl < indent] + [(indent, line)]
                chunk.append(line)
                size += len(line) + 1
            parts.append("\n".join(chunk))
            parts = [textwrap.dedent(part).strip() for part in parts]
            for n, part in enumerate(parts):
                out.append({"title": section["title"] + (" (suite)" if n else ""), "text": part})
        return out

    def body(self, texte: ET.Element | None, default_title: str, ctx: "_Ctx") -> list[dict]:
        return [s for unit in self.units(texte, default_title) for s in self.unit_sections(unit, ctx)]

    def outer_cases(self, el: ET.Element, found: list[tuple[str, ...]]) -> None:
        for child in el:
            if child.tag == "BlocCas":
                found.append(tuple(title_of(c) for c in child.findall("Cas")))
            elif child.tag != "Cas":
                self.outer_cases(child, found)

    def content(self, kind: str) -> tuple[list[dict], list[dict]]:
        """(sections, variants) of the fiche."""
        root = self.root
        sections: list[dict] = []
        intro = root.find("Introduction")
        plain = _Ctx()
        if intro is not None:
            text = self.lines(intro, plain)
            if text:
                sections.append({"title": "Présentation", "text": "\n".join(text)})
        variants: list[dict] = []
        situations = root.find("ListeSituations")
        texte = root.find("Texte")
        default = "Réponse" if "Question" in root.get("type", "") else "Informations"
        if situations is not None:
            for situation in situations.findall("Situation"):
                vsections: list[dict] = []
                sintro = situation.find("Introduction")
                if sintro is not None and self.lines(sintro, plain):
                    vsections.append({"title": "Présentation",
                                      "text": "\n".join(self.lines(sintro, plain))})
                vsections.extend(self.body(situation.find("Texte"), default, plain))
                variants.append({"label": title_of(situation), "sections": vsections})
            sections.extend(self.body(texte, default, plain))
        elif texte is not None:
            found: list[tuple[str, ...]] = []
            self.outer_cases(texte, found)
            counts = Counter(t for t in found if len(t) >= 2 and all(t))
            pivot = None
            if counts:
                best, n = counts.most_common(1)[0]
                if n >= 2 or len(found) == 1:
                    pivot = best
            units = self.units(texte, default)
            if pivot is None or kind == "guide":
                for unit in units:
                    sections.extend(self.unit_sections(unit, plain))
            else:
                first = next(i for i, u in enumerate(units) if self._has_pivot(u[1], pivot))
                for unit in units[:first]:
                    sections.extend(self.unit_sections(unit, plain))
                for choice, label in enumerate(pivot):
                    ctx = _Ctx(pivot, choice)
                    vsections = [s for u in units[first:] for s in self.unit_sections(u, ctx)]
                    variants.append({"label": label, "sections": vsections})
        variants = [v for v in variants if v["label"] and v["sections"]]
        seen: Counter = Counter()
        for v in variants:
            seen[v["label"]] += 1
            if seen[v["label"]] > 1:
                v["label"] = f"{v['label']} ({seen[v['label']]})"
        if len(variants) == 1:  # a single situation is no choice: keep its text
            sections.extend(variants[0]["sections"])
            variants = []
        for v in variants:
            v["sections"] = self.split(v["sections"])
        return self.split(sections), variants

    def _has_pivot(self, elements: list[ET.Element], pivot: tuple[str, ...]) -> bool:
        for el in elements:
            found: list[tuple[str, ...]] = []
            if el.tag == "BlocCas":
                found.append(tuple(title_of(c) for c in el.findall("Cas")))
            else:
                self.outer_cases(el, found)
            if pivot in found:
                return True
        return False

    # ---- guides and checklists -----------------------------------------------------------------

    def guide(self) -> dict | None:
        problems = self.root.find("Problematiques")
        if problems is None:
            return None
        options = self.guide_options(problems.findall("Problematique"))
        if not options:
            return None
        if len(options) == 1 and "options" in options[0]:
            return {"question": f"{options[0]['label']} : quelle est votre situation ?",
                    "options": options[0]["options"]}
        return {"question": "Quelle est votre situation ?", "options": options}

    def guide_options(self, branches: list[ET.Element]) -> list[dict]:
        options: list[dict] = []
        for branch in branches:
            label = title_of(branch)
            children = branch.findall("Branche")
            if children:
                sub = self.guide_options(children)
                if not sub:
                    continue
                targets = {t for t in self._targets(sub)}
                if len(targets) == 1:  # every answer below leads to the same fiche
                    options.append({"label": label, "goto": targets.pop()})
                elif len(sub) == 1:
                    options.append({"label": label, **{k: v for k, v in sub[0].items() if k != "label"}})
                else:
                    options.append({"label": label, "question": f"{label} : précisez votre situation.",
                                    "options": sub})
                continue
            link = branch.find("LienInterne")
            target = link.get("LienPublication") if link is not None else None
            if target and target in self.corpus.fiches and target != self.id:
                options.append({"label": label, "goto": target})
            else:
                self.report.guide_options_dropped += 1
        return [o for o in options if o["label"]]

    def _targets(self, options: list[dict]) -> Iterator[str]:
        for option in options:
            if "goto" in option:
                yield option["goto"]
            else:
                yield from self._targets(option["options"])

    def checklist(self) -> list[dict]:
        items: dict[str, dict] = {}
        for scope in (self.root.find("Texte"), self.root.find("ListeSituations")):
            if scope is None:
                continue
            for link in scope.iter("LienInterne"):
                target = link.get("LienPublication", "")
                if target in self.corpus.fiches and target != self.id and target not in items:
                    items[target] = {"label": self.corpus.titles[target], "id": target}
        return list(items.values())

    # ---- the entry ---------------------------------------------------------------------------

    def entry(self, category: str) -> dict:
        root = self.root
        title = clean(root.findtext(f"{_DC}title"))
        ptype = clean(root.get("type"))
        kind = KINDS.get(ptype, "procedure")
        date = parse_date(root.findtext(f"{_DC}date"))

        guide = self.guide() if kind == "guide" else None
        if kind == "guide" and guide is None:
            kind = "info"
        sections, variants = self.content(kind)

        # services, offices and related outside the body
        for el in root.findall("ServiceEnLigne"):
            self.add_service(el)
        top_offices: list[str] = []
        for el in root.findall("OuSAdresser"):
            label = self.add_office(el)
            texte = el.find("Texte")
            lines = self.lines(texte, _Ctx()) if texte is not None else []
            if lines:
                complement = clean(el.findtext("Complement"))
                top_offices.append("\n".join([f"▸ {label}" + (f" ({complement})" if complement else "")]
                                             + lines))
        if top_offices:
            sections.append({"title": "Où s'adresser", "text": "\n".join(top_offices)})
        for el in root.findall("PourEnSavoirPlus"):
            self.add_link(title_of(el), el.get("URL"))
        for el in root.findall("LienExterneCommente"):
            for link in el.findall("LienExterne"):
                self.add_link(inline_text(link), link.get("URL"))
        for el in root.findall("Avertissement"):
            text = self.lines(el.find("Texte") if el.find("Texte") is not None else el, _Ctx())
            if text:
                when = parse_date(el.get("date"))
                head = title_of(el) + (f" ({when:%d/%m/%Y})" if when else "")
                sections.insert(0, {"title": f"Attention : {head}", "text": "\n".join(text)})
        for tag in ("QuestionReponse", "CommentFaireSi", "RechercheGuidee"):
            for el in root.findall(tag):
                self.add_related(el.get("ID"))
        voir = root.find("VoirAussi")
        if voir is not None:
            for el in voir.findall("Fiche"):
                self.add_related(el.get("ID"))

        checklist = self.checklist() if kind == "checklist" else []
        if kind == "checklist" and not checklist:
            kind = "info"

        summary = clean(root.findtext(f"{_DC}description"))
        if kind == "guide" and (not summary or summary.lower() == title.lower()):
            summary = ("Répondez à quelques questions pour trouver la fiche qui correspond "
                       "à votre situation.")
        if not summary:
            first = next((s["text"].split("\n", 1)[0] for s in sections), "")
            summary = first or title
        elif summary[-1] not in ".?!…)»\"":
            summary += "…"  # descriptions are cut at about 150 characters

        questions: list[str] = []
        if title.endswith("?"):
            questions.append(title)
        dossier = root.find("DossierPere")
        dossier_title = title_of(dossier)
        sub = clean(root.findtext("SousDossierPere"))
        facets: dict[str, str] = {}
        label_in_dossier = ""
        if dossier is not None:
            for fiche in dossier.iter("Fiche"):
                if fiche.get("ID") == self.id:
                    label_in_dossier = clean(fiche.text)
        if dossier_title and sub:
            phrase = f"{dossier_title} {lower_first(sub)}"
            if label_in_dossier and label_in_dossier.lower() not in phrase.lower():
                phrase += f" : {lower_first(label_in_dossier)}"
            if phrase.lower() != title.lower():
                questions.append(phrase)
            match = re.match(r"(?i)pour (?:un |une |les |des |le |la |l')?(.+)$", sub)
            if match:
                facets["pour"] = match.group(1)
                if label_in_dossier and len(label_in_dossier) <= 40:
                    facets["situation"] = lower_first(label_in_dossier)

        keywords: list[str] = []
        seen_kw = {title.lower()}
        candidates = [clean(n.text) for n in root.findall("FilDAriane/Niveau")
                      if n.get("ID") not in ("Particuliers", self.id)]
        candidates += [dossier_title, clean(root.findtext("SousThemePere")), sub]
        candidates += [c for c in re.split(r",\s*", clean(root.findtext("Cible"))) if c]
        for word in candidates:
            if word and word.lower() not in seen_kw and word != "Comment faire si":
                seen_kw.add(word.lower())
                keywords.append(word)

        entry: dict = {"id": self.id, "kind": kind, "title": title, "category": category}
        if questions:
            entry["questions"] = questions
        if keywords:
            entry["keywords"] = keywords
        entry["summary"] = summary
        if facets:
            entry["facets"] = facets
        if guide:
            entry["guide"] = guide
        if checklist:
            entry["checklist"] = checklist
        if sections:
            entry["sections"] = sections
        if variants:
            entry["variants"] = variants
            self.report.with_variants += 1
        if self.offices:
            entry["offices"] = list(self.offices.values())
        if self.links:
            entry["links"] = [{"label": label, "url": url} for url, label in self.links.items()]
        related = [r for r in self.related if r != self.id]
        if related:
            entry["related"] = related
        source: dict = {"name": SOURCE_NAME,
                        "url": https_url(root.get("spUrl"))
                        or f"https://www.service-public.fr/particuliers/vosdroits/{self.id}"}
        if date:
            source["date"] = date
        entry["source"] = source
        if date:
            entry["updated"] = date
        self.report.kinds[kind] += 1
        return entry


def _int(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


@dataclass
class _Ctx:
    pivot: tuple[str, ...] | None = None
    choice: int = 0
    path: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# YAML output


class _Dumper(_BaseDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_representer)
_Dumper.ignore_aliases = lambda self, data: True  # type: ignore[method-assign]  # no &id001


def dump_yaml(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------------------------
# the import


def _categories(corpus: _Corpus, used: set[str]) -> list[dict]:
    out: list[dict] = []
    for nid, node in sorted(corpus.nodes.items(), key=lambda kv: clean(kv[1].findtext(f"{_DC}title"))):
        if node.get("type") != "Theme":
            continue
        cid = f"sp-{nid.lower()}"
        cat: dict = {"id": cid, "title": clean(node.findtext(f"{_DC}title"))}
        if cat["title"].lower() in _THEME_EMOJI:
            cat["emoji"] = _THEME_EMOJI[cat["title"].lower()]
        subs = [title_of(s) for s in node.findall("SousTheme")]
        if subs:
            cat["description"] = ", ".join(s for s in subs if s)
        out.append(cat)
        used.discard(cid)
    for cid, title in (LIFE_EVENTS_CATEGORY, OTHER_CATEGORY):
        if cid in used:
            out.append({"id": cid, "title": title})
            used.discard(cid)
    for cid in sorted(used):  # a theme whose N… file is missing: title from the fiches
        out.append({"id": cid, "title": corpus.titles.get(cid, cid)})
    return out


def _category_of(root: ET.Element, theme_titles: dict[str, str]) -> str:
    theme = root.find("Theme")
    if theme is not None and theme.get("ID"):
        cid = f"sp-{theme.get('ID').lower()}"
        theme_titles.setdefault(cid, title_of(theme))
        return cid
    if any(n.get("ID") == "commentFaireSi" for n in root.findall("FilDAriane/Niveau")):
        return LIFE_EVENTS_CATEGORY[0]
    return OTHER_CATEGORY[0]


def _synonyms(roots: list[ET.Element]) -> list[list[str]]:
    """Acronym groups declared by the fiches themselves (``Abreviation``), unambiguous only."""
    seen: dict[str, set[str]] = {}
    spelled: dict[str, str] = {}
    for root in roots:
        for el in root.findall("Abreviation"):
            short = title_of(el)
            long = inline_text(el.find("Texte/Paragraphe"))
            if 2 <= len(short) <= 12 and long and len(long) <= 120 and short.lower() != long.lower():
                seen.setdefault(short.lower(), set()).add(long.lower().rstrip("."))
                spelled.setdefault(short.lower(), short)
                spelled.setdefault(long.lower().rstrip("."), long.rstrip("."))
    # The spelled-out form comes first: it is the group's meaning, what both sides are rewritten
    # to. With the acronym first, "PER" (plan d'épargne retraite) became the canonical word and
    # met every "père" of the questions, whose stem is "per".
    groups = []
    for short, longs in sorted(seen.items()):
        if len(longs) == 1:
            groups.append([spelled[next(iter(longs))], spelled[short]])
    return groups


def import_service_public(
    source: Path,
    out: Path,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import SOURCE (zip or folder) into OUT; see the module docstring."""
    started = time.perf_counter()
    source, out = Path(source), Path(out)
    report = ImportReport()
    corpus = _Corpus()
    publications: list[tuple[str, ET.Element]] = []
    seen_ids: set[str] = set()

    for name, data in _iter_source(source):
        match = _FILE_RE.match(name)
        if not match:
            report.ignored_files += 1
            continue
        prefix = match.group(1).upper()
        try:
            root = ET.fromstring(data)
        except ET.ParseError as exc:
            report.errors.append((name, f"XML illisible : {exc}"))
            continue
        ident = root.get("ID") or name[:-4]
        if prefix == "R":
            corpus.resources[ident] = _resource_info(root)
            report.skipped_non_fiche += 1
            continue
        if prefix == "N":
            corpus.nodes[ident] = root
            report.skipped_non_fiche += 1
            continue
        if root.tag != "Publication" or not re.fullmatch(r"F\d+", ident):
            report.errors.append((name, f"pas une fiche (élément {root.tag}, ID {ident!r})"))
            continue
        if ident in seen_ids:
            report.errors.append((name, f"fiche {ident} en double dans la source"))
            continue
        seen_ids.add(ident)
        title = clean(root.findtext(f"{_DC}title"))
        if title.startswith("**"):
            report.drafts.append(ident)
            continue
        if not title:
            report.errors.append((name, "fiche sans titre (dc:title)"))
            continue
        corpus.titles[ident] = title
        corpus.fiches[ident] = root
        publications.append((name, root))

    if not publications:
        report.errors.append((str(source), "aucune fiche trouvée : rien n'est écrit ni supprimé"))
        report.seconds = time.perf_counter() - started
        return report

    files: dict[str, bytes] = {}
    used_categories: set[str] = set()
    theme_titles: dict[str, str] = {}
    total = len(publications)
    step = max(1, total // 50)
    for done, (name, root) in enumerate(publications, 1):
        try:
            category = _category_of(root, theme_titles)
            entry = _Fiche(root, corpus, report).entry(category)
        except Exception as exc:  # one bad fiche must not stop the import
            report.errors.append((name, f"{type(exc).__name__}: {exc}"))
        else:
            used_categories.add(category)
            files[f"fiches/{entry['id']}.yaml"] = dump_yaml(entry).encode("utf-8")
            report.imported += 1
        if progress and (done % step == 0 or done == total):
            progress(done, total)

    corpus.titles.update(theme_titles)
    header = ("# Généré par « guichet import-service-public » : ne pas modifier (réécrit à chaque import).\n"
              "# Source : service-public.fr — DILA, Licence Ouverte 2.0.\n")
    files["categories.yaml"] = (header + dump_yaml(
        {"categories": _categories(corpus, set(used_categories))})).encode("utf-8")
    groups = _synonyms([root for _, root in publications])
    if groups:
        files["synonyms.yaml"] = (header + dump_yaml({"synonyms": groups})).encode("utf-8")

    _write(out, files, report)
    report.seconds = time.perf_counter() - started
    return report


def _write(out: Path, files: dict[str, bytes], report: ImportReport) -> None:
    manifest_path = out / MANIFEST_NAME
    old: dict[str, str] = {}
    if manifest_path.exists():
        try:
            old = json.loads(manifest_path.read_text("utf-8")).get("files", {})
        except (OSError, ValueError, AttributeError):
            report.errors.append((str(manifest_path), "manifeste illisible : il est recréé"))
            old = {}
    owned: dict[str, str] = {}
    (out / "fiches").mkdir(parents=True, exist_ok=True)
    for rel, data in sorted(files.items()):
        digest = _digest(data)
        path = out / rel
        exists = path.exists()
        if exists and rel in old:
            current = path.read_bytes()
            if current == data:
                report.unchanged += 1
                owned[rel] = digest
                continue
        elif exists:
            if path.read_bytes() == data:  # identical: adopt it (e.g. a lost manifest)
                report.unchanged += 1
                owned[rel] = digest
                continue
            report.errors.append((rel, "existe déjà et n'a pas été créé par l'import "
                                       f"(absent de {MANIFEST_NAME}) : laissé tel quel"))
            continue
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        report.written += 1
        owned[rel] = digest
    for rel in sorted(set(old) - set(files)):
        path = out / rel
        if path.is_file() and ".." not in Path(rel).parts:
            path.unlink()
            report.removed += 1
    manifest = {
        "generator": "guichet import-service-public",
        "format": _FORMAT_VERSION,
        "source": SOURCE_NAME,
        "licence": "Licence Ouverte 2.0 (Etalab)",
        "files": owned,
    }
    tmp = manifest_path.with_name(manifest_path.name + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    os.replace(tmp, manifest_path)


def run_import(source: Path | str, out: Path | str, stream: TextIO = sys.stderr) -> int:
    """CLI body: import with a progress line and a summary; 0 when clean, 1 on errors, 2 if no source."""
    source, out = Path(source), Path(out)
    if not source.exists():
        print(f"{source}: introuvable (attendu : le zip vosdroits ou un dossier de fichiers XML)",
              file=stream)
        return 2
    if source.is_file() and not zipfile.is_zipfile(source):
        print(f"{source}: n'est pas un zip (attendu : le zip vosdroits ou un dossier de fichiers XML)",
              file=stream)
        return 2

    def progress(done: int, total: int) -> None:
        stream.write(f"\rImport des fiches : {done}/{total}")
        stream.flush()

    report = import_service_public(source, out, progress)
    stream.write("\n")
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(report.kinds.items()))
    print(f"{report.imported} fiches importées dans {out} en {report.seconds:.1f} s ({kinds})", file=stream)
    print(f"  fichiers écrits : {report.written}, inchangés : {report.unchanged}, "
          f"supprimés (fiches retirées) : {report.removed}", file=stream)
    print(f"  brouillons ignorés : {len(report.drafts)}"
          + (f" ({', '.join(report.drafts)})" if report.drafts else ""), file=stream)
    print(f"  fichiers N/R (hors fiches) ignorés : {report.skipped_non_fiche}"
          + (f", autres fichiers ignorés : {report.ignored_files}" if report.ignored_files else ""),
          file=stream)
    if report.links_dropped:
        print(f"  liens non https écartés : {report.links_dropped}", file=stream)
    print(f"  erreurs : {len(report.errors)}", file=stream)
    for name, message in report.errors:
        print(f"  {name}: {message}", file=stream)
    return 1 if report.errors else 0
