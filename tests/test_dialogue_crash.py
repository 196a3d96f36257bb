"""Nothing lost, once only: the dialogue with the town when `guichet run` is killed (-9) or stopped (SIGTERM).

The bot runs in a child process (tests/botprocess.py) with a staff group and 15 citizens. Each
citizen first sends a request and confirms it (the first one shows what is shared with the town),
then, in a burst, `/contact TEXT` (sent at once). Then a staff member replies (Telegram replies)
to each of the burst's posts, in two batches. The bot is stopped four times, each time at the
instant the fake Bot API receives a given call, then started again on the same data folder:
1. the burst's fifth acknowledgement to a citizen (requests recorded, updates not yet marked handled);
2. after that restart, the fifth post to the staff group (Telegram shows it, the bot never hears so);
3. the third "Réponse envoyée" to the staff group (the answer recorded, the update not yet marked handled);
4. the third answer to a citizen (the outbound queue has not yet heard Telegram's "ok").

What must hold after kill -9: every request acknowledged before the kill is in the database and
posted to the staff; every request Telegram handed over is recorded once (0 lost, 0 twice: the
update handed over again finds its request, tests/test_dialogue_once.py); every staff answer
reaches its citizen. Delivery is at least once: a message Telegram took just before a kill is
sent again, so a post can come twice (stops 1-2) and an answer twice (stops 3-4), one per stop at
most; a citizen whose update was being handled gets the same acknowledgement again. After SIGTERM:
0 lost, 0 twice. The child's whole log is scanned for the token, the texts and the ids.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import re
import signal
import sqlite3
from pathlib import Path
from typing import Callable

from bot.i18n import LANGUAGES
from handlers.outbound import IN_FLIGHT
from handlers.dispatch import CONCURRENT_UPDATES
from tests.botprocess import leaks, signal_when, start_bot, stop_bot
from tests.dialogue_bench import answer_text, request_text
from tests.fakebotapi import Call, FakeBotAPI, StoredMessage, _as_int
from tests.harness import DEMO, run

PEOPLE = 15
GROUP_GAP = 0.1      # seconds between two posts to the staff group in the child (Telegram: 3)
KILL_AT_ACK = 5      # the burst's fifth acknowledgement to a citizen
KILL_AT_POST = 5     # after the restart, the fifth post to the staff group
KILL_AT_STAFF = 3    # the third "Réponse envoyée" in the staff group
KILL_AT_ANSWER = 3   # the third answer delivered to a citizen
NUMBER = re.compile(r"D-\d{4}")


def acks(api: FakeBotAPI, person) -> list[str]:
    """The request numbers acknowledged to `person` ("✅ Votre demande D-0042 est transmise…")."""
    return [NUMBER.search(m.text).group() for m in api.sent(person.id) if m.text.startswith("✅ Votre demande D-")]


def staff_posts(api: FakeBotAPI, staff: dict) -> list[StoredMessage]:
    """The requests' posts in the staff group (not the "Réponse envoyée" notes)."""
    return [m for m in api.sent(staff["id"]) if m.text.startswith(("✉️ D-", "📣 D-"))]


def answers(api: FakeBotAPI, person) -> list[str]:
    return [m.text for m in api.sent(person.id) if m.text.startswith("💬 Réponse de")]


def sending(text: str, chat: int | None = None) -> Callable[[Call], bool]:
    """A matcher of sendMessage calls whose HTML has `text`, to `chat` (None: to any citizen's private chat)."""
    def matches(call: Call) -> bool:
        to = _as_int(call.params.get("chat_id"))
        return (call.method.lower() == "sendmessage" and to is not None and (to == chat if chat else to > 0)
                and text in str(call.params.get("text", "")))
    return matches


def outbox_and_requests(data: Path) -> tuple[int, list[tuple[int, str]]]:
    with contextlib.closing(sqlite3.connect(data / "guichet.db")) as db:
        left = db.execute("select count(*) from outbox").fetchone()[0]
        return left, db.execute("select id, text from requests order by id").fetchall()


