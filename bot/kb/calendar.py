"""French public holidays (places close on them), from the `holidays` library, for metropolitan
France or one of the regions with holidays of their own (Alsace, Moselle, overseas départements).

Why a library rather than our own Easter arithmetic: the list is set by law and differs by region
(Alsace-Moselle keeps Good Friday and Saint-Étienne, each overseas département has its own day for
the abolition of slavery); `holidays` is maintained against those texts and gives their French names.
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays

from ..language.text import fold

# What a town writes in `town: holidays:` (folded) → the library's subdivision code. The
# départements of Alsace are named too, since a clerk knows "Bas-Rhin" or "67" better than "6AE".
REGIONS: dict[str, str] = {
    "alsace": "6AE", "bas-rhin": "6AE", "haut-rhin": "6AE", "67": "6AE", "68": "6AE",
    "moselle": "57", "57": "57",
    "guadeloupe": "971", "971": "971", "martinique": "972", "972": "972", "guyane": "973", "973": "973",
    "la reunion": "974", "reunion": "974", "974": "974", "mayotte": "976", "976": "976",
    "saint-barthelemy": "BL", "saint-martin": "MF", "saint-pierre-et-miquelon": "PM",
    "nouvelle-caledonie": "NC", "polynesie francaise": "PF", "wallis-et-futuna": "WF",
}
REGION_EXAMPLES = "« Alsace », « Moselle », « Bas-Rhin », « Guadeloupe », « La Réunion »"


def region_code(name: str) -> str | None:
    """The library's subdivision for what the town wrote ("Moselle" → "57"); "" for metropolitan
    France (nothing written, or "métropole"); None when the name is unknown."""
    folded = " ".join(fold(name).replace("'", " ").split())
    if folded in ("", "metropole", "france", "france metropolitaine"):
        return ""
    return REGIONS.get(folded)


@functools.lru_cache(maxsize=64)
def french_public_holidays(year: int, region: str = "") -> dict[dt.date, str]:
    """The public holidays of `year` → their French name, for metropolitan France or `region` (a
    subdivision code of `REGIONS`' values: "57", "6AE", "974"…)."""
    days = holidays.France(years=year, subdiv=region or None, language="fr", categories=(holidays.PUBLIC,))
    return dict(sorted(days.items()))
