"""What the end-to-end tests check in the bot's logs: no token, no citizen text, no raw Telegram id.

`LogScan` is installed for every test by `tests/conftest.py`: it remembers what the fake Bot API
handed to the bot (texts, captions, user and chat ids) and captures every log record; a test that
started the fake fails if one record quotes any of it.
"""

from __future__ import annotations

import logging
import re

from bot.safelog import TOKEN

MIN_TEXT = 8  # shorter texts ("ok", "/menu") could match an innocent log line by chance


class LogScan(logging.Handler):
    """A root handler that keeps records, and the secrets they must not contain."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.texts: set[str] = set()
        self.ids: set[int] = set()
        self.tokens: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith("aiohttp"):  # the fake's own server, not the bot
            self.records.append(record)

    def remember(self, token: str, payload: dict) -> None:
        """What a citizen sent (one update's payload), as the bot received it."""
        self.tokens.add(token)
        message = payload.get("message") if "data" in payload else payload
        for who in (payload.get("from"), (message or {}).get("from"), (message or {}).get("chat")):
            if isinstance(who, dict) and isinstance(who.get("id"), int):
                self.ids.add(who["id"])
        for key in ("text", "caption", "query"):  # "query": an inline query's (payload is the InlineQuery)
            value = (message or {}).get(key)
            if isinstance(value, str) and len(value.strip()) >= MIN_TEXT:
                self.texts.add(value.strip())

    def leaks(self) -> list[str]:
        """Each record that quotes a token, a citizen's text or a raw id, with what it quotes."""
        ids = re.compile(r"(?<!\d)(?:%s)(?!\d)" % "|".join(str(i) for i in sorted(self.ids))) if self.ids else None
        found = []
        formatter = logging.Formatter()
        for record in self.records:
            line = record.getMessage()
            if record.exc_info:
                line += "\n" + formatter.formatException(record.exc_info)
            what = [t for t in self.tokens if t in line] + (["token"] if TOKEN.search(line) else [])
            what += [f"text {t!r}" for t in self.texts if t in line]
            if ids is not None and ids.search(line):
                what.append(f"id {ids.search(line).group(0)}")
            if what:
                found.append(f"{record.name} {record.levelname}: {what} in {line[:300]!r}")
        return found
