"""The synonyms file: acronym groups the fiches declare themselves (``Abreviation``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .xmltext import inline_text, title_of


def synonyms(roots: list[ET.Element]) -> list[list[str]]:
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
