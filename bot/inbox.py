"""The durable inbox: updates fetched from Telegram, kept in SQLite until they are handled.

Why: Telegram forgets an update once the bot confirms it (the next getUpdates `offset`). Confirming
only what this table holds, and deleting each row once its update is handled, means a crash
(even `kill -9`) loses nothing: at restart the rows still here are handled first. Telegram
may hand an update out twice (the confirmation itself can be lost): `last_update_id`, stored in the
same transaction as the rows, lets us ignore what we already took, even long after it was handled.

A webhook (handlers/webhook.py) is answered 200 only once its update is stored here (`store_pushed`).
Telegram then sends updates of different chats at once, so out of order: a highest-id-so-far would
drop an older update arriving late. Both ways therefore also remember every id taken in the last
SEEN_FOR seconds (`seen`: ids and times only, nothing of the message), longer than Telegram keeps
an undelivered update: a repeat (our 200 lost in a crash, or a mode switch) is recognised by its
id. Pushed updates leave `last_update_id` alone, so a return to polling starts from the offset
polling confirmed and fetches whatever Telegram did not deliver, the `seen` ids keeping repeats out.

Privacy: a row holds the raw update (a citizen's text and Telegram id) only while it is being
handled; `secure_delete` zeroes deleted rows and the journal is truncated whenever the inbox
empties (at most every CHECKPOINT_EVERY seconds), so nothing lingers.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

CHECKPOINT_EVERY = 10.0  # seconds: at most one journal truncation that often while the inbox empties
SEEN_FOR = 48 * 3600.0  # seconds an update id is remembered (Telegram keeps an undelivered update 24 h)


class Inbox:
    """Rows of (update_id, body JSON); every method commits before it returns. One thread only."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))  # born private, like its journal
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        # Stored updates are fsynced (FULL) before Telegram is told: a power cut cannot lose them.
        # Deletions are not (NORMAL): SQLite has them once the call returns, which survives a kill -9,
        # and a power cut could only bring back a handled update (a repeat, never a loss), so
        # the row goes as soon as the reply is out, without an fsync on the way.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA secure_delete=ON")
        self.db.execute("create table if not exists inbox (update_id integer primary key, body text not null)")
        self.db.execute("create table if not exists meta (key text primary key, value integer not null)")
        self.db.execute("create table if not exists seen (update_id integer primary key, at real not null)")
        self.db.execute("create index if not exists seen_at on seen (at)")
        self._last_checkpoint = 0.0

    def last_update_id(self) -> int | None:
        """The highest update id polling ever stored (handled or not), or None before the first."""
        row = self.db.execute("select value from meta where key = 'last_update_id'").fetchone()
        return None if row is None else int(row[0])

    def next_offset(self) -> int | None:
        """The getUpdates `offset` confirming everything polling stored so far (None: confirm nothing yet)."""
        last = self.last_update_id()
        return None if last is None else last + 1

    def store(self, updates: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """Store a batch of (update_id, body) fetched by polling, in one transaction; returns the new rows.

        An update at or below `last_update_id`, or seen lately (taken by the webhook), was taken
        before (and maybe handled and deleted since): it is not stored again, so never answered twice.
        """
        last = self.last_update_id()
        fresh = sorted((uid, body) for uid, body in updates if last is None or uid > last)
        new = [(uid, body) for uid, body in fresh if not self._seen(uid)]
        if fresh:
            self._write(new, last_update_id=fresh[-1][0])
        return new

    def store_pushed(self, update_id: int, body: str) -> bool:
        """Store one update pushed by the webhook; False when it was taken before (a repeat)."""
        if self._seen(update_id):
            return False
        self._write([(update_id, body)], last_update_id=None)
        return True

    def _seen(self, update_id: int) -> bool:
        return self.db.execute("select 1 from seen where update_id = ?", [update_id]).fetchone() is not None

    def _write(self, rows: list[tuple[int, str]], *, last_update_id: int | None) -> None:
        """The rows, their ids in `seen` and the polling offset, in one fsynced transaction."""
        now = time.time()
        self.db.execute("PRAGMA synchronous=FULL")
        try:
            with self.db:  # one transaction, one fsync for the batch
                self.db.execute("begin immediate")
                self.db.executemany("insert or ignore into inbox (update_id, body) values (?, ?)", rows)
                self.db.executemany("insert or replace into seen (update_id, at) values (?, ?)",
                                    [(uid, now) for uid, _ in rows])
                if last_update_id is not None:
                    self.db.execute("insert into meta (key, value) values ('last_update_id', ?) "
                                    "on conflict(key) do update set value = excluded.value", [last_update_id])
        finally:
            self.db.execute("PRAGMA synchronous=NORMAL")

    def pending(self) -> list[tuple[int, str]]:
        """Every row not yet handled, in update order (what a restart handles first)."""
        return self.db.execute("select update_id, body from inbox order by update_id").fetchall()

    def count(self) -> int:
        return self.db.execute("select count(*) from inbox").fetchone()[0]

    def done(self, update_id: int) -> None:
        """The update was handled: forget it (and truncate the journal when the inbox is empty)."""
        self.db.execute("delete from inbox where update_id = ?", [update_id])
        if time.monotonic() - self._last_checkpoint >= CHECKPOINT_EVERY and not self.count():
            self.checkpoint()

    def checkpoint(self) -> None:
        """Forget the ids older than SEEN_FOR; copy the journal into the file and truncate it: deleted
        rows no longer linger there."""
        self._last_checkpoint = time.monotonic()
        try:
            self.db.execute("delete from seen where at < ?", [time.time() - SEEN_FOR])
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:  # a reader holds the journal: the next checkpoint will do it
            pass

    def close(self) -> None:
        self.checkpoint()
        self.db.close()
