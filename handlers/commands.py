"""Slash commands: /start, /help (/aide), /menu, and any unknown command."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.keyboard import get_engine, send_reply, user_key


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome the citizen with example questions as buttons (/start)."""
    key = user_key(update, context)
    if key is not None:
        await send_reply(update, context, get_engine(context).on_start(key))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain how to use Guichet (/help, /aide)."""
    key = user_key(update, context)
    if key is not None:
        await send_reply(update, context, get_engine(context).on_help(key))


async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the categories as buttons (/menu)."""
    key = user_key(update, context)
    if key is not None:
        await send_reply(update, context, get_engine(context).on_menu(key))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a command Guichet does not know with the help."""
    await help_command(update, context)


async def hours(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the town hall's opening hours (/horaires)."""
    key = user_key(update, context)
    if key is not None:
        await send_reply(update, context, get_engine(context).on_hours(key))


async def privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain what is stored, why and for how long (/confidentialite)."""
    key = user_key(update, context)
    if key is not None:
        await send_reply(update, context, get_engine(context).on_privacy(key))


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete everything stored about the citizen and confirm (/oubli)."""
    key = user_key(update, context)
    if key is not None:
        await send_reply(update, context, get_engine(context).on_forget(key))
