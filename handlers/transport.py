"""How updates come in and replies go out: retries that are safe, back-pressure, one update at a time per chat."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable

from telegram import Update
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter, BaseUpdateProcessor

logger = logging.getLogger(__name__)


class PatientRateLimiter(AIORateLimiter):
    """AIORateLimiter (waits out 429 `retry_after`) plus a few retries on network failures.

    Retried: a 5xx answer or a dropped connection (`NetworkError`): Telegram did not take the
    request, so sending again delivers the reply once. Not retried: `TimedOut`, because the
    request may have reached Telegram and a blind retry would show the citizen the message twice
    (a lost reply is less harmful than a duplicated or out-of-order one, and the citizen can ask
    again); and `BadRequest`, which would only be refused again.
    """

    def __init__(self, *, network_retries: int = 3, backoff: float = 0.5, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.network_retries = network_retries
        self.backoff = backoff

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # type: ignore[no-untyped-def]
        """Send one Bot API request, retrying what is safe to retry."""
        for attempt in range(self.network_retries + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except (BadRequest, TimedOut):
                raise
            except NetworkError as exc:
                if attempt == self.network_retries:
                    raise
                logger.warning("Échec réseau sur %s (%s), nouvel essai %d", endpoint, exc.message, attempt + 1)
                await asyncio.sleep(self.backoff * (2**attempt))
        raise AssertionError("unreachable")


class BoundedUpdateQueue(asyncio.Queue):
    """The update queue, with back-pressure: polling waits while `limit` updates are in flight.

    Why: python-telegram-bot fetches updates as fast as Telegram hands them out and, with
    concurrent processing, starts a task for each at once. After a downtime or under a burst that
    means thousands of parsed updates in memory. With this queue the surplus stays at Telegram
    (unconfirmed, so nothing is lost) and the bot's memory stays flat.
    """

    def __init__(self, limit: int = 200) -> None:
        super().__init__()
        self.limit = limit
        self._in_flight = 0  # put and not yet task_done(): queued or being processed
        self._room = asyncio.Event()

    async def put(self, item: Any) -> None:
        """Queue an update once there is room (the stop signal and other objects never wait)."""
        if isinstance(item, Update):
            while self._in_flight >= self.limit:
                self._room.clear()
                await self._room.wait()
            self._in_flight += 1
        await super().put(item)

    def task_done(self) -> None:
        """One item finished (the Application calls this after processing each update)."""
        super().task_done()
        self._in_flight = max(0, self._in_flight - 1)
        self._room.set()


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Several updates at once, but one at a time per chat, so a citizen's replies stay in order.

    Why: processing one update at a time leaves the bot idle while each reply travels to
    Telegram and back; with this, other citizens' questions are answered meanwhile. The engine
    itself never awaits, so its state (flood budget, knowledge swap, database) is touched by one
    update at a time anyway.
    """

    def __init__(self, max_concurrent_updates: int = 8) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}  # chat -> updates holding or waiting for its lock

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run `coroutine` once no earlier update of the same chat is still being processed."""
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        self._users[chat.id] = self._users.get(chat.id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[chat.id] -= 1
            if not self._users[chat.id]:  # bounded memory: no lock kept for an idle chat
                del self._users[chat.id], self._locks[chat.id]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
