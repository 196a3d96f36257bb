"""The documents of an entry as tick boxes: the town's `documents:` and the bullets of a national fiche's "Pièces à fournir".

Why a hash per document: a press on an old list message, or a tick kept for weeks, must still
mean the same paper after staff reorder or add documents. A document is known by a short hash of
its text (whitespace and case folded), so a reworded document is a new, unticked one and a
removed one simply drops out, while the others keep their ticks.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..kb import Entry

HASH_CHARS = 8      # hex digits: the callback data stays within 64 bytes with the longest ids (bot/actions.py)
MAX_ITEMS = 60      # tick buttons in one message (Telegram allows 100 buttons; a list of 60 papers is already a lot)
# Section titles of the national fiches that list papers: "Pièces à fournir", "Titre de séjour — Pièces à
# fournir", "Documents à fournir", "Dépôt du dossier de mariage — Pièces à produire", their "(suite)".
_DOCUMENT_SECTION = re.compile(r"\b(pièces|documents) à (fournir|produire)\b", re.IGNORECASE)
_BULLET = re.compile(r"^\s*•\s+(.+?)\s*$")
_CASE = re.compile(r"^\s*▸")
# "Aucun", "Aucun (une photo aide)", "Aucun document pour un premier rendez-vous": nothing to tick.
_NOTHING = re.compile(r"^(aucune?|rien|néant)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Document:
    """One paper to bring: its text as the knowledge writes it, and the hash that names it in buttons and ticks."""

    text: str
    hash: str


@dataclass(frozen=True)
class Documents:
    """The papers of an entry (for one situation, or the whole entry); `conditional`: the fiche says
    which of them each case needs (its "▸" cases), so the list is the union and the citizen is told so."""

    items: tuple[Document, ...]
    conditional: bool = False

    def __bool__(self) -> bool:
        return bool(self.items)

    def hashes(self) -> set[str]:
        return {d.hash for d in self.items}


def doc_hash(text: str) -> str:
    """The short, stable name of a document's text."""
    folded = " ".join(text.split()).casefold()
    return hashlib.sha256(folded.encode()).hexdigest()[:HASH_CHARS]


def _section_bullets(sections) -> tuple[list[str], bool]:
    """The "•" lines of the sections that list papers, and whether they sit under "▸" cases."""
    texts: list[str] = []
    conditional = False
    for section in sections:
        if not _DOCUMENT_SECTION.search(section.title or ""):
            continue
        for line in section.text.splitlines():
            bullet = _BULLET.match(line)
            if bullet:
                texts.append(bullet.group(1))
            elif _CASE.match(line):
                conditional = True
    return texts, conditional


def documents_of(entry: Entry, variant: int | None = None) -> Documents:
    """The papers of `entry` as the reply shows them: its own, then the chosen situation's; each once,
    and none of "Aucun" (an entry that asks for nothing has no list)."""
    v = entry.variants[variant] if variant is not None and 0 <= variant < len(entry.variants) else None
    texts = list(entry.documents) + (list(v.documents) if v else [])
    bullets, conditional = _section_bullets(list(entry.sections) + (list(v.sections) if v else []))
    seen: set[str] = set()
    items = []
    for text in texts + bullets:
        text = " ".join(text.split())
        h = doc_hash(text)
        if text and h not in seen and not _NOTHING.match(text):
            seen.add(h)
            items.append(Document(text, h))
    return Documents(tuple(items[:MAX_ITEMS]), conditional)


def every_hash(entry: Entry) -> set[str]:
    """The hashes of every paper the entry names in any situation: a tick outside them is stale."""
    found = documents_of(entry).hashes()
    for n in range(len(entry.variants)):
        found |= documents_of(entry, n).hashes()
    return found
