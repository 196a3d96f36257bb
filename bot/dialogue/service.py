"""The dialogue with the town: the staff's side (posts, replies, buttons, /demandes) and what ties both sides together.

Who may act: only the staff chat (`GUICHET_STAFF_CHAT`) takes, resolves, closes or mutes; a
Telegram reply to a request's post, in the staff chat or in the chat of the official it was
addressed to, answers the citizen. Every message this causes goes through the durable outbound
queue, in the same transaction as the change (`store.update`) and the update that caused it, so
a reply handed over again after a crash is not answered twice, and an answer, once recorded, is
delivered even across a crash (at least once: bot/outbox.py says when it can come twice).
"""

from __future__ import annotations

import logging
from datetime import tzinfo
from contextlib import AbstractContextManager
from typing import Callable

from .. import actions as A
from .. import i18n
from .. import wording as W
from ..config import Settings, time_zone
from ..kb import Knowledge
from ..outbox import Outbox, Outgoing, to_chat, to_user
from ..render import Fmt
from ..render import dialogue as RD
from ..replies import Message, Reply
from .citizen import CitizenSide
from .store import DialogueStore, Request, parse_number

log = logging.getLogger("guichet.dialogue")

MAX_ANSWER = 3000  # characters of a staff answer (the citizen's message keeps room for its header)


