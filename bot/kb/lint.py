"""Advice on knowledge that is well formed but likely to mislead the bot: warnings, never errors."""

from __future__ import annotations

import datetime as dt

from ..language.background import BACKGROUND
from ..language.lexicon import lexicon
from ..language.text import content_words, stem, words
from .quote import excerpt


def shrinking_synonym(expr: str, meaning: str) -> str | None:
    """Why `expr` is a poor synonym of `meaning`, or None when it is fine.

    Warn when an expression keeps one everyday word or none once the little words go: "à la
    rue" is read as "rue", and every question with "rue" would then mean the group's first one.
    A distinctive word left alone is fine ("les Remous" for the pool)."""
    kept = content_words(expr)
    known = bool(kept) and (len(kept[0]) < 4 or kept[0] in lexicon()[1])  # the lexicon lists 4+ letters
    everyday = known and BACKGROUND.get(stem(kept[0]), 1.0) < 0.6
    if len(words(expr)) > 1 and len(kept) == 1 and everyday:
        return (f"« {excerpt(expr)} » ne garde qu'un mot utile, « {kept[0]} » : toutes les questions "
                f"avec « {kept[0]} » seraient lues comme « {excerpt(meaning)} ». Ajoutez un mot précis "
                f"ou retirez l'expression.")
    if len(words(expr)) > 1 and not kept and not any(ch.isdigit() for ch in expr):
        return f"« {excerpt(expr)} » ne contient que des petits mots (le, de, à…) : elle ne sert à rien."
    return None


def future_date(updated: dt.date | None, today: dt.date | None = None) -> str | None:
    """Why an `updated` date is suspicious: it says when the entry was last checked, so a date
    to come is a typo (2062 for 2026) that would keep the entry from ever looking stale."""
    today = today or dt.date.today()
    if updated is None or updated <= today + dt.timedelta(days=1):  # a day of slack: time zones
        return None
    return (f"« updated » est dans le futur ({updated.isoformat()}) : indiquez la date de la dernière "
            "vérification, au plus aujourd'hui.")
