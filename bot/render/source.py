"""The line that closes every answer: who says so and when (the Licence Ouverte asks for it)."""

from __future__ import annotations

from .. import i18n
from .. import wording as W
from ..kb import Entry
from .dates import date_fr
from .format import Fmt


def footer(entry: Entry, f: Fmt) -> str:
    """"Source : service-public.fr (DILA), mis à jour le …" for a national fiche, else the town's check date."""
    src = entry.source or {}
    if src.get("name") and "service-public" in src.get("name", "").lower():
        date = date_fr(src.get("date")) or date_fr(entry.updated)
        line = W.SOURCE_SP_DATED.format(date=date) if date else W.SOURCE_SP
        if src.get("url"):
            line += " — " + f.link(W.SEE_FICHE, src["url"]) if f.html else f" — {src['url']}"
        return f.i(line) if not src.get("url") else line
    if entry.updated:
        return f.i(W.VERIFIED_ON.format(date=date_fr(entry.updated)))
    return ""


def content_note(f: Fmt) -> str:
    """In a language other than French, the note that the town's own content stays French (once per
    answer: on its first page); "" in French."""
    return f.i(W.CONTENT_IN_FRENCH) if i18n.current() != i18n.DEFAULT else ""
