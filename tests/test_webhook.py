"""The webhook mode (GUICHET_WEBHOOK_URL), end to end: the real Application serving PTB's webhook server,
the fake Bot API posting to it as Telegram does, on free local ports.

A request without the secret token (or a wrong one) is refused (403) and nothing is stored nor
answered; with it, the citizen is answered; an update is acknowledged (200) only once stored, so a
kill -9 after the 200 loses nothing; /health answers monitoring; a start in polling mode deletes
the webhook and fetches what Telegram kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import signal
import socket
import sqlite3

import pytest

from bot.config import Settings, SettingsError
from bot.inbox import Inbox
from handlers.app import ALLOWED_UPDATES
from handlers.webhook import InboxHandler
from tests.botprocess import leaks, signal_when, start_bot, stop_bot
from tests.fakebotapi import FakeBotAPI
from tests.harness import ask, bot_on, labels, press, run

PUBLIC_URL = "https://guichet.mairie-exemple.fr/telegram/hook"  # what the reverse proxy serves


def free_port() -> int:
    """A port the OS says is free now (closed again at once: the bot binds it next)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def webhook_settings(api: FakeBotAPI, secret: str = "") -> dict:
    """The settings of a webhook start, and the fake's "reverse proxy" pointed at the bot's port."""
    port = free_port()
    api.webhook_target = f"http://127.0.0.1:{port}"
    return {"webhook_url": PUBLIC_URL, "webhook_listen": "127.0.0.1", "webhook_port": port, "webhook_secret": secret}


def an_update(api: FakeBotAPI, user, text: str, update_id: int) -> dict:
    """An update posted by hand (not through the fake's queue), as an outsider could forge it."""
    return {"update_id": update_id, "message": api._user_message(user, None, text=text)}


def test_without_the_secret_token_nothing_is_stored_nor_answered(tmp_path):
    async def scenario():
        async with FakeBotAPI() as api:
            async with bot_on(api, tmp_path, **webhook_settings(api, secret="the-right-secret_42")):
                receiver = api.poller
                eve = api.user("Eve")
                forged = an_update(api, eve, "encombrants", 900_001)
                assert (await api.post_update(forged))[0] == 403  # no header
                assert (await api.post_update(forged, secret="guessed"))[0] == 403
                assert (await api.post_update(forged, secret="the-right-secret_42", content_type="text/plain"))[0] == 403
                await asyncio.sleep(0.3)
                assert receiver.inbox.count() == 0 and api.sent(eve.id) == []
                assert receiver.inbox.store_pushed(900_001, "{}")  # never taken: its id is new to the inbox
                receiver.inbox.done(900_001)
                status, body = await api.post_update(dict(forged, update_id=900_002), secret="the-right-secret_42")
                assert (status, body) == (200, "{}")
                await api.wait_for(lambda: len(api.sent(eve.id)) == 1, what="the answer")
                again = await api.post_update(dict(forged, update_id=900_002), secret="the-right-secret_42")
                assert again[0] == 200  # Telegram repeating itself: acknowledged, not answered twice
                await asyncio.sleep(0.3)
                assert len(api.sent(eve.id)) == 1
            assert api.refused == []

    run(scenario())


def test_citizens_are_answered_through_the_webhook_with_a_generated_secret(tmp_path):
    async def scenario():
        async with FakeBotAPI() as api:
            async with bot_on(api, tmp_path, **webhook_settings(api)):
                (call,) = api.calls_to("setWebhook", ok=True)
                secret = (tmp_path / "webhook-secret.key").read_text().strip()
                assert call.params["url"] == PUBLIC_URL and call.params["secret_token"] == secret
                assert call.params["allowed_updates"] == ALLOWED_UPDATES and {"message", "callback_query"} <= set(ALLOWED_UPDATES)
                assert call.params["drop_pending_updates"] is False and int(call.params["max_connections"]) >= 1
                alice = api.user("Alice")
                (menu,) = await ask(api, alice, "/menu")
                await press(api, menu, label=labels(menu)[0])
                (reply,) = await ask(api, alice, "encombrants")
                assert "encombrants" in reply.text.lower()
                assert api.webhook_posts and all(status == 200 for _, status in api.webhook_posts)
                assert api.calls_to("getUpdates") == []
                assert api.poller.inbox.count() == 0
            assert (tmp_path / "webhook-secret.key").stat().st_mode & 0o777 == 0o600
            assert api.refused == [] and api.unanswered_callbacks() == []

    run(scenario())


