"""Urban projects on screen: the follow and vote buttons of a project's page, its news and consultation,
/projets, /suivis, the update sent to followers and a consultation's result table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import wording as W
from ..actions import Follow, OpenEntry, Vote, encode
from ..kb import Consultation, Entry, Knowledge
from ..projects.digest import next_milestone
from ..replies import Button, Message
from .dates import date_fr, month_fr
from .format import Fmt, label


@dataclass(frozen=True)
class ProjectView:
    """What one person sees of a project: whether they follow it and their vote (a private chat
    with storage only: elsewhere there is no view and no buttons), and the votes once closed."""

    following: bool | None = None
    vote: int | None = None
    tally: tuple[int, ...] | None = None


def project_blocks(entry: Entry, f: Fmt, today: dt.date, view: ProjectView | None) -> list[str]:
    """The latest news item, and the consultation (open: the question; closed: the result)."""
    blocks = []
    if entry.news:
        latest = entry.news[-1]
        blocks.append(f.esc(W.NEWS_LINE.format(date=month_fr(latest["date"]), text=latest["text"])))
    c = entry.consultation
    if c is not None:
        lines = [f.b(W.CONSULTATION.format(question=c.question))]
        if c.is_open(today):
            opening = W.CONSULTATION_OPEN if view is not None else W.CONSULTATION_OPEN_TEXT
            lines.append(f.esc(opening.format(date=date_fr(c.closes))))
            if view is None:
                lines.extend(f"• {f.esc(o)}" for o in c.options)
            elif view.vote is not None and view.vote < len(c.options):
                lines.append(f.esc(W.YOUR_VOTE.format(option=c.options[view.vote])))
        elif view is not None and view.tally is not None:
            lines.append(result_text(c, view.tally, f, today))
        else:  # closed, seen outside a private chat: no votes to count here
            lines.append(f.esc(W.CONSULTATION_CLOSED_TEXT.format(date=date_fr(c.closes))))
        blocks.append("\n".join(lines))
    return blocks


def result_text(c: Consultation, tally: tuple[int, ...] | list[int], f: Fmt, today: dt.date) -> str:
    """"Consultation close le …. Résultat (N votes) :" (or the votes so far, for the staff while it
    is open) and one line per option, most votes first."""
    total = sum(tally)
    head = W.CONSULTATION_SO_FAR if c.is_open(today) else W.CONSULTATION_CLOSED
    lines = [f.esc(head.format(date=date_fr(c.closes), total=total))]
    for n, option in sorted(zip(tally, c.options), key=lambda x: -x[0]):
        percent = round(100 * n / total) if total else 0
        lines.append("• " + f.esc(W.CONSULTATION_RESULT.format(option=option, count=n, percent=percent)))
    return "\n".join(lines)


def project_rows(entry: Entry, today: dt.date, view: ProjectView | None) -> list[list[Button]]:
    """One vote button per option while the consultation is open, then "Suivre" / "Ne plus suivre"."""
    if view is None or entry.kind != "project":
        return []
    rows = []
    c = entry.consultation
    if c is not None and c.is_open(today):
        for n, option in enumerate(c.options):
            mark = "✅ " if view.vote == n else ""
            rows.append([Button(mark + W.VOTE_BUTTON.format(option=option), data=encode(Vote(entry.id, n)))])
    if view.following is not None:
        rows.append([Button(W.UNFOLLOW if view.following else W.FOLLOW, data=encode(Follow(entry.id, not view.following)))])
    return [row for row in rows if row[0].data]


def _project_line(entry: Entry, f: Fmt, today: dt.date) -> str:
    line = f"🏗️ {f.b(entry.title)} — {f.esc(entry.status)}"
    step = next_milestone(entry, today)
    if step:
        line += "\n" + f.esc(W.PROJECT_NEXT.format(date=month_fr(step["date"]), label=step["label"]))
    return line


def render_projects(entries: list[Entry], f: Fmt, today: dt.date, *, title: str = "",
                    hint: str = "", empty: str = "") -> Message:
    """/projets (every project) or /suivis (the followed ones): status, next milestone, a button each.
    Empty `title`, `hint`, `empty`: /projets' own (read at call time, in the reader's language)."""
    title, hint, empty = title or W.PROJECTS_TITLE, hint or W.PROJECTS_HINT, empty or W.PROJECTS_NONE
    if not entries:
        return Message(f.esc(empty))
    text = f.b(title) + "\n\n" + "\n\n".join(_project_line(e, f, today) for e in entries)
    text += "\n\n" + f.i(hint)
    rows = [[Button(label("🏗️ " + e.title), data=encode(OpenEntry(e.id)))] for e in entries]
    return Message(text, [r for r in rows if r[0].data])


def render_update(entry: Entry, changes, f: Fmt) -> Message:
    """The message a follower receives when the project's YAML changed (bot/projects/digest.py)."""
    lines = [f.b(W.UPDATE_TITLE.format(title=entry.title))]
    if changes.status:
        lines.append(f.esc(W.UPDATE_STATUS.format(status=changes.status)))
    lines.extend(f.esc(W.UPDATE_MILESTONE.format(date=month_fr(d), label=l)) for d, l in changes.milestones)
    if changes.timeline_trimmed:
        lines.append(f.esc(W.UPDATE_TIMELINE))
    if changes.budget:
        lines.append(f.esc(W.UPDATE_BUDGET.format(budget=changes.budget)))
    lines.extend(f.esc(W.UPDATE_NEWS.format(date=month_fr(d), text=t)) for d, t in changes.news)
    lines.append(f.i(W.UPDATE_FOOTER))
    return Message("\n".join(lines), _see(entry))


def render_announcement(entry: Entry, text: str, f: Fmt) -> Message:
    """A staff announcement (`guichet annonce`, /annonce) as followers receive it."""
    body = f"{f.b(W.ANNOUNCE_TITLE.format(title=entry.title))}\n\n{f.esc(text)}\n\n{f.i(W.UPDATE_FOOTER)}"
    return Message(body, _see(entry))


def _see(entry: Entry) -> list[list[Button]]:
    data = encode(OpenEntry(entry.id))
    return [[Button(W.SEE_PROJECT, data=data)]] if data else []


def projects_of(k: Knowledge) -> list[Entry]:
    return [e for e in k.entries.values() if e.kind == "project" and not e.hidden]
