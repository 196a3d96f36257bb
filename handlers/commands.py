"""Slash commands: one handler per entry of the engine's command table (`bot.commands.COMMANDS`), and unknown ones."""

from __future__ import annotations

from typing import Awaitable, Callable

from telegram import Update

from bot.commands import Command, find
from handlers.context import Context
from handlers.keyboard import send_reply, user_key

Handler = Callable[[Update, Context], Awaitable[None]]


def handler_for(command: Command) -> Handler:
    """The handler of `command`: call its engine method for this citizen (pseudonymous key only)."""

    async def handle(update: Update, context: Context) -> None:
        key = user_key(update, context)
        if key is not None:
            await send_reply(update, context, getattr(context.bot_data.engine, command.method)(key))

    handle.__name__ = f"on_{command.name}"
    handle.__doc__ = f"/{command.name}: {command.description}."
    return handle


async def unknown_command(update: Update, context: Context) -> None:
    """Answer a command Guichet does not know with the help."""
    await handler_for(find("aide"))(update, context)  # type: ignore[arg-type]
