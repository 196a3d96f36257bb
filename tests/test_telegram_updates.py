"""Everything that is not a private text question, through the real bot and the strict fake:
stickers, photos, voice, files, edited messages, channel posts, groups, a citizen who
blocked the bot, and a citizen who floods it. A sensible reply or silence, never a crash, never a
call Telegram would refuse.
"""

from __future__ import annotations

import logging

from tests.fakebotapi import Call
from tests.harness import DEMO, ask, press, run, running_bot

UNSUPPORTED = "Je ne lis que les messages écrits"


def test_stickers_photos_voice_files_get_a_short_text_only_note(tmp_path):
    """(A shared location gets what is near it: tests/test_nearby_e2e.py.)"""
    async def scenario():
        async with running_bot(tmp_path) as (api, engine):
            kinds = {
                "sticker": lambda u: api.send_sticker(u),
                "photo": lambda u: api.send_photo(u),
                "voice": lambda u: api.send_voice(u),
                "document": lambda u: api.send_document(u, file_name="<scan>&.pdf"),
            }
            users = {}
            for kind, send in kinds.items():
                users[kind] = api.user(kind.title())
                send(users[kind])
            await api.wait_replies(len(kinds))
            await api.wait_idle()
            for kind, user in users.items():
                (reply,) = api.sent(user.id)
                assert reply.text.startswith(UNSUPPORTED), (kind, reply.text)
                assert "/menu" in reply.text and reply.callback_buttons, "examples to tap"
            assert "photos" in api.sent(users["photo"].id)[0].text
            assert "vocaux" in api.sent(users["voice"].id)[0].text
            # an example button asks the question for the citizen
            note = api.sent(users["sticker"].id)[0]
            await press(api, note, label=note.callback_buttons[0]["text"])
            assert len(api.sent(users["sticker"].id)) == 2
            assert engine.storage.db["questions"].count == 1  # only the example question is logged

    run(scenario())


def test_a_photo_with_a_caption_is_answered_from_its_caption(tmp_path):
    async def scenario():
        async with running_bot(tmp_path, knowledge=DEMO) as (api, engine):
            lea = api.user("Léa")
            api.send_photo(lea, caption="<b>trou</b> dans ma rue & le trottoir est cassé")
            await api.wait_replies(2, lea.id)
            await api.wait_idle()
            note, answer = api.sent(lea.id)
            assert "photos" in note.text and "transmis" in note.text
            result = engine.answer("trou dans ma rue & le trottoir est cassé")[0]
            assert result.decision == "answer"  # the caption was read as the question
            assert result.candidates[0].entry.title in answer.text
            assert engine.storage.db["questions"].count == 1

    run(scenario())


def test_edited_messages_and_channel_posts_are_not_asked_for_and_ignored_if_delivered(tmp_path, caplog):
    async def scenario(allowed):
        async with running_bot(tmp_path / str(allowed is None), allowed_updates=allowed) as (api, _):
            nina = api.user("Nina")
            original = api.send_text(nina, "encombrants")
            await api.wait_replies(1, nina.id)
            api.edit_text(nina, original, "carte d'identité")
            api.channel_post(api.channel(), "Conseil municipal ce soir")
            api.send_text(nina, "Bonjour")  # the bot is still there after them
            await api.wait_replies(2, nina.id)
            await api.wait_idle()
            assert len(api.sent(nina.id)) == 2
            assert len(api.calls_to("sendMessage")) == 2  # nothing sent to the channel
            return [next(k for k in u if k != "update_id") for u in api.dropped_updates]

    # what `guichet run` asks for: Telegram does not even send edits and channel posts
    assert run(scenario(__import__("handlers.app").app.ALLOWED_UPDATES)) == ["edited_message", "channel_post"]
    # and when everything is delivered anyway (another deployment, a webhook), silence
    caplog.set_level(logging.WARNING)
    assert run(scenario(None)) == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_in_groups_the_bot_answers_only_when_addressed(tmp_path):
    async def scenario():
        async with running_bot(tmp_path) as (api, _):
            group = api.group("Conseil de quartier")
            omar, paul = api.user("Omar"), api.user("Paul")
            api.send_text(omar, "quelqu'un sait pour les encombrants ?", chat=group)  # not for the bot
            api.send_sticker(omar, chat=group)
            api.send_photo(paul, chat=group)
            api.send_command(paul, "inconnue", chat=group)  # someone else's command
            api.send_command(paul, "menu", chat=group, addressed=True)  # /menu@guichet_test_bot
            await api.wait_replies(1, group["id"])
            await api.wait_idle()
            assert len(api.sent(group["id"])) == 1 and "thème" in api.sent(group["id"])[0].text
            # (staff-written phrasings of the mini knowledge: answered whatever the matcher's tuning)
            api.send_text(omar, "@guichet_test_bot Quand passe le ramassage des encombrants ?", chat=group)
            await api.wait_replies(2, group["id"])
            mention_reply = api.last_sent(group["id"])
            assert "Collecte des encombrants" in mention_reply.text
            api.send_text(paul, "Où jeter mes gravats ?", chat=group, reply_to=mention_reply)  # a reply to the bot
            await api.wait_replies(3, group["id"])
            assert "Déchetterie" in api.last_sent(group["id"]).text
            api.send_text(paul, "@guichet_test_bot", chat=group)  # a bare mention: nothing to answer
            await api.wait_idle()
            assert len(api.sent(group["id"])) == 3
            assert not api.sent(omar.id) and not api.sent(paul.id)  # nothing leaked to private chats

    run(scenario())


