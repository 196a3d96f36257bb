"""French public holidays, computed (no table to keep up to date): places close on them."""

from __future__ import annotations

import datetime as dt


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
