"""Inline mode's plain data (what the engine hands to handlers/inline.py) and which entries a query lists.

Inline mode: `@bot carte identité` typed in any chat. Telegram sends the typed text on every
keystroke; the bot answers with a list of results, and the one the person picks is posted in
their chat as a card. No Telegram here: handlers/inline.py turns this data into
`answerInlineQuery`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .choices import never_mixed
from .kb import Entry, Knowledge
from .replies import Button
from .search import Matcher, Result

MAX_RESULTS = 8  # Telegram allows 50; a phone shows about eight, and the best come first
MORE_FLOOR = 0.45  # other candidates listed after the decided ones score at least this (the ranking's scale)
MAX_QUERY = 256  # Telegram's own limit for an inline query
CACHE_TIME = 300  # seconds Telegram may serve the same answer to anyone typing the same words
START_PARAMETER = "from_inline"  # the private button's /start payload: never an entry id (no "_" in ids)
HALF_TYPED = re.compile(r"\w{1,4}$")  # a last word this short, with no space after it, may be half-typed


@dataclass
class InlineResult:
    """One result (an article): `id` unique in the answer, at most 64 bytes (the entry id);
    `title` and `description` shown in the list; `text` the card posted (Telegram HTML, escaped,
    within 4,096 characters); `buttons` under the card (the URL that opens the full answer)."""

    id: str
    title: str
    description: str
    text: str
    buttons: list[list[Button]] = field(default_factory=list)


@dataclass
class InlineAnswer:
    """The answer to one inline query.

    `cache_time`: how long Telegram may reuse it; `is_personal` False: the same words get the same
    list whoever types them (nothing here depends on the person), so Telegram's cache serves
    everyone. `button_text` and `start_parameter`: the button above the results that opens the
    private chat with `/start <start_parameter>` ("" when not offered)."""

    results: list[InlineResult]
    cache_time: int = CACHE_TIME
    is_personal: bool = False
    button_text: str = ""
    start_parameter: str = ""


def listed(result: Result) -> list[Entry]:
    """The entries an inline query lists for the matcher's decision: the answer (or the choice
    offered), then the other candidates that score well, never a bereavement entry mixed with
    unrelated ones (`choices.never_mixed`); none when the matcher declines (out of scope, small talk)."""
    if result.decision == "answer":
        first = [result.candidates[0].entry]
    elif result.decision == "choose":
        first = [c.entry for c in result.choices]
    else:
        return []
    more = [c.entry for c in result.candidates if c.score >= MORE_FLOOR]
    unique = list({e.id: e for e in first + more}.values())  # dicts keep the first place of each
    return never_mixed(unique)[:MAX_RESULTS]


def before_half_typed(text: str) -> str:
    """The query without its last word when that word may be half-typed ("passeport per", "carte
    d'ide": Telegram sends every keystroke), else "". Asked only when the whole query is declined,
    so a word the matcher knows is never dropped."""
    cut = HALF_TYPED.search(text)
    rest = text[: cut.start()].strip() if cut else ""
    return rest if any(ch.isalnum() for ch in rest) else ""


def popular(knowledge: Knowledge, matcher: Matcher, examples: list[str]) -> list[Entry]:
    """What an empty query lists: the entries answering the welcome's examples, then the first
    entry of each theme, in the menu's order (the directory's contacts left out, as the matcher does)."""
    searched = knowledge.searched()
    picked: dict[str, Entry] = {}
    for question in examples:
        result = matcher.ask(question)
        if result.decision == "answer":
            picked.setdefault(result.candidates[0].entry.id, result.candidates[0].entry)
    for category in knowledge.categories:
        first = sorted((e for e in searched if e.category == category), key=lambda e: e.title.lower())[:1]
        for entry in first:
            picked.setdefault(entry.id, entry)
    return list(picked.values())[:MAX_RESULTS]
