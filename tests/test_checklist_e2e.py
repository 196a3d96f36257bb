"""The document list end to end, through the real Application and the fake Bot API: the list is
edited in place as papers are ticked, /oubli erases it, and the reminder arrives with what is unticked."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot import wording_checklist as WC
from tests.harness import ask, labels, press, run, running_bot

MONDAY = dt.datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


def test_tick_forget_and_be_reminded_end_to_end(tmp_path):
    async def scenario():
        async with running_bot(tmp_path) as (api, engine):
            engine.clock = lambda: MONDAY
            alice = api.user("Alice")
            (answer,) = await ask(api, alice, "carte d'identité")
            assert WC.LIST_BUTTON in labels(answer)
            await press(api, answer, label=WC.LIST_BUTTON)
            listed = api.last_sent(alice.id)
            assert listed.message_id != answer.message_id and "0 sur 2" in listed.text
            first, second = labels(listed)[:2]
            await press(api, listed, label=first)
            await press(api, api.last_sent(alice.id), label=second)
            edited = api.last_sent(alice.id)
            assert edited.message_id == listed.message_id  # the same message, edited twice
            assert [label[:4] for label in labels(edited)[:2]] == ["✅ 1.", "✅ 2."] and "Tout est prêt" in edited.text
            assert len(api.calls_to("editMessageText", ok=True)) == 2

            api.send_command(alice, "oubli")
            await api.wait_for(lambda: "effacées" in api.last_sent(alice.id).text, what="/oubli")
            assert engine.checklists.ticked(engine.user_key(alice.id), "carte-identite") == set()
            await press(api, edited, label=labels(edited)[0])  # a press on the old list: it starts afresh
            assert [label[:4] for label in labels(api.sent(alice.id)[-2])[:2]] == ["✅ 1.", "☐ 2."]

            await press(api, api.sent(alice.id)[-2], label=WC.REMIND_BUTTON)
            assert "Quand est votre rendez-vous" in api.last_sent(alice.id).text
            (confirmed,) = await ask(api, alice, "mardi 14h")
            assert "demain (mardi 8 décembre) à 14h" in confirmed.text and WC.CANCEL_REMINDER_BUTTON in labels(confirmed)
            before = len(api.sent(alice.id))
            engine.clock = lambda: MONDAY.replace(hour=18, minute=1)
            (job,) = api.app.job_queue.get_jobs_by_name("checklist-reminders")
            await job.run(api.app)  # what the job queue does every minute
            await api.wait_for(lambda: len(api.sent(alice.id)) > before, what="the reminder")
            reminder = api.last_sent(alice.id)
            assert "Rappel" in reminder.text and "mardi 8 décembre" in reminder.text
            assert "justificatif de domicile" in reminder.text.lower() and "photo" not in reminder.text.lower()
            assert labels(reminder) == [WC.LIST_BUTTON]

    run(scenario())
