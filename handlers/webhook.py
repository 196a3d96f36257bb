"""The webhook mode (GUICHET_WEBHOOK_URL): Telegram posts each update; it is answered 200 only once stored.

Served by python-telegram-bot's own server (tornado, the `webhooks` extra): its `WebhookServer`,
and its `TelegramHandler` for the checks it already makes on every request (JSON content type,
the `X-Telegram-Bot-Api-Secret-Token` header equal to our secret, else 403). Its `post()` puts
the update in PTB's in-memory queue and answers 200 at once: a crash then loses the update, which
Telegram considers delivered. `InboxHandler.post()` instead writes the update to the durable inbox
(bot/inbox.py, fsynced) and only then answers 200; a crash before that makes Telegram send it
again, and an id already taken is answered 200 without being stored twice. The stored row is then
handled by the same dispatcher as polling (handlers/dispatch.py): per-chat order, clean stop.

`/health` on the same server answers monitoring without the secret: 200 while serving, 503 when
stopping or without knowledge, a small JSON of counts (nothing about any person).

These classes live in a private module of python-telegram-bot (`telegram.ext._utils`); the
version is pinned below 23 (pyproject.toml) and tests/test_webhook.py checks what we use of it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import sqlite3
from http import HTTPStatus
from typing import TYPE_CHECKING, AsyncIterator, Sequence

import tornado.web
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application
from telegram.ext._utils.webhookhandler import TelegramHandler, WebhookAppClass, WebhookServer

from bot.inbox import Inbox
from handlers.dispatch import UpdateDispatcher
from handlers.lifecycle import started

if TYPE_CHECKING:
    from telegram import Bot

    from bot.config import Settings
    from bot.engine import Engine

logger = logging.getLogger("guichet.webhook")

MAX_CONNECTIONS = 8  # Telegram's connections at once: each is answered as soon as its update is stored
SET_WEBHOOK_RETRY = 5.0  # seconds between two setWebhook attempts while Telegram is unreachable
HEALTH_PATH = "/health"


class WebhookReceiver:
    """Store each pushed update, hand it to the dispatcher; the state `/health` reports."""

    def __init__(self, dispatcher: UpdateDispatcher, engine: "Engine") -> None:
        self.dispatcher = dispatcher
        self.inbox = dispatcher.inbox
        self.engine = engine
        self.serving = False  # True between the server's start and the stop

    @property
    def handled(self) -> int:
        """Updates handled since start-up."""
        return self.dispatcher.handled

    def stop(self) -> None:
        """Stop accepting updates (idempotent; safe from a signal handler): they wait at Telegram."""
        self.dispatcher.stopping.set()

    async def finished(self) -> None:
        """Wait until asked to stop."""
        await self.dispatcher.stopping.wait()

    async def receive(self, data: object) -> HTTPStatus:
        """The HTTP status for one update Telegram posted: 200 only once it is stored (or was before)."""
        update_id = data.get("update_id") if isinstance(data, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            return HTTPStatus.BAD_REQUEST
        if await self.dispatcher.wait_for_room() == 0:
            return HTTPStatus.SERVICE_UNAVAILABLE  # stopping: Telegram keeps it and sends it again later
        body = json.dumps(data, ensure_ascii=False)
        try:
            new = self.inbox.store_pushed(update_id, body)
        except sqlite3.Error as exc:  # full disk: not stored, so not acknowledged; Telegram retries
            self.dispatcher.failed_writes.failed("mise à jour reçue", exc)
            return HTTPStatus.SERVICE_UNAVAILABLE
        if new:
            self.dispatcher.dispatch(update_id, body)
        return HTTPStatus.OK

    def health(self) -> tuple[HTTPStatus, dict]:
        """What monitoring needs to know, counts only: is the bot serving, what waits where."""
        knowledge = self.engine.knowledge
        loaded = bool(knowledge is not None and knowledge.entries)
        up = self.serving and not self.dispatcher.stopping.is_set()
        outbox = self.engine.outbox
        report = {
            "status": "ok" if up and loaded else ("stopping" if not up else "no-knowledge"),
            "inbox_pending": self.inbox.count(),
            "outbox_pending": outbox.pending() if outbox is not None else 0,
            "knowledge_loaded": loaded,
        }
        return (HTTPStatus.OK if up and loaded else HTTPStatus.SERVICE_UNAVAILABLE), report


class InboxHandler(TelegramHandler):
    """PTB's handler of Telegram's POSTs, its checks kept (403 without the secret), storing before 200."""

    def initialize(self, bot: "Bot", secret_token: str, receiver: WebhookReceiver) -> None:  # type: ignore[override]
        super().initialize(bot=bot, update_queue=None, secret_token=secret_token)  # type: ignore[arg-type]
        self.receiver = receiver

    async def post(self) -> None:
        """Check the request as PTB does, store the update, then answer (200: Telegram forgets it)."""
        self._validate_post()  # PTB's: Content-Type JSON and the secret token header, else 403
        try:
            data = json.loads(self.request.body)
        except ValueError:
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST, reason="Not JSON") from None
        status = await self.receiver.receive(data)
        self.set_status(status)
        self.finish("{}" if status == HTTPStatus.OK else json.dumps({"error": status.phrase}))


class HealthHandler(tornado.web.RequestHandler):
    """GET /health: 200 and {"status": "ok", …} while serving; 503 otherwise. No secret needed."""

    SUPPORTED_METHODS = ("GET",)  # type: ignore[assignment]

    def initialize(self, receiver: WebhookReceiver) -> None:
        self.receiver = receiver

    def get(self) -> None:
        status, report = self.receiver.health()
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(report))


class GuichetWebhookApp(WebhookAppClass):
    """PTB's webhook application (its quiet request log kept) with our two routes instead of its one."""

    def __init__(self, path: str, bot: "Bot", secret_token: str, receiver: WebhookReceiver) -> None:
        # WebhookAppClass.__init__ would route the path to PTB's TelegramHandler: build the routes here.
        self.shared_objects = {"bot": bot, "secret_token": secret_token, "receiver": receiver}
        tornado.web.Application.__init__(self, [  # pylint: disable=non-parent-init-called
            (rf"{re.escape(path)}/?", InboxHandler, self.shared_objects),
            (re.escape(HEALTH_PATH), HealthHandler, {"receiver": receiver}),
        ])


