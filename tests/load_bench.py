"""Load benchmark: N text updates from many citizens through the real bot and the strict fake Bot API.

    python3 tests/load_bench.py                                   # 10,000 updates, 500 users, demo town
    python3 tests/load_bench.py --knowledge knowledge --knowledge /srv/guichet/national
    python3 tests/load_bench.py --updates 300 --users 30 --json   # what tests/test_load_bench.py runs

How it is measured:
- The fake Bot API runs in a *child process* (this same file with `--serve-fake`), so its work
  (HTML validation of every reply, bookkeeping) and its memory do not count against the bot; the
  bot's RSS is this process's alone. Faults are off. getUpdates hands out up to 100 updates a call.
- The bot is the real `Application` from `build_application()` with the engine and a real SQLite
  database (WAL, synchronous=FULL) in a temporary folder, handlers, rate limiter and all, with one
  change: Telegram's overall 30 messages/s cap (AIORateLimiter) is lifted, since the point is to
  show the bot is never the bottleneck under Telegram's own limit.
- Flood control stays ON: the updates are spread over `--users` citizens so that none sends more
  than the per-minute budget (the default 10,000 / 500 = 20 = the budget); when a run would exceed
  it, flood control is disabled for the run and the report says so.
- Questions are the citizen phrasings of tests/eval/*.yaml (typos, SMS, long stories, out of scope),
  mixed with greetings; every update is answered by exactly one message.
- "Burst" (default): all updates are injected at once; updates/s = N / (last reply - first
  injection), and latencies include the queueing behind the earlier updates. `--rate R` injects at
  R updates/s instead, so the latencies are those of a bot under that steady load.
- Latency = time from the update being made available by getUpdates to the reply's sendMessage
  arriving at the fake (both stamped by the fake, monotonic clock).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict, deque
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GREETINGS = ["Bonjour", "bonjour !", "merci", "Merci beaucoup", "salut", "qui es-tu ?"]


def rss_mb() -> float:
    """Resident memory of this process (Linux /proc; ru_maxrss elsewhere, which is a peak)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def questions() -> list[str]:
    import yaml

    pool: list[str] = []
    for path in sorted((ROOT / "tests" / "eval").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text()) or []:
            if isinstance(case, dict) and case.get("q"):
                pool.append(str(case["q"]))
    return pool + GREETINGS


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# ------------------------------------------------------------------------------------ the fake (child)


async def serve_fake() -> None:
    """Run the strict fake with a small control API for the benchmark; print its port, serve forever."""
    from aiohttp import web

    from tests.fakebotapi import FakeBotAPI

    api = FakeBotAPI()
    injected: dict[int, deque] = defaultdict(deque)  # chat -> injection times, oldest first
    latencies: list[float] = []
    per_chat: dict[int, int] = defaultdict(int)
    state = {"first": None, "last": None, "injected": 0}
    users: dict[int, object] = {}

    def on_request(call) -> None:
        if call.method.lower() != "sendmessage":
            return
        try:
            chat_id = int(call.params.get("chat_id"))
        except (TypeError, ValueError):
            return
        now = time.monotonic()
        per_chat[chat_id] += 1
        if injected[chat_id]:
            latencies.append(now - injected[chat_id].popleft())
        state["last"] = now

    api.request_hooks.append(on_request)

    injected_count: dict[int, int] = defaultdict(int)

    def push(user_id: int, text: str) -> None:
        user = users.get(user_id) or users.setdefault(user_id, api.user(f"U{user_id}", id=user_id))
        injected[user_id].append(time.monotonic())
        injected_count[user_id] += 1
        state["injected"] += 1
        api.send_text(user, text)

    async def control_push(request: web.Request) -> web.Response:
        body = await request.json()
        items, rate = body["items"], float(body.get("rate") or 0)
        state["first"] = time.monotonic()  # the start of this batch
        state["cpu0"] = time.process_time()
        if rate <= 0:
            for user_id, text in items:
                push(user_id, text)
        else:
            async def paced() -> None:
                start = time.monotonic()
                for i, (user_id, text) in enumerate(items):
                    delay = start + i / rate - time.monotonic()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    push(user_id, text)

            asyncio.get_running_loop().create_task(paced())
        return web.json_response({"ok": True})

    async def control_stats(request: web.Request) -> web.Response:
        chats = [c for c in users]
        ok_sends = sum(per_chat[c] for c in chats)
        body = {
            "injected": state["injected"],
            "replies": ok_sends,
            "refused": len(api.refused),
            "refusals": [c.refused for c in api.refused][:5],
            "mismatched_chats": sum(1 for c in chats if per_chat[c] != injected_count[c]),
            "first": state["first"],
            "fake_cpu_s": round(time.process_time() - state.get("cpu0", 0.0), 2),
            "last": state["last"],
        }
        if request.query.get("latencies"):
            body["latencies"] = latencies
        return web.json_response(body)

    await api.start()
    # control routes on the same server, under a path the bot never uses
    app = api._runner.app  # type: ignore[union-attr]
    app.router._frozen = False  # aiohttp freezes the router once started; the fake is ours
    app.router.add_post("/_bench/push", control_push)
    app.router.add_get("/_bench/stats", control_stats)
    app.router._frozen = True
    print(f"PORT {api.port} TOKEN {api.token}", flush=True)
    await asyncio.Event().wait()


# ------------------------------------------------------------------------------------ the bot (parent)


