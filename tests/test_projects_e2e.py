"""Following a project, end to end: the real Application against the fake Bot API, a restart in between.

A citizen follows the voie verte through its button; a clerk adds a milestone to its YAML while the
bot runs; the follower receives one message naming the project and the milestone; after a restart
nothing more arrives; an unrelated YAML change sends nothing.
"""

from __future__ import annotations

import asyncio
import shutil

from tests.fakebotapi import FakeBotAPI
from tests.harness import DEMO, ask, bot_on, labels, press, run

STEP = '  - date: "2028"\n    label: Raccordement à la commune voisine\n'
NEW_STEP = STEP + '  - date: "2028-06"\n    label: Inauguration de la voie verte complète\n'


def edit(path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


def test_a_follower_hears_of_a_new_milestone_once_across_a_restart(tmp_path):
    town = tmp_path / "town"
    shutil.copytree(DEMO, town)
    project = town / "projets" / "voie-verte.yaml"

    def updates(api, user) -> list:
        return [m for m in api.sent(user.id) if m.text.startswith("🏗️ Du nouveau")]

    async def scenario():
        async with FakeBotAPI() as api:
            camille = api.user("Camille")
            data = tmp_path / "data"
            async with bot_on(api, data, town) as engine:
                (page,) = await ask(api, camille, "Où passera la voie verte ?")
                assert "🔔 Suivre ce projet" in labels(page)
                await press(api, page, label="🔔 Suivre ce projet")
                assert "🔕 Ne plus suivre ce projet" in labels(api.messages[(page.chat_id, page.message_id)])
                edit(project, STEP, NEW_STEP)
                await asyncio.to_thread(engine.reload_if_changed)  # what the 10-second job does
                await api.wait_for(lambda: len(updates(api, camille)) == 1, what="the update")
                (update,) = updates(api, camille)
                assert "Voie verte de la vallée de l'Exemple" in update.text
                assert "juin 2028" in update.text and "Inauguration de la voie verte complète" in update.text
                assert "🏗️ Voir le projet" in labels(update)
            async with bot_on(api, data, town) as engine:  # restarted: the change was already told
                await api.wait_idle(quiet=1.5)
                edit(town / "projets" / "maison-de-sante.yaml", "5 médecins", "6 médecins")
                await asyncio.to_thread(engine.reload_if_changed)
                assert "6 médecins" in engine.knowledge.entries["maison-de-sante"].summary  # reloaded
                await api.wait_idle(quiet=1.5)
            assert len(updates(api, camille)) == 1
            assert api.refused == [], api.summary()

    run(scenario())


def test_annonce_in_the_staff_chat_reaches_the_followers(tmp_path):
    async def scenario():
        async with FakeBotAPI() as api:
            staff_chat = api.group("Équipe mairie")
            agent, lea = api.user("Agent"), api.user("Léa")
            async with bot_on(api, tmp_path, DEMO, staff_chat=staff_chat["id"]):
                (page,) = await ask(api, lea, "Où passera la voie verte ?")
                await press(api, page, label="🔔 Suivre ce projet")
                before = len(api.sent(lea.id))
                api.send_command(agent, "annonce", "voie-verte Réunion publique jeudi à 18 h", chat=staff_chat)
                await api.wait_for(lambda: any("Annonce mise en file pour 1 abonné" in m.text
                                               for m in api.sent(staff_chat["id"])), what="the staff's receipt")
                await api.wait_for(lambda: len(api.sent(lea.id)) > before, what="the announcement")
                message = api.last_sent(lea.id)
                assert "message de la mairie" in message.text and "Réunion publique jeudi à 18 h" in message.text
                api.send_command(agent, "consultation", "voie-verte", chat=staff_chat)
                await api.wait_for(lambda: any("Quel nom donner à la voie verte" in m.text for m in api.sent(staff_chat["id"])),
                                   what="the votes")
            assert api.refused == [], api.summary()

    run(scenario())
