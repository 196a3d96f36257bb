"""Reading the dataset: the zip or folder, and the corpus of fiches, resources and themes it holds."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .report import ImportReport
from .xmltext import DC, clean

# The name every entry credits in its ``source`` (and the manifest too).
SOURCE_NAME = "service-public.fr (DILA)"

# F… fiches are imported; R… resources (forms, online services) and N… nodes (themes, dossiers)
# are only looked up; any other file is ignored.
_FILE_RE = re.compile(r"^([FNR])(\d+)\.xml$", re.IGNORECASE)


def iter_source(source: Path) -> Iterator[tuple[str, bytes]]:
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


@dataclass
class Corpus:
    """Corpus-wide lookups from the first pass: a fiche's links and guides point at other files."""

    fiches: dict[str, ET.Element] = field(default_factory=dict)  # importable fiches
    titles: dict[str, str] = field(default_factory=dict)  # F id -> title
    resources: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)  # R -> type, title, url
    nodes: dict[str, ET.Element] = field(default_factory=dict)  # N id -> root


def resource_info(root: ET.Element) -> tuple[str, str, str | None]:
    """(type, title, url) of an R… resource, the url from the first tag that carries one."""
    url = None
    for tag in ("LienWeb", "RessourceWeb", "LienExterne", "NoticeLiee"):
        el = root.find(f".//{tag}[@URL]")
        if el is not None:
            url = el.get("URL")
            break
    return clean(root.get("type")), clean(root.findtext(f"{DC}title")), url


def read_corpus(source: Path, report: ImportReport) -> tuple[Corpus, list[tuple[str, ET.Element]]]:
    """First pass: parse every file into the corpus; return it with the fiches to import, in order.

    Drafts (title starting with ``**``) are reported, not imported; unreadable files, duplicates
    and untitled fiches are errors that skip the file, not the import.
    """
    corpus = Corpus()
    publications: list[tuple[str, ET.Element]] = []
    seen_ids: set[str] = set()
    for name, data in iter_source(source):
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
            corpus.resources[ident] = resource_info(root)
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
        title = clean(root.findtext(f"{DC}title"))
        if title.startswith("**"):
            report.drafts.append(ident)
            continue
        if not title:
            report.errors.append((name, "fiche sans titre (dc:title)"))
            continue
        corpus.titles[ident] = title
        corpus.fiches[ident] = root
        publications.append((name, root))
    return corpus, publications
