"""Button presses (callback queries): menu navigation, choices, feedback."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Update
from telegram.error import BadRequest

from handlers.context import Context
from handlers.groups import group_key
from handlers.keyboard import origin, send_reply, user_key

logger = logging.getLogger(__name__)

MAX_TOAST = 200  # Telegram refuses a longer answerCallbackQuery text


async def answer(query: CallbackQuery, toast: str | None = None) -> None:
    """Stop the button's spinner (with a toast); a press older than Telegram's deadline is no error.

    Why: after a restart, presses stored in the inbox are handled late; Telegram then refuses the
    toast ("query is too old"), but the reply itself can and should still be sent.
    """
    try:
        await query.answer(toast[:MAX_TOAST] if toast else None)
    except BadRequest as exc:
        if "too old" not in exc.message.lower() and "query id is invalid" not in exc.message.lower():
            raise
        logger.info("Bouton pressé il y a trop longtemps pour une bulle ; la réponse est envoyée quand même")


async def button(update: Update, context: Context) -> None:
    """Answer the press (toast) first, then send the engine's reply, editing the pressed message if asked."""
    query = update.callback_query
    key = user_key(update, context)
    if query is None:
        return
    if key is None or not query.data:
        await answer(query)
        return
    try:
        chat = update.effective_chat.id if update.effective_chat is not None else 0
        group, engine = group_key(update, context), context.bot_data.engine
        if group is not None:  # any member may press: the group's budget, nothing personal (bot/engine_groups.py)
            reply = engine.on_group_press(key, query.data, group, chat=chat, origin=origin(update))
        else:
            reply = engine.on_button(key, query.data, chat=chat, origin=origin(update))
    except Exception:
        await answer(query)  # the spinner must stop even if the engine failed
        raise
    await answer(query, reply.toast)
    await send_reply(update, context, reply, edit=reply.edit)
