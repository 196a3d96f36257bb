"""Logs that keep secrets: the token is masked everywhere, a failed start-up says one line."""

from __future__ import annotations

import asyncio
import logging
import os
import sys

from bot.safelog import MASK, TokenFilter, mask_tokens
from conftest import ROOT
from tests.fakebotapi import FakeBotAPI
from tests.harness import MINI, run
from tests.logscan import LogScan

TOKEN = "987654321:AAH-secret_part_of_the_token_0123456789"


def test_mask_tokens_in_messages_urls_and_tracebacks():
    assert mask_tokens(f"GET https://api.telegram.org/bot{TOKEN}/getMe") == f"GET https://api.telegram.org/bot{MASK}/getMe"
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "The token `%s` was rejected", (TOKEN,), None)
    try:
        raise RuntimeError(TOKEN)
    except RuntimeError:
        record.exc_info = sys.exc_info()
    TokenFilter().filter(record)
    assert TOKEN not in record.getMessage() and TOKEN not in record.exc_text and MASK in record.exc_text


def test_the_log_scan_sees_a_leak():
    scan = LogScan()
    scan.remember(TOKEN, {"message_id": 1, "from": {"id": 4242421}, "chat": {"id": 4242421},
                          "text": "ma question très personnelle"})
    for line in ("user 4242421 asked", "text: ma question très personnelle", f"url bot{TOKEN}/x", "9 rows, 42424210"):
        scan.emit(logging.LogRecord("guichet", logging.INFO, __file__, 1, line, None, None))
    assert len(scan.leaks()) == 3


def test_a_rejected_token_stops_with_one_line_that_does_not_show_it(tmp_path):
    async def scenario():
        async with FakeBotAPI() as api:  # its token differs: getMe answers 401 Unauthorized
            env = dict(os.environ, TELEGRAM_TOKEN=TOKEN, TELEGRAM_BASE_URL=api.base_url,
                       GUICHET_DATA_DIR=str(tmp_path), GUICHET_KNOWLEDGE=str(MINI))
            child = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=ROOT, env=env,
                                                         stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
            out, err = await asyncio.wait_for(child.communicate(), 60)
            return child.returncode, (out + err).decode()

    code, output = run(scenario())
    assert code == 1
    assert TOKEN.split(":")[1] not in output
    lines = output.strip().splitlines()
    assert len(lines) == 1, output  # no traceback
    assert lines[0].startswith("Guichet s'est arrêté : InvalidToken") and MASK in lines[0]
