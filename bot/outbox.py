"""The durable outbound queue: every message Guichet sends waits here until Telegram took it.

Why durable: a reply, a staff answer or a request posted to the staff group must reach its chat,
even if the bot is killed between deciding to send it and Telegram confirming it. A reply is
committed here before its update leaves the inbox; the dialogue writes its messages in the same
transaction as the change that causes them (a new request, an answer). `handlers/outbound.py`
sends what is due and deletes each row once Telegram took it, so no text lingers. A crash
between Telegram's "ok" and the delete sends that one message again: at least once, never lost.

Privacy: a later message to a citizen names them by their pseudonymous key (`user:<key>`); the
chat id is looked up only at send time, in the `chats` table, which holds no text. A reply to the
update being handled names its chat (`chat:<id>`), like the inbox row it comes from, and both go
within seconds.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field

from .replies import Button
from .transaction import transaction

SCHEMA = """
create table if not exists outbox (
    id integer primary key,
    created real not null,
    target text not null,          -- 'user:<key>' or 'chat:<telegram chat id>' (staff, an official)
    method text not null,          -- send | photo | upload | location | venue | edit
    text text not null default '',   -- a message's text, a photo's caption, a venue's title
    buttons text not null default '[]',
    photo text not null default '',  -- a Telegram file id (photo), or a knowledge file's path (upload)
    lat real, lon real,
    address text not null default '',        -- a venue's address
    message_id integer not null default 0,   -- the message to edit (method 'edit')
    ask_location text not null default '',   -- label of a "share my position" keyboard button
    purpose text not null default '',        -- what to record once sent, e.g. 'post:42'
    attempts integer not null default 0,
    next_at real not null
);
create index if not exists outbox_due on outbox (next_at);
create index if not exists outbox_line on outbox (target, id);
"""


@dataclass
class Outgoing:
    """One message to send later: text (Telegram HTML), buttons, or a photo (a file id, or a file of the
    knowledge to upload), a map pin, or a venue (a pin with `text` as its title and an address)."""

    target: str
    text: str = ""
    buttons: list[list[Button]] = field(default_factory=list)
    method: str = "send"
    photo: str = ""
    lat: float | None = None
    lon: float | None = None
    message_id: int = 0
    purpose: str = ""
    ask_location: str = ""
    address: str = ""
    id: int = 0
    attempts: int = 0

    @property
    def chat(self) -> int | None:
        """The chat id of a `chat:` target (None for a citizen, resolved at send time)."""
        kind, _, value = self.target.partition(":")
        return int(value) if kind == "chat" else None

    @property
    def user(self) -> str | None:
        """The pseudonymous key of a `user:` target."""
        kind, _, value = self.target.partition(":")
        return value if kind == "user" else None


def to_user(key: str) -> str:
    return f"user:{key}"


def to_chat(chat_id: int) -> str:
    return f"chat:{int(chat_id)}"


def _buttons_json(rows: list[list[Button]]) -> str:
    return json.dumps([[{"label": b.label, "data": b.data, "url": b.url} for b in row] for row in rows],
                      ensure_ascii=False)


def _buttons(raw: str) -> list[list[Button]]:
    return [[Button(**b) for b in row] for row in json.loads(raw or "[]")]


def enqueue(conn, messages: list[Outgoing], *, now: float | None = None) -> None:
    """Queue `messages` on `conn`, inside the caller's transaction (no commit here)."""
    now = time.time() if now is None else now
    for m in messages:
        conn.execute(
            "insert into outbox (created, target, method, text, buttons, photo, lat, lon, message_id, purpose,"
            " ask_location, address, next_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [now, m.target, m.method, m.text, _buttons_json(m.buttons), m.photo, m.lat, m.lon, m.message_id,
             m.purpose, m.ask_location, m.address, now])


