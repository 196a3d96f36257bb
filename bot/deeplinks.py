"""Deep links: the `/start <entry id>` payload that opens an entry, and the "Partager" link to it.

Telegram opens `https://t.me/<bot>?start=<payload>` as "/start <payload>" in the citizen's chat;
it only carries a payload of 1 to 64 characters among A-Z a-z 0-9 _ -, so anything else typed
after /start (a forged or cut link) is no entry id and gets the normal welcome.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from .kb import Entry

PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")
USERNAME = re.compile(r"[A-Za-z0-9_]{5,32}")  # a bot's Telegram username (without the @)


def entry_of(payload: str, entries: dict[str, Entry]) -> Entry | None:
    """The entry a /start payload names, None when it is malformed or no such entry exists."""
    payload = (payload or "").strip()
    return entries.get(payload) if PAYLOAD.fullmatch(payload) else None


def entry_link(bot_username: str, entry: Entry) -> str:
    """`https://t.me/<bot>?start=<entry id>`; "" without a valid bot username (the console) or
    for an id Telegram could not carry as a payload."""
    if not USERNAME.fullmatch(bot_username or "") or not PAYLOAD.fullmatch(entry.id):
        return ""
    return f"https://t.me/{bot_username}?start={entry.id}"


def share_url(bot_username: str, entry: Entry) -> str:
    """Telegram's share sheet for the entry's link, the title as the text ("" when there is no link)."""
    link = entry_link(bot_username, entry)
    if not link:
        return ""
    return f"https://t.me/share/url?url={quote(link, safe='')}&text={quote(entry.title, safe='')}"
