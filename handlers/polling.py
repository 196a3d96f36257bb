"""Our own getUpdates loop: an update is confirmed to Telegram only once it is stored in the inbox.

Why not python-telegram-bot's Updater: it confirms updates (the next `offset`) as soon as they are
queued in memory, so a crash loses every update fetched and not yet answered. Here each batch is
written to the durable inbox (bot/inbox.py) first, and the next getUpdates confirms it; each row
is deleted once its update was handled. At start-up the rows left by a crash are handled first.

Order and concurrency: updates of one chat are handled one at a time, in update order (a per-chat
lock taken in arrival order; an inline query, which has no chat, in its sender's line: `lane`); up
to CONCURRENT_UPDATES chats are served at once, and at most UPDATES_IN_FLIGHT updates are held
(beyond, the surplus waits at Telegram, unconfirmed).

Stopping (SIGTERM, Ctrl-C): no new fetch; updates already being handled are finished (within
STOP_GRACE seconds); those not started stay in the inbox for the next start; then Telegram is told
exactly what was stored. Nothing is lost and nothing is answered twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
from typing import AsyncIterator, Sequence

from telegram import Update
from telegram.error import Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application

from bot.failed_writes import FailedWrites
from bot.inbox import Inbox
from bot.safelog import describe_exception

logger = logging.getLogger("guichet.polling")

CONCURRENT_UPDATES = 8  # updates handled at once (one at a time per chat)
UPDATES_IN_FLIGHT = 200  # fetched and not yet handled; beyond, the surplus waits at Telegram
STOP_GRACE = 4.0  # seconds given to updates being handled when asked to stop (then up to 4 s to send: < 10 s)
MAX_BACKOFF = 30.0  # seconds between two fetch attempts while Telegram is unreachable
STORE_RETRY = 5.0  # seconds before fetching again when the inbox could not store a batch (full disk)


class InboxPoller:
    """Fetch → store → confirm → handle → delete, until `stop()`."""

    def __init__(self, application: Application, inbox: Inbox, *, allowed_updates: Sequence[str] | None,
                 poll_timeout: float, in_flight: int = UPDATES_IN_FLIGHT,
                 concurrency: int = CONCURRENT_UPDATES) -> None:
        self.application = application
        self.inbox = inbox
        self.allowed_updates = None if allowed_updates is None else list(allowed_updates)
        self.poll_timeout = poll_timeout
        self.in_flight = in_flight
        self._slots = asyncio.Semaphore(concurrency)
        self._chats: dict[int | None, tuple[asyncio.Lock, int]] = {}  # chat -> (lock, updates holding or awaiting it)
        self._tasks: set[asyncio.Task] = set()
        self._room = asyncio.Event()
        self._stopping = asyncio.Event()
        self.handled = 0  # updates handled since start-up
        self.failed_writes = FailedWrites(consequence="Les messages non enregistrés restent chez Telegram "
                                          "et seront repris dès que possible.")
        self.task: asyncio.Task | None = None

    def start(self) -> None:
        """Run `run()` in a task (see `finished`)."""
        self.task = asyncio.create_task(self.run(), name="inbox-poller")

    def stop(self) -> None:
        """Ask the loop to stop (idempotent; safe from a signal handler)."""
        self._stopping.set()

    async def finished(self) -> None:
        """Wait until the loop has stopped and drained (raises what stopped it, e.g. a revoked token)."""
        if self.task is not None:
            await self.task

    async def run(self) -> None:
        """Handle what a previous run left in the inbox, then fetch until stopped; then drain."""
        for update_id, body in self.inbox.pending():
            self._dispatch(update_id, body)
        offset = self.inbox.next_offset()
        backoff = 1.0
        try:
            while not self._stopping.is_set():
                room = await self._wait_for_room()
                if room == 0:
                    break
                try:
                    updates = await self._fetch(offset, room)
                    backoff = 1.0
                except (InvalidToken, Forbidden):
                    raise  # a revoked token: nothing will work until someone changes it
                except (NetworkError, RetryAfter, Conflict, TelegramError) as exc:
                    backoff = await self._after_failure(exc, backoff)
                    continue
                if updates:
                    try:
                        offset = self._store(updates)
                    except sqlite3.Error as exc:  # full disk: not confirmed, so Telegram keeps them
                        self.failed_writes.failed("mise à jour reçue", exc)
                        with contextlib.suppress(asyncio.TimeoutError):
                            await asyncio.wait_for(self._stopping.wait(), STORE_RETRY)
        finally:
            await self._drain()
            await self._confirm(self.inbox.next_offset())

    async def _fetch(self, offset: int | None, room: int) -> tuple[Update, ...]:
        """One long poll; returns early (nothing) when asked to stop."""
        fetch = asyncio.ensure_future(self.application.bot.get_updates(
            offset=offset, limit=min(100, room), timeout=self.poll_timeout, allowed_updates=self.allowed_updates))
        stopping = asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait((fetch, stopping), return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
        if not fetch.done():  # stopping: what this poll would have brought stays at Telegram, unconfirmed
            fetch.cancel()
            with contextlib.suppress(asyncio.CancelledError, TelegramError):
                await fetch
            return ()
        return fetch.result()

    def _store(self, updates: Sequence[Update]) -> int:
        """Store the batch durably, start handling it; returns the offset that confirms it."""
        rows = [(u.update_id, json.dumps(u.to_dict(), ensure_ascii=False)) for u in updates]
        for update_id, body in self.inbox.store(rows):
            self._dispatch(update_id, body)
        return max(u.update_id for u in updates) + 1

    async def _after_failure(self, exc: Exception, backoff: float) -> float:
        """Log one line naming what failed, wait (interruptibly), return the next backoff."""
        if isinstance(exc, RetryAfter):
            delay = exc.retry_after if isinstance(exc.retry_after, (int, float)) else exc.retry_after.total_seconds()
            logger.warning("Telegram demande d'attendre %.0f s avant la prochaine récupération", delay)
        elif isinstance(exc, TimedOut):
            delay = 0.0  # a long poll that ended without an answer: simply poll again
        elif isinstance(exc, NetworkError):
            delay = backoff
            logger.warning("Réseau indisponible pendant la récupération des mises à jour (%s) ; "
                           "nouvel essai dans %.0f s", exc.message, delay)
        elif isinstance(exc, Conflict):
            delay = 5.0
            logger.error("Un autre programme récupère les mises à jour avec ce jeton (%s)", exc.message)
        else:
            delay = 5.0
            logger.error("Récupération des mises à jour refusée par Telegram : %s", exc.message)
        if delay:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)
        return min(MAX_BACKOFF, backoff * 2)

    async def _wait_for_room(self) -> int:
        """How many more updates may be fetched (waits while UPDATES_IN_FLIGHT are held; 0: stopping)."""
        while len(self._tasks) >= self.in_flight and not self._stopping.is_set():
            self._room.clear()
            waiters = (asyncio.ensure_future(self._stopping.wait()), asyncio.ensure_future(self._room.wait()))
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
        return 0 if self._stopping.is_set() else self.in_flight - len(self._tasks)

    def _dispatch(self, update_id: int, body: str) -> None:
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
                if self._stopping.is_set():
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

    async def _drain(self) -> None:
        """Let the updates being handled finish (within STOP_GRACE); the others stay in the inbox."""
        self._stopping.set()
        if not self._tasks:
            return
        done, pending = await asyncio.wait(set(self._tasks), timeout=STOP_GRACE)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
            logger.warning("%d mise(s) à jour interrompue(s) à l'arrêt : elles seront traitées au redémarrage",
                           len(pending))

    async def _confirm(self, offset: int | None) -> None:
        """Tell Telegram what is stored (getUpdates with the next offset, asking for nothing new)."""
        if offset is None:
            return
        with contextlib.suppress(TelegramError, asyncio.TimeoutError):
            await asyncio.wait_for(self.application.bot.get_updates(offset=offset, limit=1, timeout=0), 5)


def lane(update: Update) -> int | None:
    """Which updates are handled one at a time, in order: those of one chat. An update without a
    chat (an inline query: a person typing `@bot …` anywhere) waits in its sender's line, whose
    private chat has the same id, so that one person's keystrokes neither overtake each other nor
    queue behind everybody else's; None (one shared line) only for an update with neither."""
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None


@contextlib.asynccontextmanager
async def polling(application: Application, inbox: Inbox, *, allowed_updates: Sequence[str] | None,
                  poll_timeout: float, **options: int) -> AsyncIterator[InboxPoller]:
    """Initialise the Application, run the poller while the block runs, then stop both cleanly.

    The bot is initialised first on its own: a rejected token then fails at once with one
    exception, instead of after python-telegram-bot's retry loop has logged a traceback.
    """
    await application.bot.initialize()
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        poller = InboxPoller(application, inbox, allowed_updates=allowed_updates, poll_timeout=poll_timeout,
                             **options)
        poller.start()
        try:
            yield poller
        finally:
            poller.stop()
            try:
                await poller.finished()
            finally:
                if application.post_stop is not None:  # the outbound sender finishes its message
                    await application.post_stop(application)
                await application.stop()
