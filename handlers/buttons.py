"""Button presses (callback queries): menu navigation, choices, feedback."""

from __future__ import annotations

from telegram import Update

from handlers.context import Context
from handlers.keyboard import send_reply, user_key

MAX_TOAST = 200  # Telegram refuses a longer answerCallbackQuery text


async def button(update: Update, context: Context) -> None:
    """Answer the press (toast) first, then send the engine's reply, editing the pressed message if asked."""
    query = update.callback_query
    key = user_key(update, context)
    if query is None:
        return
    if key is None or not query.data:
        await query.answer()
        return
    try:
        chat = update.effective_chat.id if update.effective_chat is not None else 0
        reply = context.bot_data.engine.on_button(key, query.data, chat=chat)
    except Exception:
        await query.answer()  # the spinner must stop even if the engine failed
        raise
    await query.answer(reply.toast[:MAX_TOAST] if reply.toast else None)
    await send_reply(update, context, reply, edit=reply.edit)
