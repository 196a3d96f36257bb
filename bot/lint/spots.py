"""How advice names a place in the knowledge: `path:line`, the form every editor can jump to."""

from __future__ import annotations

from ..kb import NATIONAL_ID, Entry

HIDE_NATIONAL = (" Une fiche nationale en double se cache par un complément (« overlays: » puis « - id: … » et "
                 "« hidden: true »).")


def national_hint(*entries: Entry) -> str:
    """The way out when one of `entries` is a national fiche, which the clerk does not edit."""
    return HIDE_NATIONAL if any(NATIONAL_ID.match(e.id) for e in entries) else ""


def entry_spot(entry: Entry) -> str:
    """Where an entry starts (its id when it has no file, as in tests)."""
    return f"{entry.path}:{entry.line}" if entry.path else entry.id


def question_spot(entry: Entry, question: str) -> tuple[str, int]:
    """Where one of the entry's questions was written (the entry's start when not recorded)."""
    return entry.question_lines.get(question, (entry.path, entry.line))


def field_line(entry: Entry, key: str) -> int:
    """The line of one of the entry's fields in its own file (the entry's start when absent)."""
    return entry.lines.get(key, entry.line)
