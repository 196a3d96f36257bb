"""Dates as a French reader writes them: "septembre 2026", "1er mars 2027", "15/03/2026"."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")

_ISO = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


def month_fr(value: str) -> str:
    """A timeline date in words: "2026-09" → "septembre 2026", "2026-09-15" → "15 septembre 2026",
    "2027-03-01" → "1er mars 2027"; anything else ("printemps 2027", "2027") is the staff's own
    wording and is kept as written."""
    found = _ISO.fullmatch(str(value).strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        return str(value)
    year, month, day = found.group(1), MONTHS[int(found.group(2)) - 1], found.group(3)
    if day is None:
        return f"{month} {year}"
    if not 1 <= int(day) <= 31:
        return str(value)
    return f"{'1er' if int(day) == 1 else int(day)} {month} {year}"


def date_fr(d: dt.date | None) -> str:
    """A check date in the short form of French forms: 15/03/2026 (empty when there is none)."""
    return d.strftime("%d/%m/%Y") if d else ""
