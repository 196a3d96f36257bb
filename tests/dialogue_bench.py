"""Dialogue benchmark: requests to the staff group and staff answers back, through the real bot, under Telegram faults.

    python3 tests/dialogue_bench.py                      # 10 citizens, Telegram's pacing, 429/5xx/drop faults
    python3 tests/dialogue_bench.py --no-faults --json
    python3 tests/dialogue_bench.py --group-gap 0.1      # what tests/test_dialogue_faults.py runs (quick)

What runs: the real `Application` (tests/harness.py `bot_on`) against the strict fake Bot API, with
a staff group and N citizens. Round 1: each citizen sends `/contact TEXT` and presses "✅ Envoyer"
(a first request shows what is shared first). Round 2, in a burst: each sends `/contact TEXT`
again (sent at once). Then a staff member replies (Telegram reply) to each round-2 post.

Faults (unless --no-faults), injected before round 2 and again before the answers, consumed by
whatever call comes next: sendMessage answers 429 (retry_after 1 s) 6 times, then 500 6 times,
then drops the connection 3 times without delivering; editMessageText answers 429 twice.

Pacing: per-chat pacing is Telegram's (1 message a second in a private chat, 20 a minute and one
every 3 s from the outbound queue in a group), unless --group-gap shortens the group's.

Figures: posts and answers delivered, duplicates and losses, acknowledgements to citizens, and
latencies measured by the fake's monotonic clock: from the citizen's `/contact` (round 2) or
"✅ Envoyer" (round 1) reaching the fake to the staff post, and from the staff reply to the
answer in the citizen's chat.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

import handlers.transport as transport  # noqa: E402
from tests.fakebotapi import FakeBotAPI  # noqa: E402
from tests.harness import DEMO, bot_on  # noqa: E402

REQUEST_FAULTS = [("sendMessage", "429", {"times": 6, "retry_after": 1}), ("sendMessage", "500", {"times": 6}),
                  ("sendMessage", "drop", {"times": 3})]
ANSWER_FAULTS = REQUEST_FAULTS + [("editMessageText", "429", {"times": 2, "retry_after": 1})]


def request_text(round_: int, i: int) -> str:
    return f"Demande {round_}-{i:02d} : le lampadaire devant le {i + 1} rue des Lilas ne marche plus"


def answer_text(i: int) -> str:
    return f"Réponse {i:02d} : intervention prévue demain matin."


@contextlib.contextmanager
def group_pacing(gap: float | None) -> Iterator[None]:
    """Shorten the group pacing to `gap` seconds for the run (None: Telegram's own)."""
    saved = transport.GROUP_CHAT
    if gap is not None:
        transport.GROUP_CHAT = (20, 20 * gap)
    try:
        yield
    finally:
        transport.GROUP_CHAT = saved


def sent_at(api: FakeBotAPI, chat: int, text: str) -> list[float]:
    """When each successful sendMessage to `chat` containing `text` was answered (the fake's clock)."""
    return [c.at for c in api.calls_to("sendMessage", ok=True)
            if int(c.params.get("chat_id", 0)) == chat and text in str(c.params.get("text", ""))]


async def until(done, what: str, timeout: float) -> None:
    """Look every 0.1 s: the outbound queue empties without a call to the fake."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(0.1)


def inject(api: FakeBotAPI, faults: list) -> None:
    for method, kind, options in faults:
        api.inject_fault(method, kind, **options)


def seconds(values: list[float]) -> dict:
    return {"median_s": round(statistics.median(values), 2), "max_s": round(max(values), 2)} if values else {}


async def dialogue_run(folder: Path, *, people: int = 10, faults: bool = True, group_gap: float | None = None,
                       timeout: float = 300.0) -> dict:
    """The whole scenario (module docstring); returns the figures."""
    with group_pacing(group_gap):
        async with FakeBotAPI() as api:
            staff, agent = api.group("Équipe mairie"), api.user("Agent")
            citizens = [api.user(f"Personne{i}") for i in range(people)]
            async with bot_on(api, folder, DEMO, per_chat_pacing=True, staff_chat=staff["id"]) as engine:
                quiet = lambda: engine.outbox.pending() == 0 and not api.pending_updates()  # noqa: E731
                pushed: dict[tuple[int, int], float] = {}
                for i, person in enumerate(citizens):
                    api.send_text(person, f"/contact {request_text(1, i)}")
                await api.wait_for(lambda: all(api.sent(p.id) for p in citizens), timeout, "the confirmation screens")
                for i, person in enumerate(citizens):
                    api.press(api.last_sent(person.id), label="✅ Envoyer")
                    pushed[1, i] = time.monotonic()
                await until(lambda: quiet() and all(sent_at(api, staff["id"], request_text(1, i))
                                                    for i in range(people)), "round 1 posted", timeout)
                inject(api, REQUEST_FAULTS if faults else [])
                for i, person in enumerate(citizens):
                    api.send_text(person, f"/contact {request_text(2, i)}")
                    pushed[2, i] = time.monotonic()
                await until(lambda: quiet() and all(sent_at(api, staff["id"], request_text(2, i))
                                                    for i in range(people)), "round 2 posted", timeout)
                posts = {m.text.split()[1]: m for m in api.sent(staff["id"]) if "Demande 2-" in m.text}
                inject(api, ANSWER_FAULTS if faults else [])
                replied = {}
                for i, person in enumerate(citizens):
                    number = next(n for n, m in posts.items() if request_text(2, i) in m.text)
                    api.send_text(agent, answer_text(i), chat=staff, reply_to=posts[number])
                    replied[i] = time.monotonic()
                await until(lambda: quiet() and all(sent_at(api, p.id, answer_text(i)) for i, p in enumerate(citizens)),
                            "every answer", timeout)
                await asyncio.sleep(1.0)  # a late repeat would show up here
            return figures(api, staff, citizens, pushed, replied)


def figures(api: FakeBotAPI, staff: dict, citizens: list, pushed: dict, replied: dict) -> dict:
    people = range(len(citizens))
    posts = {(r, i): sent_at(api, staff["id"], request_text(r, i)) for r in (1, 2) for i in people}
    answers = {i: sent_at(api, citizens[i].id, answer_text(i)) for i in people}
    acks = [sum("✅ Votre demande D-" in m.text for m in api.sent(p.id)) for p in citizens]
    notes = [m for m in api.sent(staff["id"]) if m.text.startswith("Réponse envoyée pour")]
    return {
        "people": len(citizens),
        "posts_delivered": sum(1 for t in posts.values() if t), "posts_twice": sum(max(0, len(t) - 1) for t in posts.values()),
        "answers_delivered": sum(1 for t in answers.values() if t),
        "answers_twice": sum(max(0, len(t) - 1) for t in answers.values()),
        "acks": sum(acks), "acks_missing": sum(max(0, 2 - n) for n in acks), "staff_notes": len(notes),
        "faults_hit": sum(1 for c in api.calls if c.fault), "refused": len(api.refused),
        "first_request_to_post": seconds([posts[1, i][0] - pushed[1, i] for i in people if posts[1, i]]),
        "contact_to_post": seconds([posts[2, i][0] - pushed[2, i] for i in people if posts[2, i]]),
        "reply_to_answer": seconds([answers[i][0] - replied[i] for i in people if answers[i]]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10)
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument("--group-gap", type=float, default=None, help="seconds between two group posts (default: Telegram's)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.monotonic()
        result = asyncio.run(dialogue_run(Path(folder), people=args.people, faults=not args.no_faults,
                                          group_gap=args.group_gap))
        result["run_s"] = round(time.monotonic() - started, 1)
    print(json.dumps(result, ensure_ascii=False) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
