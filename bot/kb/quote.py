"""How problem messages quote what the clerk wrote: a short excerpt, and a close match to suggest."""

from __future__ import annotations

import difflib
from typing import Any, Iterable

from rapidfuzz.distance import OSA

from .limits import EXCERPT_CHARS


def excerpt(value: Any, limit: int = EXCERPT_CHARS) -> str:
    """`value` as one short line: a message never repeats a huge or multi-line value in full."""
    if isinstance(value, (dict, list)):
        text = "une liste" if isinstance(value, list) else "un ensemble de clés"
    else:
        text = " ".join(str(value)[:4 * limit].split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def closest(word: Any, choices: Iterable[str]) -> str | None:
    """The one of `choices` that `word` is most likely a typo of, if any."""
    word = str(word)
    if len(word) > 4 * EXCERPT_CHARS:  # nothing long is a typo of a key or id, and difflib is quadratic
        return None
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    # Among the similar ones, the fewest keystrokes away, two swapped letters counting as one slip
    # ("stpes" is "steps", not "stops"); ties keep difflib's order.
    return min(close, key=lambda c: OSA.distance(word, c)) if close else None


def suggest(word: Any, choices: Iterable[str]) -> str:
    """' Vouliez-vous dire « x » ?' when one of `choices` is close to `word`, else ''."""
    close = closest(word, choices)
    return f" Vouliez-vous dire « {close} » ?" if close else ""
