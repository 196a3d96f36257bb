"""The error handler: log the failure (never the citizen's text) and apologise when possible."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, TelegramError, TimedOut

from bot.safelog import describe_exception
from bot import wording as W
from bot.outbox import Outgoing, to_chat
from handlers.context import Context
from handlers.keyboard import queue_messages, user_key

logger = logging.getLogger("guichet.errors")


def describe(error: BaseException) -> str:
    """Exception type and traceback, without the exception's message (it may quote citizen text).

    Telegram errors keep their message: it is the Bot API's description ("Can't parse entities…"),
    which names the problem and never contains the citizen's question.
    """
    return describe_exception(error, error.message if isinstance(error, TelegramError) else "")


async def on_error(update: object, context: Context) -> None:
    """Log the exception and tell the citizen, politely, that something went wrong."""
    error = context.error
    if error is None:
        return
    if isinstance(error, Forbidden):  # the citizen blocked the bot: nothing to say, nobody to say it to
        logger.info("Envoi refusé par Telegram (bot bloqué ?) : %s", error.message)
        return
    if update is None and isinstance(error, NetworkError):  # polling itself: Telegram unreachable
        logger.warning("Réseau indisponible pendant la récupération des mises à jour : %s", error.message)
        return
    if isinstance(error, TimedOut):
        # Telegram may well have delivered the message: apologising (or retrying) could send
        # the citizen a second, contradictory message. We log and stay silent.
        logger.warning("Délai dépassé en parlant à Telegram ; le message a peut-être été remis.")
        return
    logger.error("Erreur pendant le traitement d'une mise à jour : %s", describe(error))
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await queue_messages(context, [Outgoing(to_chat(update.effective_chat.id), _apology(update, context))])
        except Exception as exc:  # the apology must not raise from the error handler itself
            logger.warning("Impossible de mettre le message d'excuse en file : %s", type(exc).__name__)


def _apology(update: Update, context: Context) -> str:
    """The apology in the person's language (French when that cannot be known: the error may be there)."""
    try:
        with context.bot_data.engine.speaking(user_key(update, context) or ""):
            return W.APOLOGY
    except Exception:
        return W.APOLOGY
