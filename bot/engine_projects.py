"""The engine's urban projects: follow buttons, /projets, /suivis, votes, and the followers told of each change, once.

A mixin of `Engine` (as `bot/engine_dialogue.py`), so that handlers, the console and the CLI keep
talking to one object. The memory is in `bot/projects/store.py`; what changed is decided by
`bot/projects/digest.py`; the messages go through the durable outbound queue (`bot/outbox.py`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable

from . import actions as A
from . import i18n
from . import wording as W
from .engine_language import citizen
from .kb import Entry
from .outbox import Outgoing, to_user
from .projects.digest import changes, digests
from .projects.store import ProjectStore
from .render.projects import ProjectView, projects_of, render_announcement, render_projects, render_update, result_text
from .replies import Message, Reply
from .safelog import describe_exception

if TYPE_CHECKING:
    from .engine import Engine
    from .storage import Storage

log = logging.getLogger("guichet.engine")


def private(chat: int | None) -> bool:
    """A private chat (a person's own chat with the bot, or the console's 0); groups have negative ids."""
    return chat is not None and chat >= 0


class ProjectsMixin:
    """Citizens follow projects and answer consultations; followers hear of each change once."""

    def _open_projects(self: "Engine", storage: "Storage | None") -> ProjectStore | None:
        return ProjectStore(storage.db.conn, storage.lock) if storage is not None else None

    def _project_view(self: "Engine", entry: Entry, user: str, chat: int | None) -> ProjectView | None:
        """What `user` sees of `entry` (None: not a project, no storage, or not a private chat)."""
        if entry.kind != "project" or self.projects is None or self.dialogue is None or not private(chat):
            return None
        c = entry.consultation
        tally = tuple(self.projects.tally(entry.id, len(c.options))) if c and not c.is_open(self.today()) else None
        return ProjectView(following=self.projects.follows(user, entry.id),
                           vote=self.projects.vote_of(user, entry.id) if c else None, tally=tally)

    # ------------------------------------------------------------------ citizens

    @citizen
    def on_projects(self: "Engine", user: str = "") -> Reply:
        """/projets: every project with its status and next milestone."""
        return Reply([render_projects(projects_of(self.knowledge), self.fmt, self.today())])

    @citizen
    def on_follows(self: "Engine", user: str = "") -> Reply:
        """/suivis: the projects this person follows."""
        ids = self.projects.followed(user) if self.projects is not None else []
        entries = [self.knowledge.entries[i] for i in ids if i in self.knowledge.entries]
        return Reply([render_projects(entries, self.fmt, self.today(), title=W.FOLLOWS_TITLE, hint=W.FOLLOWS_HINT,
                                      empty=W.FOLLOWS_NONE)])

    def _project_press(self: "Engine", user: str, action: A.Follow | A.Vote, chat: int) -> Reply:
        """Follow, stop following, or vote; the project's page is redrawn in place with its new buttons."""
        entry = self.knowledge.entries.get(action.project)
        if entry is None or entry.kind != "project" or self.projects is None or self.dialogue is None:
            return self._expired()
        if not private(chat):
            return Reply([], toast=W.PRIVATE_ONLY)
        if isinstance(action, A.Follow):
            if action.on:
                self.dialogue.store.remember_chat(user, chat)  # where to tell them (deleted by /oubli)
                self.projects.follow(user, entry.id)
            else:
                self.projects.unfollow(user, entry.id)
            toast = W.FOLLOWED if action.on else W.UNFOLLOWED
        else:
            c = entry.consultation
            if c is None or action.option >= len(c.options):
                return self._expired()
            if not c.is_open(self.today()):
                toast = W.VOTE_CLOSED
            else:
                before = self.projects.vote(user, entry.id, action.option)
                toast = (W.VOTED if before is None else W.VOTE_CHANGED).format(option=c.options[action.option])
        reply = self._entry(entry, viewer=(user, chat))
        reply.edit, reply.toast = True, toast[:200]
        return reply

    # ------------------------------------------------------------------ followers told

    def _announce_changes(self: "Engine") -> dict[str, int]:
        """Compare each project's digest with the one last announced; queue one message per follower
        of each changed project, in the same transaction as the new state. Never raises."""
        if self.projects is None:
            return {}
        try:
            queued = self.projects.announce(digests(self.knowledge.entries), self._update_messages)
        except Exception as exc:  # a failed announcement must not stop a reload; retried on the next one
            log.error("project announcements failed: %s", describe_exception(exc))
            return {}
        for project, n in queued.items():
            log.info("project %s changed: %d follower message(s) queued", project, n)
        return queued

    def _update_messages(self: "Engine", project: str, old: dict, new: dict, followers: list[str]) -> list[Outgoing]:
        found = changes(old, new)
        if not found or not followers:
            return []
        return self._to_followers(followers, lambda: render_update(self.knowledge.entries[project], found, self.fmt))

    def _to_followers(self: "Engine", followers: list[str], render: Callable[[], Message]) -> list[Outgoing]:
        """One message per follower, rendered in their language (once per language: French or English)."""
        rendered: dict[str, Message] = {}
        out = []
        for key in followers:
            language = self.language_of(key)
            if language not in rendered:
                with i18n.speaking(language):
                    rendered[language] = render()
            out.append(Outgoing(to_user(key), rendered[language].text, rendered[language].buttons))
        return out

    def announce(self: "Engine", project: str, text: str) -> int:
        """A staff announcement to the followers of `project`; how many messages were queued.
        Raises KeyError for an unknown project, ValueError for an empty text."""
        entry = self.knowledge.entries.get(project)
        if entry is None or entry.kind != "project":
            raise KeyError(project)
        if not text.strip():
            raise ValueError("empty announcement")
        if self.projects is None:
            return 0
        return self.projects.queue_to_followers(
            project, lambda followers: self._to_followers(followers, lambda: render_announcement(entry, text.strip(), self.fmt)))

    def on_blocked(self: "Engine", user: str | None) -> None:
        """A person blocked the bot (403): they follow nothing any more."""
        if user is not None and self.projects is not None:
            self.projects.unfollow_all(user)

    # ------------------------------------------------------------------ staff

    def _project_ids(self: "Engine", consultations: bool = False) -> str:
        return ", ".join(e.id for e in projects_of(self.knowledge) if e.consultation or not consultations) or "-"

    def on_staff_announce(self: "Engine", chat: int, text: str = "") -> Reply:
        """/annonce PROJECT-ID texte, in the staff chat."""
        project, _, body = text.strip().partition(" ")
        if not project or not body.strip():
            return self._text(W.STAFF_ANNOUNCE_USAGE.format(ids=self._project_ids()))
        try:
            n = self.announce(project, body)
        except KeyError:
            return self._text(W.STAFF_UNKNOWN_PROJECT.format(id=project, ids=self._project_ids()))
        return self._text(W.STAFF_ANNOUNCED.format(count=n, title=self.knowledge.entries[project].title))

    def on_staff_consultation(self: "Engine", chat: int, text: str = "") -> Reply:
        """/consultation PROJECT-ID, in the staff chat: the votes so far."""
        project = text.strip()
        entry = self.knowledge.entries.get(project)
        if not project:
            return self._text(W.STAFF_CONSULTATION_USAGE.format(ids=self._project_ids(consultations=True)))
        if entry is None or entry.kind != "project":
            return self._text(W.STAFF_UNKNOWN_PROJECT.format(id=project, ids=self._project_ids()))
        if entry.consultation is None or self.projects is None:
            return self._text(W.STAFF_NO_CONSULTATION.format(id=project))
        c = entry.consultation
        tally = self.projects.tally(project, len(c.options))
        return Reply([Message(f"{self.fmt.b(c.question)}\n{result_text(c, tally, self.fmt, self.today())}")])
