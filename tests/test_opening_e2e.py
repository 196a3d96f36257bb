"""End to end on Telegram (the real Application against the strict fake Bot API): on Christmas Day,
"déchetterie ouverte ?" says closed and why; the answer's button opens the entry; the agenda
answers with dates. Zero refused calls and every button answered (tests/harness.py)."""

from __future__ import annotations

import datetime as dt

from tests.harness import DEMO, ask, labels, press, run, running_bot

CHRISTMAS = dt.datetime(2026, 12, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def test_dechetterie_on_a_public_holiday_and_the_agenda(tmp_path):
    async def scenario():
        async with running_bot(tmp_path, DEMO) as (api, engine):
            engine.clock = lambda: CHRISTMAS
            lou = api.user("Lou")
            (answer,) = await ask(api, lou, "déchetterie ouverte ?")
            assert "La déchetterie est fermée aujourd'hui (jour férié : Noël)." in answer.text
            assert "Prochaine ouverture : samedi 26/12 de 9h à 12h et de 14h à 18h." in answer.text
            assert answer.data.get("entities"), "HTML formatting was parsed"
            entry_button = next(l for l in labels(answer) if l.startswith("📄 Déchetterie"))
            await press(api, answer, label=entry_button)
            assert "Déchetterie intercommunale" in api.last_sent(lou.id).text
            (agenda,) = await ask(api, lou, "prochain conseil municipal")
            assert "jeudi 04/02/2027" in agenda.text and "à 19h" in agenda.text

    run(scenario())
