"""Handle the updates stored in the durable inbox: per-chat order, bounded concurrency, a clean stop.

Shared by both ways updates come in (handlers/polling.py fetches them with getUpdates,
handlers/webhook.py receives them from Telegram's webhook): each stores an update in the inbox
(bot/inbox.py) before Telegram is told it arrived, then hands the stored row here. A row is
deleted once its update was handled, so a crash loses nothing: at restart the rows left are
handled first (`replay`).

Order and concurrency: updates of one chat are handled one at a time, in update order (a per-chat
lock taken in arrival order; an inline query, which has no chat, in its sender's line: `lane`);
up to CONCURRENT_UPDATES chats are served at once, and at most UPDATES_IN_FLIGHT updates are held
(beyond, the receiver waits: the surplus stays at Telegram).

Stopping: `drain()` lets the updates already being handled finish (within STOP_GRACE seconds);
those not started stay in the inbox for the next start. Nothing is lost, nothing answered twice.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3

from telegram import Update
from telegram.ext import Application

from bot.failed_writes import FailedWrites
from bot.inbox import Inbox
from bot.safelog import describe_exception

logger = logging.getLogger("guichet.polling")

CONCURRENT_UPDATES = 8  # updates handled at once (one at a time per chat)
UPDATES_IN_FLIGHT = 200  # received and not yet handled; beyond, the surplus waits at Telegram
STOP_GRACE = 4.0  # seconds given to updates being handled when asked to stop (then up to 4 s to send: < 10 s)


class UpdateDispatcher:
    """Stored update → `application.process_update` → row deleted, until `drain()`."""

    def __init__(self, application: Application, inbox: Inbox, *, in_flight: int = UPDATES_IN_FLIGHT,
                 concurrency: int = CONCURRENT_UPDATES) -> None:
        self.application = application
        self.inbox = inbox
        self.in_flight = in_flight
        self._slots = asyncio.Semaphore(concurrency)
        self._chats: dict[int | None, tuple[asyncio.Lock, int]] = {}  # chat -> (lock, updates holding or awaiting it)
        self._tasks: set[asyncio.Task] = set()
        self._room = asyncio.Event()
        self.stopping = asyncio.Event()
        self.handled = 0  # updates handled since start-up
        self.failed_writes = FailedWrites(consequence="Les messages non enregistrés restent chez Telegram "
                                          "et seront repris dès que possible.")

    def replay(self) -> None:
        """Start handling what a previous run left in the inbox (before anything new)."""
        for update_id, body in self.inbox.pending():
            self.dispatch(update_id, body)

    async def wait_for_room(self) -> int:
        """How many more updates may be received (waits while UPDATES_IN_FLIGHT are held; 0: stopping)."""
        while len(self._tasks) >= self.in_flight and not self.stopping.is_set():
            self._room.clear()
            waiters = (asyncio.ensure_future(self.stopping.wait()), asyncio.ensure_future(self._room.wait()))
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
        return 0 if self.stopping.is_set() else self.in_flight - len(self._tasks)

    def dispatch(self, update_id: int, body: str) -> None:
        """Start handling one stored update (its chat's lock is queued for at once, keeping the order)."""
        try:
            update = Update.de_json(json.loads(body), self.application.bot)
        except Exception as exc:  # a row we cannot read will never be readable: drop it, say so
            logger.error("Mise à jour %d illisible, ignorée (%s)", update_id, type(exc).__name__)
            self.inbox.done(update_id)
            return
        task = asyncio.create_task(self._handle(update_id, update, lane(update)), name=f"update-{update_id}")
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        self._room.set()

    async def _handle(self, update_id: int, update: Update, chat: int | None) -> None:
        """Handle one update after the earlier ones of its chat, then delete its row.

        When stopping, an update not yet started is left in the inbox (handled at the next start,
        after the earlier ones of its chat, which are left there too)."""
        lock, users = self._chats.get(chat, (asyncio.Lock(), 0))
        self._chats[chat] = (lock, users + 1)
        try:
            async with lock, self._slots:
                if self.stopping.is_set():
                    return
                try:
                    await self.application.process_update(update)  # handler errors go to the error handler
                except Exception as exc:  # not a handler's error: an update that can never be handled
                    logger.error("Mise à jour %d abandonnée : %s", update_id, describe_exception(exc))
                self.handled += 1
                try:
                    self.inbox.done(update_id)
                except sqlite3.Error as exc:  # full disk: handled again after a restart, at worst
                    self.failed_writes.failed("effacement d'une mise à jour traitée", exc)
        finally:
            lock, users = self._chats[chat]
            if users == 1:
                del self._chats[chat]  # bounded memory: no lock kept for an idle chat
            else:
                self._chats[chat] = (lock, users - 1)

    async def drain(self) -> None:
        """Let the updates being handled finish (within STOP_GRACE); the others stay in the inbox."""
        self.stopping.set()
        if not self._tasks:
            return
        done, pending = await asyncio.wait(set(self._tasks), timeout=STOP_GRACE)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
            logger.warning("%d mise(s) à jour interrompue(s) à l'arrêt : elles seront traitées au redémarrage",
                           len(pending))


def lane(update: Update) -> int | None:
    """Which updates are handled one at a time, in order: those of one chat. An update without a
    chat (an inline query: a person typing `@bot …` anywhere) waits in its sender's line, whose
    private chat has the same id, so that one person's keystrokes neither overtake each other nor
    queue behind everybody else's; None (one shared line) only for an update with neither."""
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None
