"""Dates as a French reader writes them: "septembre 2026", "1er mars 2027", "15/03/2026", "samedi".

The names of days and months, and "1er", are marked for translation and read through `day_name`,
`month_name` and `first_of_month`, so that an English reader sees "Saturday", "1 March 2027"."""

from __future__ import annotations

import datetime as dt
import re

from ..i18n import N_, gettext as _

MONTHS = (N_("janvier"), N_("février"), N_("mars"), N_("avril"), N_("mai"), N_("juin"), N_("juillet"), N_("août"),
          N_("septembre"), N_("octobre"), N_("novembre"), N_("décembre"))
# bot/kb's DAYS (the knowledge's hours are read with them), marked here for the catalogue (tests/test_i18n.py)
DAY_LABELS = (N_("lundi"), N_("mardi"), N_("mercredi"), N_("jeudi"), N_("vendredi"), N_("samedi"), N_("dimanche"))


def day_name(weekday: int) -> str:
    """"samedi" (0: Monday), in the reader's language."""
    return _(DAY_LABELS[weekday])


def month_name(month: int) -> str:
    """"mars" (1: January), in the reader's language."""
    return _(MONTHS[month - 1])


def day_of_month(day: int) -> str:
    """"1er", "2", "15": French writes the first of the month "1er"."""
    return _("1er") if day == 1 else str(day)

_ISO = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


def month_fr(value: str) -> str:
    """A timeline date in words: "2026-09" → "septembre 2026", "2026-09-15" → "15 septembre 2026",
    "2027-03-01" → "1er mars 2027"; anything else ("printemps 2027", "2027") is the staff's own
    wording and is kept as written."""
    found = _ISO.fullmatch(str(value).strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        return str(value)
    year, month, day = found.group(1), month_name(int(found.group(2))), found.group(3)
    if day is None:
        return f"{month} {year}"
    if not 1 <= int(day) <= 31:
        return str(value)
    return f"{day_of_month(int(day))} {month} {year}"


def date_fr(d: dt.date | None) -> str:
    """A check date in the short form of French forms: 15/03/2026 (empty when there is none)."""
    return d.strftime("%d/%m/%Y") if d else ""
