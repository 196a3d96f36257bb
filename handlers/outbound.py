"""The sender of the durable outbound queue (`bot/outbox.py`): paced under Telegram's limits, retried, never lost.

Pacing: at most `per_second` messages a second overall (Telegram allows about 30), one a second
per private chat and one every 3 s per group (20 a minute); a chat whose window in the pacer
(handlers/transport.py, which also counts the handlers' own replies) is full is passed over
until it has room, so that a busy staff group never holds up an answer to a citizen. Failures: a 429 waits its
`retry_after`; a 5xx, a dropped connection or a timeout is retried with a growing delay (a
timeout may have been delivered: the message may then arrive twice, which is better than never);
a 403 (the citizen blocked the bot) marks them unreachable and tells the staff; a 400 is given
up and logged (the message itself is wrong: sending it again changes nothing). A row leaves the
queue only once Telegram took it, so a crash sends at most the last message again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.outbox import Outgoing
from handlers.keyboard import to_markup
from handlers.transport import TelegramPacer

if TYPE_CHECKING:
    from telegram import Bot

    from bot.engine import Engine

logger = logging.getLogger(__name__)

PRIVATE_GAP = 1.0   # seconds between two messages to one private chat
GROUP_GAP = 3.0     # seconds between two messages to one group (20 a minute)
MAX_ATTEMPTS = 8    # then the message is given up (logged, without its text)
IDLE = 0.25         # seconds between two looks at an empty queue


class OutboundSender:
    """One task that sends what the outbox holds, in order, paced per chat and overall."""

    def __init__(self, bot: "Bot", engine: "Engine", per_second: float = 25.0) -> None:
        self.bot = bot
        self.engine = engine
        self.per_second = per_second
        self.last_sent: dict[int, float] = {}   # chat -> when its last message went
        self.sent_times: list[float] = []       # the last second's sends, for the overall pace
        self.wake = asyncio.Event()
        self.stopping = False
        self.sent = 0

    async def run(self) -> None:
        """Send until `stop()`; never raises (a bug is logged and the loop goes on)."""
        while not self.stopping:
            try:
                busy = await self.send_due()
            except Exception:
                logger.exception("Erreur de la file d'envoi")
                busy = False
            if not busy:
                self.wake.clear()
                try:
                    await asyncio.wait_for(self.wake.wait(), timeout=IDLE)
                except asyncio.TimeoutError:
                    pass

    def stop(self) -> None:
        self.stopping = True
        self.wake.set()

    async def send_due(self) -> bool:
        """Send the messages that are due and whose chat may receive now; True when one was sent."""
        outbox = self.engine.outbox
        if outbox is None:
            return False
        messages = await asyncio.to_thread(outbox.due, 50)
        busy_chats: set[int] = set()
        sent_any = False
        for message in messages:
            if self.stopping:
                break
            chat = await asyncio.to_thread(self._chat_of, message)
            if chat is None:  # a citizen who used /oubli, or the console: nobody to send to
                await asyncio.to_thread(outbox.done, message.id)
                continue
            if chat in busy_chats or not self._chat_ready(chat):
                busy_chats.add(chat)  # keep each chat's messages in order
                continue
            await self._overall_pace()
            await self._send(message, chat)
            busy_chats.add(chat)
            sent_any = True
        return sent_any

    def _chat_of(self, message: Outgoing) -> int | None:
        if message.chat is not None:
            return message.chat
        dialogue = self.engine.dialogue
        if dialogue is None or message.user is None or dialogue.store.is_unreachable(message.user):
            return None
        return dialogue.store.chat_of(message.user) or None  # 0: the console's citizen

    def _chat_ready(self, chat: int) -> bool:
        """Our own gap since this chat's last message, and room in the pacer's window for it."""
        gap = GROUP_GAP if chat < 0 else PRIVATE_GAP
        if time.monotonic() - self.last_sent.get(chat, -1e9) < gap:
            return False
        pacer = getattr(self.bot, "rate_limiter", None)
        return not isinstance(pacer, TelegramPacer) or pacer.delay(chat) <= 0

    async def _overall_pace(self) -> None:
        now = time.monotonic()
        self.sent_times = [t for t in self.sent_times if now - t < 1.0]
        if len(self.sent_times) >= self.per_second:
            await asyncio.sleep(1.0 - (now - self.sent_times[0]) + 0.01)
        self.sent_times.append(time.monotonic())

    async def _send(self, message: Outgoing, chat: int) -> None:
        outbox = self.engine.outbox
        try:
            message_id = await self._call(message, chat)
        except RetryAfter as exc:
            delay = exc.retry_after.total_seconds() if hasattr(exc.retry_after, "total_seconds") else float(exc.retry_after)
            await asyncio.to_thread(outbox.later, message.id, delay)
            return
        except Forbidden:
            logger.info("Envoi refusé (bot bloqué) : message %d abandonné", message.id)
            await asyncio.to_thread(outbox.done, message.id)
            if self.engine.dialogue is not None:
                await asyncio.to_thread(self.engine.dialogue.unreachable, message, outbox)
            return
        except BadRequest as exc:
            logger.error("Message %d refusé par Telegram (%s) : abandonné", message.id, exc.message)
            await asyncio.to_thread(outbox.done, message.id)
            return
        except (TimedOut, NetworkError) as exc:
            if message.attempts + 1 >= MAX_ATTEMPTS:
                logger.error("Message %d abandonné après %d essais (%s)", message.id, MAX_ATTEMPTS, type(exc).__name__)
                await asyncio.to_thread(outbox.done, message.id)
            else:
                await asyncio.to_thread(outbox.later, message.id, min(60.0, 2.0 ** message.attempts))
            return
        finally:
            self.last_sent[chat] = time.monotonic()
        self.sent += 1
        if self.engine.dialogue is not None and message_id:
            await asyncio.to_thread(self.engine.dialogue.delivered, message, message_id)
        await asyncio.to_thread(outbox.done, message.id)

    async def _call(self, message: Outgoing, chat: int) -> int:
        """The Bot API call for `message`; the id of the message Telegram created (0 for an edit)."""
        markup = to_markup(message.buttons)
        if message.method == "photo":
            sent = await self.bot.send_photo(chat, message.photo, caption=message.text[:1024] or None)
        elif message.method == "location":
            sent = await self.bot.send_location(chat, latitude=message.lat, longitude=message.lon)
        elif message.method == "edit":
            try:
                await self.bot.edit_message_text(message.text, chat_id=chat, message_id=message.message_id,
                                                 reply_markup=markup)
            except BadRequest as exc:
                if "not modified" not in exc.message.lower():
                    raise
            return 0
        else:
            sent = await self.bot.send_message(chat, message.text, reply_markup=markup)
        return sent.message_id
