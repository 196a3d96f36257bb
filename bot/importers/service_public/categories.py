"""The categories file: the dataset's themes, plus the two categories of fiches without one."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .source import Corpus
from .xmltext import DC, clean, title_of

# Category of the life-event fiches, which have no theme in the dataset.
LIFE_EVENTS_CATEGORY = ("sp-comment-faire-si", "Comment faire si…")
OTHER_CATEGORY = ("sp-autres", "Autres démarches")
_THEME_EMOJI = {  # by theme title (ids differ between datasets: particuliers, professionnels)
    "argent": "💶", "étranger": "🌍", "famille": "👪", "travail": "💼", "social - santé": "🏥",
    "logement": "🏠", "justice": "⚖️", "papiers - citoyenneté": "🪪", "loisirs": "🎭",
    "transports": "🚗",
}


def category_of(root: ET.Element, theme_titles: dict[str, str]) -> str:
    """A fiche's category id; its theme's title goes to ``theme_titles`` lest the N… file be missing."""
    theme = root.find("Theme")
    if theme is not None and theme.get("ID"):
        cid = f"sp-{theme.get('ID').lower()}"
        theme_titles.setdefault(cid, title_of(theme))
        return cid
    if any(n.get("ID") == "commentFaireSi" for n in root.findall("FilDAriane/Niveau")):
        return LIFE_EVENTS_CATEGORY[0]
    return OTHER_CATEGORY[0]


def categories(corpus: Corpus, used: set[str]) -> list[dict]:
    """Every theme by title, then the fallback categories in use, then used themes without a node.

    ``used`` (the category ids of the imported fiches) is consumed.
    """
    out: list[dict] = []
    for nid, node in sorted(corpus.nodes.items(), key=lambda kv: clean(kv[1].findtext(f"{DC}title"))):
        if node.get("type") != "Theme":
            continue
        cid = f"sp-{nid.lower()}"
        cat: dict = {"id": cid, "title": clean(node.findtext(f"{DC}title"))}
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