async def bench(args: argparse.Namespace) -> dict:
    import httpx

    from bot.inbox import Inbox
    from handlers.app import ALLOWED_UPDATES, build_application, inbox_path
    from handlers.polling import polling
    from bot.config import Settings
    from bot.engine import Engine

    fake = subprocess.Popen([sys.executable, __file__, "--serve-fake"], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        head = fake.stdout.readline().split()
        if len(head) != 4 or head[0] != "PORT":
            raise SystemExit("the fake Bot API did not start")
        port, token = int(head[1]), head[3]
        control = f"http://127.0.0.1:{port}/_bench"
        data_dir = Path(tempfile.mkdtemp(prefix="guichet-bench-"))
        per_user = -(-args.updates // args.users)
        flood = 20
        flood_note = f"on ({flood}/min; each user sends at most {per_user})"
        if per_user > flood:
            flood = 0
            flood_note = f"OFF for this run (each user sends {per_user} > {20} per minute)"
        dirs = tuple(Path(d) for d in (args.knowledge or [ROOT / "knowledge"]))
        settings = Settings(knowledge_dirs=dirs, data_dir=data_dir, secret="bench", telegram_token=token,
                            telegram_base_url=f"http://127.0.0.1:{port}/bot", flood_per_minute=flood)
        t0 = time.perf_counter()
        engine = Engine.from_settings(settings)
        load_s = time.perf_counter() - t0
        app = build_application(replace(settings, send_per_second=0), engine, per_chat_pacing=False)
        rng = random.Random(args.seed)
        pool = questions()
        user_ids = [500_000_000 + i for i in range(args.users)]
        # each user sends at most ceil(N/users): deal the updates round-robin, then shuffle the order
        items = [[user_ids[i % args.users], rng.choice(pool)] for i in range(args.updates)]
        rng.shuffle(items)
        inbox = Inbox(inbox_path(settings))
        async with httpx.AsyncClient(timeout=60) as client, polling(app, inbox, allowed_updates=ALLOWED_UPDATES,
                                                                    poll_timeout=10):
            async def stats(latencies: bool = False) -> dict:
                r = await client.get(f"{control}/stats", params={"latencies": "1"} if latencies else None)
                return r.json()

            async def wait_for(n: int, timeout: float) -> dict:
                last_progress, last_count = time.monotonic(), -1
                while True:
                    s = await stats()
                    if s["replies"] >= n:
                        return s
                    if s["replies"] != last_count:
                        last_progress, last_count = time.monotonic(), s["replies"]
                    elif time.monotonic() - last_progress > timeout:
                        return s  # stalled: report what we have
                    await asyncio.sleep(0.05)

            # warm-up (first-call costs, connection pool), by users outside the measured set
            warm = [[900_000_000 + i, pool[i % len(pool)]] for i in range(min(50, args.updates))]
            await client.post(f"{control}/push", json={"items": warm})
            await wait_for(len(warm), 30)
            await asyncio.sleep(0.2)
            gc.collect()
            rss_before = rss_mb()
            base = (await stats())["replies"]
            cpu0 = time.process_time()
            await client.post(f"{control}/push", json={"items": items, "rate": args.rate})
            final = await wait_for(base + args.updates, 60)
            cpu = time.process_time() - cpu0
            rss_after_raw = rss_mb()
            gc.collect()
            rss_after = rss_mb()
            await asyncio.sleep(0.3)  # a late duplicate would show up here
            final = await stats(latencies=True)
        inbox.close()
        engine.close()
        measured = final["latencies"][len(warm):]
        replies = final["replies"] - base
        elapsed = (final["last"] or 0) - (final["first"] or 0)
        result = {
            "updates": args.updates,
            "users": args.users,
            "knowledge": [str(d) for d in dirs],
            "entries": len(engine.knowledge.entries),
            "knowledge_load_s": round(load_s, 2),
            "flood_control": flood_note,
            "mode": f"paced at {args.rate}/s" if args.rate else "burst",
            "replies": replies,
            "refused": final["refused"],
            "refusals": final["refusals"],
            "mismatched_chats": final["mismatched_chats"],
            "seconds": round(elapsed, 2),
            "updates_per_s": round(replies / elapsed, 1) if elapsed > 0 else None,
            "p50_ms": round(percentile(measured, 50) * 1000, 1),
            "p99_ms": round(percentile(measured, 99) * 1000, 1),
            "rss_before_mb": round(rss_before, 1),
            "rss_after_mb": round(rss_after, 1),
            "rss_after_before_gc_mb": round(rss_after_raw, 1),
            "rss_growth_mb": round(rss_after - rss_before, 1),
            "bot_cpu_s": round(cpu, 2),
            "fake_cpu_s": final["fake_cpu_s"],
            "database_mb": round(sum(p.stat().st_size for p in data_dir.glob("guichet.db*")) / 2**20, 1),
        }
        return result
    finally:
        fake.kill()
        fake.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--updates", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--knowledge", action="append", metavar="DIR", help="default: the demo town; repeat to combine")
    parser.add_argument("--rate", type=float, default=0, help="inject at this many updates/s (default: all at once)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--serve-fake", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_fake:
        asyncio.run(serve_fake())
        return 0
    import logging

    logging.basicConfig(level=logging.WARNING)
    result = asyncio.run(bench(args))
    print(json.dumps(result, ensure_ascii=False, indent=None if args.json else 2))
    ok = result["replies"] == args.updates and result["refused"] == 0 and result["mismatched_chats"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
