"""Inline queries (`@bot carte identité` typed in any chat): the engine's results as answerInlineQuery.

Thin: `engine.on_inline` decides and renders (bot/engine_inline.py); here its plain data becomes
articles whose message is the card, with the keyboard of handlers/keyboard.py. The query's text is
never logged.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from telegram import (InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent,
                      LinkPreviewOptions, Update)
from telegram.constants import ParseMode
from telegram.error import BadRequest

from handlers.context import Context
from handlers.keyboard import to_markup, user_key

if TYPE_CHECKING:
    from bot.inline import InlineAnswer

logger = logging.getLogger(__name__)


def articles(answer: "InlineAnswer") -> list[InlineQueryResultArticle]:
    """One article per result: its title and description in the list, its card as the message."""
    return [
        InlineQueryResultArticle(
            r.id, r.title,
            InputTextMessageContent(r.text, parse_mode=ParseMode.HTML,
                                    link_preview_options=LinkPreviewOptions(is_disabled=True)),
            reply_markup=to_markup(r.buttons), description=r.description or None)
        for r in answer.results
    ]


async def inline_query(update: Update, context: Context) -> None:
    """Answer an inline query (or not at all, over the person's inline budget).

    A query older than Telegram's deadline (one replayed from the durable inbox after a restart)
    can no longer be answered: Telegram refuses it, and nobody is waiting for it any more."""
    query = update.inline_query
    key = user_key(update, context)
    if query is None or key is None:
        return
    answer = context.bot_data.engine.on_inline(key, query.query)
    if answer is None:
        return
    button = (InlineQueryResultsButton(answer.button_text, start_parameter=answer.start_parameter)
              if answer.button_text else None)
    try:
        await query.answer(articles(answer), cache_time=answer.cache_time, is_personal=answer.is_personal,
                           button=button)
    except BadRequest as exc:
        message = exc.message.lower()
        if "too old" not in message and "query id is invalid" not in message:
            raise
        logger.info("Recherche en ligne trop ancienne pour une réponse ; ignorée")
