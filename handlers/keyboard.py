"""Engine replies to Telegram calls: the one place where a `Button` becomes an `InlineKeyboardButton`.

Why one helper: every handler sends what the engine returns the same way (HTML text, inline
keyboard, edit-or-send), so the Telegram details live here and nowhere else in `handlers/`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup, Update
from telegram import Message as TelegramMessage
from telegram.error import BadRequest

from handlers.context import Context

if TYPE_CHECKING:
    from bot.replies import Button, Message, Reply

logger = logging.getLogger(__name__)


def to_markup(rows: Sequence[Sequence["Button"]] | None) -> InlineKeyboardMarkup | None:
    """Convert the engine's rows of `Button` into an inline keyboard (None when there are none)."""
    keyboard: list[list[InlineKeyboardButton]] = []
    for row in rows or ():
        buttons = [
            InlineKeyboardButton(b.label, url=b.url) if b.url else InlineKeyboardButton(b.label, callback_data=b.data)
            for b in row
        ]
        if buttons:
            keyboard.append(buttons)
    return InlineKeyboardMarkup(keyboard) if keyboard else None


def markup_of(message: "Message") -> InlineKeyboardMarkup | ReplyKeyboardMarkup | None:
    """The message's inline keyboard, or the one-time keyboard that shares the citizen's position."""
    if message.ask_location:
        return ReplyKeyboardMarkup([[KeyboardButton(message.ask_location, request_location=True)]],
                                   one_time_keyboard=True, resize_keyboard=True)
    return to_markup(message.buttons)


def user_key(update: Update, context: Context) -> str | None:
    """The keyed hash of the sender: the raw Telegram id never goes past this line."""
    user = update.effective_user
    return context.bot_data.engine.user_key(user.id) if user is not None else None


def origin(update: Update) -> str:
    """What the engine records with a request or an answer, so that the same update handed over
    again by the durable inbox after a crash makes no second one: Telegram's update id."""
    return str(update.update_id)


async def send_reply(update: Update, context: Context, reply: "Reply", *, edit: bool = False) -> None:
    """Send every message of `reply` to the update's chat; with `edit`, the first replaces the pressed one."""
    chat = update.effective_chat
    if chat is None:
        return
    messages: list[Any] = list(reply.messages)
    query = update.callback_query
    if edit and messages and query is not None and isinstance(query.message, TelegramMessage):
        first = messages[0]
        try:
            await query.edit_message_text(first.text, reply_markup=to_markup(first.buttons))
            messages = messages[1:]
        except BadRequest as exc:
            if "not modified" in str(exc).lower():  # the same button pressed twice: nothing to change
                messages = messages[1:]
            else:  # too old or deleted: send it as a new message instead
                logger.info("Édition impossible (%s), envoi d'un nouveau message", exc)
    for message in messages:
        await context.bot.send_message(chat.id, message.text, reply_markup=markup_of(message))
