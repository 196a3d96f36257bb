"""/stats in the staff chat: the report's two key charts as photos, for the staff only."""

from __future__ import annotations

import asyncio

import pytest

from bot.commands import find
from bot.config import Settings
from bot.engine import Engine
from bot.engine_stats import stats_summary
from conftest import DEMO_TOWN
from tests.fakebotapi import FakeBotAPI
from tests.harness import DEMO, ask, bot_on

STAFF = -1001234567890
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def engine(tmp_path):
    settings = Settings(knowledge_dirs=(DEMO_TOWN,), data_dir=tmp_path / "data", secret="s", staff_chat=STAFF,
                        flood_per_minute=0)
    e = Engine.from_settings(settings)
    for n, q in enumerate(["encombrants", "passeport", "adopter un chien", "bonjour"]):
        e.on_text(e.user_key(n), q, chat=n + 1)
    yield e
    e.close()


def test_stats_sends_two_png_charts_with_the_headline_figures(engine):
    reply = engine.on_staff_stats(STAFF, "")
    assert [m.photo[:8] for m in reply.messages] == [PNG, PNG]
    caption = reply.messages[0].text
    assert "30 derniers jours : 4 question(s), 50\u00a0% de réponses directes" in caption
    assert "25\u00a0% sans réponse" in caption and len(caption) <= 1024
    assert "7 derniers jours" in engine.on_staff_stats(STAFF, "7j").messages[0].text


def test_stats_only_in_the_staff_chat_and_a_wrong_period_is_explained(engine):
    assert engine.on_staff_stats(-100999, "").messages[0].text.startswith("Les chiffres de Guichet se consultent")
    assert not engine.on_staff_stats(-100999, "").messages[0].photo
    assert engine.on_staff_stats(STAFF, "hier").messages[0].text.startswith("Usage : /stats")
    assert find("stats").staff and find("stats").slow


def test_without_matplotlib_stats_says_the_figures_in_words(engine, monkeypatch):
    import bot.report.charts as C

    monkeypatch.setattr(C, "_figure", lambda height=C.HEIGHT: None)
    (message,) = engine.on_staff_stats(STAFF, "").messages
    assert not message.photo and "4 question(s)" in message.text and "guichet[staff]" in message.text


def test_the_summary_of_an_empty_database(tmp_path):
    settings = Settings(knowledge_dirs=(DEMO_TOWN,), data_dir=tmp_path / "data", secret="s", staff_chat=STAFF)
    e = Engine.from_settings(settings)
    reply = e.on_staff_stats(STAFF, "")
    assert len(reply.messages) == 1 and reply.messages[0].photo.startswith(PNG)  # no shares without a question
    assert "0 question(s)" in reply.messages[0].text and "Avis : aucun" in reply.messages[0].text
    e.close()


def test_stats_through_telegram_photos_in_the_staff_group_help_for_a_citizen(tmp_path):
    """The real Application against the fake Bot API: /stats in the staff group uploads two PNG
    photos; a citizen typing /stats in a private chat gets the help, as for any unknown command."""

    async def scenario():
        async with FakeBotAPI() as api:
            staff_chat = api.group("Équipe mairie")
            agent, camille = api.user("Agent"), api.user("Camille")
            async with bot_on(api, tmp_path, knowledge=DEMO, staff_chat=staff_chat["id"]):
                await ask(api, camille, "encombrants")
                (helped,) = await ask(api, camille, "/stats")
                assert "/aide" in helped.text or "/menu" in helped.text
                api.send_text(agent, "/stats", chat=staff_chat)
                await api.wait_for(lambda: len([m for m in api.sent(staff_chat["id"]) if "photo" in m.data]) == 2,
                                   what="two charts in the staff group")
                await api.wait_idle(quiet=0.3)
            photos = [m for m in api.sent(staff_chat["id"]) if "photo" in m.data]
            assert "1 question(s)" in photos[0].data["caption"]
            assert len(api.uploads) == 2 and all(u["data"].startswith(PNG) for u in api.uploads)
            assert not [m for m in api.sent(camille.id) if "photo" in m.data]

    asyncio.run(scenario())


def test_summary_wording_counts_every_decision(engine):
    from bot.report import Period
    from bot.report.queries import read_figures

    now = engine.now()
    f = read_figures(engine.storage.db.conn, Period(now.date(), 30, now.tzinfo), {})
    assert stats_summary(f).startswith("📊 30 derniers jours : 4 question(s)")
