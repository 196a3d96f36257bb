"""The typed context every handler receives: `context.bot_data.engine` instead of a string key in a dict."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram.ext import CallbackContext, ContextTypes, ExtBot

if TYPE_CHECKING:  # the engine is imported lazily so handlers/ stays importable on its own
    import asyncio

    from bot.engine import Engine
    from handlers.outbound import OutboundSender


class BotData:
    """What the Application keeps for all chats: the engine, set once by `build_application`."""

    engine: "Engine"
    sender: "OutboundSender"   # the outbound queue's sender, started after initialisation
    sender_task: "asyncio.Task"


Context = CallbackContext[ExtBot, dict, dict, BotData]
CONTEXT_TYPES = ContextTypes(context=CallbackContext, bot_data=BotData)
