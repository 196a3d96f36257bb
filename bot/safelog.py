"""Describe an exception for the logs without its message, which may quote a citizen's text."""

from __future__ import annotations

import traceback


def describe_exception(error: BaseException, message: str = "") -> str:
    """Exception type and traceback, *without* the exception's message (or with `message`, when the
    caller knows it is safe: a Bot API description such as "Can't parse entities…").

    Why: a message can quote the citizen's text (a KeyError on one of their words, a ValueError
    repeating the input…), and no citizen text may reach the logs at any level (RGPD).
    """
    head = f"{type(error).__module__}.{type(error).__qualname__}" + (f": {message}" if message else "")
    return head + "\n" + "".join(traceback.format_tb(error.__traceback__))
