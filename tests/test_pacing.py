"""Replies paced under Telegram's limits: 30 a second overall, 1 a second per private chat, 20 a
minute per group; a 429 is waited out, a 5xx retried, a blocked chat marked."""

from __future__ import annotations

import logging
import time

import handlers.transport as transport
from handlers.transport import GROUP_CHAT, PRIVATE_CHAT, SlidingWindow
from tests.fakebotapi import Call
from tests.harness import DEMO, ask, press, run, running_bot


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


def test_a_full_staff_group_does_not_hold_up_the_messages_to_citizens(tmp_path, monkeypatch):
    """The group's window also counts the handlers' replies there; the outbound queue passes a full
    group over rather than waiting inside the pacer, where every citizen's message queued behind
    would wait too (measured before: a burst of 10 staff answers, answers up to 54 s late)."""
    monkeypatch.setattr(transport, "GROUP_CHAT", (3, 20.0))  # 3 messages per 20 s in a group
    staff_id = -1_000_000_000_555

    async def scenario():
        async with running_bot(tmp_path, DEMO, per_chat_pacing=True, staff_chat=staff_id) as (api, _):
            staff, agent = api.group("Équipe mairie", id=staff_id), api.user("Agent")
            ana, ben = api.user("Ana"), api.user("Ben")
            for person in (ana, ben):
                (confirm,) = await ask(api, person, f"/contact Le banc devant chez {person.first_name} est cassé")
                await press(api, confirm, label="✅ Envoyer")
            posts = lambda: [m for m in api.sent(staff_id) if m.text.startswith("✉️ D-")]  # noqa: E731
            await api.wait_for(lambda: len(posts()) == 2, what="two posts: 2 of the group's 3 slots")
            post_a, post_b = posts()
            api.send_text(agent, "Nous passons demain.", chat=staff, reply_to=post_a)  # its status or note: the 3rd slot
            await api.wait_for(lambda: any("Nous passons demain" in m.text for m in api.sent(ana.id)),
                               what="the answer to Ana (the post's new status now waits for room)")
            started = time.monotonic()
            qid = api.press(post_b, label="🙋 Prendre en charge", user=agent)
            await api.wait_for(lambda: api.callback_queries[qid]["answered"], what="the toast")
            await api.wait_for(lambda: any("prise en charge" in m.text for m in api.sent(ben.id)), timeout=3,
                               what="Ben told, while the group is full")
            assert time.monotonic() - started < 2
            to_group = [c for m in ("sendMessage", "editMessageText") for c in api.calls_to(m)
                        if str(c.params.get("chat_id")) == str(staff_id)]
            assert len(to_group) <= 3  # the rest (the note, the other status) waits for room in the group

    run(scenario())
