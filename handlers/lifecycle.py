"""Start and stop the Application around whatever brings updates in (polling or webhook), in one place.

The bot is initialised first on its own: a rejected token then fails at once with one exception,
instead of after python-telegram-bot's retry loop has logged a traceback. On the way out the
outbound sender finishes its message (`post_stop`) before the Application stops.
"""

from __future__ import annotations

import contextlib
from typing import AsyncIterator

from telegram.ext import Application


@contextlib.asynccontextmanager
async def started(application: Application) -> AsyncIterator[Application]:
    """getMe, then initialise, `post_init` (commands, jobs, sender) and start; undone in reverse order."""
    await application.bot.initialize()
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        try:
            yield application
        finally:
            if application.post_stop is not None:  # the outbound sender finishes its message
                await application.post_stop(application)
            await application.stop()
