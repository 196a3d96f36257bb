"""How replies go out: the rate limiter, with the retries that are safe (updates come in through handlers/polling.py)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

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
