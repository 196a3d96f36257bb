"""Replies paced under Telegram's limits: 30 a second overall, 1 a second per private chat, 20 a
minute per group; a 429 is waited out, a 5xx retried, a blocked chat marked."""

from __future__ import annotations

import logging
import time

from handlers.transport import GROUP_CHAT, PRIVATE_CHAT, SlidingWindow
from tests.fakebotapi import Call
from tests.harness import ask, run, running_bot


def test_a_burst_of_200_replies_never_exceeds_30_calls_in_any_second(tmp_path):
    async def scenario():
        async with running_bot(tmp_path, per_chat_pacing=True) as (api, _):
            people = [api.user(f"P{i}") for i in range(40)]
            start = time.monotonic()
            for k in range(5):
                for person in people:
                    api.send_text(person, f"encombrants {k}")
            await api.wait_replies(200, timeout=30)
            elapsed = time.monotonic() - start
            overall = api.most_in_one_second("sendMessage")
            per_chat = max(api.most_in_one_second("sendMessage", p.id) for p in people)
            print(f"200 replies in {elapsed:.1f} s; at most {overall} in one second, {per_chat} per chat")
            assert overall <= 30 and per_chat <= 1
            assert len(api.calls_to("sendMessage", ok=True)) == 200

    run(scenario())


def test_windows_count_a_call_from_its_departure_to_a_period_after_its_answer():
    private, group = SlidingWindow(*PRIVATE_CHAT), SlidingWindow(*GROUP_CHAT)
    private.take()
    assert private.delay(100.0) is None  # in flight: wait for its answer
    private.done(100.5)
    assert abs(private.delay(101.0) - 0.5) < 1e-9 and private.delay(101.5) == 0
    for i in range(20):
        group.take()
        group.done(100.0 + i)
    assert abs(group.delay(130.0) - 30.0) < 1e-9  # the 21st message of the minute waits for the first to age
    assert group.delay(160.0) == 0


def test_a_429_is_waited_out_and_a_5xx_retried(tmp_path, caplog):
    async def scenario():
        async with running_bot(tmp_path) as (api, _):
            alice = api.user("Alice")
            api.inject_fault("sendMessage", "429", times=1, retry_after=1)
            start = time.monotonic()
            (reply,) = await ask(api, alice, "encombrants")
            assert time.monotonic() - start >= 1.0
            api.inject_fault("sendMessage", "500", times=1)
            (again,) = await ask(api, alice, "passeport")
            assert reply.text and again.text

    caplog.set_level(logging.INFO)
    run(scenario())
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("attendre 1 s" in r.getMessage() for r in caplog.records)


def test_a_chat_that_blocked_the_bot_is_marked(tmp_path):
    def forbidden(call: Call) -> bool:
        return (call.refused or "").startswith("Forbidden")

    async def scenario():
        async with running_bot(tmp_path, allow_refused=forbidden) as (api, _):
            quentin, rose = api.user("Quentin"), api.user("Rose")
            api.block(quentin)
            api.send_text(quentin, "encombrants")
            await ask(api, rose, "Bonjour")
            await api.wait_idle()
            assert api.app.bot.rate_limiter.blocked == {quentin.id}

    run(scenario())
