"""Free text: a citizen's question, in a private chat or addressed to the bot in a group."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from handlers.context import Context
from handlers.groups import addressed_text, over_budget
from handlers.keyboard import send_reply, user_key


async def question(update: Update, context: Context) -> None:
    """Answer a citizen's text with the engine's decision (answer, choose, fallback, smalltalk)."""
    text = addressed_text(update, context)
    key = user_key(update, context)
    if text is None or key is None or await over_budget(update, context):
        return
    chat = update.effective_chat
    private = chat.id if chat is not None and chat.type == ChatType.PRIVATE else None  # requests: private only
    await send_reply(update, context, context.bot_data.engine.on_text(key, text, chat=private))


# Checked in this order: an animation also carries a `document`, a venue a `location`.
MESSAGE_KINDS = ("sticker", "animation", "photo", "voice", "audio", "video_note", "video", "document",
                 "venue", "location", "contact", "poll", "dice")


def message_kind(update: Update) -> str:
    """What a non-text message carries ("sticker", "photo", "voice"…; "other" when unknown)."""
    message = update.effective_message
    for kind in MESSAGE_KINDS:
        if message is not None and getattr(message, kind, None):
            return kind
    return "other"


async def other_message(update: Update, context: Context) -> None:
    """Answer a sticker, photo, voice note… in a private chat: Guichet reads text, with examples;
    a caption under a photo or file is read as the question; a shared position gets what is near it."""
    key = user_key(update, context)
    message = update.effective_message
    if key is None or message is None:
        return
    engine, chat = context.bot_data.engine, message.chat.id
    if message.photo:  # a photo for the report being written, else its caption is the question
        await send_reply(update, context, engine.on_photo(key, message.photo[-1].file_id, message.caption or "", chat=chat))
        return
    if message.location:  # a position (a venue, a live location's first message too): the report's, or what is near
        await send_reply(update, context, engine.on_location(key, message.location.latitude,
                                                             message.location.longitude, chat=chat))
        return
    caption = message.caption
    if caption:  # a photo of the pothole with "trou dans ma rue": the caption is the question
        await send_reply(update, context, context.bot_data.engine.on_caption(key, message_kind(update), caption))
    else:
        await send_reply(update, context, context.bot_data.engine.on_unsupported(key, message_kind(update)))
