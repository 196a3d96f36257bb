"""The staff chat told when a clerk's edit breaks the knowledge while the bot runs, and when it is fixed.

Why: a broken save keeps the last good knowledge serving (bot/engine.py), so nothing looks wrong
to citizens, and the clerk who saved may never read the log. The staff chat hears of it at the
next reload, with each `path:line` to fix, once per distinct breakage (the same errors saved again
say nothing new), and hears "réparées" when a reload succeeds after a breakage it was told about.
The messages are Telegram HTML, escaped, within Telegram's 4,096 characters.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from . import wording as W
from .kb import Problem
from .render.format import TEXT_LIMIT, utf16_len

SHOWN = 10  # problems listed; the others are counted
LINE_CHARS = 300  # one problem's line, cut beyond this


@dataclass(frozen=True)
class Alert:
    """A message for the staff chat, and the breakage it tells of (None: the fix)."""

    text: str
    breakage: tuple[str, ...] | None


class ReloadAlerts:
    """What the staff chat was last told: nothing (the knowledge is fine), or this breakage."""

    def __init__(self) -> None:
        self.told: tuple[str, ...] | None = None

    def after_reload(self, errors: list[Problem], entries: int) -> Alert | None:
        """The message a reload calls for (None: nothing new). `errors`: the reload's errors ([] when it
        succeeded); `entries`: the entries now in service (the previous ones after a refused reload)."""
        if errors:
            breakage = tuple(str(p) for p in errors)
            return None if breakage == self.told else Alert(broken_text(errors, entries), breakage)
        return None if self.told is None else Alert(W.KNOWLEDGE_FIXED.format(entries=entries), None)

    def sent(self, alert: Alert) -> None:
        """Remember what was queued (only once it was: a failed queue tells again next time)."""
        self.told = alert.breakage


def broken_text(errors: list[Problem], entries: int) -> str:
    """The breakage as staff read it: the count, each `path:line: message` (at most SHOWN), what to do."""
    head = html.escape(W.KNOWLEDGE_BROKEN.format(count=len(errors), entries=entries), quote=False)
    lines = [_line(p) for p in errors[:SHOWN]]
    while True:
        more = len(errors) - len(lines)
        text = "\n\n".join([head, "\n".join(lines + ([W.KNOWLEDGE_BROKEN_MORE.format(count=more)] if more else [])),
                            html.escape(W.KNOWLEDGE_BROKEN_HOW, quote=False)])
        if utf16_len(text) <= TEXT_LIMIT or not lines:
            return text
        lines.pop()


def _line(problem: Problem) -> str:
    where, message = f"{problem.path}:{problem.line}", problem.message
    if len(message) > LINE_CHARS:
        message = message[:LINE_CHARS - 1].rstrip() + "…"
    return f"• <code>{html.escape(where[:LINE_CHARS], quote=False)}</code> : {html.escape(message, quote=False)}"
