"""What the projects remember: who follows which project, what was last announced, and the votes.

Privacy: a follower or a voter is their pseudonymous key only (the chat id stays in the dialogue's
`chats` table); `/oubli` deletes their follows and votes. Exactly once: a project's new state is
written in the same transaction as the messages that announce it (`bot/outbox.py`), so a restart
finds the state already announced and sends nothing again.
"""

from __future__ import annotations

import json
from typing import Callable

from .. import outbox
from ..outbox import Outgoing, SharedStore
from ..dialogue.store import now_utc

SCHEMA = """
create table if not exists follows (
    user text not null,
    project text not null,
    at text not null,
    primary key (user, project)
);
create index if not exists follows_project on follows (project);
create table if not exists project_state (
    project text primary key,
    state text not null,              -- json of what followers were last told (bot/projects/digest.py)
    at text not null
);
create table if not exists votes (
    user text not null,
    project text not null,
    option integer not null,
    at text not null,
    primary key (user, project)
);
"""

# the announcement of one project: (project id, the state announced before, the new one, its
# followers' keys) -> the messages to queue
Announce = Callable[[str, dict, dict, list[str]], list[Outgoing]]


class ProjectStore(SharedStore):
    """Follows, announced states and votes, on the same SQLite connection as the dialogue."""

    schema = SCHEMA

    # ------------------------------------------------------------------ follows

    def follow(self, user: str, project: str) -> None:
        with self.lock:
            self.conn.execute("insert or ignore into follows (user, project, at) values (?, ?, ?)",
                              [user, project, now_utc()])

    def unfollow(self, user: str, project: str) -> None:
        with self.lock:
            self.conn.execute("delete from follows where user = ? and project = ?", [user, project])

    def unfollow_all(self, user: str) -> int:
        """A follower who blocked the bot: every follow goes (they can follow again)."""
        with self.lock:
            return self.conn.execute("delete from follows where user = ?", [user]).rowcount

    def follows(self, user: str, project: str) -> bool:
        with self.lock:
            return self.conn.execute("select 1 from follows where user = ? and project = ?",
                                     [user, project]).fetchone() is not None

    def followed(self, user: str) -> list[str]:
        """The projects `user` follows, in the order they chose them."""
        with self.lock:
            return [r[0] for r in self.conn.execute("select project from follows where user = ? order by at, project",
                                                    [user])]

    def follower_count(self, project: str) -> int:
        with self.lock:
            return self.conn.execute("select count(*) from follows where project = ?", [project]).fetchone()[0]

    # ------------------------------------------------------------------ announcements

    def announce(self, states: dict[str, dict], messages: Announce) -> dict[str, int]:
        """Record each project's state; for a project whose state changed since it was last
        recorded, queue `messages(project, new state, followers)` in the same transaction.

        A project seen for the first time (the first load after install, a new project) is
        recorded without a message. Returns {project: messages queued} for the changed ones."""
        queued: dict[str, int] = {}
        at = now_utc()
        with self.transaction() as conn:
            known = {r[0]: json.loads(r[1]) for r in conn.execute("select project, state from project_state")}
            for project, state in states.items():
                if known.get(project) == state:
                    continue
                conn.execute("insert into project_state (project, state, at) values (?, ?, ?) on conflict(project) "
                             "do update set state = excluded.state, at = excluded.at",
                             [project, json.dumps(state, ensure_ascii=False, sort_keys=True), at])
                if project not in known:
                    continue
                followers = [r[0] for r in conn.execute("select user from follows where project = ? order by user",
                                                        [project])]
                out = messages(project, known[project], state, followers)
                outbox.enqueue(conn, out)
                queued[project] = len(out)
        return queued

    def queue_to_followers(self, project: str, make: Callable[[list[str]], list[Outgoing]]) -> int:
        """Queue a staff announcement to every follower of `project` (one transaction); how many."""
        with self.transaction() as conn:
            followers = [r[0] for r in conn.execute("select user from follows where project = ? order by user", [project])]
            out = make(followers)
            outbox.enqueue(conn, out)
            return len(out)

    # ------------------------------------------------------------------ votes

    def vote(self, user: str, project: str, option: int) -> int | None:
        """Record (or change) `user`'s vote; the option they had chosen before, or None."""
        with self.transaction() as conn:
            row = conn.execute("select option from votes where user = ? and project = ?", [user, project]).fetchone()
            conn.execute("insert into votes (user, project, option, at) values (?, ?, ?, ?) on conflict(user, project) "
                         "do update set option = excluded.option, at = excluded.at", [user, project, option, now_utc()])
            return row[0] if row else None

    def vote_of(self, user: str, project: str) -> int | None:
        with self.lock:
            row = self.conn.execute("select option from votes where user = ? and project = ?", [user, project]).fetchone()
            return row[0] if row else None

    def tally(self, project: str, options: int) -> list[int]:
        """Votes per option (an option index beyond `options`, left by an edit, is not counted)."""
        counts = [0] * options
        with self.lock:
            for option, n in self.conn.execute("select option, count(*) from votes where project = ? group by option",
                                               [project]):
                if 0 <= option < options:
                    counts[option] = n
        return counts

    # ------------------------------------------------------------------ privacy

    def forget(self, user: str) -> int:
        """`/oubli`: the person's follows and votes."""
        with self.transaction() as conn:
            return sum(conn.execute(f"delete from {table} where user = ?", [user]).rowcount for table in ("follows", "votes"))