def test_health_says_serving_with_counts_only(tmp_path):
    async def scenario():
        async with FakeBotAPI() as api:
            async with bot_on(api, tmp_path, **webhook_settings(api, secret="s3cret")):
                status, body = await api.get_path("/health")
                report = json.loads(body)
                assert status == 200 and report == {"status": "ok", "inbox_pending": 0, "outbox_pending": 0,
                                                     "knowledge_loaded": True}
                api.poller.stop()  # as SIGTERM does, before the server closes
                status, body = await api.get_path("/health")
                assert status == 503 and json.loads(body)["status"] == "stopping"
                assert "s3cret" not in body

    run(scenario())


def test_starting_in_polling_mode_deletes_the_webhook_and_fetches_what_telegram_kept(tmp_path):
    async def scenario():
        async with FakeBotAPI() as api:
            alice = api.user("Alice")
            async with bot_on(api, tmp_path, **webhook_settings(api)):
                await ask(api, alice, "encombrants")
            api.send_text(alice, "passeport")  # arrives while no bot runs: Telegram keeps it
            await asyncio.sleep(0.3)
            assert api.pending_updates() == 1
            async with bot_on(api, tmp_path):  # GUICHET_WEBHOOK_URL removed: polling
                await api.wait_for(lambda: len(api.sent(alice.id)) == 2, what="the kept update answered")
                (call,) = api.calls_to("deleteWebhook", ok=True)
                assert call.params.get("drop_pending_updates") is False
                assert api.webhook_url == "" and api.calls_to("getUpdates", ok=True)
                (reply,) = await ask(api, alice, "encombrants")  # and polling goes on
            assert len(api.calls_to("deleteWebhook")) == 1 and api.refused == []

    run(scenario())


def _queued(data) -> int:
    """Messages waiting in the outbound queue of the bot whose data folder is `data`."""
    with contextlib.closing(sqlite3.connect(data / "guichet.db", timeout=5)) as db:
        return db.execute("select count(*) from outbox").fetchone()[0]


def test_kill_9_after_the_200_loses_nothing_and_sigterm_stops_cleanly(tmp_path):
    """A press is acknowledged once stored; the bot is killed while handling it; the next start handles it.

    The kill comes when the bot answers the press (answerCallbackQuery, before its reply is queued),
    an answer the fake holds back: the update was acknowledged (Telegram forgot it) and not handled.
    """

    async def scenario():
        data, log = tmp_path / "data", tmp_path / "bot.log"
        async with FakeBotAPI() as api:
            port = free_port()
            api.webhook_target = f"http://127.0.0.1:{port}"
            env = {"GUICHET_WEBHOOK_URL": PUBLIC_URL, "GUICHET_WEBHOOK_PORT": str(port)}
            first = await start_bot(api, data, log, **env)
            await api.wait_for(lambda: len(api.calls_to("setWebhook")) == 1, 30, "the bot to start")
            alice = api.user("Alice")
            api.send_text(alice, "/menu")
            await api.wait_for(lambda: len(api.sent(alice.id)) == 1, 30, "the menu")
            # The outbound queue is at least once: killed between Telegram's ok for the menu and the
            # deletion of its row, the bot would send the menu again at the next start. Wait for the
            # deletion, so that the crash tested is the press's, not that window.
            await api.wait_for(lambda: _queued(data) == 0, 30, "the menu's row deleted from the outbound queue")
            (menu,) = api.sent(alice.id)
            api.inject_fault("answerCallbackQuery", "slow", delay=30, deliver=False)
            killed = signal_when(api, first, signal.SIGKILL, lambda c: c.method == "answerCallbackQuery", nth=1)
            qid = api.press(menu, label=labels(menu)[0])
            assert await asyncio.wait_for(first.wait(), 30) == -signal.SIGKILL and killed["at"] is not None
            assert api.webhook_posts == [(1, 200), (2, 200)] and api.pending_updates() == 0  # Telegram forgot it
            with sqlite3.connect(data / "inbox.db") as db:
                assert db.execute("select update_id from inbox").fetchall() == [(2,)]
            second = await start_bot(api, data, log, **env)
            await api.wait_for(lambda: api.callback_queries[qid]["answered"], 30, "the press handled")
            await api.wait_for(lambda: len(api.replies(alice.id)) == 2, 30, "the menu changed")
            await asyncio.sleep(0.5)  # a repeat would show up here
            assert await stop_bot(second) == 0
            assert len(api.replies(alice.id)) == 2 and api.refused == []
            secret = (data / "webhook-secret.key").read_text().strip()
        with sqlite3.connect(data / "inbox.db") as db:
            assert db.execute("select count(*) from inbox").fetchone()[0] == 0
        output = log.read_text()
        assert "Guichet arrêté" in output and "webhook" in output
        assert leaks(output, tokens=[api.token, secret], texts=["/menu"], ids=[alice.id]) == []

    run(scenario())


