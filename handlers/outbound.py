"""The one way out: every message to a chat waits in the durable outbound queue (`bot/outbox.py`) until Telegram took it.

Why a queue for every message, replies included: a handler only decides what to say; the
message is committed to the queue before the update that caused it leaves the inbox
(handlers/polling.py), and this sender delivers it. Whatever the moment of a crash, either the
update is handled again or its reply is still queued: nothing is lost, and at most the messages
on their way at the instant of a kill (IN_FLIGHT) are sent twice.

Order: each chat's messages go one at a time, oldest first (the queue hands out only the head of
each chat's line); up to IN_FLIGHT chats are served at once. Pace: every call goes through
handlers/transport.py, which keeps Telegram's limits (30 a second overall, 1 a second per
private chat, 20 a minute per group). Failures: a 429 or a network failure that the pacer's own
retries did not cure is tried again later; a 403 (the person blocked the bot) drops the message
and marks them unreachable (the staff are told when a request waits, and they no longer
follow any project); a 400 or a timeout (after
which the message may well have been delivered) drops it, logged without its text.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.outbox import Outgoing
from handlers.keyboard import reply_markup, to_markup
from handlers.transport import TelegramPacer

if TYPE_CHECKING:
    from telegram import Bot

    from bot.engine import Engine

logger = logging.getLogger("guichet.outbound")

IN_FLIGHT = 4        # messages on their way at once: bounds what a kill -9 can repeat
RETRY_EVERY = 5.0    # seconds before a message Telegram could not take is tried again
STOP_GRACE = 4.0     # seconds to deliver what is on its way when asked to stop
IDLE = 0.5           # seconds between two looks at a queue nobody woke the sender for


class OutboundSender:
    """One task that hands the queue's due messages to Telegram, IN_FLIGHT at a time."""

    def __init__(self, bot: "Bot", engine: "Engine", in_flight: int = IN_FLIGHT) -> None:
        self.bot = bot
        self.engine = engine
        self.in_flight = in_flight
        self.wake = asyncio.Event()
        self.stopping = False
        self.deadline = 0.0
        self.sending: dict[int, asyncio.Task] = {}  # outbox row id -> its delivery
        self.delivered = 0
        self.uploaded: dict[str, tuple[int, str]] = {}  # knowledge photo path -> (its mtime, Telegram's file id)

    def notify(self) -> None:
        """Something was queued: look at the queue now rather than at the next idle tick."""
        self.wake.set()

    async def run(self) -> None:
        """Deliver until stopped and drained; never raises (a bug is logged and the loop goes on)."""
        loop = asyncio.get_running_loop()
        while not self.stopping or (loop.time() < self.deadline and await self._left()):
            self.wake.clear()
            try:
                await self._start_due()
            except Exception:
                logger.exception("Erreur de la file d'envoi")
            waiters = [asyncio.ensure_future(self.wake.wait()), *self.sending.values()]
            await asyncio.wait(waiters, timeout=IDLE, return_when=asyncio.FIRST_COMPLETED)
            waiters[0].cancel()
        if self.sending:  # past the grace: what is on its way gets its answer, the rest stays queued
            await asyncio.wait(list(self.sending.values()), timeout=STOP_GRACE)

    def stop(self, grace: float = STOP_GRACE) -> None:
        """Deliver what is queued for at most `grace` seconds more, then stop (the rest stays queued)."""
        self.deadline = asyncio.get_running_loop().time() + grace
        self.stopping = True
        self.wake.set()

    async def _left(self) -> bool:
        """Whether messages are on their way or due."""
        outbox = self.engine.outbox
        return bool(self.sending) or (outbox is not None and bool(await asyncio.to_thread(outbox.heads, 1)))

    async def _start_due(self) -> None:
        outbox = self.engine.outbox
        if outbox is None or len(self.sending) >= self.in_flight:
            return
        for message in await asyncio.to_thread(outbox.heads, 4 * self.in_flight):
            if len(self.sending) >= self.in_flight:
                return
            if message.id not in self.sending and self._room_for(message):
                task = asyncio.create_task(self._deliver(message), name=f"outbox-{message.id}")
                self.sending[message.id] = task
                task.add_done_callback(lambda _t, mid=message.id: self._finished(mid))

    def _room_for(self, message: Outgoing) -> bool:
        """Whether the pacer would let a message to this chat go now: a message into a full window
        (a busy staff group: 20 a minute) would hold one of the IN_FLIGHT places while it waits,
        and answers to citizens would wait behind it. Such a message is passed over for now."""
        pacer = getattr(self.bot, "rate_limiter", None)
        if message.chat is None or not isinstance(pacer, TelegramPacer):
            return True
        wait = pacer.delay(message.chat)
        return wait is not None and wait <= 0

    def _finished(self, message_id: int) -> None:
        self.sending.pop(message_id, None)
        self.wake.set()

    async def _deliver(self, message: Outgoing) -> None:
        outbox = self.engine.outbox
        chat = await asyncio.to_thread(self._chat_of, message)
        if chat is None:  # a citizen who used /oubli, or the console: nobody to send to
            await asyncio.to_thread(outbox.done, message.id)
            return
        try:
            message_id = await self._call(message, chat)
        except Forbidden:
            logger.info("Envoi refusé (bot bloqué) : message %d abandonné", message.id)
            await asyncio.to_thread(outbox.done, message.id)
            if self.engine.dialogue is not None:
                await asyncio.to_thread(self.engine.dialogue.unreachable, message, outbox)
            await asyncio.to_thread(self.engine.on_blocked, message.user)  # a follower no more
            return
        except RetryAfter as exc:
            delay = exc.retry_after if isinstance(exc.retry_after, (int, float)) else exc.retry_after.total_seconds()
            await asyncio.to_thread(outbox.later, message.id, float(delay))
            return
        except TimedOut:  # it may have been delivered: sending again could show it twice
            logger.warning("Délai dépassé pour le message %d : abandonné (il a peut-être été remis)", message.id)
            await asyncio.to_thread(outbox.done, message.id)
            return
        except BadRequest as exc:
            logger.error("Message %d refusé par Telegram (%s) : abandonné", message.id, exc.message)
            await asyncio.to_thread(outbox.done, message.id)
            return
        except NetworkError as exc:
            logger.warning("Réseau indisponible pour le message %d (%s) : nouvel essai dans %.0f s",
                           message.id, exc.message, RETRY_EVERY)
            await asyncio.to_thread(outbox.later, message.id, RETRY_EVERY)
            return
        except ChatMigrated as exc:  # a group became a supergroup: its id changed, the settings must follow
            logger.error("Message %d abandonné : le groupe est devenu un supergroupe, son nouvel identifiant est "
                         "%d (mettez-le dans GUICHET_STAFF_CHAT ou telegram_chat)", message.id, exc.new_chat_id)
            await asyncio.to_thread(outbox.done, message.id)
            return
        except TelegramError as exc:  # anything else Telegram refuses: never retried for ever
            logger.error("Message %d refusé par Telegram (%s) : abandonné", message.id, exc.message)
            await asyncio.to_thread(outbox.done, message.id)
            return
        self.delivered += 1
        if self.engine.dialogue is not None and message_id and message.purpose:
            await asyncio.to_thread(self.engine.dialogue.delivered, message, message_id)
        await asyncio.to_thread(outbox.done, message.id)

    async def send_now(self, message: Outgoing) -> None:
        """Deliver a message that could not be queued (a full disk): once, at once, without a row."""
        chat = message.chat
        if chat is None:
            return
        try:
            await self._call(message, chat)
        except Exception as exc:  # noqa: BLE001 - it is the last resort: say so, never raise
            logger.warning("Message non remis (hors file, disque plein) : %s", type(exc).__name__)

    def _chat_of(self, message: Outgoing) -> int | None:
        if message.chat is not None:
            return message.chat
        dialogue = self.engine.dialogue
        if dialogue is None or message.user is None or dialogue.store.is_unreachable(message.user):
            return None
        return dialogue.store.chat_of(message.user) or None  # 0: the console's citizen

    async def _call(self, message: Outgoing, chat: int) -> int:
        """The Bot API call for `message`; the id of the message Telegram created (0 for an edit)."""
        if message.method == "photo":
            sent = await self.bot.send_photo(chat, message.photo, caption=message.text[:1024] or None)
        elif message.method == "upload":
            return await self._upload(message, chat)
        elif message.method == "location":
            sent = await self.bot.send_location(chat, latitude=message.lat, longitude=message.lon)
        elif message.method == "venue":
            sent = await self.bot.send_venue(chat, latitude=message.lat, longitude=message.lon, title=message.text,
                                             address=message.address, reply_markup=to_markup(message.buttons))
        elif message.method == "edit":
            try:
                await self.bot.edit_message_text(message.text, chat_id=chat, message_id=message.message_id,
                                                 reply_markup=to_markup(message.buttons))
                return 0
            except BadRequest as exc:
                if "not modified" in exc.message.lower():  # the same button pressed twice: nothing to change
                    return 0
                logger.info("Édition impossible (%s) : envoi d'un nouveau message", exc.message)
            sent = await self.bot.send_message(chat, message.text, reply_markup=to_markup(message.buttons))
        else:
            sent = await self.bot.send_message(chat, message.text, reply_markup=reply_markup(message))
        return sent.message_id

    async def _upload(self, message: Outgoing, chat: int) -> int:
        """A photo shipped in the knowledge folder, with its caption (HTML) and buttons.

        Uploaded once; then Telegram's file id is reused while the file is unchanged (same
        modification time). A file gone since the knowledge was checked: the caption alone."""
        path, markup, caption = Path(message.photo), to_markup(message.buttons), message.text or None
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            logger.warning("Photo %s introuvable : légende envoyée sans la photo", path.name)
            if not caption:
                return 0
            return (await self.bot.send_message(chat, caption, reply_markup=markup)).message_id
        known = self.uploaded.get(message.photo)
        if known is not None and known[0] == stamp:
            return (await self.bot.send_photo(chat, known[1], caption=caption, reply_markup=markup)).message_id
        content = await asyncio.to_thread(path.read_bytes)
        sent = await self.bot.send_photo(chat, content, caption=caption, reply_markup=markup, filename=path.name)
        if sent.photo:
            self.uploaded[message.photo] = (stamp, sent.photo[-1].file_id)
        return sent.message_id