def test_a_citizen_who_blocked_the_bot_gets_silence_and_others_are_served(tmp_path, caplog):
    def forbidden(call: Call) -> bool:
        return call.method.lower() == "sendmessage" and (call.refused or "").startswith("Forbidden")

    async def scenario():
        async with running_bot(tmp_path, allow_refused=forbidden) as (api, _):
            quentin, rose = api.user("Quentin"), api.user("Rose")
            api.block(quentin)
            api.send_text(quentin, "encombrants")
            api.send_sticker(quentin)
            (answer,) = await ask(api, rose, "Bonjour")
            await api.wait_idle()
            refused = [c for c in api.calls_to("sendMessage") if c.refused]
            assert len(refused) == 2 and all(forbidden(c) for c in refused)  # tried once each, no retry
            assert answer.text.strip()

    caplog.set_level(logging.INFO)
    run(scenario())
    assert any("bloqué" in r.getMessage() for r in caplog.records)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_flooding_citizen_gets_twenty_answers_one_notice_then_silence(tmp_path):
    clock = [1000.0]

    async def scenario():
        async with running_bot(tmp_path, flood_per_minute=20) as (api, engine):
            engine.flood.clock = lambda: clock[0]  # frozen: the test does not depend on its own speed
            sam, tom = api.user("Sam"), api.user("Tom")
            for i in range(30):
                api.send_text(sam, f"encombrants {i}")
            api.send_text(tom, "cantine")
            await api.wait_replies(22)
            await api.wait_idle()
            texts = [m.text for m in api.sent(sam.id)]
            assert len(texts) == 21, len(texts)
            assert all("beaucoup de messages" not in t for t in texts[:20])
            assert "beaucoup de messages" in texts[20]
            assert len(api.sent(tom.id)) == 1 and "beaucoup de messages" not in api.sent(tom.id)[0].text
            assert engine.storage.db["questions"].count == 21  # the silenced messages are not stored
            # buttons: navigating the menu (edits in place) stays free, an entry press is silenced
            # (answered, or the citizen would see a spinner) ...
            first = api.sent(sam.id)[0]  # an answer, a choice or a fallback: all have such a button
            data = next(b["callback_data"] for b in first.callback_buttons if b["callback_data"][:2] not in ("m:", "g:"))
            query = await press(api, first, data=data)
            assert query["answered"] and query["answer"] is None and len(api.sent(sam.id)) == 21
            assert engine.storage.db["feedback"].count == 0
            # ... and a minute later the budget has refilled
            clock[0] += 60
            (again,) = await ask(api, sam, "encombrants")
            assert "beaucoup de messages" not in again.text

    run(scenario())


def test_polling_waits_when_too_many_updates_are_in_flight(tmp_path):
    """Back-pressure: beyond the limit, the surplus stays at Telegram instead of in the bot's memory."""
    import asyncio

    async def scenario():
        async with running_bot(tmp_path) as (api, engine):
            api.poller.dispatcher.in_flight = 3
            release = asyncio.Event()
            original = api.poller.application.process_update

            async def held(update):
                await release.wait()
                await original(update)

            api.poller.application.process_update = held
            for i in range(6):
                api.send_text(api.user(f"U{i}"), "encombrants")
            await api.wait_for(lambda: api.pending_updates() == 3, what="three updates fetched, three waiting")
            await asyncio.sleep(0.3)
            assert api.pending_updates() == 3 and api.poller.inbox.count() == 3
            release.set()
            await api.wait_replies(6)
            await api.wait_idle()
            assert api.poller.inbox.count() == 0

    run(scenario())
