"""Formatting that every reply shares: HTML or plain text, escaping, button labels, Telegram-sized pages.

Why the care: Telegram refuses a whole message for one unescaped `<` or one character too many
("Bad Request: can't parse entities"), and the citizen then gets nothing. So every piece of staff
or citizen text goes through `esc()`, tags only ever wrap a whole short line, and long answers are
split on paragraph boundaries into pages (docs/telegram-limits.md).
"""

from __future__ import annotations

import html
import re

from .. import wording as W
from ..replies import Button, Message

TEXT_LIMIT = 4096           # Telegram's limit for a message, after entity parsing
PAGE_BUDGET = 3300          # room left for the header and the source footer on every page
BUTTON_LABEL_MAX = 60
MAX_BUTTONS = 100           # Telegram's limit for an inline keyboard


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: an emoji often counts 2)."""
    return len(text.encode("utf-16-le")) // 2


class Fmt:
    """HTML or plain-text formatting of the same content."""

    def __init__(self, flavour: str = "html") -> None:
        self.html = flavour == "html"

    def esc(self, text: str) -> str:
        return html.escape(text, quote=False) if self.html else text

    def b(self, text: str) -> str:
        return f"<b>{self.esc(text)}</b>" if self.html else text

    def i(self, text: str) -> str:
        return f"<i>{self.esc(text)}</i>" if self.html else text

    def link(self, label: str, url: str) -> str:
        if self.html:
            return f'<a href="{html.escape(url, quote=True)}">{self.esc(label)}</a>'
        return W.LABELLED.format(label=label, value=url)


def label(text: str, limit: int = BUTTON_LABEL_MAX) -> str:
    """A button label: one line, cut with "…" beyond `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def labels_cut(labels: list[str], limit: int) -> bool:
    """Whether a button of `limit` characters would cut one of `labels` (then they are listed in full)."""
    return any(len(" ".join(x.split())) > limit for x in labels)


def split_block(block: str, budget: int) -> list[str]:
    """Split a too-long block on line, then word boundaries (never inside an entity like &amp;)."""
    if utf16_len(block) <= budget:
        return [block]
    parts: list[str] = []
    current = ""
    for line in block.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if utf16_len(candidate) <= budget:
            current = candidate
            continue
        if current:
            parts.append(current)
        while utf16_len(line) > budget:
            cut = line.rfind(" ", 0, budget)
            if cut <= budget // 2:
                cut = budget
                amp = line.rfind("&", max(0, cut - 10), cut)
                if amp != -1 and ";" not in line[amp:cut]:
                    cut = amp
            parts.append(line[:cut])
            line = line[cut:].lstrip()
        current = line
    if current:
        parts.append(current)
    return [_balance(p) for p in parts]


def _balance(part: str) -> str:
    """Close or drop a <b>/<i> tag cut in two by a split (tags only wrap short lines, but be sure)."""
    for tag in ("b", "i"):
        opens, closes = part.count(f"<{tag}>"), part.count(f"</{tag}>")
        if opens > closes:
            part += f"</{tag}>" * (opens - closes)
        elif closes > opens:
            part = f"<{tag}>" * (closes - opens) + part
    return part


def paginate(head: list[str], body: list[str], budget: int = PAGE_BUDGET) -> list[str]:
    """Pack blocks into pages of at most `budget` characters, head on the first page."""
    blocks = [b for part in head + body for b in split_block(part, budget)]
    pages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}\n\n{block}" if current else block
        if utf16_len(candidate) <= budget:
            current = candidate
        else:
            if current:
                pages.append(current)
            current = block
    if current:
        pages.append(current)
    return pages or [""]


def render_text(text: str, f: Fmt, buttons: list[list[Button]] | None = None) -> Message:
    """A fixed sentence (escaped) as a message."""
    return Message(f.esc(text), buttons or [])


def plain(message: Message) -> str:
    """A Telegram-HTML message as console text (for tests and logs)."""
    return html.unescape(re.sub(r"<[^>]+>", "", message.text))
