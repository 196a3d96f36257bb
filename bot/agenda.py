"""The town's agenda over days: which events take place between two dates, or next, soonest first.

A period (from/to) is one occurrence from its first day in the span to its last day; a weekly
event is one occurrence per day it takes place. Answers (bot/services/agenda.py) and entries
(bot/render/entry.py) list these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from .kb import Event

WEEKLY_AHEAD_DAYS = 14   # "c'est quand le marché ?": the next two weeks of a weekly market
ONE_OFF_AHEAD_DAYS = 800  # the next elections may be two years away


@dataclass(frozen=True)
class Occurrence:
    """An event on `day` (to `last` for a period)."""

    day: dt.date
    last: dt.date
    event: Event

    def sort_key(self) -> tuple:
        return self.day, self.event.time[0] or "99:99", self.event.title


def between(events: Iterable[Event], first: dt.date, last: dt.date) -> list[Occurrence]:
    """Every occurrence from `first` to `last` (included), soonest first."""
    out: list[Occurrence] = []
    for event in events:
        if event.weekly:
            start = max(first, event.first or first)
            end = min(last, event.last or last)
            day = start
            while day <= end:
                if event.occurs_on(day):
                    out.append(Occurrence(day, day, event))
                day += dt.timedelta(days=1)
        elif event.first is not None and event.last is not None and event.first <= last and event.last >= first:
            out.append(Occurrence(max(event.first, first), event.last, event))
    return sorted(out, key=Occurrence.sort_key)


def upcoming(events: Iterable[Event], today: dt.date, weekly: bool = True) -> list[Occurrence]:
    """The next occurrences from today: one-off events within ONE_OFF_AHEAD_DAYS, weekly ones
    within WEEKLY_AHEAD_DAYS (or none when `weekly` is False: a reply then names their day once)."""
    events = list(events)
    one_off = between((e for e in events if not e.weekly), today, today + dt.timedelta(days=ONE_OFF_AHEAD_DAYS))
    repeated = between((e for e in events if e.weekly), today, today + dt.timedelta(days=WEEKLY_AHEAD_DAYS - 1)) \
        if weekly else []
    return sorted(one_off + repeated, key=Occurrence.sort_key)


def running_weekly(events: Iterable[Event], today: dt.date, days: int = WEEKLY_AHEAD_DAYS) -> list[Event]:
    """The weekly events that take place at least once in the next `days` days."""
    return [e for e in events if e.weekly and between([e], today, today + dt.timedelta(days=days - 1))]
