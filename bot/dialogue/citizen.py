"""The citizen's side of the dialogue: /contact, /signaler, the draft being written, confirming, /mes_demandes.

A request is written as a draft (kept in the database, so a restart loses nothing): whom it is
for, or which problem, then the text (a photo and a position may be added for a report), then a
confirmation screen. `/contact TEXT` and `/signaler TEXT` skip the steps and send at once, but
for the very first request, whose confirmation screen says first what is shared with the town.

`origin` is what caused the call (Telegram's update id; "" for the console): the same update
handled again after a crash gets the acknowledgement of the request it made, not a second one.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .. import actions as A
from .. import wording as W
from ..render import dialogue as RD
from ..replies import Message, Reply
from .store import Draft, Request

if TYPE_CHECKING:
    from .service import Dialogue

MAX_TEXT = 2000        # characters of a request's text
DRAFT_MINUTES = 30     # an untouched draft is forgotten after this long


class CitizenSide:
    """Mixin of `Dialogue`: everything a citizen can do with requests."""

    def on_contact(self: "Dialogue", user: str, chat: int, text: str = "", origin: str = "") -> Reply:
        """/contact [TEXT]: write to the town hall or an official."""
        refused = self._replayed(origin) or self._refused(user)
        if refused:
            return refused
        text = (text or "").strip()
        if text:
            return self._shortcut(user, chat, Draft(kind="contact", text=text), origin)
        if self.k.officials:
            self.store.save_draft(user, Draft(kind="contact", step="target"))
            return self._reply(RD.contact_targets(self.k, self.fmt))
        self.store.save_draft(user, Draft(kind="contact", step="text"))
        return self._reply(RD.write_prompt(self.k, self.fmt, ""))

    def on_report(self: "Dialogue", user: str, chat: int, text: str = "", category: str = "",
                  origin: str = "") -> Reply:
        """/signaler [TEXT]: report a problem in public space."""
        refused = self._replayed(origin) or self._refused(user)
        if refused:
            return refused
        text = (text or "").strip()
        if text:
            return self._shortcut(user, chat, Draft(kind="report", category=category, text=text), origin)
        if category or not self.k.report_categories:
            self.store.save_draft(user, Draft(kind="report", category=category, step="text"))
            return self._reply(RD.describe_prompt(self.k, self.fmt, category))
        self.store.save_draft(user, Draft(kind="report", step="category"))
        return self._reply(RD.report_categories(self.k, self.fmt))

    def on_cancel(self: "Dialogue", user: str) -> Reply:
        """/annuler: drop the draft."""
        if self._draft(user) is None:
            return self._text(W.NOTHING_TO_CANCEL)
        self.store.drop_draft(user)
        return self._text(W.CANCELLED)

    def on_my_requests(self: "Dialogue", user: str) -> Reply:
        """/mes_demandes: the person's requests, newest first, with status and latest answer."""
        requests = self.store.of_user(user)
        answers = {r.id: self.store.last_answer(r.id) for r in requests}
        return self._reply(RD.my_requests(self.fmt, requests, answers, self.zone))

    # ------------------------------------------------------------------ the draft

    def draft_text(self: "Dialogue", user: str, chat: int, text: str) -> Reply | None:
        """Text while a draft waits for it (None: no draft, the text is a question)."""
        draft = self._draft(user)
        if draft is None or draft.step not in ("text", "confirm"):
            return None
        text = (text or "").strip()
        if not text:
            return self._text(W.EMPTY_REQUEST)
        draft.text = f"{draft.text}\n{text}".strip() if draft.step == "confirm" else text
        return self._to_confirm(user, chat, draft)

    def draft_photo(self: "Dialogue", user: str, chat: int, file_id: str, caption: str = "") -> Reply | None:
        """A photo for the draft (a report's, or a message's): kept as Telegram's file id, never downloaded."""
        draft = self._draft(user)
        if draft is None or draft.step not in ("text", "confirm"):
            return None
        draft.photo = file_id
        if caption.strip():
            draft.text = f"{draft.text}\n{caption.strip()}".strip()
        if not draft.text:
            self.store.save_draft(user, draft)
            return self._reply(RD.describe_prompt(self.k, self.fmt, draft.category))
        return self._to_confirm(user, chat, draft)

    def draft_location(self: "Dialogue", user: str, chat: int, lat: float, lon: float) -> Reply | None:
        """A shared position for the draft."""
        draft = self._draft(user)
        if draft is None or draft.step not in ("text", "confirm"):
            return None
        draft.lat, draft.lon = float(lat), float(lon)
        if not draft.text:
            self.store.save_draft(user, draft)
            return self._reply(RD.describe_prompt(self.k, self.fmt, draft.category))
        return self._to_confirm(user, chat, draft)

    def press(self: "Dialogue", user: str, chat: int, action: A.Action, origin: str = "") -> Reply | None:
        """A citizen's dialogue button (None: not a dialogue action, or stale)."""
        replayed = self._replayed(origin)
        if replayed:  # "✅ Envoyer" pressed, handled, and handed over again after a crash: the draft is gone
            return replayed
        draft = self._draft(user)
        match action:
            case A.ContactTo(official) if draft and draft.step == "target" and (not official or official in self.k.officials):
                draft.official, draft.step = official or "", "text"
                self.store.save_draft(user, draft)
                return self._reply(RD.write_prompt(self.k, self.fmt, draft.official))
            case A.ReportIn(category) if category in self.k.report_categories:
                return self.on_report(user, chat, category=category)
            case A.Confirm(True) if draft and draft.step == "confirm" and draft.text:
                return self._send(user, chat, draft, origin)
            case A.Confirm(False) if draft:
                return self.on_cancel(user)
            case A.AskTown(question):
                text = self.question_text(user, question)
                if text:
                    return self._to_confirm(user, chat, Draft(kind="contact", text=text, question=question))
        return None

    # ------------------------------------------------------------------ helpers

    def _draft(self: "Dialogue", user: str) -> Draft | None:
        return self.store.draft(user, newer_than=self._ago(DRAFT_MINUTES))

    @staticmethod
    def _ago(minutes: int) -> str:
        return (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=minutes)).isoformat(timespec="seconds")

    def _refused(self: "Dialogue", user: str) -> Reply | None:
        """The daily limit and the staff's mute, checked before anything is written."""
        if self.store.is_muted(user):
            return self._text(W.MUTED)
        limit = self.settings.requests_per_day
        since = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)).isoformat(timespec="seconds")
        if limit and self.store.count_since(user, since) >= limit:
            return self._text(W.TOO_MANY.format(limit=limit))
        return None

    def _first_time(self: "Dialogue", user: str) -> bool:
        return self.store.chat_of(user) is None

    def _shortcut(self: "Dialogue", user: str, chat: int, draft: Draft, origin: str) -> Reply:
        """`/contact TEXT`: send at once; the first time, confirm first (the screen says what is shared)."""
        if self._first_time(user):
            return self._to_confirm(user, chat, draft)
        return self._send(user, chat, draft, origin)

    def _to_confirm(self: "Dialogue", user: str, chat: int, draft: Draft) -> Reply:
        if len(draft.text) > MAX_TEXT:
            return self._text(W.TOO_LONG.format(limit=MAX_TEXT))
        draft.step = "confirm"
        self.store.save_draft(user, draft)
        notice = self.settings.retention_days if self._first_time(user) else None
        return self._reply(RD.confirm(self.k, self.fmt, draft, notice))

    def _replayed(self: "Dialogue", origin: str) -> Reply | None:
        """The acknowledgement again, when the update `origin` already made a request (None otherwise)."""
        done = self.store.by_origin(origin)
        if done is None or done[0] != "request":
            return None
        return self._reply(RD.sent(self.k, self.fmt, done[1], None))

    def _send(self: "Dialogue", user: str, chat: int, draft: Draft, origin: str = "") -> Reply:
        """Record the request and queue its posts, in one transaction; then acknowledge."""
        if len(draft.text) > MAX_TEXT:
            return self._text(W.TOO_LONG.format(limit=MAX_TEXT))
        refused = self._refused(user)
        if refused:
            return refused
        first = self._first_time(user)
        self.store.remember_chat(user, chat)  # 0 for the console: remembered, never sent to
        request: Request = self.store.create(user, draft, self.posts_for, origin)
        return self._reply(RD.sent(self.k, self.fmt, request, self.settings.retention_days if first else None))

    def _reply(self: "Dialogue", message: Message) -> Reply:
        return Reply([message])

    def _text(self: "Dialogue", text: str) -> Reply:
        return Reply([Message(self.fmt.esc(text))])
