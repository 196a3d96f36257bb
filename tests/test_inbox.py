"""The durable inbox: stored before confirmed, deduplicated by update_id, emptied as handled."""

from __future__ import annotations

import logging

from bot.inbox import Inbox
from tests.harness import ask, run, running_bot


def test_store_dedups_remembers_the_last_id_and_keeps_order(tmp_path):
    inbox = Inbox(tmp_path / "inbox.db")
    assert inbox.next_offset() is None
    assert inbox.store([(12, "b"), (11, "a")]) == [(11, "a"), (12, "b")]
    assert inbox.store([(12, "b"), (13, "c")]) == [(13, "c")]  # 12 came twice: stored once
    inbox.done(11)
    inbox.done(12)
    inbox.done(13)
    assert inbox.store([(12, "b")]) == []  # handled and deleted long ago: still never taken again
    assert inbox.next_offset() == 14 and inbox.pending() == []
    inbox.store([(14, "d"), (15, "e")])
    inbox.close()
    again = Inbox(tmp_path / "inbox.db")  # a restart (or a crash) keeps what was not handled
    assert again.pending() == [(14, "d"), (15, "e")] and again.next_offset() == 16
    again.close()


def test_handled_rows_leave_no_text_in_the_file_or_the_journal(tmp_path):
    inbox = Inbox(tmp_path / "inbox.db")
    inbox.store([(1, '{"text": "Secret-Question-rue-des-Lilas"}')])
    inbox.done(1)
    inbox.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("inbox.db*"))
    assert b"Secret-Question" not in raw


def test_polling_network_errors_are_named_and_retried(tmp_path, caplog):
    async def scenario():
        async with running_bot(tmp_path) as (api, _):
            api.inject_fault("getUpdates", "500", times=1)
            alice = api.user("Alice")
            (reply,) = await ask(api, alice, "encombrants")
            assert reply.text

    caplog.set_level(logging.INFO)
    run(scenario())
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(w.startswith("Réseau indisponible pendant la récupération des mises à jour") for w in warnings)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_press_handled_after_telegrams_deadline_still_gets_its_reply(tmp_path, caplog):
    def too_old(call) -> bool:
        return call.method == "answerCallbackQuery" and "too old" in (call.refused or "")

    async def scenario():
        async with running_bot(tmp_path, allow_refused=too_old) as (api, _):
            alice = api.user("Alice")
            (menu,) = await ask(api, alice, "/menu")
            api.callback_answer_deadline = 0  # as if the press waited in the inbox through a restart
            query = api.press(menu, data=menu.callback_buttons[0]["callback_data"])
            await api.wait_for(lambda: len(api.calls_to("answerCallbackQuery")) == 1, what="the late toast")
            api.callback_queries[query]["answered"] = True  # Telegram forgot it; nobody is left waiting
            await api.wait_idle()
            assert len(api.calls_to("editMessageText", ok=True)) + len(api.sent(alice.id)) >= 2

    caplog.set_level(logging.INFO)
    run(scenario())
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
