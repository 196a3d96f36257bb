"""The dialogue with the town, end to end: the real Application against the fake Bot API, a restart in between.

A citizen writes /contact TEXT; the request reaches the staff group; the bot restarts; a staff
member replies (a Telegram reply) to the post; the answer reaches the citizen, once; /mes_demandes
lists it; a staff button pressed outside the staff chat is refused; no row pairs a raw Telegram
id with the request's text; the text never reaches the logs.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time

from tests.fakebotapi import FakeBotAPI
from tests.harness import DEMO, ask, bot_on, press, run

TEXT = "Bonjour, le lampadaire devant le 12 rue des Lilas ne marche plus"
ANSWER = "Merci ! L'équipe de l'éclairage passe demain matin."


def forge_press(api: FakeBotAPI, message, data: str, user) -> str:
    """A callback query with `data` on `message`, as a modified client could send it."""
    query_id = str(4_300_000_000 + len(api.callback_queries))
    query = {"id": query_id, "from": user.as_dict(), "message": message.data, "chat_instance": "1", "data": data}
    api.callback_queries[query_id] = {"answered": False, "query": query, "at": time.monotonic(), "answer": None}
    api._push("callback_query", query)
    return query_id


def rows_pairing_id_and_text(db_path, raw_id: int, text: str) -> list[tuple]:
    """Every row, in any table, that holds both the raw Telegram id and (part of) the text."""
    db = sqlite3.connect(db_path)
    found = []
    for (table,) in db.execute("select name from sqlite_master where type = 'table'"):
        for row in db.execute(f"select * from [{table}]"):
            values = [str(v) for v in row if v is not None]
            if any(text[:30] in v for v in values) and any(v == str(raw_id) for v in values):
                found.append((table, row))
    db.close()
    return found


def test_contact_reaches_the_staff_and_the_answer_comes_back_across_a_restart(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)

    async def scenario():
        async with FakeBotAPI() as api:
            staff_chat = api.group("Équipe mairie")
            agent = api.user("Agent")
            camille = api.user("Camille")
            settings = {"knowledge": DEMO, "staff_chat": staff_chat["id"]}
            async with bot_on(api, tmp_path, **settings):
                (confirm,) = await ask(api, camille, f"/contact {TEXT}")
                assert "Vérifiez avant l'envoi" in confirm.text and "Ce qui est transmis" in confirm.text
                await press(api, confirm, label="✅ Envoyer")
                assert "D-0001" in api.last_sent(camille.id).text
                await api.wait_for(lambda: any("D-0001" in m.text for m in api.sent(staff_chat["id"])),
                                   what="the staff post")
            post = next(m for m in api.sent(staff_chat["id"]) if "D-0001" in m.text)
            assert TEXT in post.text and "Camille" not in post.text and str(camille.id) not in post.text
            async with bot_on(api, tmp_path, **settings):  # restarted: the reply still finds its request
                before = len(api.sent(camille.id))
                api.send_text(agent, ANSWER, chat=staff_chat, reply_to=post)
                await api.wait_for(lambda: len(api.sent(camille.id)) > before, what="the answer to the citizen")
                answer = api.sent(camille.id)[-1]
                assert ANSWER in answer.text and "D-0001" in answer.text and "Bourg-Exemple" in answer.text
                await api.wait_for(lambda: "prise en charge" in api.messages[(post.chat_id, post.message_id)].text,
                                   what="the staff post shows the new status")
                (listing,) = await ask(api, camille, "/mes_demandes")
                assert "D-0001" in listing.text and "prise en charge" in listing.text and "L'équipe" in listing.text
                qid = forge_press(api, listing, "s:r:1", camille)  # a staff button, from a citizen's chat
                await api.wait_for(lambda: api.callback_queries[qid]["answered"], what="the refusal")
                assert "équipe de la mairie" in (api.callback_queries[qid]["answer"] or "")
                await api.wait_idle(quiet=1.2)
            answers = [m for m in api.sent(camille.id) if m.text.startswith("💬 Réponse de")]
            assert len(answers) == 1  # delivered once, not again after the restart
            assert rows_pairing_id_and_text(tmp_path / "guichet.db", camille.id, TEXT) == []
            db = sqlite3.connect(tmp_path / "guichet.db")
            assert db.execute("select status from requests where id = 1").fetchone()[0] == "prise"
            assert db.execute("select count(*) from outbox").fetchone()[0] == 0  # nothing left, no text lingers
            db.close()
            assert api.refused == [], api.summary()

    run(scenario())
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert TEXT[:30] not in logged and ANSWER[:30] not in logged


def test_a_report_with_photo_and_position_reaches_the_staff_with_a_map_pin(tmp_path):
    async def scenario():
        async with FakeBotAPI() as api:
            staff_chat = api.group("Équipe mairie")
            lea = api.user("Léa")
            async with bot_on(api, tmp_path, DEMO, staff_chat=staff_chat["id"]):
                (categories,) = await ask(api, lea, "/signaler")
                await press(api, categories, label="💡 Éclairage public en panne")
                prompt = api.last_sent(lea.id)
                assert "Décrivez le problème" in prompt.text
                markup = api.calls_to("sendMessage", ok=True)[-1].params["reply_markup"]
                markup = json.loads(markup) if isinstance(markup, str) else markup
                assert markup["keyboard"][0][0]["request_location"] is True  # Telegram's "share my position"
                api.send_photo(lea)
                await api.wait_for(lambda: "Décrivez" in api.last_sent(lea.id).text and api.last_sent(lea.id) is not prompt,
                                   what="the prompt again, photo kept")
                api.send_location(lea, 48.8566, 2.3522)
                await api.wait_idle()
                (confirm,) = await ask(api, lea, "Lampadaire éteint devant l'école, rue des Lilas")
                assert "Photo jointe" in confirm.text and "Position jointe" in confirm.text
                await press(api, confirm, label="✅ Envoyer")
                await api.wait_for(lambda: len(api.calls_to("sendLocation", ok=True)) == 1, timeout=10,
                                   what="the map pin (3 messages to a group: paced 3 s apart)")
            staff = api.sent(staff_chat["id"])
            assert any("Éclairage public" in m.text and "Lampadaire" in m.text for m in staff)
            assert len(api.calls_to("sendPhoto", ok=True)) == 1
            assert api.refused == [], api.summary()

    run(scenario())
