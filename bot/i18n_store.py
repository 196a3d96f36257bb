"""The interface language of each person: the one they chose with /langue, or the one their Telegram declares.

Why stored: a message queued for later (a staff answer, a project's news) is rendered when no
Telegram update is at hand, and must still reach an English reader in English. Only a language
other than the default is worth a row: a French reader who never chose has none. Privacy: the
person is their pseudonymous key only; the row holds two letters and whether they were chosen,
and `/oubli` deletes it (bot/engine_language.py).
"""

from __future__ import annotations

from .outbox import SharedStore

SCHEMA = """
create table if not exists languages (
    user text primary key,
    language text not null,        -- 'fr' or 'en' (bot/i18n.py LANGUAGES)
    chosen integer not null        -- 1: chosen with /langue (wins over Telegram's); 0: Telegram's language_code
);
"""


class LanguageStore(SharedStore):
    """One row per person whose interface is not simply the default, on the shared connection."""

    schema = SCHEMA

    def get(self, user: str) -> tuple[str, bool] | None:
        """(language, chosen) for `user`, or None when nothing is stored."""
        with self.lock:
            row = self.conn.execute("select language, chosen from languages where user = ?", [user]).fetchone()
        return (row[0], bool(row[1])) if row else None

    def put(self, user: str, language: str, chosen: bool) -> None:
        with self.lock:
            self.conn.execute("insert into languages (user, language, chosen) values (?, ?, ?) "
                              "on conflict (user) do update set language = excluded.language, chosen = excluded.chosen",
                              [user, language, int(chosen)])

    def forget(self, user: str) -> int:
        """`/oubli`: the person's row (0 or 1)."""
        with self.lock:
            return self.conn.execute("delete from languages where user = ?", [user]).rowcount
