"""`/stats` in the staff chat: the report's two key charts (questions per day, what Guichet did with
them) as photos, with the headline figures as a caption.

A mixin of `Engine` (as `bot/engine_dialogue.py`). The figures are those of `guichet rapport`
(`bot/report/`), read on the bot's own connection; the charts are drawn outside the lock, so
citizens' questions are not held up meanwhile.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from . import wording as W
from .replies import Message, Reply
from .report import Period, parse_days
from .report import charts
from .report.html import percent
from .report.queries import Figures, read_figures
from .safelog import describe_exception

if TYPE_CHECKING:
    from .engine import Engine

log = logging.getLogger("guichet.engine")

DEFAULT_PERIOD = "30j"


class StatsMixin:
    """The staff's glance at how Guichet is used, in the staff chat only."""

    def on_staff_stats(self: "Engine", chat: int, text: str = "") -> Reply:
        """/stats [PERIOD] in the staff chat: two PNG charts; elsewhere one sentence. Never raises."""
        if self.storage is None or self.dialogue is None:
            return self._text(W.STATS_UNAVAILABLE)
        if not self.dialogue.is_staff(chat):
            return self._text(W.STATS_STAFF_ONLY)
        try:
            days = parse_days(text.strip() or DEFAULT_PERIOD)
        except ValueError:
            return self._text(W.STATS_USAGE)
        try:
            return self._stats(days)
        except Exception as exc:
            log.error("stats failure: %s", describe_exception(exc))
            return self._text(W.ENGINE_ERROR)

    def _stats(self: "Engine", days: int) -> Reply:
        now = self.now()
        period = Period(today=now.date(), days=days, tz=now.tzinfo or dt.timezone.utc)
        titles = {eid: e.title for eid, e in self.knowledge.entries.items()}
        with self.storage.lock:
            figures = read_figures(self.storage.db.conn, period, titles)
        summary = self.fmt.esc(stats_summary(figures))
        per_day = charts.questions_per_day(figures.per_day, "png")
        if per_day is None:
            return self._text(f"{stats_summary(figures)}\n\n{W.STATS_NO_CHARTS}")
        messages = [Message(summary, photo=per_day)]
        shares = charts.decision_shares(figures.decisions, "png")
        if shares is not None:  # none without a single question
            messages.append(Message(self.fmt.esc(W.STATS_SHARES_CAPTION), photo=shares))
        return Reply(messages)


def stats_summary(f: Figures) -> str:
    """The headline figures in one French sentence (the first photo's caption)."""
    up, down = f.feedback
    opinion = W.STATS_OPINION.format(share=percent(up / (up + down)), count=up + down) if up + down else W.STATS_NO_OPINION
    return W.STATS_SUMMARY.format(days=f.period.days, total=f.total, answered=percent(f.share("answer")),
                                  choices=percent(f.share("choose")), unanswered=percent(f.share("fallback")),
                                  opinion=opinion, open=f.requests.open_now)
