"""Slash commands: /start, /help (/aide), /menu, /horaires, /confidentialite, /oubli, unknown ones."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.keyboard import get_engine, send_reply, user_key


async def _reply_with(update: Update, context: ContextTypes.DEFAULT_TYPE, method: str) -> None:
    """Call the engine's `method` for this citizen (pseudonymous key only) and send its reply."""
    key = user_key(update, context)
    if key is not None:
        await send_reply(update, context, getattr(get_engine(context), method)(key))


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome the citizen with example questions as buttons (/start)."""
    await _reply_with(update, context, "on_start")


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain how to use Guichet (/help, /aide)."""
    await _reply_with(update, context, "on_help")


async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the categories as buttons (/menu)."""
    await _reply_with(update, context, "on_menu")


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a command Guichet does not know with the help."""
    await help_command(update, context)


async def hours(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the town hall's opening hours (/horaires)."""
    await _reply_with(update, context, "on_hours")


async def privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain what is stored, why and for how long (/confidentialite)."""
    await _reply_with(update, context, "on_privacy")


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete everything stored about the citizen and confirm (/oubli)."""
    await _reply_with(update, context, "on_forget")
