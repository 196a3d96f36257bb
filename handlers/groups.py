"""Group chats, the Telegram side: is a message addressed to the bot, the group's flood gate, the hello.

In a group the bot speaks only when spoken to: a command (for it, not `/aide@AnotherBot`), a
mention of its username (any case) or of its name picked from the member list (a `text_mention`),
or a reply to one of its messages. Everything else, chatter, stickers, photos, positions, service
messages, gets silence. What to answer and what never to say there is the engine's
(bot/engine_groups.py); here the group becomes a keyed hash, and the raw chat id goes no further.
"""

from __future__ import annotations

from telegram import Bot, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import filters

from handlers.context import Context
from handlers.keyboard import in_group, send_reply

def group_key(update: Update, context: Context) -> str | None:
    """The keyed hash of the update's group (None in a private chat)."""
    return context.bot_data.engine.group_key(update.effective_chat.id) if in_group(update) else None


def _mentions(message: Message, bot: Bot) -> list[str]:
    """The parts of the text that name this bot: `@username` (any case) or a text_mention of it."""
    found = []
    entities = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    for entity, text in entities.items():
        if entity.type == MessageEntity.MENTION and bot.username and text[1:].lower() == bot.username.lower():
            found.append(text)
        elif entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == bot.id:
            found.append(text)
    return found


def _replies_to_bot(message: Message, bot: Bot) -> bool:
    replied = message.reply_to_message
    return bool(replied is not None and replied.from_user is not None and replied.from_user.id == bot.id)


def _own_inline_result(message: Message, bot: Bot) -> bool:
    """A card a member posted through the bot's inline mode: theirs to share, not a question to it."""
    return message.via_bot is not None and message.via_bot.id == bot.id


def addressed_text(update: Update, context: Context) -> str | None:
    """The question meant for the bot (its mentions taken out), or None when a group message is not
    addressed to it; in a private chat, the whole text."""
    message = update.effective_message
    if message is None or message.text is None:
        return None
    if message.chat.type == ChatType.PRIVATE:
        return message.text
    bot = context.bot
    mentions = _mentions(message, bot)
    if _own_inline_result(message, bot) or not (mentions or _replies_to_bot(message, bot)):
        return None
    text = message.text
    for mention in mentions:
        text = text.replace(mention, " ", 1)
    return " ".join(text.split()) or None


class Addressed(filters.MessageFilter):
    """A group message for this bot: it mentions the bot or replies to one of its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        return not _own_inline_result(message, bot) and bool(_mentions(message, bot) or _replies_to_bot(message, bot))


class CommandForUs(filters.MessageFilter):
    """`/something@ThisBot`: a command explicitly for this bot, known or not (a bare `/something` in
    a group may be for any bot there, so an unknown one gets silence)."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        entities = message.entities or ()
        if not (message.text and entities and entities[0].type == MessageEntity.BOT_COMMAND and entities[0].offset == 0):
            return False
        head = message.parse_entity(entities[0])
        return bool(bot.username) and head.partition("@")[2].lower() == bot.username.lower()


class BotAdded(filters.MessageFilter):
    """The service message saying this bot joined a group (added, or among the members at creation)."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        if message.group_chat_created or message.supergroup_chat_created:
            return True
        return any(member.id == bot.id for member in message.new_chat_members or ())


ADDRESSED = Addressed(name="Addressed")
COMMAND_FOR_US = CommandForUs(name="CommandForUs")
BOT_ADDED = BotAdded(name="BotAdded")


async def over_budget(update: Update, context: Context) -> bool:
    """Spend one token of the group's flood budget (nothing in a private chat); True when the group
    is over it: the one notice is then sent (the first time), and the caller stops."""
    group = group_key(update, context)
    if group is None:
        return False
    flooded = context.bot_data.engine.on_group_message(group, update.effective_chat.id)
    if flooded is None:
        return False
    await send_reply(update, context, flooded)
    return True


async def joined(update: Update, context: Context) -> None:
    """The bot was added to a group: the engine's short hello, saying how to address it there."""
    group = group_key(update, context)
    if group is not None:
        await send_reply(update, context, context.bot_data.engine.on_group_joined(group, update.effective_chat.id))
