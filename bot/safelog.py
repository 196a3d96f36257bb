"""Logs without secrets: exceptions described without their message (it may quote a citizen), tokens masked."""

from __future__ import annotations

import logging
import re
import traceback


def describe_exception(error: BaseException, message: str = "") -> str:
    """Exception type and traceback, *without* the exception's message (or with `message`, when the
    caller knows it is safe: a Bot API description such as "Can't parse entities…").

    Why: a message can quote the citizen's text (a KeyError on one of their words, a ValueError
    repeating the input…), and no citizen text may reach the logs at any level (RGPD).
    """
    head = f"{type(error).__module__}.{type(error).__qualname__}" + (f": {message}" if message else "")
    return head + "\n" + "".join(traceback.format_tb(error.__traceback__))


TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]{20,}")  # a Bot API token, wherever it appears (URLs, messages)
MASK = "<jeton masqué>"


def mask_tokens(text: str) -> str:
    """`text` with every bot token replaced by a mask (start-up errors quote it, httpx URLs contain it)."""
    return TOKEN.sub(MASK, text)


class TokenFilter(logging.Filter):
    """A filter for the root handlers: masks tokens in the message and in the traceback of every record.

    Why on the handler and not on loggers: records of every library (httpx, telegram, asyncio)
    pass through the root handlers, whichever logger made them.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_tokens(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_tokens(record.stack_info)
        return True


def install_token_filter() -> None:
    """Put a TokenFilter on every root handler (call after logging is configured)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, TokenFilter) for f in handler.filters):
            handler.addFilter(TokenFilter())
