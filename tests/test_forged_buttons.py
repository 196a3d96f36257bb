"""Forged and stale button data: a short toast, never a traceback, never a row it should not write.

Anyone can send any callback_data from a modified client. The same battery runs through the
engine and through the real Application against the fake Bot API.
"""

from __future__ import annotations

import logging

import pytest

from bot.config import Settings
from bot.engine import Engine
from tests.harness import MINI, ask, run, running_bot

FORGED = [
    "", "zz", ":", "e:", "e:nope", "e:../../etc/passwd", "e:encombrants\n", "e:" + "a" * 63, "e:é",
    "v:x:²", "v:encombrants:²", "v:encombrants:99", "v:encombrants:-1", "v:encombrants:1:2", "v:encombrants:",
    "p:::", "p:encombrants:abc:1", "p:encombrants::9999999", "p:nope::0",
    "g:x:9.9", "g:encombrants:1..2", "g:encombrants:9.9.9.9",
    "f:1:", "f:1:999999:../../etc/passwd", "f:1:999999:encombrants", "f:2:1:encombrants", "f:1:1:nope",
    "f:1:-1:encombrants", "f:1:1e3:encombrants", "f:1:1:encombrants; drop table feedback", "f:0:0:nope",
    "m:" + "x" * 70, "x:99", "x:-1", "x:²", "x:0000001", "n:extra", "\x00", "💥" * 16, "' or 1=1 --",
    "v:encombrants:١",  # an Arabic-Indic digit: isdigit() is true, the codec must still refuse it
]


def test_the_battery_is_large_enough():
    assert len(FORGED) >= 30


@pytest.fixture
def engine(tmp_path):
    engine = Engine.from_settings(Settings(knowledge_dirs=(MINI,), data_dir=tmp_path, secret="s" * 32))
    yield engine
    engine.close()


def test_forged_data_through_the_engine(engine, caplog):
    alice, mallory = engine.user_key(1), engine.user_key(2)
    answer = engine.on_text(alice, "encombrants")  # question 1, alice's
    assert any(b.data == "f:1:1:encombrants" for m in answer.messages for row in m.buttons for b in row)
    engine.flood.per_minute = 0
    with caplog.at_level(logging.DEBUG):
        for data in FORGED + ["f:1:1:encombrants", "f:0:1:encombrants"]:  # alice's question, pressed by mallory
            reply = engine.on_button(mallory, data)
            assert reply.toast is None or len(reply.toast) <= 200, data
            assert reply.toast or reply.messages, data
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert engine.storage.db["feedback"].count == 0


def test_feedback_once_per_question_and_person_and_none_after_forgetting(engine):
    alice = engine.user_key(1)
    engine.on_text(alice, "encombrants")
    assert engine.on_button(alice, "f:0:1:encombrants").messages  # the thanks with the clerk's note
    second = engine.on_button(alice, "f:1:1:encombrants")  # pressed again, or the other thumb
    assert second.messages == [] and second.toast
    assert engine.storage.db["feedback"].count == 1
    assert engine.on_button(alice, "f:1:1:passeport").toast  # not the entry that answered: refused
    assert engine.storage.db["feedback"].count == 1
    engine.on_forget(alice)
    assert engine.on_button(alice, "f:1:1:encombrants").toast == "Bouton expiré"
    assert engine.storage.db["feedback"].count == 0
    # an entry opened from a button carries no question: once per person and entry
    engine.on_button(alice, "f:1:0:encombrants")
    engine.on_button(alice, "f:1:0:encombrants")
    assert engine.storage.db["feedback"].count == 1


def test_forged_data_through_telegram(tmp_path, caplog):
    async def scenario():
        async with running_bot(tmp_path, flood_per_minute=0) as (api, engine):
            alice, mallory = api.user("Alice"), api.user("Mallory")
            (answer,) = await ask(api, alice, "encombrants")
            welcome, _location_invite = await ask(api, mallory, "/start", replies=2)
            queries = [api.forge_press(welcome, data) for data in FORGED if data]
            queries.append(api.forge_press(welcome, "f:1:1:encombrants"))  # alice's question
            queries.append(api.forge_press(answer, "f:1:1:encombrants", user=mallory))  # alice's message
            await api.wait_for(lambda: all(api.callback_queries[q]["answered"] for q in queries), 10,
                               "every forged press answered")
            await api.wait_idle()
            toasts = [api.callback_queries[q]["answer"] for q in queries]
            assert all(t is None or len(t) <= 200 for t in toasts)
            assert sum(t == "Bouton expiré" for t in toasts) >= 30
            assert engine.storage.db["feedback"].count == 0

    with caplog.at_level(logging.DEBUG):
        run(scenario())
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
