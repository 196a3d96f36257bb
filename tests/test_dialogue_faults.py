"""The dialogue under Telegram's faults: 429, 5xx and dropped connections delay messages, never lose or double them.

The scenario and its figures are tests/dialogue_bench.py's (run with -s to see them): 10 citizens,
a request each confirmed on its screen, then a burst of `/contact TEXT`, then a staff answer to
each, with 15 faults injected before the burst and 17 before the answers. The group pacing is
shortened to 0.1 s (Telegram's 3 s would make 20 posts take a minute); `python3
tests/dialogue_bench.py` measures with Telegram's own. And a citizen who blocked the bot (403)
is marked unreachable, the staff told once, and reachable again when they write anew.
"""

from __future__ import annotations

import asyncio
import time

from tests.dialogue_bench import ANSWER_FAULTS, REQUEST_FAULTS, dialogue_run, group_pacing
from tests.harness import DEMO, ask, press, run, running_bot

PEOPLE = 10


def test_through_429_5xx_and_drops_every_post_and_answer_arrives_once(tmp_path):
    result = run(dialogue_run(tmp_path, people=PEOPLE, faults=True, group_gap=0.1, timeout=30))
    print("dialogue through faults:", result)
    injected = sum(options["times"] for _, _, options in REQUEST_FAULTS + ANSWER_FAULTS)
    assert result["faults_hit"] == injected, result  # every fault met a call
    assert result["posts_delivered"] == 2 * PEOPLE and result["posts_twice"] == 0, result
    assert result["answers_delivered"] == PEOPLE and result["answers_twice"] == 0, result
    assert result["refused"] == 0, result
    # No bound on `acks` and `staff_notes`: those are direct replies, not queued; one call that meets
    # 4 faults in a row is given up (handlers/transport.py). The request and the answer are not.


def test_a_citizen_who_blocked_the_bot_is_unreachable_and_staff_are_told_once(tmp_path):
    blocked = lambda call: call.refused == "Forbidden: bot was blocked by the user"  # noqa: E731

    async def scenario():
        async with running_bot(tmp_path, DEMO, allow_refused=blocked, staff_chat=-1_000_000_000_777) as (api, engine):
            staff = api.group("Équipe mairie", id=-1_000_000_000_777)
            agent, lina = api.user("Agent"), api.user("Lina")
            (confirm,) = await ask(api, lina, "/contact Le banc du square Pasteur est cassé")
            await press(api, confirm, label="✅ Envoyer")
            await api.wait_for(lambda: any(m.text.startswith("✉️ D-0001") for m in api.sent(staff["id"])),
                               what="the staff post")
            post = next(m for m in api.sent(staff["id"]) if m.text.startswith("✉️ D-0001"))
            api.block(lina)
            for answer in ("Merci, nous passons demain.", "C'est réparé."):
                api.send_text(agent, answer, chat=staff, reply_to=post)
            await until_sent(api, engine)
            key = engine.user_key(lina.id)
            notices = [m.text for m in api.sent(staff["id"]) if m.text.startswith("⚠️")]
            assert notices == ["⚠️ D-0001 : la personne a bloqué le bot, elle ne recevra pas la réponse."]
            assert engine.dialogue.store.is_unreachable(key)
            assert len([c for c in api.refused if blocked(c)]) == 1  # the second answer is not even tried
            assert "prise en charge" in api.messages[(post.chat_id, post.message_id)].text
            api.blocked.discard(lina.id)  # she unblocks the bot and writes again
            (ack,) = await ask(api, lina, "/contact Et le lampadaire à côté ne marche plus")
            assert "D-0002" in ack.text and not engine.dialogue.store.is_unreachable(key)

    with group_pacing(0.1):
        run(scenario())


async def until_sent(api, engine, timeout: float = 10.0) -> None:
    """Until the outbound queue is empty and the bot went quiet (the queue empties without a call to the fake)."""
    deadline = time.monotonic() + timeout
    while engine.outbox.pending():
        assert time.monotonic() < deadline, api.summary()
        await asyncio.sleep(0.1)
    await api.wait_idle(quiet=0.5)
