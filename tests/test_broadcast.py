"""A staff announcement to 1,000 followers through the durable queue: each gets it once, paced under
Telegram's limits, through injected 429s and a restart of the bot halfway; a follower who blocked the bot is unsubscribed."""

from __future__ import annotations

import asyncio
import collections
import time

from tests.fakebotapi import FakeBotAPI
from tests.harness import DEMO, bot_on, run

PROJECT = "voie-verte"
FOLLOWERS = 1000
TEXT = "Réunion publique sur la voie verte jeudi à 18 h, salle des fêtes."


def add_followers(engine, people) -> None:
    """1,000 follows and chat rows written at once, as 1,000 presses of « Suivre » would have."""
    conn = engine.storage.db.conn
    with engine.storage.lock:
        conn.execute("begin immediate")
        for person in people:
            key = engine.user_key(person.id)
            conn.execute("insert into chats (user, chat_id, at) values (?, ?, '2026-12-01T10:00:00+00:00')",
                         [key, person.id])
            conn.execute("insert into follows (user, project, at) values (?, ?, '2026-12-01T10:00:00+00:00')",
                         [key, PROJECT])
        conn.execute("commit")


def test_an_announcement_reaches_1000_followers_once_paced_through_429s_and_a_restart(tmp_path):
    async def scenario():
        async with FakeBotAPI() as api:
            people = [api.user(f"P{i}") for i in range(FOLLOWERS)]
            blocked = people[500]
            api.block(blocked)

            def announcements():
                return [c for c in api.calls_to("sendMessage", ok=True) if "Réunion publique" in str(c.params.get("text"))]

            start = time.monotonic()
            async with bot_on(api, tmp_path, DEMO) as engine:
                add_followers(engine, people)
                api.inject_fault("sendMessage", "429", times=3, retry_after=1)
                assert engine.announce(PROJECT, TEXT) == FOLLOWERS
                await api.wait_for(lambda: len(announcements()) >= 300, timeout=60, what="a third sent")
            halfway = len(announcements())  # stopped cleanly mid-broadcast: the rest waits in the outbox
            # a real restart takes longer than a second (a new process, the knowledge loaded); the new
            # pacer starts with an empty window, so an in-process restart this fast could burst past it
            await asyncio.sleep(1.0)
            async with bot_on(api, tmp_path, DEMO) as engine:
                await api.wait_for(lambda: len(announcements()) >= FOLLOWERS - 1, timeout=90, what="all sent")
                await api.wait_idle(quiet=1.5)
                assert engine.outbox.pending() == 0
                assert engine.projects.followed(engine.user_key(blocked.id)) == []  # the 403 unsubscribed them
                assert engine.projects.follower_count(PROJECT) == FOLLOWERS - 1
            elapsed = time.monotonic() - start
            per_chat = collections.Counter(int(c.params["chat_id"]) for c in announcements())
            assert set(per_chat) == {p.id for p in people} - {blocked.id}
            assert max(per_chat.values()) == 1  # no duplicate, across the restart
            most = api.most_in_one_second("sendMessage")
            assert most <= 30
            assert [c for c in api.refused if not (c.refused or "").startswith(("Forbidden", "Too Many"))] == []
            print(f"{len(per_chat)} followers in {elapsed:.1f} s ({len(per_chat) / elapsed:.1f}/s, "
                  f"{halfway} before the restart), at most {most} sendMessage in one second, 0 duplicates")

    run(scenario())


def test_guichet_annonce_follows_the_running_bot_and_reports_sent_and_failed(tmp_path, capsys, monkeypatch):
    from bot.cli import main

    async def scenario():
        async with FakeBotAPI() as api:
            people = [api.user(f"Q{i}") for i in range(40)]
            api.block(people[7])
            async with bot_on(api, tmp_path, DEMO) as engine:
                add_followers(engine, people)
                monkeypatch.setenv("GUICHET_DATA_DIR", str(tmp_path))
                monkeypatch.setenv("GUICHET_SECRET", "secret-for-tests")  # the bot's key (tests/harness.py)
                code = await asyncio.to_thread(main, ["annonce", PROJECT, TEXT, "--knowledge", str(DEMO)])
                assert code == 0
                assert engine.projects.follower_count(PROJECT) == 39

    run(scenario())
    out, err = capsys.readouterr()
    assert "40 message(s) mis en file" in out and "Envoyés : 39 ; échecs (bot bloqué, désabonnés) : 1." in out
    assert "] 40/40" in err  # the progress bar, on stderr
