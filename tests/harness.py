"""Run the real Application against the strict fake Bot API (shared by the end-to-end tests).

`running_bot()` starts the fake, builds the Application exactly as `guichet run` does
(`build_application`), polls through the durable inbox (`handlers.polling`), and on exit checks that the fake refused nothing and that every
button press was answered.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import replace
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Iterable

from bot.inbox import Inbox
from handlers.app import ALLOWED_UPDATES, build_application, inbox_path
from handlers.polling import polling
from handlers.webhook import webhook
from bot.config import Settings
from bot.engine import Engine
from tests.fakebotapi import Call, FakeBotAPI, StoredMessage

MINI = Path(__file__).parent / "fixtures" / "knowledge-mini"
DEMO = Path(__file__).parent / "fixtures" / "demo-town"  # frozen copy of the demo town (its README says why)


def run(coro):
    return asyncio.run(coro)


@contextlib.asynccontextmanager
async def running_bot(
    tmp_path: Path,
    knowledge: Path | Iterable[Path] = MINI,
    request_timeout: float | None = None,
    *,
    token: str | None = None,
    allowed_updates: list[str] | None = ALLOWED_UPDATES,
    allow_refused: Callable[[Call], bool] | None = None,
    per_chat_pacing: bool = False,
    **settings_overrides: Any,
) -> AsyncIterator[tuple[FakeBotAPI, Engine]]:
    """Start the fake, then the real Application polling it; on exit, check Telegram's rules held.

    `allow_refused(call)` tells which refusals are expected (a 403 from a user who blocked the
    bot); every other refused call fails the test. The Application is `api.app`. Per-chat pacing
    (one message a second in a private chat) is off unless asked: the overall 30/s stays on.
    """
    api_kwargs = {"token": token} if token else {}
    async with FakeBotAPI(**api_kwargs) as api:
        async with bot_on(api, tmp_path, knowledge, request_timeout, allowed_updates=allowed_updates,
                          per_chat_pacing=per_chat_pacing,
                          **settings_overrides) as engine:
            yield api, engine
        unexpected = [c for c in api.refused if not (allow_refused and allow_refused(c))]
        assert unexpected == [], api.summary()
        assert api.unanswered_callbacks() == []


@contextlib.asynccontextmanager
async def bot_on(
    api: FakeBotAPI,
    tmp_path: Path,
    knowledge: Path | Iterable[Path] = MINI,
    request_timeout: float | None = None,
    *,
    allowed_updates: list[str] | None = ALLOWED_UPDATES,
    per_chat_pacing: bool = False,
    **settings_overrides: Any,
) -> AsyncIterator[Engine]:
    """The real Application polling an already running fake (so a test can restart the bot on it);
    served by webhook instead when `webhook_url` is among the settings (tests/test_webhook.py)."""
    dirs = (knowledge,) if isinstance(knowledge, Path) else tuple(knowledge)
    settings = Settings(
        knowledge_dirs=dirs,
        data_dir=tmp_path,
        secret="secret-for-tests",
        telegram_token=api.token,
        telegram_base_url=api.base_url,
    )
    settings = replace(settings, **settings_overrides)
    engine = Engine.from_settings(settings)
    app = build_application(settings, engine, request_timeout=request_timeout, per_chat_pacing=per_chat_pacing)
    api.app = app  # type: ignore[attr-defined]
    inbox = Inbox(inbox_path(settings))
    try:
        # as `guichet run`: getMe, setMyCommands, jobs and the sender, then our inbox polling loop (or webhook)
        receiving = (webhook(app, inbox, settings, allowed_updates=allowed_updates) if settings.webhook_url
                     else polling(app, inbox, allowed_updates=allowed_updates, poll_timeout=1))
        async with receiving as poller:
            api.poller = poller  # type: ignore[attr-defined]
            yield engine
            await api.wait_idle()
    finally:
        inbox.close()
        engine.close()


async def ask(api: FakeBotAPI, user, text: str, replies: int = 1) -> list[StoredMessage]:
    """Send `text` and return the bot's new messages once `replies` more arrived."""
    before = len(api.sent(user.id))
    api.send_text(user, text)
    await api.wait_for(lambda: len(api.sent(user.id)) >= before + replies, what=f"a reply to {text!r}")
    return api.sent(user.id)[before:]


async def press(api: FakeBotAPI, message: StoredMessage, *, label: str | None = None, data: str | None = None) -> dict:
    """Press a button and wait until the bot answered the query (toast) and went quiet."""
    qid = api.press(message, label=label, data=data)
    await api.wait_for(lambda: api.callback_queries[qid]["answered"], what="answerCallbackQuery")
    await api.wait_idle(quiet=0.1)
    return api.callback_queries[qid]


def labels(message: StoredMessage) -> list[str]:
    return [b["text"] for b in message.buttons]
