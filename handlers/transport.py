"""How messages go out: paced under Telegram's limits, with the retries that are safe.

Why our own pacer rather than PTB's AIORateLimiter: its overall limiter is a leaky bucket that
lets 30 calls through at once and then 30 more per second, so up to ~60 calls can land in one
second and Telegram answers 429 (measured: 30 sendMessage refused in one burst). Here every limit
is a sliding window that counts a call from the moment it leaves until one period after its
answer came back: a call reaches Telegram somewhere between those two moments, so however the
event loop or the network delays calls, Telegram never sees more than `per_second` calls with a
chat in any second, one message per second in a private chat, 20 per minute in a group.
(Updates come in through handlers/polling.py; messages are queued by handlers/outbound.py.)
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
PRIVATE_CHAT = (1, 1.0)  # at most 1 message per second in a private chat
GROUP_CHAT = (20, 60.0)  # at most 20 messages per minute in a group


class SlidingWindow:
    """At most `limit` calls in any `period` seconds, a call counting from `take` to `period` after `done`."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self.in_flight = 0
        self.times: collections.deque[float] = collections.deque()  # when past calls were answered

    def delay(self, now: float) -> float | None:
        """Seconds to wait before one more call (0: now; None: until a call in flight is answered)."""
        while self.times and now - self.times[0] >= self.period:
            self.times.popleft()
        if len(self.times) + self.in_flight < self.limit:
            return 0.0
        return self.times[0] + self.period - now if self.times else None

    def take(self) -> None:
        self.in_flight += 1

    def done(self, now: float) -> None:
        self.in_flight -= 1
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
        self.overall = SlidingWindow(per_second, 1.0) if per_second else None
        self.per_chat = per_chat
        self.network_retries = network_retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.chats: dict[int, SlidingWindow] = {}
        self.paused_until = 0.0
        self.blocked: set[int] = set()
        self._answered = asyncio.Event()  # replaced after each answer: wakes the calls waiting for a slot

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # type: ignore[no-untyped-def]
        """Send one Bot API request when the limits allow it, retrying what is safe to retry."""
        chat = _chat_id(data)
        failures = pauses = 0
        while True:
            try:
                return await self._paced(chat, callback, args, kwargs)
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

    async def _paced(self, chat: int | None, callback, args, kwargs):  # type: ignore[no-untyped-def]
        """Make the call inside every window that applies (calls without a chat are not paced)."""
        windows = [] if chat is None else [w for w in (self.overall, self._window(chat)) if w is not None]
        await self._slot(windows)
        try:
            result = await callback(*args, **kwargs)
        finally:
            now = time.monotonic()
            for window in windows:
                window.done(now)
            self._answered.set()
            self._answered = asyncio.Event()
        self.blocked.discard(chat)  # type: ignore[arg-type]
        return result

    async def _slot(self, windows: list[SlidingWindow]) -> None:
        """Wait until one more call fits every window, then count it in each."""
        while True:
            now = time.monotonic()
            delays = [w.delay(now) for w in windows] + [self.paused_until - now]
            if all(d is not None and d <= 0 for d in delays):
                for window in windows:
                    window.take()
                return
            known = [d for d in delays if d is not None and d > 0]
            answered = self._answered
            try:  # wake at the earliest known free slot, or when a call in flight is answered
                await asyncio.wait_for(answered.wait(), max(known) if known else None)
            except asyncio.TimeoutError:
                pass

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
                self.chats = {c: w for c, w in self.chats.items()
                              if w.in_flight or (w.times and now - w.times[-1] < 60)}
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
