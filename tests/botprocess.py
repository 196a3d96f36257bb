"""`guichet run` in a child process against the fake Bot API, for the crash tests: start it, kill it, read its log.

Why a child process: only a real process can be killed with -9 mid-work; the in-process harness
(tests/harness.py) always stops cleanly. The child is `python3 -m bot run`, configured by the
environment as a town would configure it. With `group_gap`, Telegram's group pacing (one
message every 3 s, 20 a minute, in handlers/outbound.py and handlers/transport.py) is shortened
in the child, and nothing else: a burst of 15 requests to the staff group would otherwise take
45 s to post.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import Callable, Iterable

from conftest import ROOT
from tests.fakebotapi import Call, FakeBotAPI
from tests.harness import MINI

# `python3 -m bot run`, with the group pacing shortened to argv[1] seconds first.
_SHORT_GROUP_PACING = (
    "import runpy, sys\n"
    "import handlers.transport\n"
    "gap = float(sys.argv.pop(1))\n"
    "handlers.transport.GROUP_CHAT = (20, 20 * gap)\n"
    "runpy.run_module('bot', run_name='__main__', alter_sys=True)\n"
)


async def start_bot(api: FakeBotAPI, data: Path, log: Path, *, knowledge: Path = MINI, group_gap: float | None = None,
                    **env: str) -> asyncio.subprocess.Process:
    """The bot in a child process on the data folder `data`, its output appended to `log`."""
    environment = dict(os.environ, TELEGRAM_TOKEN=api.token, TELEGRAM_BASE_URL=api.base_url,
                       GUICHET_DATA_DIR=str(data), GUICHET_KNOWLEDGE=str(knowledge), GUICHET_SECRET="",
                       GUICHET_LOG_LEVEL="INFO", **env)
    command = ["-m", "bot", "run"] if group_gap is None else ["-c", _SHORT_GROUP_PACING, str(group_gap), "run"]
    with open(log, "ab") as out:
        return await asyncio.create_subprocess_exec(sys.executable, *command, cwd=ROOT, env=environment,
                                                    stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=out)


async def stop_bot(process: asyncio.subprocess.Process, how: signal.Signals = signal.SIGTERM) -> int:
    """Send `how` (if the process still runs) and wait for it to end; its exit code."""
    if process.returncode is None:
        process.send_signal(how)
    return await asyncio.wait_for(process.wait(), 30)


def signal_when(api: FakeBotAPI, process: asyncio.subprocess.Process, how: signal.Signals,
                matches: Callable[[Call], bool], nth: int) -> dict:
    """Send `how` to the child the moment the fake receives the `nth` call that `matches`.

    The signal leaves before the fake carries the call out: with SIGKILL, the call takes effect
    (the message is shown) but the bot never hears back, the worst instant for a crash. Returns a
    dict whose "at" is the matching call, once it happened.
    """
    state: dict = {"count": 0, "at": None}

    def hook(call: Call) -> None:
        if state["at"] is None and matches(call):
            state["count"] += 1
            if state["count"] == nth:
                state["at"] = call
                os.kill(process.pid, how)

    api.request_hooks.append(hook)
    return state


def leaks(log_text: str, *, tokens: Iterable[str], texts: Iterable[str], ids: Iterable[int]) -> list[str]:
    """What the child's log quotes of the tokens, the citizens' texts and their raw Telegram ids."""
    return [t for t in {*tokens, *texts, *(str(i) for i in ids)} if t in log_text]
