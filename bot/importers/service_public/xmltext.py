"""Plain text out of the dataset's XML: cleaned inline text, titles, slugs and dates."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import xml.etree.ElementTree as ET

# Dublin Core: every file's title, description and date (``dc:title``…).
DC = "{http://purl.org/dc/elements/1.1/}"

_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WS_RE = re.compile(r"\s+")
_SPACE_BEFORE_RE = re.compile(r" +([,)\]]|\.(?!\.))")
_SPACE_AFTER_RE = re.compile(r"([(\[]) +")
_SKIP_TEXT = {"Image", "Illustration", "Condition", "Credits", "Legende", "TexteDeRemplacement"}


def clean(text: str | None) -> str:
    """Plain one-line text: non-breaking spaces, runs of whitespace and stray spaces folded."""
    if not text:
        return ""
    text = text.replace("\xa0", " ").replace("\u202f", " ").replace("\u2009", " ")
    text = _WS_RE.sub(" ", text).strip()
    text = _SPACE_BEFORE_RE.sub(r"\1", text)
    return _SPACE_AFTER_RE.sub(r"\1", text)


def _gather(el: ET.Element, out: list[str]) -> None:
    """Append the text of ``el`` and its descendants, minus images and conditions (not prose)."""
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
    """The text with a lowercase first letter, to join it after another phrase; acronyms stay."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def slug(text: str) -> str:
    """An ASCII identifier (``mairie_passeport_bio``) for a label, ``other`` when nothing is left."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9-]+", "_", folded).strip("_") or "other"


def parse_date(text: str | None) -> dt.date | None:
    """The first ``YYYY-MM-DD`` date in the text; None when there is none or it does not exist."""
    match = _DATE_RE.search(text or "")
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
