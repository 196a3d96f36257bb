"""A project's state as followers know it (status, timeline, budget, news), what changed, and its next milestone.

Why a digest: the knowledge is reloaded whenever any file is saved; comparing each project's
digest with the one last announced tells what is new for that project, so an unrelated edit
(a word in the school canteen's fiche) tells nobody anything.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..kb import Entry

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")


def digest(entry: Entry) -> dict:
    """What followers of `entry` are told about: plain json-able data."""
    return {"status": entry.status, "budget": entry.budget,
            "timeline": [[step["date"], step["label"]] for step in entry.timeline],
            "news": [[item["date"], item["text"]] for item in entry.news]}


def digests(entries: dict[str, Entry]) -> dict[str, dict]:
    return {eid: digest(e) for eid, e in entries.items() if e.kind == "project"}


@dataclass(frozen=True)
class Changes:
    """What changed in a project between two digests."""

    status: str = ""                               # the new status ('' : unchanged)
    budget: str = ""                               # the new budget ('' : unchanged or removed)
    milestones: tuple[tuple[str, str], ...] = ()   # new or changed (date, label)
    news: tuple[tuple[str, str], ...] = ()         # new (date, text)
    timeline_trimmed: bool = False                 # only removals in the timeline

    def __bool__(self) -> bool:
        return bool(self.status or self.budget or self.milestones or self.news or self.timeline_trimmed)


def changes(old: dict, new: dict) -> Changes:
    old_steps = {tuple(s) for s in old.get("timeline", [])}
    new_steps = [tuple(s) for s in new.get("timeline", [])]
    added = tuple(s for s in new_steps if s not in old_steps)
    old_news = {tuple(n) for n in old.get("news", [])}
    return Changes(
        status=new.get("status", "") if new.get("status") != old.get("status") else "",
        budget=new.get("budget", "") if new.get("budget") != old.get("budget") else "",
        milestones=added,
        news=tuple(tuple(n) for n in new.get("news", []) if tuple(n) not in old_news),
        timeline_trimmed=not added and len(new_steps) < len(old_steps),
    )


def step_end(value: str) -> dt.date | None:
    """The last day a timeline date stands for ("2026-09" → 30 September 2026, "2027" → 31
    December 2027, "printemps 2027" → 31 December 2027), None when it names no year."""
    found = _ISO.fullmatch(value.strip())
    if found:
        year, month, day = (int(x) if x else None for x in found.groups())
        try:
            if day:
                return dt.date(year, month, day)
            if month:
                return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
            return dt.date(year, 12, 31)
        except ValueError:
            return None
    year = _YEAR.search(value)
    return dt.date(int(year.group(1)), 12, 31) if year else None


def next_milestone(entry: Entry, today: dt.date) -> dict[str, str] | None:
    """The first timeline step not yet past, or None."""
    for step in entry.timeline:
        end = step_end(step["date"])
        if end is not None and end >= today:
            return step
    return None
