"""What the dialogue with the town remembers: requests and their answers, drafts, and how to reach each citizen.

Privacy (RGPD), by construction: a citizen is their pseudonymous key (`user`) everywhere; the
chat id needed to answer them lives only in `chats`, a table with no text. `/oubli` deletes a
citizen's requests, answers, draft, chat id and pending messages; closed requests are purged
after the retention period. Durability: every change is one transaction together with the
messages it causes (`bot/outbox.py`), so an acknowledged request is never lost and its staff
post never forgotten. Once only: a change records its origin (the update that caused it) in the
same transaction, because after a kill -9 the durable inbox hands that update over again, and
handling it again must not make a second request or send an answer twice (`by_origin`).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Callable

from .. import outbox
from ..outbox import Outgoing, SharedStore

SCHEMA = """
create table if not exists requests (
    id integer primary key,
    at text not null, updated text not null,
    user text not null,
    kind text not null,                 -- contact | report
    category text not null default '',  -- a report category id
    official text not null default '',  -- an official's id ('' : the town hall)
    text text not null default '',
    photo text not null default '',     -- Telegram file id
    lat real, lon real,
    status text not null default 'recue',   -- recue | prise | resolue | close
    reason text not null default '',
    staff_message integer not null default 0,   -- the post in the staff chat (replies to it answer)
    official_message integer not null default 0
);
create index if not exists requests_user on requests (user);
create index if not exists requests_status on requests (status);
create table if not exists request_events (
    id integer primary key,
    request_id integer not null,
    at text not null,
    kind text not null,                 -- answer | status
    text text not null default '',
    status text not null default ''
);
create index if not exists request_events_request on request_events (request_id);
create table if not exists chats (
    user text primary key,
    chat_id integer not null,
    at text not null,
    unreachable integer not null default 0
);
create table if not exists drafts (
    user text primary key,
    data text not null,
    at text not null
);
create table if not exists muted (
    user text primary key,
    at text not null
);
create table if not exists origins (
    origin text primary key,            -- what caused a change: Telegram's update id (no person in it)
    request_id integer not null,
    kind text not null,                 -- request | answer | status
    at text not null
);
"""

STATUSES = ("recue", "prise", "resolue", "close")
OPEN = ("recue", "prise")


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass
class Request:
    """A citizen's message to the town (contact) or report of a problem in public space."""

    id: int
    at: str
    updated: str
    user: str
    kind: str
    category: str = ""
    official: str = ""
    text: str = ""
    photo: str = ""
    lat: float | None = None
    lon: float | None = None
    status: str = "recue"
    reason: str = ""
    staff_message: int = 0
    official_message: int = 0

    @property
    def number(self) -> str:
        """The short human number citizens and staff use: D-0042."""
        return f"D-{self.id:04d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


@dataclass
class Draft:
    """A request being written (survives restarts): what it is, to whom, and what was given so far."""

    kind: str = "contact"
    official: str = ""
    category: str = ""
    text: str = ""
    photo: str = ""
    lat: float | None = None
    lon: float | None = None
    step: str = "text"          # target | category | text | confirm
    question: int = 0           # the unanswered question it comes from
    extra: dict = field(default_factory=dict)


def parse_number(value: str) -> int | None:
    """42 from "D-0042", "d-42", "0042" or "42"; None for anything else."""
    value = value.strip().upper()
    if value.startswith("D-"):
        value = value[2:]
    return int(value) if value.isdigit() and len(value) <= 9 else None