class Town:
    """The fake Telegram with a staff group and PEOPLE citizens; the bot started and stopped on one data folder."""

    def __init__(self, api: FakeBotAPI, tmp_path: Path) -> None:
        self.api, self.data, self.log = api, tmp_path / "data", tmp_path / "bot.log"
        self.staff = api.group("Équipe mairie")
        self.agent = api.user("Agent")
        self.people = [api.user(f"Personne{i}") for i in range(PEOPLE)]
        self.bot: asyncio.subprocess.Process | None = None
        self.starts = 0
        self.codes: list[int] = []

    async def start(self) -> None:
        self.bot = await start_bot(self.api, self.data, self.log, knowledge=DEMO, group_gap=GROUP_GAP,
                                   GUICHET_STAFF_CHAT=str(self.staff["id"]))
        self.starts += 1
        menus = len(LANGUAGES) + 1  # one per interface language, and the staff chat's
        await self.api.wait_for(lambda: len(self.api.calls_to("setMyCommands", ok=True)) == menus * self.starts, 30,
                                "the bot to start")

    async def stopped_at(self, how: signal.Signals, matches: Callable[[Call], bool], nth: int, what: str,
                         act: Callable[[], None] = lambda: None) -> None:
        """Stop the bot with `how` at the `nth` call that `matches` (see signal_when), after `act()`."""
        state = signal_when(self.api, self.bot, how, matches, nth)
        act()
        await self.api.wait_for(lambda: state["at"] is not None, 30, what)
        self.codes.append(await asyncio.wait_for(self.bot.wait(), 30))
        self.api.request_hooks.clear()

    async def settled(self, done: Callable[[], bool], what: str) -> None:
        """Wait until `done()`, every update is fetched and the outbound queue is empty."""
        for _ in range(300):  # the database changes without a call to the fake: look every 0.1 s
            if done() and not self.api.pending_updates() and outbox_and_requests(self.data)[0] == 0:
                await asyncio.sleep(0.5)  # a late repeat would show up here
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"timed out after 30 s waiting for {what}; calls: {self.api.summary()}")


async def interrupted_dialogue(tmp_path: Path, how: signal.Signals) -> dict:
    async with FakeBotAPI() as api:
        town = Town(api, tmp_path)
        people, staff = town.people, town.staff
        await town.start()
        # 0. Each person's first request, confirmed on the screen that says what is shared.
        for i, person in enumerate(people):
            api.send_text(person, f"/contact {request_text(0, i)}")
        await api.wait_for(lambda: all(api.sent(p.id) for p in people), 20, "the confirmation screens")
        for person in people:
            api.press(api.last_sent(person.id), label="✅ Envoyer")
        await town.settled(lambda: len(staff_posts(api, staff)) == PEOPLE, "the first requests posted")

        # 1. A burst of `/contact TEXT`: stopped at its fifth acknowledgement, then at its fifth staff post.
        def burst() -> None:
            for i, person in enumerate(people):
                api.send_text(person, f"/contact {request_text(1, i)}")
        await town.stopped_at(how, sending("✅ Votre demande D-"), KILL_AT_ACK, "the fifth acknowledgement", burst)
        acked = {n for p in people for n in acks(api, p)}
        await town.start()
        if len(staff_posts(api, staff)) >= 2 * PEOPLE:
            # A graceful stop gives the outbound queue a few seconds: the whole burst was posted
            # before the exit, so there is no post left to stop at; stop the idle bot instead, once
            # it listens for the signal (it says "Guichet démarre" when it does).
            await town.api.wait_for(lambda: town.log.read_text().count("Guichet démarre") == town.starts, 30,
                                    "the bot to listen for SIGTERM")
            town.bot.send_signal(how)
            town.codes.append(await asyncio.wait_for(town.bot.wait(), 30))
        else:
            await town.stopped_at(how, sending("✉️ D-", staff["id"]), KILL_AT_POST, "the fifth post of the burst")
        posted_at_kill = len(staff_posts(api, staff))
        await town.start()
        await town.settled(lambda: all(len(set(acks(api, p))) >= 2 for p in people), "every request acknowledged")
        left, requests = outbox_and_requests(town.data)
        posts = collections.Counter(NUMBER.search(m.text).group() for m in staff_posts(api, staff))
        numbers = {f"D-{rid:04d}" for rid, _ in requests}
        texts = [text for _, text in requests]
        sent_texts = [request_text(r, i) for r in (0, 1) for i in range(PEOPLE)]

        # 2. Staff reply to the burst's posts, a batch at a time; stopped the instant the third
        #    "Réponse envoyée" reaches the staff group, then the instant the third answer reaches a citizen.
        post_of = {NUMBER.search(m.text).group(): m for m in staff_posts(api, staff)}
        owner = {n: p for p in people for n in acks(api, p)}
        burst_numbers = [acks(api, p)[1] for p in people]  # each person's second request
        batches = [burst_numbers[:7], burst_numbers[7:]]
        stops = [(sending("Réponse envoyée pour", staff["id"]), KILL_AT_STAFF, "the third note to staff"),
                 (sending("💬 Réponse de"), KILL_AT_ANSWER, "the third answer")]
        for batch, (matches, nth, what) in zip(batches, stops):
            def reply(batch=batch) -> None:
                for number in batch:
                    api.send_text(town.agent, answer_text(burst_numbers.index(number)), chat=staff,
                                  reply_to=post_of[number])
            await town.stopped_at(how, matches, nth, what, reply)
            await town.start()
            await town.settled(lambda b=batch: all(answers(api, owner[n]) for n in b), "every answer delivered")
        delivered = {n: sum(answer_text(burst_numbers.index(n)) in t for t in answers(api, owner[n]))
                     for n in burst_numbers}
        final = await stop_bot(town.bot)
        unconfirmed = len(api._updates)  # handed out and never confirmed

    output = town.log.read_text()
    return {
        "codes": town.codes, "final": final, "acked_at_kill": len(acked), "posted_at_kill": posted_at_kill,
        "acked_missing": sorted(n for n in acked if n not in numbers or posts[n] == 0),
        "lost": sorted(set(sent_texts) - set(texts)), "unposted": sorted(numbers - set(posts)),
        "requests": len(requests), "requests_twice": len(texts) - len(set(texts)),
        "acks_repeated": sum(len(acks(api, p)) - len(set(acks(api, p))) for p in people),
        "posts": sum(posts.values()), "posts_twice": sum(c - 1 for c in posts.values() if c > 1),
        "answers": sum(delivered.values()), "answers_lost": sorted(n for n, c in delivered.items() if c == 0),
        "answers_twice": sum(c - 1 for c in delivered.values() if c > 1),
        "left_in_outbox": left, "unconfirmed": unconfirmed,
        "leaks": leaks(output, tokens=[api.token], texts=sent_texts + [answer_text(i) for i in range(PEOPLE)],
                       ids=[p.id for p in people] + [town.agent.id]),
        "log": output[-3000:],
    }


