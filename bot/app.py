"""The Telegram side: build the python-telegram-bot `Application` and run it (polling).

This is, with the handlers, the only place that knows about Telegram. `build_application()` is
separate from `run_polling()` so the tests can run the very same Application against a local fake
Bot API (`tests/fakebotapi.py`) through `TELEGRAM_BASE_URL`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from handlers import buttons, commands, errors, questions

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.engine import Engine

logger = logging.getLogger(__name__)

# What Telegram should send us. Anything else (edited messages, channel posts, reactions…) is
# dropped by Telegram itself: silence is the sensible answer to those.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
POLL_TIMEOUT = 30  # seconds of long polling per getUpdates


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


def _quiet_loggers() -> None:
    """Keep tokens and citizens' messages out of the logs, whatever the root level.

    httpx logs every request URL, and the URL contains the bot token. python-telegram-bot logs,
    at DEBUG, every API call's parameters and every received update (user id *and* text).
    """
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("telegram").setLevel(logging.INFO)


def _file_url(base_url: str) -> str:
    """The file download URL matching a Bot API base URL (".../bot" -> ".../file/bot")."""
    root = base_url[: -len("bot")] if base_url.endswith("bot") else base_url.rstrip("/") + "/"
    return root + "file/bot"


async def _post_init(application: Application) -> None:
    """Publish the command menu (setMyCommands) and schedule the daily retention purge."""
    engine: Engine = application.bot_data["engine"]
    await application.bot.set_my_commands(engine.commands())
    if application.job_queue is not None:
        application.job_queue.run_repeating(_purge, interval=24 * 3600, first=60, name="purge")


async def _purge(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete records older than the retention period (GUICHET_RETENTION_DAYS)."""
    removed = context.bot_data["engine"].purge()
    logger.info("Purge quotidienne : %d enregistrement(s) supprimé(s)", removed)


def add_handlers(application: Application) -> None:
    """Wire every handler, in ONE place. Order matters: the first matching handler of a group wins."""
    private = filters.ChatType.PRIVATE
    new_message = filters.UpdateType.MESSAGE  # edited messages are not questions: ignore them
    # 1. Commands first, so "/menu" is never taken for a question.
    application.add_handler(CommandHandler("start", commands.start, filters=new_message))
    application.add_handler(CommandHandler(["help", "aide"], commands.help_command, filters=new_message))
    application.add_handler(CommandHandler("menu", commands.menu, filters=new_message))
    application.add_handler(CommandHandler("horaires", commands.hours, filters=new_message))
    application.add_handler(CommandHandler("confidentialite", commands.privacy, filters=new_message))
    application.add_handler(CommandHandler("oubli", commands.forget, filters=new_message))
    # 2. Any other command: in a private chat, the help (in groups, commands for other bots: silence).
    application.add_handler(MessageHandler(new_message & private & filters.COMMAND, commands.unknown_command))
    # 3. Button presses (menu, choices, feedback): callback_data is the engine's, opaque here.
    application.add_handler(CallbackQueryHandler(buttons.button))
    # 4. Free text: every private message; in groups only when addressed (mention or reply),
    #    which questions.question checks precisely.
    application.add_handler(MessageHandler(new_message & filters.TEXT & ~filters.COMMAND & private, questions.question))
    application.add_handler(
        MessageHandler(
            new_message
            & filters.TEXT
            & ~filters.COMMAND
            & filters.ChatType.GROUPS
            & (filters.Entity("mention") | filters.REPLY),
            questions.question,
        )
    )
    # 5. Last: stickers, photos, voice… in a private chat get the help; in groups, silence.
    application.add_handler(MessageHandler(new_message & private & ~filters.TEXT, questions.other_message))
    application.add_error_handler(errors.on_error)


def build_application(settings: "Settings", engine: "Engine", *, request_timeout: float | None = None) -> Application:
    """The Application, ready to initialise: token, base URL, HTML defaults, rate limiter, handlers."""
    _quiet_loggers()
    builder = (
        Application.builder()
        .token(settings.telegram_token)
        .base_url(settings.telegram_base_url)
        .base_file_url(_file_url(settings.telegram_base_url))
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(PatientRateLimiter(max_retries=3))
        .post_init(_post_init)
    )
    if request_timeout is not None:  # tests: a short timeout makes a "slow" fault quick to observe
        builder = builder.read_timeout(request_timeout).write_timeout(request_timeout)
    application = builder.build()
    application.bot_data["engine"] = engine
    add_handlers(application)
    return application


def run_polling(settings: "Settings", engine: "Engine") -> None:
    """Run the bot until Ctrl-C (`guichet run`)."""
    if not settings.telegram_token:
        raise ValueError(
            "TELEGRAM_TOKEN est vide : créez un bot avec @BotFather et mettez son jeton dans .env."
        )
    application = build_application(settings, engine)
    logger.info("Guichet démarre (polling)")
    application.run_polling(allowed_updates=ALLOWED_UPDATES, timeout=POLL_TIMEOUT, drop_pending_updates=False)
