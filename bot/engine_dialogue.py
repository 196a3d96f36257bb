"""The engine's dialogue entry points: /contact, /signaler, /mes_demandes, /annuler, photos, the staff's replies, and the staff chat told of a broken knowledge.

A position shared while a report is written is attached to it by `on_location` (bot/engine_services.py).

A mixin of `Engine`, so that handlers and the console keep talking to one object, and the flood
budget and the never-raise rule apply here as everywhere. The work itself is in `bot/dialogue/`.
`origin` is an opaque id of what caused the call (Telegram's update id, "" from the console):
a request or an answer is made once per origin, however often a crash hands the update over.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable

from . import actions as A
from . import wording as W
from .dialogue.service import Dialogue
from .dialogue.store import DialogueStore
from .engine_language import citizen
from .kb import Problem
from .outbox import Outbox, Outgoing, to_chat
from .replies import Reply
from .safelog import describe_exception

if TYPE_CHECKING:
    from .engine import Engine
    from .storage import Storage

log = logging.getLogger("guichet.engine")


class DialogueMixin:
    """Citizens write to the town; staff answer. Without storage (`guichet ask`), there is no dialogue."""

    def _open_dialogue(self: "Engine", storage: "Storage | None") -> tuple[Dialogue | None, Outbox | None]:
        if storage is None:
            return None, None
        store = DialogueStore(storage.db.conn, storage.lock)
        dialogue = Dialogue(store, self.settings, self.fmt, lambda: self.knowledge, self._question_text, self.speaking)
        return dialogue, Outbox(storage.db.conn, storage.lock)

    def _alert_reload(self: "Engine", errors: list[Problem]) -> None:
        """After a reload (`errors`: [] when it succeeded), tell the staff chat of a new breakage or of
        its fix (bot/reload_alerts.py), through the outbound queue; never raises."""
        if self.outbox is None or not self.settings.staff_chat:
            return
        alert = self.reload_alerts.after_reload(errors, len(self.knowledge.entries))
        if alert is None:
            return
        try:
            self.outbox.put([Outgoing(to_chat(self.settings.staff_chat), alert.text)])
            self.reload_alerts.sent(alert)
        except Exception as exc:  # a full disk: told at the next reload that changes something
            log.error("knowledge alert not queued: %s", describe_exception(exc))

    def _question_text(self: "Engine", user: str, question: int) -> str | None:
        """The text of a question this very person asked (a forged id for someone else's gets None)."""
        return self.storage.question_text(user, question) if self.storage is not None else None

    def _dialogue(self: "Engine", work: Callable[[Dialogue], Reply | None]) -> Reply:
        """Run `work` on the dialogue; never raises (a failure is logged without text and apologised for)."""
        if self.dialogue is None:
            return self._text(W.DIALOGUE_UNAVAILABLE)
        return self._in_draft(work) or self._expired()

    def _in_draft(self: "Engine", work: Callable[[Dialogue], Reply | None]) -> Reply | None:
        """`work`'s reply when the person is writing a request, else None (so the message is a question)."""
        if self.dialogue is None:
            return None
        try:
            return work(self.dialogue)
        except Exception as exc:
            log.error("dialogue failure: %s", describe_exception(exc))
            return self._text(W.ENGINE_ERROR)

    @citizen
    def on_contact(self: "Engine", user: str, text: str = "", chat: int = 0, origin: str = "") -> Reply:
        """/contact [TEXT]: a message to the town hall or an elected official."""
        return self._dialogue(lambda d: d.on_contact(user, chat, text, origin))

    @citizen
    def on_report(self: "Engine", user: str, text: str = "", chat: int = 0, origin: str = "") -> Reply:
        """/signaler [TEXT]: a problem in public space."""
        return self._dialogue(lambda d: d.on_report(user, chat, text, origin=origin))

    @citizen
    def on_my_requests(self: "Engine", user: str, text: str = "", chat: int = 0, origin: str = "") -> Reply:
        """/mes_demandes: the person's requests with their status and latest answer."""
        return self._dialogue(lambda d: d.on_my_requests(user))

    @citizen
    def on_cancel(self: "Engine", user: str, text: str = "", chat: int = 0, origin: str = "") -> Reply:
        """/annuler: drop the request being written."""
        return self._dialogue(lambda d: d.on_cancel(user))

    @citizen
    def on_photo(self: "Engine", user: str, file_id: str, caption: str = "", chat: int = 0) -> Reply:
        """A photo: attached to the request being written, else its caption is the question."""
        drafted = self._in_draft(lambda d: d.draft_photo(user, chat, file_id, caption or ""))
        if drafted is not None:
            return drafted
        return self._caption("photo", caption or "", user)

    def _dialogue_press(self: "Engine", user: str, action: A.Action, chat: int, origin: str = "") -> Reply | None:
        if isinstance(action, A.StaffAct):
            return self._dialogue(lambda d: d.staff_press(chat, action))
        if isinstance(action, A.Write):
            return self._dialogue(lambda d: d.on_contact(user, chat))
        return self._dialogue(lambda d: d.press(user, chat, action, origin))

    # ------------------------------------------------------------------ staff

    def on_staff_reply(self: "Engine", chat: int, replied_to: int, text: str, origin: str = "") -> Reply:
        """A reply, in the staff chat (or an official's), to a request's post: the answer to the citizen."""
        return self._dialogue(lambda d: d.on_staff_reply(chat, replied_to, text, origin))

    def on_staff_list(self: "Engine", chat: int) -> Reply:
        """/demandes in the staff chat."""
        return self._dialogue(lambda d: d.on_staff_list(chat))

    def accepts_staff_replies(self: "Engine", chat: int) -> bool:
        """Whether replies in `chat` answer requests: the staff chat, or an official's own chat."""
        if self.dialogue is None:
            return False
        return self.dialogue.is_staff(chat) or any(o.chat == chat for o in self.knowledge.officials.values() if o.chat)

