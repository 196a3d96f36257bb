"""Retention of the dialogue (RGPD): closed requests go after the retention period, and so does the
chat id of a citizen who has no request left; open requests and recent chats stay."""

from __future__ import annotations

import datetime as dt

from bot.config import Settings
from bot.dialogue.store import Draft
from bot.engine import Engine
from conftest import DEMO_TOWN


def test_the_purge_takes_closed_requests_and_the_chat_ids_left_without_a_request(tmp_path):
    engine = Engine.from_settings(Settings(knowledge_dirs=(DEMO_TOWN,), data_dir=tmp_path, secret="s" * 32))
    store = engine.dialogue.store
    done, waiting = engine.user_key(1), engine.user_key(2)
    for user, chat in ((done, 111), (waiting, 222)):
        store.remember_chat(user, chat)
        store.create(user, Draft(kind="contact", text="Bonjour"), lambda request: [])
    engine.dialogue.set_status(engine.dialogue.request("D-0001"), "close", "fait")
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=engine.settings.retention_days + 1)
    assert store.purge(engine.settings.retention_days, now=later) == 1
    assert engine.dialogue.request("D-0001") is None and engine.dialogue.request("D-0002") is not None
    assert store.chat_of(done) is None  # nothing left to answer them about
    assert store.chat_of(waiting) == 222  # an open request still needs its answer
    engine.close()
