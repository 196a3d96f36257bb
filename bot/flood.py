"""The per-person flood budget: a token bucket that lets a citizen write freely and a script not at all."""

from __future__ import annotations

import functools
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable


@dataclass
class FloodBudget:
    """A per-user token bucket: `per_minute` messages, refilled continuously.

    Bounded memory: at most `max_users` buckets are kept (least recently seen dropped first).
    """

    per_minute: int = 20
    max_users: int = 50_000
    buckets: OrderedDict = field(default_factory=OrderedDict)
    clock: Callable[[], float] = time.monotonic  # tests freeze it: no test depends on wall-clock speed

    def check(self, user: str, now: float | None = None) -> str:
        """"ok", "notice" (first message over budget: say it once) or "silent"."""
        if self.per_minute <= 0:
            return "ok"
        now = self.clock() if now is None else now
        tokens, last, warned = self.buckets.pop(user, (float(self.per_minute), now, False))
        tokens = min(float(self.per_minute), tokens + (now - last) * self.per_minute / 60.0)
        if tokens >= 1.0:
            state, tokens, warned = "ok", tokens - 1.0, False
        else:
            state, warned = ("silent" if warned else "notice"), True
        self.buckets[user] = (tokens, now, warned)
        while len(self.buckets) > self.max_users:
            self.buckets.popitem(last=False)
        return state


def counted(method):
    """Spend one flood token of the citizen (the first argument) before an engine `method` runs.

    Over budget, the citizen gets the one polite notice, then silence (an empty Reply), and
    `method` does not run. The one place where the flood rule is applied to conversation: the
    engine's `_flood(user)` returns None within budget, else the notice or the silence.
    """
    @functools.wraps(method)
    def wrapper(self, user: str = "", *args, **kwargs):
        return self._flood(user) or method(self, user, *args, **kwargs)
    return wrapper
