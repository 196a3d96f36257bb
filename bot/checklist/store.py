"""What the document lists remember: each person's ticks, their appointment reminders, and the date being asked.

Privacy: a person is their pseudonymous key only; no document text is stored, only its short
hash (bot/checklist/items.py), and the appointment is a day and an hour, with nothing of the
person's own words. `/oubli` deletes all three tables' rows of a person, "🗑 Effacer ma liste"
those of one list, and the daily purge what is older than the retention period. Once only: a
due reminder leaves its table in the same transaction as its message enters the outbound queue
(`bot/outbox.py`), so a crash neither loses nor repeats it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import outbox
from ..outbox import Outgoing, SharedStore
from .reminder import Appointment

SCHEMA = """
create table if not exists checklist_ticks (
    user text not null,
    entry text not null,
    doc text not null,                  -- the document's hash, never its text
    ticked integer not null default 1,
    updated text not null,
    primary key (user, entry, doc)
);
create table if not exists checklist_reminders (
    user text not null,
    entry text not null,
    variant integer,                    -- the situation whose papers the list shows (null: the whole entry)
    day text not null,                  -- the appointment: 2027-01-12
    at text not null default '',        -- its hour, 14:30 ('' when not given)
    due real not null,                  -- when to send the reminder (Unix time)
    created text not null,
    primary key (user, entry)
);
create index if not exists checklist_reminders_due on checklist_reminders (due);
create table if not exists checklist_asks (
    user text primary key,              -- this person's next text is their appointment's date
    entry text not null,
    variant integer,
    at text not null
);
"""


@dataclass(frozen=True)
class Reminder:
    """An appointment reminder to send at `due` (Unix time) about the list of `entry` (and situation `variant`)."""

    user: str
    entry: str
    variant: int | None
    appointment: Appointment
    due: float


def _reminder(row) -> Reminder:
    at = dt.time.fromisoformat(row[4]) if row[4] else None
    return Reminder(row[0], row[1], row[2], Appointment(dt.date.fromisoformat(row[3]), at), row[5])


class ChecklistStore(SharedStore):
    """Ticks, reminders and pending date questions, on the shared SQLite connection."""

    schema = SCHEMA

    # ------------------------------------------------------------------ ticks

    def ticked(self, user: str, entry: str) -> set[str]:
        with self.lock:
            return {r[0] for r in self.conn.execute("select doc from checklist_ticks where user = ? and entry = ? "
                                                    "and ticked = 1", [user, entry])}

    def toggle(self, user: str, entry: str, doc: str, now: str) -> bool:
        """Tick or untick one document; returns whether it is ticked now."""
        with self.transaction() as conn:
            row = conn.execute("select ticked from checklist_ticks where user = ? and entry = ? and doc = ?",
                               [user, entry, doc]).fetchone()
            ticked = not (row and row[0])
            conn.execute("insert into checklist_ticks (user, entry, doc, ticked, updated) values (?, ?, ?, ?, ?) "
                         "on conflict(user, entry, doc) do update set ticked = excluded.ticked, updated = excluded.updated",
                         [user, entry, doc, int(ticked), now])
            return ticked

    def drop_stale(self, user: str, entry: str, known: set[str]) -> int:
        """Forget the ticks of documents the entry no longer names (staff edited it)."""
        with self.lock:
            rows = [r[0] for r in self.conn.execute("select doc from checklist_ticks where user = ? and entry = ?",
                                                    [user, entry])]
            stale = [doc for doc in rows if doc not in known]
            for doc in stale:
                self.conn.execute("delete from checklist_ticks where user = ? and entry = ? and doc = ?",
                                  [user, entry, doc])
            return len(stale)

    def clear(self, user: str, entry: str) -> int:
        """"🗑 Effacer ma liste": the list's ticks, its reminder and a pending date question go."""
        with self.transaction() as conn:
            n = conn.execute("delete from checklist_ticks where user = ? and entry = ?", [user, entry]).rowcount
            n += conn.execute("delete from checklist_reminders where user = ? and entry = ?", [user, entry]).rowcount
            n += conn.execute("delete from checklist_asks where user = ? and entry = ?", [user, entry]).rowcount
            return n

    # ------------------------------------------------------------------ the date being asked

    def ask(self, user: str, entry: str, variant: int | None, now: str) -> None:
        """Remember that this person's next text is the date of their appointment for `entry`."""
        with self.lock:
            self.conn.execute("insert into checklist_asks (user, entry, variant, at) values (?, ?, ?, ?) "
                              "on conflict(user) do update set entry = excluded.entry, variant = excluded.variant, "
                              "at = excluded.at", [user, entry, variant, now])

    def asked(self, user: str, newer_than: str) -> tuple[str, int | None] | None:
        """(entry, variant) whose date this person is asked for; an older question is dropped."""
        with self.lock:
            row = self.conn.execute("select entry, variant, at from checklist_asks where user = ?", [user]).fetchone()
            if row and row[2] < newer_than:
                self.conn.execute("delete from checklist_asks where user = ?", [user])
                return None
            return (row[0], row[1]) if row else None

    def drop_ask(self, user: str) -> bool:
        with self.lock:
            return self.conn.execute("delete from checklist_asks where user = ?", [user]).rowcount > 0

    # ------------------------------------------------------------------ reminders

    def set_reminder(self, user: str, entry: str, variant: int | None, appointment: Appointment, due: float,
                     now: str) -> None:
        """One reminder per person and list (a new date replaces the old one); the date question is answered."""
        at = appointment.at.strftime("%H:%M") if appointment.at else ""
        with self.transaction() as conn:
            conn.execute("insert into checklist_reminders (user, entry, variant, day, at, due, created) "
                         "values (?, ?, ?, ?, ?, ?, ?) on conflict(user, entry) do update set variant = excluded.variant, "
                         "day = excluded.day, at = excluded.at, due = excluded.due, created = excluded.created",
                         [user, entry, variant, appointment.day.isoformat(), at, due, now])
            conn.execute("delete from checklist_asks where user = ?", [user])

    def reminder(self, user: str, entry: str) -> Reminder | None:
        with self.lock:
            row = self.conn.execute("select user, entry, variant, day, at, due from checklist_reminders "
                                    "where user = ? and entry = ?", [user, entry]).fetchone()
            return _reminder(row) if row else None

    def cancel_reminder(self, user: str, entry: str) -> bool:
        with self.lock:
            return self.conn.execute("delete from checklist_reminders where user = ? and entry = ?",
                                     [user, entry]).rowcount > 0

    def due(self, now: float, limit: int = 100) -> list[Reminder]:
        """The reminders whose time has come, the earliest first."""
        with self.lock:
            rows = self.conn.execute("select user, entry, variant, day, at, due from checklist_reminders "
                                     "where due <= ? order by due limit ?", [now, limit]).fetchall()
            return [_reminder(r) for r in rows]

    def send(self, reminder: Reminder, messages: list[Outgoing]) -> bool:
        """Queue the reminder's messages and drop it, in one transaction (False: changed or gone meanwhile)."""
        with self.transaction() as conn:
            gone = conn.execute("delete from checklist_reminders where user = ? and entry = ? and due = ?",
                                [reminder.user, reminder.entry, reminder.due]).rowcount
            if gone:
                outbox.enqueue(conn, messages)
            return bool(gone)

    # ------------------------------------------------------------------ privacy

    def forget(self, user: str) -> int:
        """`/oubli`: every tick, reminder and date question of this person."""
        with self.transaction() as conn:
            return sum(conn.execute(f"delete from {table} where user = ?", [user]).rowcount
                       for table in ("checklist_ticks", "checklist_reminders", "checklist_asks"))

    def purge(self, retention_days: int, now: dt.datetime | None = None) -> int:
        """Rows last touched before the retention period: it applies to lists as to questions."""
        now = now or dt.datetime.now(dt.timezone.utc)
        cutoff = (now - dt.timedelta(days=retention_days)).astimezone(dt.timezone.utc).isoformat(timespec="seconds")
        with self.transaction() as conn:
            n = conn.execute("delete from checklist_ticks where updated < ?", [cutoff]).rowcount
            n += conn.execute("delete from checklist_reminders where created < ?", [cutoff]).rowcount
            return n + conn.execute("delete from checklist_asks where at < ?", [cutoff]).rowcount
