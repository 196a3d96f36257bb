"""An entry as an inline result: its line in the list, and the short card posted in the chat.

Why short: the card lands in someone else's chat (a family group), read by people who did not
ask; it says what the entry is about, its cost and where to go when those fit on a line, and its
one button opens the full answer in Guichet (the entry's deep link, bot/deeplinks.py). Today's
opening hours are left out on purpose: the card may be read days later.
"""

from __future__ import annotations

import re

from .. import wording as W
from .. import wording_inline as WI
from ..inline import InlineResult
from ..kb import Entry, Knowledge
from ..replies import Button
from .entry import KIND_EMOJI
from .format import Fmt, label

TITLE_MAX = 100  # a result's title in the list (one line on a phone)
DESCRIPTION_MAX = 150  # its grey line below (two lines)
SUMMARY_MAX = 300  # the card's summary: about three lines
FACT_MAX = 100  # a cost or the places to go, shown only when this short
SENTENCE_END = re.compile(r"[.!?…](?=\s)")


def shorten(text: str, limit: int) -> str:
    """`text` on one paragraph, at most `limit` characters: whole sentences when they fit in at
    least half of it, else cut at a word with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    ends = [m.end() for m in SENTENCE_END.finditer(text, 0, limit)]
    if ends and ends[-1] >= limit // 2:
        return text[: ends[-1]]
    return label(text, limit)


def _places(entry: Entry, k: Knowledge) -> list[str]:
    """The names of the places to go: the entry's own, then its offices (the town's place of that
    kind when there is one, as the full answer resolves them)."""
    names = [k.places[pid].name for pid in entry.where if pid in k.places]
    for office in entry.offices:
        local = k.places_of_kind(office.kind) if office.kind != "other" else []
        names.append(local[0].name if local else office.label)
    return list(dict.fromkeys(n for n in names if n))


def _facts(entry: Entry, k: Knowledge) -> list[str]:
    """The cost and the places to go, each only when it fits on one short line."""
    facts = []
    if entry.cost and len(entry.cost) <= FACT_MAX:
        facts.append(W.COST.format(cost=" ".join(entry.cost.split())))
    places = " · ".join(_places(entry, k))
    if places and len(places) <= FACT_MAX:
        facts.append(WI.WHERE.format(places=places))
    return facts


def render_inline_result(entry: Entry, k: Knowledge, link: str) -> InlineResult:
    """The result for `entry`; `link` is its deep link ("" when there is none: then no button)."""
    f = Fmt("html")
    title = label(entry.title, TITLE_MAX) or entry.id
    summary = shorten(entry.summary, SUMMARY_MAX)
    blocks = [f"{KIND_EMOJI.get(entry.kind, '📋')} {f.b(title)}"]
    if summary:
        blocks.append(f.esc(summary))
    facts = _facts(entry, k)
    if facts:
        blocks.append("\n".join(f.esc(x) for x in facts))
    category = k.categories.get(entry.category)
    description = shorten(entry.summary, DESCRIPTION_MAX) or (category.title if category else "")
    buttons = [[Button(WI.OPEN_IN_BOT, url=link)]] if link else []
    return InlineResult(entry.id, title, description, "\n\n".join(blocks), buttons)