def test_kill_9_loses_no_request_and_repeats_only_the_message_in_flight(tmp_path):
    result = run(interrupted_dialogue(tmp_path, signal.SIGKILL))
    print("dialogue, kill -9:", {k: v for k, v in result.items() if k != "log"})
    assert result["codes"] == [-signal.SIGKILL] * 4 and result["final"] == 0, result["log"]
    assert result["acked_at_kill"] < 2 * PEOPLE and result["posted_at_kill"] < 2 * PEOPLE, "the kill proved nothing"
    assert result["acked_missing"] == [] and result["lost"] == [] and result["answers_lost"] == [], result
    assert result["requests_twice"] == 0 and result["requests"] == 2 * PEOPLE and result["unposted"] == [], result
    # The updates being handled at the first kill are handled again: each citizen concerned gets the
    # same acknowledgement (same number) again, at most one per update being handled.
    assert result["acks_repeated"] <= CONCURRENT_UPDATES, result
    # At-least-once delivery: a message Telegram took just before a kill is sent again at the
    # restart. Posts all go to the staff group, one at a time: at most one in flight at each of the
    # first two kills. Answers go to different citizens, IN_FLIGHT at once: at most that many at
    # each of the last two kills.
    assert result["posts_twice"] <= 2 and result["answers_twice"] <= 2 * IN_FLIGHT, result
    assert result["left_in_outbox"] == 0 and result["unconfirmed"] == 0, result
    assert result["leaks"] == []


def test_sigterm_loses_nothing_and_repeats_nothing(tmp_path):
    result = run(interrupted_dialogue(tmp_path, signal.SIGTERM))
    print("dialogue, SIGTERM:", {k: v for k, v in result.items() if k != "log"})
    assert result["codes"] == [0] * 4 and result["final"] == 0, result["log"]
    assert result["acked_missing"] == [] and result["lost"] == [] and result["answers_lost"] == [], result
    assert result["requests"] == 2 * PEOPLE and result["answers"] == PEOPLE and result["unposted"] == [], result
    assert result["requests_twice"] == result["acks_repeated"] == 0, result
    assert result["posts_twice"] == result["answers_twice"] == 0, result
    assert result["left_in_outbox"] == 0 and result["unconfirmed"] == 0, result
    assert result["leaks"] == []
