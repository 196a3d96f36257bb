"""Our own getUpdates loop: an update is confirmed to Telegram only once it is stored in the inbox.

Why not python-telegram-bot's Updater: it confirms updates (the next `offset`) as soon as they are
queued in memory, so a crash loses every update fetched and not yet answered. Here each batch is
written to the durable inbox (bot/inbox.py) first, and the next getUpdates confirms it; the
dispatcher (handlers/dispatch.py, shared with the webhook) handles each stored row in its chat's
order and deletes it once handled.

At start, a webhook left by a previous run in webhook mode is deleted first (getUpdates is refused
with 409 Conflict while one is set); the updates Telegram still holds then come by polling.

Stopping (SIGTERM, Ctrl-C): no new fetch; the dispatcher drains; then Telegram is told exactly
what was stored. Nothing is lost and nothing is answered twice.
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

from bot.inbox import Inbox
from handlers.dispatch import UpdateDispatcher
from handlers.lifecycle import started

logger = logging.getLogger("guichet.polling")

MAX_BACKOFF = 30.0  # seconds between two fetch attempts while Telegram is unreachable
STORE_RETRY = 5.0  # seconds before fetching again when the inbox could not store a batch (full disk)


class InboxPoller:
    """Fetch → store → confirm, handing each stored update to the dispatcher, until `stop()`."""

    def __init__(self, application: Application, inbox: Inbox, *, allowed_updates: Sequence[str] | None,
                 poll_timeout: float, **options: int) -> None:
        self.application = application
        self.inbox = inbox
        self.allowed_updates = None if allowed_updates is None else list(allowed_updates)
        self.poll_timeout = poll_timeout
        self.dispatcher = UpdateDispatcher(application, inbox, **options)
        self._stopping = self.dispatcher.stopping
        self.task: asyncio.Task | None = None

    @property
    def handled(self) -> int:
        """Updates handled since start-up."""
        return self.dispatcher.handled

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
        self.dispatcher.replay()
        offset = self.inbox.next_offset()
        backoff = 1.0
        try:
            while not self._stopping.is_set():
                room = await self.dispatcher.wait_for_room()
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
                        self.dispatcher.failed_writes.failed("mise à jour reçue", exc)
                        with contextlib.suppress(asyncio.TimeoutError):
                            await asyncio.wait_for(self._stopping.wait(), STORE_RETRY)
        finally:
            await self.dispatcher.drain()
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
            self.dispatcher.dispatch(update_id, body)
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

    async def _confirm(self, offset: int | None) -> None:
        """Tell Telegram what is stored (getUpdates with the next offset, asking for nothing new)."""
        if offset is None:
            return
        with contextlib.suppress(TelegramError, asyncio.TimeoutError):
            await asyncio.wait_for(self.application.bot.get_updates(offset=offset, limit=1, timeout=0), 5)


@contextlib.asynccontextmanager
async def polling(application: Application, inbox: Inbox, *, allowed_updates: Sequence[str] | None,
                  poll_timeout: float, **options: int) -> AsyncIterator[InboxPoller]:
    """Start the Application (handlers/lifecycle.py), leave webhook mode if needed, run the poller
    while the block runs, then stop both cleanly."""
    async with started(application):
        await leave_webhook(application)
        poller = InboxPoller(application, inbox, allowed_updates=allowed_updates, poll_timeout=poll_timeout,
                             **options)
        poller.start()
        try:
            yield poller
        finally:
            poller.stop()
            await poller.finished()


async def leave_webhook(application: Application) -> None:
    """Delete the webhook a run in webhook mode set (logged once), keeping the updates Telegram holds.

    getUpdates is refused (409 Conflict) while a webhook is set; `drop_pending_updates=False`
    keeps what Telegram did not deliver yet, which this poller then fetches.
    """
    info = await application.bot.get_webhook_info()
    if not info.url:
        return
    await application.bot.delete_webhook(drop_pending_updates=False)
    logger.info("Webhook supprimé : retour au polling (%d mise(s) à jour en attente chez Telegram, "
                "reprises par le polling)", info.pending_update_count)