def test_pushed_updates_out_of_order_are_all_taken_and_repeats_are_not(tmp_path):
    inbox = Inbox(tmp_path / "inbox.db")
    inbox.store([(10, "a")])
    assert inbox.store_pushed(12, "c") and inbox.store_pushed(11, "b")  # two chats at once: 11 comes late
    assert not inbox.store_pushed(12, "c")  # our 200 was lost: Telegram sends it again
    assert not inbox.store_pushed(10, "a")  # polling took it, stopped before confirming: no second answer
    assert inbox.next_offset() == 11  # pushes leave polling's offset alone
    inbox.done(11)
    # back to polling: Telegram returns what it still holds, 12 among it (never acknowledged)
    assert inbox.store([(12, "c"), (13, "d")]) == [(13, "d")]
    assert [uid for uid, _ in inbox.pending()] == [10, 12, 13]
    assert not inbox.store_pushed(11, "b")  # handled and deleted: still known by its id
    inbox.close()


def test_webhook_settings_are_checked_and_the_secret_is_kept(tmp_path):
    def parse(**env):
        return Settings.from_env({"GUICHET_DATA_DIR": str(tmp_path), **env}, load_dotenv_file=False)

    assert parse().webhook_url == "" and parse().webhook_listen == "127.0.0.1"
    assert parse(GUICHET_WEBHOOK_URL="https://a.fr:8443/tg/").webhook_path == "/tg"
    for url in ("http://a.fr/tg", "https://a.fr:9000/tg", "https://a.fr/health", "https://a.fr/tg?x=1"):
        with pytest.raises(SettingsError, match="GUICHET_WEBHOOK_URL"):
            parse(GUICHET_WEBHOOK_URL=url)
    with pytest.raises(SettingsError) as refused:
        parse(GUICHET_WEBHOOK_SECRET="not allowed!")
    assert "not allowed" not in str(refused.value)  # a secret is never repeated in an error
    settings = parse()
    generated = settings.resolved_webhook_secret()
    assert len(generated) >= 32 and settings.resolved_webhook_secret() == generated
    assert parse(GUICHET_WEBHOOK_SECRET="mine_1").resolved_webhook_secret() == "mine_1"
    (tmp_path / "webhook-secret.key").write_text("bad secret\n")
    with pytest.raises(SettingsError, match="abîmé"):
        settings.resolved_webhook_secret()


def test_what_we_use_of_ptbs_private_webhook_module_is_still_there():
    """telegram.ext._utils.webhookhandler is private: a PTB upgrade must fail here, not in production."""
    from telegram.ext._utils.webhookhandler import TelegramHandler, WebhookAppClass, WebhookServer

    assert list(inspect.signature(TelegramHandler.initialize).parameters) == ["self", "bot", "update_queue",
                                                                               "secret_token"]
    assert callable(TelegramHandler._validate_post) and issubclass(InboxHandler, TelegramHandler)
    assert list(inspect.signature(WebhookServer).parameters)[:5] == ["listen", "port", "webhook_app", "ssl_ctx",
                                                                     "unix"]
    assert inspect.iscoroutinefunction(WebhookServer.serve_forever)
    assert inspect.iscoroutinefunction(WebhookServer.shutdown)
    assert "log_request" in vars(WebhookAppClass)


def test_a_port_already_taken_stops_the_start_with_one_french_sentence(tmp_path):
    async def scenario():
        async with FakeBotAPI() as api:
            with socket.socket() as taken:
                taken.bind(("127.0.0.1", 0))
                taken.listen()
                settings = dict(webhook_settings(api), webhook_port=taken.getsockname()[1])
                with pytest.raises(RuntimeError, match="le webhook ne peut pas écouter sur 127.0.0.1:"):
                    async with bot_on(api, tmp_path, **settings):
                        pass
            assert api.calls_to("setWebhook") == []

    run(scenario())
