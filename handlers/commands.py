"""Slash commands: one handler per entry of the engine's command table (`bot.commands.COMMANDS`), and unknown ones."""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable

from telegram import Update
from telegram.constants import ChatType

from bot.commands import Command
from handlers.context import Context
from handlers.groups import over_budget
from handlers.keyboard import origin, send_reply, user_key

Handler = Callable[[Update, Context], Awaitable[None]]


def command_text(update: Update) -> str:
    """What follows the command ("/contact le lampadaire…" → "le lampadaire…"), line breaks kept."""
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    parts = text.split(None, 1)
    return parts[1].strip() if len(parts) > 1 else ""


def handler_for(command: Command) -> Handler:
    """The handler of `command`: call its engine method for this citizen (pseudonymous key only),
    or, for a staff command, for the chat it was typed in (a slow one, /stats, in a worker thread)."""

    async def handle(update: Update, context: Context) -> None:
        engine = context.bot_data.engine
        chat = update.effective_chat
        if command.staff:
            if chat is not None:
                extra = {"text": command_text(update)} if command.with_text else {}
                method = getattr(engine, command.method)
                reply = (await asyncio.to_thread(method, chat.id, **extra)) if command.slow else method(chat.id, **extra)
                await send_reply(update, context, reply)
            return
        key = user_key(update, context)
        if key is None or await over_budget(update, context):
            return
        if command.personal and chat is not None and chat.type != ChatType.PRIVATE:  # never one's own data in a group
            await send_reply(update, context, engine.on_go_private(key, command.name))
            return
        extra = ({"text": command_text(update), "chat": chat.id, "origin": origin(update)}
                 if command.with_text and chat is not None else {})
        if command.private:
            extra["private"] = chat is not None and chat.type == ChatType.PRIVATE
        if command.payload:
            extra["payload"] = command_text(update)
        await send_reply(update, context, getattr(engine, command.method)(key, **extra))

    handle.__name__ = f"on_{command.name}"
    handle.__doc__ = f"/{command.name}: {command.description}."
    return handle


async def unknown_command(update: Update, context: Context) -> None:
    """Answer a command Guichet does not know with the help (without /aide's "📍 Autour de moi"
    keyboard: a mistyped command, or one meant for another bot, is no greeting). In a group, only
    `/something@ThisBot` gets here (handlers/app.py): a bare unknown command may be another bot's."""
    key = user_key(update, context)
    if key is not None and not await over_budget(update, context):
        await send_reply(update, context, context.bot_data.engine.on_help(key))
