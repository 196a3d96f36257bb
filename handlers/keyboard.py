"""Engine replies to Telegram calls: the one place where a `Button` becomes an `InlineKeyboardButton`
(and a location request a `KeyboardButton`).

Why one helper: every handler sends what the engine returns the same way (HTML text, inline
keyboard, edit-or-send, a photo, a map pin), so the Telegram details live here and nowhere else in `handlers/`.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup, Update
from telegram import Message as TelegramMessage
from telegram.constants import ChatType

from bot import i18n
from bot.outbox import Outgoing, to_chat
from handlers.context import Context

if TYPE_CHECKING:
    from bot.replies import Button, Message, Reply


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


def reply_markup(message: Outgoing) -> InlineKeyboardMarkup | ReplyKeyboardMarkup | None:
    """The inline keyboard, or the one-time keyboard whose button shares the person's position."""
    if message.ask_location:
        return ReplyKeyboardMarkup([[KeyboardButton(message.ask_location, request_location=True)]],
                                   one_time_keyboard=True, resize_keyboard=True)
    return to_markup(message.buttons)


def user_key(update: Update, context: Context) -> str | None:
    """The keyed hash of the sender: the raw Telegram id never goes past this line. The language
    their Telegram declares goes with it to the engine (bot/i18n.py `client`), for this update."""
    user = update.effective_user
    if user is None:
        i18n.client.set(None)
        return None
    key = context.bot_data.engine.user_key(user.id)
    i18n.client.set((key, user.language_code))
    return key


def origin(update: Update) -> str:
    """What the engine records with a request or an answer, so that the same update handed over
    again by the durable inbox after a crash makes no second one: Telegram's update id."""
    return str(update.update_id)


def in_group(update: Update) -> bool:
    """Whether the update comes from a group or a supergroup."""
    chat = update.effective_chat
    return chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


async def send_reply(update: Update, context: Context, reply: "Reply", *, edit: bool = False) -> None:
    """Queue every message of `reply` for the update's chat; with `edit`, the first replaces the pressed one.

    A message with a `photo` is sent as a photo, its text as the caption (see `outgoing`). Queued in the
    durable outbound queue (handlers/outbound.py delivers it, in order and at
    Telegram's pace): once this returns, the messages survive a crash. When the queue cannot be
    written (a full disk), they are sent at once instead, without the crash-proof copy. In a group,
    the reply first goes through `engine.for_group`.
    """
    chat = update.effective_chat
    if chat is None or not reply.messages:
        return
    if in_group(update):  # a group never gets a personal button (bot/engine_groups.py)
        reply = context.bot_data.engine.for_group(reply)
    query = update.callback_query
    edited = edit and query is not None and isinstance(query.message, TelegramMessage)
    edit_id = query.message.message_id if edited else 0  # type: ignore[union-attr]
    messages = [outgoing(to_chat(chat.id), m, edit_id if i == 0 else 0) for i, m in enumerate(reply.messages)]
    await queue_messages(context, messages)


def outgoing(target: str, m: "Message", edit_id: int = 0) -> Outgoing:
    """The queued form of one engine message: a photo of the knowledge (uploaded), a venue, an edit
    of the pressed message (`edit_id`; a text only) or a new text message."""
    if isinstance(m.photo, bytes) and m.photo:  # drawn here (a /stats chart)
        return Outgoing(target, m.text, m.buttons, method="photo", photo=m.photo)
    if m.photo:  # a file of the knowledge, uploaded once then sent by Telegram's file id
        return Outgoing(target, m.text, m.buttons, method="upload", photo=m.photo)
    if m.venue is not None:
        return Outgoing(target, m.venue.title, m.buttons, method="venue", lat=m.venue.lat, lon=m.venue.lon,
                        address=m.venue.address or m.venue.title)  # Telegram refuses a venue without one
    return Outgoing(target, m.text, m.buttons, ask_location=m.ask_location, method="edit" if edit_id else "send",
                    message_id=edit_id)


async def queue_messages(context: Context, messages: list[Outgoing]) -> None:
    """Commit `messages` to the outbound queue and wake the sender (full disk: send them now)."""
    sender = getattr(context.bot_data, "sender", None)
    try:
        context.bot_data.engine.outbox.put(messages)
    except sqlite3.Error as exc:
        context.bot_data.engine.failed_writes.failed("réponse à envoyer", exc)
        if sender is not None:
            for message in messages:
                await sender.send_now(message)
        return
    if sender is not None:
        sender.notify()