@contextlib.asynccontextmanager
async def webhook(application: Application, inbox: Inbox, settings: "Settings", *,
                  allowed_updates: Sequence[str] | None, max_connections: int = MAX_CONNECTIONS,
                  **options: int) -> AsyncIterator[WebhookReceiver]:
    """Start the Application, handle what the inbox holds, serve, then tell Telegram (setWebhook).

    On the way out: no new update is taken (503, Telegram keeps it), the server stops, the updates
    being handled finish (STOP_GRACE), the others stay in the inbox. The webhook stays set, so
    Telegram keeps what arrives meanwhile for the next start.
    """
    secret = settings.resolved_webhook_secret()
    async with started(application):
        dispatcher = UpdateDispatcher(application, inbox, **options)
        receiver = WebhookReceiver(dispatcher, application.bot_data.engine)
        app = GuichetWebhookApp(settings.webhook_path, application.bot, secret, receiver)
        server = WebhookServer(settings.webhook_listen, settings.webhook_port, app, None)
        try:
            await server.serve_forever()
        except OSError as exc:
            raise RuntimeError(f"le webhook ne peut pas écouter sur {settings.webhook_listen}:"
                               f"{settings.webhook_port} ({exc.strerror or exc}) ; changez "
                               "GUICHET_WEBHOOK_LISTEN ou GUICHET_WEBHOOK_PORT.") from None
        receiver.serving = True
        try:
            dispatcher.replay()  # what a previous run left, before anything new
            await _set_webhook(application.bot, settings.webhook_url, secret, allowed_updates, max_connections,
                               dispatcher.stopping)
            yield receiver
        finally:
            receiver.stop()
            await server.shutdown()
            await dispatcher.drain()


async def _set_webhook(bot: "Bot", url: str, secret: str, allowed_updates: Sequence[str] | None,
                       max_connections: int, stopping: asyncio.Event) -> None:
    """setWebhook, keeping what Telegram holds; retried while Telegram is unreachable, until stopped.

    A refusal (a URL Telegram will not call) raises: nothing would ever arrive.
    """
    while not stopping.is_set():
        try:
            await bot.set_webhook(url, secret_token=secret, allowed_updates=allowed_updates,
                                  max_connections=max_connections, drop_pending_updates=False)
            logger.info("Webhook enregistré chez Telegram (%d connexion(s) au plus)", max_connections)
            return
        except BadRequest as exc:  # a NetworkError in PTB, but one that no retry will cure
            raise RuntimeError(f"Telegram refuse le webhook : {exc.message}") from None
        except (NetworkError, RetryAfter) as exc:
            logger.warning("Telegram injoignable pour enregistrer le webhook (%s) ; nouvel essai dans %.0f s",
                           exc.message, SET_WEBHOOK_RETRY)
        except TelegramError as exc:
            raise RuntimeError(f"Telegram refuse le webhook : {exc.message}") from None
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stopping.wait(), SET_WEBHOOK_RETRY)
