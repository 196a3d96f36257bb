"""How replies go out: paced under Telegram's limits, with the retries that are safe.

Why our own pacer rather than PTB's AIORateLimiter: its overall limiter is a leaky bucket that
lets 30 calls through at once and then 30 more per second, so up to ~60 calls can land in one
second and Telegram answers 429 (measured: 30 sendMessage refused in one burst). Here every
limit is a sliding window, checked at the moment a call leaves: never more than `per_second`
calls with a chat in any second, one message per second in a private chat, 20 per minute in a
group. (Updates come in through handlers/polling.py.)
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time
from typing import Any

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter

logger = logging.getLogger(__name__)

PER_SECOND = 30  # calls per second across all chats (Telegram: about 30 messages per second)
# Calls granted one period apart can reach Telegram closer together (the event loop and the network
# delay some more than others): every window is widened by this margin. Measured in the tests:
# 0.15 s is not always enough, 0.25 s always was.
JITTER = 0.25
PRIVATE_CHAT = (1, 1.0 + JITTER)  # at most 1 message a second in a private chat
GROUP_CHAT = (20, 60.0 + JITTER)  # at most 20 messages a minute in a group


class SlidingWindow:
    """At most `limit` events in any `period` seconds."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self.times: collections.deque[float] = collections.deque()

    def delay(self, now: float) -> float:
        """Seconds to wait before one more event is allowed (0: now)."""
        while self.times and now - self.times[0] >= self.period:
            self.times.popleft()
        return 0.0 if len(self.times) < self.limit else self.times[0] + self.period - now

    def take(self, now: float) -> None:
        self.times.append(now)


class TelegramPacer(BaseRateLimiter):
    """Waits for a free slot before each call with a chat, honours `retry_after`, retries what is safe.

    Retried: a 429 (after its `retry_after`, all calls paused meanwhile), a 5xx answer or a dropped
    connection (`NetworkError`): Telegram did not take the request, so sending again delivers the
    message once. Not retried: `TimedOut` (the request may have reached Telegram: a blind retry could
    show the message twice), `BadRequest` (it would be refused again) and `Forbidden` (the citizen
    blocked the bot: the chat is marked in `blocked`, a later message is still tried once).
    """

    def __init__(self, per_second: int = PER_SECOND, *, per_chat: bool = True, network_retries: int = 3,
                 backoff: float = 0.5, max_retry_after: int = 3) -> None:
        self.overall = SlidingWindow(per_second, 1.0 + JITTER) if per_second else None
        self.per_chat = per_chat
        self.network_retries = network_retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.chats: dict[int, SlidingWindow] = {}
        self.paused_until = 0.0
        self.blocked: set[int] = set()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # type: ignore[no-untyped-def]
        """Send one Bot API request when the limits allow it, retrying what is safe to retry."""
        chat = _chat_id(data)
        failures = pauses = 0
        while True:
            if chat is not None:
                await self._slot(chat)
            try:
                result = await callback(*args, **kwargs)
                self.blocked.discard(chat)  # type: ignore[arg-type]
                return result
            except RetryAfter as exc:
                pauses += 1
                if pauses > self.max_retry_after:
                    raise
                delay = _seconds(exc.retry_after)
                logger.warning("Telegram demande d'attendre %.0f s (%s) ; envois suspendus", delay, endpoint)
                self.paused_until = max(self.paused_until, time.monotonic() + delay)
            except (BadRequest, TimedOut):
                raise
            except Forbidden:
                if chat is not None:
                    self.blocked.add(chat)
                raise
            except NetworkError as exc:
                failures += 1
                if failures > self.network_retries:
                    raise
                logger.warning("Échec réseau sur %s (%s), nouvel essai %d", endpoint, exc.message, failures)
                await asyncio.sleep(self.backoff * (2 ** (failures - 1)))

    async def _slot(self, chat: int) -> None:
        """Wait until a call to `chat` fits every window, then count it in each."""
        window = self._window(chat)
        while True:
            now = time.monotonic()
            wait = max(self.paused_until - now, window.delay(now) if window else 0.0,
                       self.overall.delay(now) if self.overall else 0.0)
            if wait <= 0:
                if window is not None:
                    window.take(now)
                if self.overall is not None:
                    self.overall.take(now)
                return
            await asyncio.sleep(wait)

    def delay(self, chat: int) -> float:
        """Seconds before a message to `chat` fits its chat's window (0: now), without taking a slot.

        The outbound queue asks first (handlers/outbound.py): a call made into a full window waits
        inside `process_request`, and everything queued behind it, for other chats, would wait too.
        """
        window = self._window(chat)
        return window.delay(time.monotonic()) if window is not None else 0.0

    def _window(self, chat: int) -> SlidingWindow | None:
        if not self.per_chat:
            return None
        if chat not in self.chats:
            if len(self.chats) > 10_000:  # bounded memory: forget chats idle for a minute
                now = time.monotonic()
                self.chats = {c: w for c, w in self.chats.items() if w.times and now - w.times[-1] < 60}
            self.chats[chat] = SlidingWindow(*(PRIVATE_CHAT if chat > 0 else GROUP_CHAT))
        return self.chats[chat]


def _chat_id(data: dict[str, Any] | None) -> int | None:
    """The numeric chat of a request (private chats are positive, groups and channels negative)."""
    value = (data or {}).get("chat_id")
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):  # "@channelname": treated as a group
        return -1


def _seconds(retry_after: Any) -> float:
    return float(retry_after.total_seconds() if hasattr(retry_after, "total_seconds") else retry_after)
