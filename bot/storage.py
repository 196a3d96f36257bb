"""What Guichet remembers, in one SQLite file (sqlite-utils): questions asked, feedback given.

Privacy by construction (RGPD): a citizen is only ever stored as `user`, a keyed HMAC-SHA256 of
their Telegram id (the key is `GUICHET_SECRET` or a generated secret file), so the database never
pairs a raw Telegram id with what was asked. `/oubli` deletes every row of a user; rows older than
the retention period are purged daily.

Durability: WAL journal with `synchronous=FULL`, and each record is committed before the reply is
sent, so a crash (even `kill -9`) after a reply never loses the question that caused it.

Erasure: `secure_delete=ON` overwrites deleted rows with zeros, and `/oubli` then checkpoints and
truncates the WAL, so the erased text lingers neither in the database file nor in the journal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import sqlite3
import threading
from pathlib import Path

import sqlite_utils

SCHEMA_VERSION = 1


def user_key(secret: bytes, telegram_id: int | str) -> str:
    """The pseudonymous key of a Telegram user: HMAC-SHA256(secret, id), hex, 32 characters."""
    return hmac.new(secret, str(telegram_id).encode(), hashlib.sha256).hexdigest()[:32]


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Storage:
    """A thin layer over sqlite-utils; every method commits before it returns."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # born private (SQLite gives the WAL and shm files the database file's mode)
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.db = sqlite_utils.Database(conn)
        self.lock = threading.RLock()  # re-entrant: a message rendered in a transaction reads its reader's language
        if self.path != ":memory:":
            self.db.enable_wal()
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA secure_delete=ON")  # /oubli and the purge really erase the bytes
        self.migrate()

    def migrate(self) -> None:
        """Create the tables on first run; later versions add steps keyed on `schema_version`."""
        with self.lock:
            meta = self.db["meta"]
            if not meta.exists():
                meta.create({"key": str, "value": str}, pk="key")
            row = next(iter(self.db.query("select value from meta where key = 'schema_version'")), None)
            version = int(row["value"]) if row else 0
            if version < 1:
                self.db["questions"].create({
                    "id": int, "at": str, "user": str, "text": str, "decision": str,
                    "entry_id": str, "score": float, "ms": float,
                }, pk="id", if_not_exists=True)
                self.db["questions"].create_index(["user"], if_not_exists=True)
                self.db["questions"].create_index(["at"], if_not_exists=True)
                self.db["feedback"].create({
                    "id": int, "at": str, "user": str, "question_id": int, "entry_id": str, "useful": int,
                }, pk="id", if_not_exists=True)
                self.db["feedback"].create_index(["user"], if_not_exists=True)
                meta.upsert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")

    def log_question(self, user: str, text: str, decision: str, entry_id: str | None,
                     score: float, ms: float) -> int:
        """Record a question (committed at once); returns its id, used to tie feedback to it."""
        with self.lock:  # plain SQL: sqlite-utils' insert() re-reads the schema on every call
            cursor = self.db.conn.execute(
                "insert into questions (at, user, text, decision, entry_id, score, ms) values (?, ?, ?, ?, ?, ?, ?)",
                [now_utc(), user, text[:4096], decision, entry_id or "", round(score, 4), round(ms, 3)])
            return int(cursor.lastrowid)

    def question_text(self, user: str, question_id: int) -> str | None:
        """The text of question `question_id` if `user` asked it (None otherwise: forged or forgotten)."""
        with self.lock:
            row = self.db.conn.execute("select text from questions where id = ? and user = ?",
                                       [question_id, user]).fetchone()
            return row[0] if row else None

    def log_feedback(self, user: str, question_id: int | None, entry_id: str, useful: bool) -> str:
        """Record 👍/👎 once per question and person; returns "recorded", "duplicate" or "refused".

        Button data can be forged, and an old button can be pressed after `/oubli`: feedback on a
        question is accepted only when that person asked it and it was answered with that entry;
        feedback on an entry opened from a button (no question: `question_id` None) only once
        per person and entry. The check and the insert are one transaction.
        """
        with self.lock:
            if question_id:
                asked = self.db.conn.execute("select 1 from questions where id = ? and user = ? and entry_id = ?",
                                             [question_id, user, entry_id]).fetchone()
                if asked is None:
                    return "refused"
                given = self.db.conn.execute("select 1 from feedback where user = ? and question_id = ?",
                                             [user, question_id]).fetchone()
            else:
                given = self.db.conn.execute("select 1 from feedback where user = ? and question_id is null "
                                             "and entry_id = ?", [user, entry_id]).fetchone()
            if given is not None:
                return "duplicate"
            self.db.conn.execute(
                "insert into feedback (at, user, question_id, entry_id, useful) values (?, ?, ?, ?, ?)",
                [now_utc(), user, question_id or None, entry_id, int(useful)])
            return "recorded"

    def forget(self, user: str) -> int:
        """Delete everything stored about a user (`/oubli`); returns how many rows went."""
        with self.lock:
            n = 0
            for table in ("questions", "feedback"):
                n += self.db.execute(f"delete from [{table}] where user = ?", [user]).rowcount
            self._scrub_journal()
            return n

    def _scrub_journal(self) -> None:
        """Copy the WAL into the database and truncate it: older WAL frames still hold the rows
        that were just deleted (secure_delete only zeroes the pages written from now on)."""
        if self.path != ":memory:":
            try:
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:  # a reader holds the WAL: the next checkpoint will do it
                pass

    def count_for(self, user: str) -> int:
        with self.lock:
            return sum(self.db.execute(f"select count(*) from [{t}] where user = ?", [user]).fetchone()[0]
                       for t in ("questions", "feedback"))

    def purge(self, retention_days: int, now: dt.datetime | None = None) -> int:
        """Delete rows older than the retention period; returns how many."""
        now = now or dt.datetime.now(dt.timezone.utc)
        cutoff = (now - dt.timedelta(days=retention_days)).isoformat(timespec="seconds")
        with self.lock:
            n = sum(self.db.execute(f"delete from [{t}] where at < ?", [cutoff]).rowcount
                    for t in ("questions", "feedback"))
            if n:
                self._scrub_journal()
            return n

    def unanswered(self, limit: int = 50) -> list[dict]:
        """Recent questions that got the honest fallback: what staff should add next."""
        with self.lock:
            return list(self.db.query("select at, text from questions where decision = 'fallback' "
                                      "order by id desc limit ?", [limit]))

    def stats(self) -> dict[str, int]:
        with self.lock:
            out = {row["decision"]: row["n"] for row in
                   self.db.query("select decision, count(*) as n from questions group by decision")}
            out["feedback"] = self.db["feedback"].count
            return out

    def close(self) -> None:
        self.db.close()
