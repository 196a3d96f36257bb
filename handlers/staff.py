"""The town's side in Telegram: a staff member's reply to a request's post answers the citizen."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import filters

from handlers.context import Context
from handlers.keyboard import origin, send_reply


class RepliesFromStaff(filters.MessageFilter):
    """Replies to one of the bot's messages, in the staff chat or in an official's chat.

    A filter rather than a check inside the handler: a reply elsewhere (a citizen replying to an
    answer) must go on to the question handler, which a handler that returns early would not allow.
    """

    def __init__(self, accepts: "callable") -> None:  # type: ignore[valid-type]
        super().__init__(name="RepliesFromStaff")
        self.accepts = accepts

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return bool(replied is not None and replied.from_user is not None and replied.from_user.is_bot
                    and self.accepts(message.chat.id))


async def reply(update: Update, context: Context) -> None:
    """Send the staff member's text to the citizen of the request whose post it replies to."""
    message = update.effective_message
    if message is None or message.reply_to_message is None:
        return
    engine = context.bot_data.engine
    await send_reply(update, context, engine.on_staff_reply(message.chat.id, message.reply_to_message.message_id,
                                                            message.text or "", origin(update)))