class Dialogue(CitizenSide):
    """Requests from citizens to the town and its officials, and the staff's answers."""

    def __init__(self, store: DialogueStore, settings: Settings, fmt: Fmt, knowledge: Callable[[], Knowledge],
                 question_text: Callable[[str, int], str | None],
                 speaking: Callable[[str], AbstractContextManager] | None = None) -> None:
        self.store = store
        self.speaking = speaking or (lambda user: i18n.french())  # a citizen's language, by key (the engine's)
        self.settings = settings
        self.fmt = fmt
        self._knowledge = knowledge
        self.question_text = question_text

    @property
    def k(self) -> Knowledge:
        return self._knowledge()

    @property
    def zone(self) -> tzinfo | None:
        """The town's time zone, for the dates staff and citizens read (stored in UTC)."""
        return time_zone(self.settings.timezone, self.k.town.timezone)

    # ------------------------------------------------------------------ messages a request causes

    def posts_for(self, request: Request) -> list[Outgoing]:
        """The staff post (and its photo and map pin), and the copy for the official when they have a chat."""
        chats = []
        if self.settings.staff_chat:
            chats.append((self.settings.staff_chat, f"post:{request.id}"))
        official = self.k.officials.get(request.official) if request.official else None
        if official is not None and official.chat and official.chat != self.settings.staff_chat:
            chats.append((official.chat, f"official:{request.id}"))
        out = []
        with i18n.french():  # the staff read French, even when the request was written in English
            for chat, purpose in chats:
                post = RD.staff_post(self.k, self.fmt, request, zone=self.zone)
                out.append(Outgoing(to_chat(chat), post.text, post.buttons, purpose=purpose))
                if request.photo:
                    out.append(Outgoing(to_chat(chat), self.fmt.esc(W.STAFF_PHOTO_CAPTION.format(number=request.number)),
                                        method="photo", photo=request.photo))
                if request.lat is not None:
                    out.append(Outgoing(to_chat(chat), method="location", lat=request.lat, lon=request.lon))
        return out

    def _post_edit(self, request: Request, last_answer: str = "") -> list[Outgoing]:
        """The staff post rewritten with the new status (once Telegram gave it a message id)."""
        if not (self.settings.staff_chat and request.staff_message):
            return []
        with i18n.french():
            post = RD.staff_post(self.k, self.fmt, request, last_answer, zone=self.zone)
        return [Outgoing(to_chat(self.settings.staff_chat), post.text, post.buttons, method="edit",
                         message_id=request.staff_message)]

    def _to_citizen(self, request: Request, render: Callable[[], Message]) -> list[Outgoing]:
        """A message for the citizen of `request`, rendered in their language (read later, in their chat)."""
        with self.speaking(request.user):
            message = render()
        return [Outgoing(to_user(request.user), message.text, message.buttons)]

    # ------------------------------------------------------------------ staff

    def is_staff(self, chat: int) -> bool:
        return bool(self.settings.staff_chat) and chat == self.settings.staff_chat

    def on_staff_reply(self, chat: int, replied_to: int, text: str, origin: str = "") -> Reply:
        """A Telegram reply to a request's post: the answer goes to the citizen, signed with the town's name."""
        request = self.store.by_post(replied_to)
        allowed = request is not None and (self.is_staff(chat) or self._official_chat(request) == chat)
        if not allowed:
            return Reply([Message(self.fmt.esc(W.STAFF_UNKNOWN_POST))]) if self.is_staff(chat) else Reply([])
        return self.answer(request, text, origin)

    def answer(self, request: Request, text: str, origin: str = "") -> Reply:
        """Send `text` to the citizen of `request` (from Telegram or `guichet repondre`).

        `origin` (Telegram's update id of the staff's reply) makes it once only: the same reply
        handed over again after a crash is acknowledged to staff, not sent to the citizen again.
        """
        text = (text or "").strip()[:MAX_ANSWER]
        if not text:
            return Reply([])
        if self.store.by_origin(origin) is not None:
            return Reply([Message(self.fmt.esc(W.STAFF_SENT.format(number=request.number)))])
        status = "prise" if request.status == "recue" else None
        if status:
            request.status = status
        messages = self._to_citizen(request, lambda: RD.answer_to_citizen(self.k, self.fmt, request, text))
        self.store.update(request, status=status, answer=text, messages=messages + self._post_edit(request, text),
                          origin=origin)
        return Reply([Message(self.fmt.esc(W.STAFF_SENT.format(number=request.number)))])

    def staff_press(self, chat: int, action: A.StaffAct) -> Reply:
        """A staff button: take, resolved, close, or mute the sender (staff chat only)."""
        if not self.is_staff(chat):
            return Reply([], toast=W.STAFF_ONLY)
        request = self.store.get(action.request)
        if request is None:
            return Reply([], toast=W.EXPIRED_TOAST)
        if action.op == "m":
            self.store.mute(request.user)
            return Reply([], toast=W.STAFF_MUTED.format(number=request.number))
        return self.set_status(request, A.STAFF_OPS[action.op], toast=True)

    def set_status(self, request: Request, status: str, reason: str = "", *, toast: bool = False) -> Reply:
        """A new status: the citizen is told, the staff post is rewritten."""
        if status == request.status and not reason:
            return Reply([], toast=W.STAFF_DONE.format(number=request.number, status=W.STATUS_NAMES[status]))
        request.status, request.reason = status, reason or request.reason
        messages = self._to_citizen(request, lambda: RD.status_to_citizen(self.fmt, request))
        edit = self._post_edit(request, self.store.last_answer(request.id))  # the post keeps showing the answer
        self.store.update(request, status=status, reason=reason, messages=messages + edit)
        done = W.STAFF_DONE.format(number=request.number, status=W.STATUS_NAMES[status])
        return Reply([], toast=done) if toast else Reply([Message(self.fmt.esc(done))])

    def on_staff_list(self, chat: int) -> Reply:
        """/demandes in the staff chat: open requests, oldest first.

        In another group, the line that makes it the staff group (before one is set) or an official's
        chat: how a town finds a group's id without any other tool (README, « Dialogue avec la mairie »)."""
        if not self.is_staff(chat):
            if chat < 0:
                setting = f"telegram_chat: {chat}" if self.settings.staff_chat else f"GUICHET_STAFF_CHAT={chat}"
                hint = W.STAFF_OTHER_GROUP if self.settings.staff_chat else W.STAFF_SETUP
                return Reply([Message(self.fmt.esc(hint) + "\n\n" + self.fmt.b(setting))])
            return Reply([Message(self.fmt.esc(W.STAFF_ONLY))])
        return Reply([RD.staff_open_list(self.fmt, self.store.open_requests(), self.zone)])

    def request(self, number: str) -> Request | None:
        """A request by its human number ("D-0042")."""
        rid = parse_number(number)
        return self.store.get(rid) if rid is not None else None

    def _official_chat(self, request: Request) -> int:
        official = self.k.officials.get(request.official) if request.official else None
        return official.chat if official is not None and official.chat else 0

    # ------------------------------------------------------------------ delivery (called by the sender)

    def delivered(self, message: Outgoing, message_id: int) -> None:
        """Telegram took `message`: remember a request's post, so that replies to it find the request."""
        kind, _, rid = message.purpose.partition(":")
        if kind in ("post", "official") and rid.isdigit():
            self.store.record_post(int(rid), message_id, official=kind == "official")

    def unreachable(self, message: Outgoing, outbox: "Outbox") -> None:
        """A citizen blocked the bot (403): mark them, and tell the staff about their open requests."""
        if message.user is None:
            return
        self.store.mark_unreachable(message.user)
        if self.settings.staff_chat:
            numbers = ", ".join(r.number for r in self.store.of_user(message.user) if r.is_open)
            if numbers:
                outbox.put([Outgoing(to_chat(self.settings.staff_chat),
                                     self.fmt.esc(W.STAFF_UNREACHABLE.format(number=numbers)))])