class DialogueStore(SharedStore):
    """Requests, answers, drafts and chats, on the same SQLite connection as the questions."""

    schema = SCHEMA

    # ------------------------------------------------------------------ requests

    def create(self, user: str, draft: Draft, messages: Callable[[Request], list[Outgoing]],
               origin: str = "") -> Request:
        """Record a request and queue the messages it causes (staff post…) in one transaction."""
        at = now_utc()
        with self.transaction() as conn:
            cursor = conn.execute(
                "insert into requests (at, updated, user, kind, category, official, text, photo, lat, lon)"
                " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [at, at, user, draft.kind, draft.category, draft.official, draft.text, draft.photo, draft.lat, draft.lon])
            request = Request(id=int(cursor.lastrowid), at=at, updated=at, user=user, kind=draft.kind,
                              category=draft.category, official=draft.official, text=draft.text, photo=draft.photo,
                              lat=draft.lat, lon=draft.lon)
            conn.execute("delete from drafts where user = ?", [user])
            outbox.enqueue(conn, messages(request))
            self._record_origin(conn, origin, request.id, "request", at)
        return request

    def get(self, request_id: int) -> Request | None:
        with self.lock:
            row = self.conn.execute("select * from requests where id = ?", [request_id]).fetchone()
            return self._request(row) if row else None

    def by_post(self, message_id: int) -> Request | None:
        """The request whose staff (or official) post is `message_id`."""
        with self.lock:
            row = self.conn.execute("select * from requests where ? in (staff_message, official_message) "
                                    "order by id desc limit 1", [message_id]).fetchone()
            return self._request(row) if row else None

    def of_user(self, user: str, limit: int = 10) -> list[Request]:
        with self.lock:
            rows = self.conn.execute("select * from requests where user = ? order by id desc limit ?",
                                     [user, limit]).fetchall()
            return [self._request(r) for r in rows]

    def open_requests(self, limit: int = 30) -> list[Request]:
        """Requests still waiting for the town, oldest first."""
        with self.lock:
            rows = self.conn.execute("select * from requests where status in ('recue', 'prise') order by id limit ?",
                                     [limit]).fetchall()
            return [self._request(r) for r in rows]

    def all_requests(self, status: str | None = None) -> list[Request]:
        with self.lock:
            sql, args = "select * from requests", []
            if status:
                sql, args = sql + " where status = ?", [status]
            return [self._request(r) for r in self.conn.execute(sql + " order by id", args).fetchall()]

    def last_answer(self, request_id: int) -> str:
        with self.lock:
            row = self.conn.execute("select text from request_events where request_id = ? and kind = 'answer' "
                                    "order by id desc limit 1", [request_id]).fetchone()
            return row[0] if row else ""

    def update(self, request: Request, *, status: str | None = None, answer: str = "", reason: str = "",
               messages: list[Outgoing] = (), origin: str = "") -> Request:
        """An answer and/or a new status, with the messages it causes, in one transaction."""
        at = now_utc()
        new_status = status or request.status
        with self.transaction() as conn:
            conn.execute("update requests set status = ?, reason = ?, updated = ? where id = ?",
                         [new_status, reason or request.reason, at, request.id])
            if answer:
                conn.execute("insert into request_events (request_id, at, kind, text, status) values (?, ?, 'answer', ?, ?)",
                             [request.id, at, answer, new_status])
            if status and status != request.status:
                conn.execute("insert into request_events (request_id, at, kind, text, status) values (?, ?, 'status', ?, ?)",
                             [request.id, at, reason, status])
            outbox.enqueue(conn, list(messages))
            self._record_origin(conn, origin, request.id, "answer" if answer else "status", at)
        request.status, request.updated, request.reason = new_status, at, reason or request.reason
        return request

    def by_origin(self, origin: str) -> tuple[str, Request] | None:
        """What the update `origin` already did ("request" or "answer", and to which request), or None."""
        if not origin:
            return None
        with self.lock:
            row = self.conn.execute("select o.kind, r.* from origins o join requests r on r.id = o.request_id "
                                    "where o.origin = ?", [origin]).fetchone()
            return (row[0], self._request(row[1:])) if row else None

    @staticmethod
    def _record_origin(conn: sqlite3.Connection, origin: str, request_id: int, kind: str, at: str) -> None:
        if origin:
            conn.execute("insert or ignore into origins (origin, request_id, kind, at) values (?, ?, ?, ?)",
                         [origin, request_id, kind, at])

    def record_post(self, request_id: int, message_id: int, official: bool = False) -> None:
        """Remember the staff (or official) post of a request: a Telegram reply to it answers the request."""
        column = "official_message" if official else "staff_message"
        with self.lock:
            self.conn.execute(f"update requests set {column} = ? where id = ?", [message_id, request_id])

    def count_since(self, user: str, since: str) -> int:
        with self.lock:
            return self.conn.execute("select count(*) from requests where user = ? and at >= ?",
                                     [user, since]).fetchone()[0]

    @staticmethod
    def _request(row: sqlite3.Row | tuple) -> Request:
        return Request(*row)

    # ------------------------------------------------------------------ drafts, chats, mutes

    def draft(self, user: str, newer_than: str = "") -> Draft | None:
        """The citizen's draft, unless it was last touched before `newer_than` (then it is dropped)."""
        with self.lock:
            row = self.conn.execute("select data, at from drafts where user = ?", [user]).fetchone()
            if row and row[1] < newer_than:
                self.conn.execute("delete from drafts where user = ?", [user])
                row = None
        if not row:
            return None
        try:
            return Draft(**json.loads(row[0]))
        except (TypeError, ValueError):  # a draft from an older version: start again
            return None

    def save_draft(self, user: str, draft: Draft) -> None:
        with self.lock:
            self.conn.execute("insert into drafts (user, data, at) values (?, ?, ?) on conflict(user) do update "
                              "set data = excluded.data, at = excluded.at",
                              [user, json.dumps(draft.__dict__, ensure_ascii=False), now_utc()])

    def drop_draft(self, user: str) -> None:
        with self.lock:
            self.conn.execute("delete from drafts where user = ?", [user])

    def remember_chat(self, user: str, chat_id: int) -> None:
        """The chat to answer this citizen in (kept apart from any text; deleted by /oubli)."""
        with self.lock:
            self.conn.execute("insert into chats (user, chat_id, at, unreachable) values (?, ?, ?, 0) "
                              "on conflict(user) do update set chat_id = excluded.chat_id, at = excluded.at, "
                              "unreachable = 0", [user, int(chat_id), now_utc()])

    def chat_of(self, user: str) -> int | None:
        with self.lock:
            row = self.conn.execute("select chat_id from chats where user = ?", [user]).fetchone()
            return row[0] if row else None

    def mark_unreachable(self, user: str) -> None:
        with self.lock:
            self.conn.execute("update chats set unreachable = 1 where user = ?", [user])

    def is_unreachable(self, user: str) -> bool:
        with self.lock:
            row = self.conn.execute("select unreachable from chats where user = ?", [user]).fetchone()
            return bool(row and row[0])

    def mute(self, user: str) -> None:
        with self.lock:
            self.conn.execute("insert or ignore into muted (user, at) values (?, ?)", [user, now_utc()])

    def is_muted(self, user: str) -> bool:
        with self.lock:
            return self.conn.execute("select 1 from muted where user = ?", [user]).fetchone() is not None

    # ------------------------------------------------------------------ privacy

    def forget(self, user: str) -> int:
        """Everything about this citizen, but the mute (a key and a date, so /oubli is no way round it)."""
        with self.transaction() as conn:
            ids = [r[0] for r in conn.execute("select id from requests where user = ?", [user]).fetchall()]
            n = 0
            for rid in ids:
                n += conn.execute("delete from request_events where request_id = ?", [rid]).rowcount
                conn.execute("delete from origins where request_id = ?", [rid])
            for table in ("requests", "drafts", "chats"):
                n += conn.execute(f"delete from {table} where user = ?", [user]).rowcount
            n += outbox.forget(conn, user)
            return n

    def purge(self, retention_days: int, now: dt.datetime | None = None) -> int:
        """Closed or resolved requests older than the retention period go, with their answers; so does
        the chat id of a citizen left without any request (nothing to answer them about any more)."""
        now = now or dt.datetime.now(dt.timezone.utc)
        cutoff = (now - dt.timedelta(days=retention_days)).isoformat(timespec="seconds")
        with self.transaction() as conn:
            ids = [r[0] for r in conn.execute("select id from requests where status in ('resolue', 'close') "
                                              "and updated < ?", [cutoff]).fetchall()]
            for rid in ids:
                conn.execute("delete from request_events where request_id = ?", [rid])
                conn.execute("delete from origins where request_id = ?", [rid])
                conn.execute("delete from requests where id = ?", [rid])
            conn.execute("delete from drafts where at < ?", [cutoff])
            conn.execute("delete from chats where at < ? and user not in (select user from requests)", [cutoff])
            return len(ids)
