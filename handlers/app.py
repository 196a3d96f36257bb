"""Build the python-telegram-bot `Application` (wiring, jobs, transport) and run it (polling or webhook).

`build_application()` is separate from `run_bot()` so the tests can run the very same
Application against a local fake Bot API (`tests/fakebotapi.py`) through `TELEGRAM_BASE_URL`.
Updates come in through our own loop (handlers/polling.py) or our webhook (handlers/webhook.py,
when GUICHET_WEBHOOK_URL is set), each through the durable inbox, not PTB's Updater.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import TYPE_CHECKING

from telegram import BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (Application, CallbackQueryHandler, CommandHandler, Defaults, InlineQueryHandler, MessageHandler,
                          filters)

from bot import i18n
from bot.commands import COMMANDS
from bot.inbox import Inbox
from handlers import buttons, commands, errors, groups, inline, questions, staff
from handlers.context import CONTEXT_TYPES, Context
from handlers.outbound import OutboundSender
from handlers.polling import polling
from handlers.webhook import webhook
from handlers.transport import TelegramPacer

if TYPE_CHECKING:
    from pathlib import Path

    from bot.config import Settings
    from bot.engine import Engine

logger = logging.getLogger(__name__)

# What Telegram should send us. Anything else (edited messages, channel posts, reactions…) is
# dropped by Telegram itself: silence is the sensible answer to those.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
POLL_TIMEOUT = 30  # seconds of long polling per getUpdates
RELOAD_EVERY = 10  # seconds between two checks of the knowledge files (a cheap stat of each file)
PURGE_EVERY = 24 * 3600  # the retention purge runs daily
REMIND_EVERY = 60  # seconds between two looks for a document list's appointment reminder that is due


def _quiet_loggers() -> None:
    """Keep tokens and citizens' messages out of the logs, whatever the root level.

    httpx logs every request URL, and the URL contains the bot token. python-telegram-bot logs,
    at DEBUG, every API call's parameters and every received update (user id *and* text).
    """
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("telegram").setLevel(logging.INFO)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # two INFO lines per job run, every 10 s


def _file_url(base_url: str) -> str:
    """The file download URL matching a Bot API base URL (".../bot" -> ".../file/bot")."""
    root = base_url[: -len("bot")] if base_url.endswith("bot") else base_url.rstrip("/") + "/"
    return root + "file/bot"


async def _post_init(application: Application) -> None:
    """Publish the command menus (setMyCommands: citizens, and the staff chat's own); schedule the
    daily purge and the knowledge reload; start the sender of the outbound queue. The bot's
    username (known once PTB has called getMe) goes to the engine for the "Partager" links."""
    engine = application.bot_data.engine
    engine.bot_username = application.bot.username or ""
    await application.bot.set_my_commands(engine.commands())  # French: everyone's default
    for language in i18n.LANGUAGES[1:]:  # and one menu per translation, for Telegram's language_code
        await application.bot.set_my_commands(engine.commands(language=language), language_code=language)
    if engine.settings.staff_chat:
        await application.bot.set_my_commands(engine.commands(staff=True),
                                              scope=BotCommandScopeChat(engine.settings.staff_chat))
    schedule_jobs(application)
    sender = application.bot_data.sender = OutboundSender(application.bot, engine)
    application.bot_data.sender_task = asyncio.create_task(sender.run(), name="outbound")


async def _post_stop(application: Application) -> None:
    """Let the sender deliver what is queued (a few seconds at most), then stop it; the rest waits in the queue."""
    sender, task = getattr(application.bot_data, "sender", None), getattr(application.bot_data, "sender_task", None)
    if sender is not None and task is not None:
        sender.stop()
        await task


def schedule_jobs(application: Application) -> None:
    """The repeating jobs (idempotent: a second call replaces nothing, adds nothing)."""
    queue = application.job_queue
    if queue is None:  # python-telegram-bot installed without the job-queue extra
        logger.warning("Pas de JobQueue : ni purge quotidienne ni rechargement automatique des connaissances")
        return
    if not queue.get_jobs_by_name("purge"):
        queue.run_repeating(_purge, interval=PURGE_EVERY, first=60, name="purge")
    if not queue.get_jobs_by_name("reload-knowledge"):
        queue.run_repeating(_reload_knowledge, interval=RELOAD_EVERY, first=RELOAD_EVERY, name="reload-knowledge")
    if not queue.get_jobs_by_name("checklist-reminders"):
        queue.run_repeating(_remind, interval=REMIND_EVERY, first=REMIND_EVERY, name="checklist-reminders")


async def _purge(context: Context) -> None:
    """Delete records older than the retention period (GUICHET_RETENTION_DAYS)."""
    removed = await asyncio.to_thread(context.bot_data.engine.purge)
    logger.info("Purge quotidienne : %d enregistrement(s) supprimé(s)", removed)


async def _remind(context: Context) -> None:
    """Queue the appointment reminders of document lists that are due, written now with the papers
    still unticked (bot/engine_checklist.py), and wake the sender."""
    queued = await asyncio.to_thread(context.bot_data.engine.send_due_reminders)
    sender = getattr(context.bot_data, "sender", None)
    if queued and sender is not None:
        sender.notify()


async def _reload_knowledge(context: Context) -> None:
    """Reload the knowledge when a file changed; a broken edit keeps the last good version.

    In a worker thread: loading and indexing 3,000 fiches takes a moment, and the bot keeps
    answering meanwhile (the engine swaps the new knowledge in at once when it is ready).
    """
    await asyncio.to_thread(context.bot_data.engine.reload_if_changed)


def add_handlers(application: Application) -> None:
    """Wire every handler, in ONE place. Order matters: the first matching handler of a group wins."""
    private = filters.ChatType.PRIVATE
    new_message = filters.UpdateType.MESSAGE  # edited messages are not questions: ignore them
    engine = application.bot_data.engine
    # 1. Commands first, so "/menu" is never taken for a question; PTB's CommandHandler takes
    #    "/menu@ThisBot", never "/menu@AnotherBot". Personal ones (/mes_demandes…) answer in a group
    #    with the way to the private chat only; staff commands act in the staff chat only (in another
    #    group, /demandes gives that group's id, for GUICHET_STAFF_CHAT or an official's telegram_chat).
    for command in COMMANDS:
        if command.staff:
            where = filters.ChatType.GROUPS
            if engine.settings.staff_chat:
                where = where | filters.Chat(engine.settings.staff_chat)
            where = new_message & where
        else:
            where = new_message & private if command.with_text and not command.personal else new_message
        application.add_handler(CommandHandler(command.names, commands.handler_for(command), filters=where))
    # 2. Any other command: in a private chat, the help; in a group only "/unknown@ThisBot" (a bare
    #    one, or one for another bot: silence).
    application.add_handler(MessageHandler(new_message & filters.COMMAND & (private | groups.COMMAND_FOR_US),
                                           commands.unknown_command))
    # 3. Button presses (menu, choices, feedback): callback_data is the engine's, opaque here.
    application.add_handler(CallbackQueryHandler(buttons.button))
    # 3b. Inline queries (`@bot carte identité` in any chat): the matching entries as cards.
    application.add_handler(InlineQueryHandler(inline.inline_query))
    # 4. A reply, in the staff chat (or an official's), to a request's post: the answer to the citizen.
    application.add_handler(MessageHandler(new_message & filters.TEXT & ~filters.COMMAND
                                           & staff.RepliesFromStaff(engine.accepts_staff_replies), staff.reply))
    # 5. Free text: every private message; in groups only when addressed (a mention of this bot or
    #    a reply to one of its messages: handlers/groups.py).
    application.add_handler(MessageHandler(new_message & filters.TEXT & ~filters.COMMAND & private, questions.question))
    application.add_handler(MessageHandler(new_message & filters.TEXT & ~filters.COMMAND & filters.ChatType.GROUPS
                                           & groups.ADDRESSED, questions.question))
    # 6. Added to a group (a service message, so no other update type to ask for): a short hello.
    application.add_handler(MessageHandler(filters.ChatType.GROUPS & groups.BOT_ADDED, groups.joined))
    # 7. Last: stickers, photos, voice… in a private chat get "I only read text" (on_unsupported);
    #    in groups, silence (nobody addressed the bot).
    application.add_handler(MessageHandler(new_message & private & ~filters.TEXT, questions.other_message))
    application.add_error_handler(errors.on_error)


def build_application(settings: "Settings", engine: "Engine", *, request_timeout: float | None = None,
                      per_chat_pacing: bool = True) -> Application:
    """The Application, ready to initialise: token, base URL, HTML defaults, pacer, handlers.

    The pacer (handlers/transport.py) keeps to `settings.send_per_second` calls per second overall
    (0: no cap, for the load benchmark) and, with `per_chat_pacing`, to Telegram's per-chat limits
    (the end-to-end tests turn those off, except the test of pacing, so as not to wait for nothing).
    """
    _quiet_loggers()
    builder = (
        Application.builder()
        .token(settings.telegram_token)
        .base_url(settings.telegram_base_url)
        .base_file_url(_file_url(settings.telegram_base_url))
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(TelegramPacer(settings.send_per_second, per_chat=per_chat_pacing))
        .post_init(_post_init)
        .post_stop(_post_stop)
        .updater(None)  # updates come through handlers/polling.py or webhook.py, confirmed only once stored
        .context_types(CONTEXT_TYPES)
    )
    if request_timeout is not None:  # tests: a short timeout makes a "slow" fault quick to observe
        builder = builder.read_timeout(request_timeout).write_timeout(request_timeout)
    application = builder.build()
    application.bot_data.engine = engine
    add_handlers(application)
    return application


def inbox_path(settings: "Settings") -> "Path":
    """Where the durable inbox lives: `inbox.db` in the data folder."""
    return settings.data_dir / "inbox.db"


def run_bot(settings: "Settings", engine: "Engine") -> None:
    """Run the bot until Ctrl-C or SIGTERM (`guichet run`): by webhook when GUICHET_WEBHOOK_URL is set."""
    if not settings.telegram_token:
        raise ValueError(
            "TELEGRAM_TOKEN est vide : créez un bot avec @BotFather et mettez son jeton dans .env."
        )
    application = build_application(settings, engine)
    inbox = Inbox(inbox_path(settings))
    try:
        asyncio.run(_serve(application, inbox, settings))
    finally:
        inbox.close()


async def _serve(application: Application, inbox: Inbox, settings: "Settings") -> None:
    """Receive until a stop signal; SIGTERM and Ctrl-C stop cleanly (handlers/dispatch.py says how)."""
    if settings.webhook_url:
        receiving = webhook(application, inbox, settings, allowed_updates=ALLOWED_UPDATES)
        mode = f"webhook, port {settings.webhook_port}"
    else:
        receiving = polling(application, inbox, allowed_updates=ALLOWED_UPDATES, poll_timeout=POLL_TIMEOUT)
        mode = "polling"
    async with receiving as receiver:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, receiver.stop)
        logger.info("Guichet démarre (%s, %d mise(s) à jour en attente dans la boîte de réception)",
                    mode, inbox.count())
        await receiver.finished()
    logger.info("Guichet arrêté : %d mise(s) à jour traitée(s)", receiver.handled)