_COLUMNS = "id, target, method, text, buttons, photo, lat, lon, message_id, purpose, ask_location, attempts, address"
# Columns added after the first release: an older database gets them on opening (`upgrade`).
_ADDED = {"address": "text not null default ''"}


def upgrade(conn) -> None:
    """Add to an existing outbox table the columns a newer Guichet writes (its rows are kept)."""
    have = {row[1] for row in conn.execute("pragma table_info(outbox)")}
    for column, declaration in _ADDED.items():
        if column not in have:
            conn.execute(f"alter table outbox add column {column} {declaration}")


def _row(r) -> Outgoing:
    return Outgoing(id=r[0], target=r[1], method=r[2], text=r[3], buttons=_buttons(r[4]), photo=r[5], lat=r[6],
                    lon=r[7], message_id=r[8], purpose=r[9], ask_location=r[10], attempts=r[11], address=r[12])


def due(conn, limit: int = 50, *, now: float | None = None) -> list[Outgoing]:
    """The messages whose time has come, oldest first."""
    now = time.time() if now is None else now
    rows = conn.execute(f"select {_COLUMNS} from outbox where next_at <= ? order by id limit ?", [now, limit]).fetchall()
    return [_row(r) for r in rows]


def heads(conn, limit: int = 50, *, now: float | None = None) -> list[Outgoing]:
    """The first waiting message of each chat, when its time has come: a chat's messages go in order,
    so a message waiting for a retry holds back the ones queued after it."""
    now = time.time() if now is None else now
    rows = conn.execute(f"select {_COLUMNS} from outbox o where next_at <= ? and not exists "
                        "(select 1 from outbox p where p.target = o.target and p.id < o.id) order by id limit ?",
                        [now, limit]).fetchall()
    return [_row(r) for r in rows]


def done(conn, message_id: int) -> None:
    """Sent (or given up): the row goes, with its text."""
    conn.execute("delete from outbox where id = ?", [message_id])


def later(conn, message_id: int, delay: float, *, now: float | None = None) -> None:
    """Try again in `delay` seconds (a 429's retry_after, a 5xx, a dropped connection)."""
    now = time.time() if now is None else now
    conn.execute("update outbox set attempts = attempts + 1, next_at = ? where id = ?", [now + delay, message_id])


def pending(conn) -> int:
    return conn.execute("select count(*) from outbox").fetchone()[0]


def forget(conn, user: str) -> int:
    """`/oubli`: the messages waiting for this citizen go too."""
    return conn.execute("delete from outbox where target = ?", [to_user(user)]).rowcount


class SharedStore:
    """Tables on the shared connection (bot/storage.py's, in autocommit mode), created on first use.

    `schema` is the store's own SQL; the outbound queue's table is created with it, since every
    store writes its messages there in its own transactions."""

    schema = ""

    def __init__(self, conn: sqlite3.Connection, lock: threading.Lock | None = None) -> None:
        self.conn = conn
        self.lock = lock or threading.Lock()
        with self.lock:
            self.conn.executescript(self.schema + SCHEMA)
            upgrade(self.conn)

    def transaction(self):
        """One atomic change."""
        return transaction(self.conn, self.lock)


class Outbox(SharedStore):
    """The queue on the shared SQLite connection, for the handlers, the sender (`handlers/outbound.py`) and the CLI."""

    def put(self, messages: list[Outgoing]) -> None:
        with self.transaction() as conn:
            enqueue(conn, messages)

    def due(self, limit: int = 50) -> list[Outgoing]:
        with self.lock:
            return due(self.conn, limit)

    def heads(self, limit: int = 50) -> list[Outgoing]:
        with self.lock:
            return heads(self.conn, limit)

    def done(self, message_id: int) -> None:
        with self.lock:
            done(self.conn, message_id)

    def later(self, message_id: int, delay: float) -> None:
        with self.lock:
            later(self.conn, message_id, delay)

    def pending(self) -> int:
        with self.lock:
            return pending(self.conn)
