"""The fake Bot API refuses what Telegram refuses: a fake that accepts everything tests nothing."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from tests.fakebotapi import FakeBotAPI, parse_html


def run(coro):
    return asyncio.run(coro)


def make_bot(api: FakeBotAPI, timeout: float = 2.0) -> Bot:
    return Bot(api.token, base_url=api.base_url, request=HTTPXRequest(read_timeout=timeout, connect_timeout=timeout))


def keyboard(*buttons: InlineKeyboardButton) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[b] for b in buttons])


# ----------------------------------------------------------------------------- HTML parser


def test_parse_html_decodes_entities_and_measures_plain_text():
    plain, entities = parse_html('<b>Carte</b> &amp; <a href="https://ants.gouv.fr?a=1&amp;b=2">ANTS</a> &#128512; &lt;3')
    assert plain == "Carte & ANTS 😀 <3"
    assert {"type": "bold", "offset": 0, "length": 5} in entities
    assert {"type": "text_link", "offset": 8, "length": 4, "url": "https://ants.gouv.fr?a=1&b=2"} in entities


@pytest.mark.parametrize(
    "text",
    [
        "<br>",  # unknown tag (a classic bug)
        "<p>texte</p>",
        "<div>x</div>",
        "a < b",  # bare <
        "Dupont & fils",  # bare &
        "&nbsp;",  # named entity Telegram does not know
        "<b>gras",  # unclosed
        "<b><i>x</b></i>",  # mismatched
        "x</b>",  # end tag without start
        '<span class="rouge">x</span>',  # span must be a spoiler
        "<tg-emoji>😀</tg-emoji>",  # emoji-id required
        "<blockquote>a<blockquote>b</blockquote></blockquote>",
        "<b",
        "&#0;",
    ],
)
def test_parse_html_refuses(text):
    with pytest.raises(Exception) as info:
        parse_html(text)
    assert "can't parse entities" in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>i</ins><s>s</s><strike>s</strike><del>d</del>",
        '<tg-spoiler>x</tg-spoiler><span class="tg-spoiler">y</span>',
        '<pre><code class="language-python">x = 1</code></pre><code>y</code>',
        "<blockquote expandable>long</blockquote>",
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
        "<B>majuscules</B> et 3 > 2",
    ],
)
def test_parse_html_accepts_the_allowed_tags(text):
    parse_html(text)


# ----------------------------------------------------------------------------- sendMessage rules


def test_send_message_refuses_bad_html_too_long_and_blank_texts():
    async def scenario():
        async with FakeBotAPI() as api:
            async with make_bot(api) as bot:
                user = api.user()
                ok = await bot.send_message(user.id, "<b>Bonjour</b> &amp; bienvenue 👋", parse_mode="HTML")
                assert ok.text == "Bonjour & bienvenue 👋"
                assert ok.entities[0].type == "bold"
                # 4,096 characters *after* entity parsing are fine, even if the HTML is longer
                await bot.send_message(user.id, "<b>" + "&amp;" * 4096 + "</b>", parse_mode="HTML")
                for text, why in [
                    ("Ligne 1<br>Ligne 2", "can't parse entities"),
                    ("Dupont & fils", "can't parse entities"),
                    ("<b>non fermé", "can't parse entities"),
                    ("x" * 4097, "too long"),
                    ("<i>" + "é" * 4097 + "</i>", "too long"),
                    (" \n\t ", "empty"),
                    ("<b> </b>", "empty"),
                ]:
                    with pytest.raises(BadRequest, match=f"(?i){why}"):
                        await bot.send_message(user.id, text, parse_mode="HTML")
                with pytest.raises(BadRequest, match="(?i)chat not found"):
                    await bot.send_message(987654321, "Bonjour")
                assert len(api.refused) == 8
                assert all(c.method == "sendMessage" for c in api.refused)

    run(scenario())


def test_plain_text_is_not_parsed_but_still_limited():
    async def scenario():
        async with FakeBotAPI() as api:
            async with make_bot(api) as bot:
                user = api.user()
                m = await bot.send_message(user.id, "a < b & c")  # no parse_mode: literal
                assert m.text == "a < b & c"
                with pytest.raises(BadRequest):
                    await bot.send_message(user.id, "x" * 4097)

    run(scenario())


def test_inline_keyboards_are_checked():
    async def scenario():
        async with FakeBotAPI() as api:
            async with make_bot(api) as bot:
                user = api.user()
                good = keyboard(
                    InlineKeyboardButton("Oui", callback_data="e:carte-identite"),
                    InlineKeyboardButton("Lien", url="https://www.service-public.fr/particuliers/vosdroits/F1342"),
                    InlineKeyboardButton("x" * 10, callback_data="é" * 32),  # 64 bytes exactly
                )
                await bot.send_message(user.id, "Choisissez :", reply_markup=good)
                bad_keyboards = [
                    keyboard(InlineKeyboardButton("Trop long", callback_data="x" * 65)),
                    keyboard(InlineKeyboardButton("Trop long en octets", callback_data="é" * 33)),
                    keyboard(InlineKeyboardButton("Lien", url="javascript:alert(1)")),
                    keyboard(InlineKeyboardButton("Lien", url="ftp://example.org")),
                    InlineKeyboardMarkup([[InlineKeyboardButton(str(i), callback_data=str(i))] for i in range(101)]),
                ]
                for markup in bad_keyboards:
                    with pytest.raises(BadRequest):
                        await bot.send_message(user.id, "Choisissez :", reply_markup=markup)
                # raw markups PTB would not let us build: no action, two actions, empty data, no text
                raw = [
                    [{"text": "Rien"}],
                    [{"text": "Deux", "callback_data": "a", "url": "https://a.fr"}],
                    [{"text": "Vide", "callback_data": ""}],
                    [{"text": " ", "callback_data": "a"}],
                ]
                async with httpx.AsyncClient() as client:
                    for row in raw:
                        r = await client.post(
                            f"{api.base_url}{api.token}/sendMessage",
                            data={"chat_id": user.id, "text": "x", "reply_markup": json.dumps({"inline_keyboard": [row]})},
                        )
                        assert r.status_code == 400 and r.json()["ok"] is False
                assert len(api.refused) == len(bad_keyboards) + len(raw)

    run(scenario())


def test_json_bodies_are_accepted_too():
    async def scenario():
        async with FakeBotAPI() as api:
            user = api.user()
            async with httpx.AsyncClient() as client:
                r = await client.post(
                    f"{api.base_url}{api.token}/sendMessage",
                    json={"chat_id": user.id, "text": "<i>ok</i>", "parse_mode": "HTML",
                          "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "a"}]]}},
                )
                assert r.json()["ok"] is True, r.text
                r = await client.post(f"{api.base_url}WRONG:token/getMe")
                assert r.status_code == 401
                r = await client.post(f"{api.base_url}{api.token}/noSuchMethod")
                assert r.status_code == 404
            assert api.sent()[0].text == "ok"

    run(scenario())


def test_edit_and_callback_answers_follow_telegram():
    async def scenario():
        async with FakeBotAPI() as api:
            async with make_bot(api) as bot:
                user = api.user()
                m = await bot.send_message(user.id, "<b>Menu</b>", parse_mode="HTML", reply_markup=keyboard(InlineKeyboardButton("A", callback_data="a")))
                with pytest.raises(BadRequest, match="(?i)not modified"):
                    await bot.edit_message_text("<b>Menu</b>", user.id, m.message_id, parse_mode="HTML",
                                                reply_markup=keyboard(InlineKeyboardButton("A", callback_data="a")))
                await bot.edit_message_text("Autre", user.id, m.message_id)
                with pytest.raises(BadRequest, match="(?i)not found"):
                    await bot.edit_message_text("Autre", user.id, 999)
                # press the button: the query is recorded as unanswered until answered, once
                stored = api.sent(user.id)[0]
                assert stored.text == "Autre" and stored.buttons == []
                await bot.edit_message_reply_markup(user.id, m.message_id, reply_markup=keyboard(InlineKeyboardButton("B", callback_data="b")))
                qid = api.press(api.sent(user.id)[0], data="b")
                assert [q["query"]["id"] for q in api.unanswered_callbacks()] == [qid]
                with pytest.raises(BadRequest, match="(?i)too_long"):
                    await bot.answer_callback_query(qid, text="x" * 201)
                await bot.answer_callback_query(qid, text="Merci")
                assert api.unanswered_callbacks() == []
                with pytest.raises(BadRequest, match="(?i)query is too old"):
                    await bot.answer_callback_query(qid)
                with pytest.raises(BadRequest):
                    await bot.answer_callback_query("12345")

    run(scenario())


def test_set_my_commands_rules():
    async def scenario():
        async with FakeBotAPI() as api:
            async with make_bot(api) as bot:
                await bot.set_my_commands([("start", "Accueil"), ("oubli", "Effacer mes données")])
                assert [c.command for c in await bot.get_my_commands()] == ["start", "oubli"]
                for commands in ([("Start", "x")], [("menu-principal", "x")], [("a" * 33, "x")],
                                 [("aide", "")], [("aide", "x" * 257)], [("confidentialité", "x")]):
                    with pytest.raises(BadRequest):
                        await bot.set_my_commands(commands)
                assert len(api.refused) == 6
                await bot.delete_my_commands()
                assert await bot.get_my_commands() == ()

    run(scenario())


# ----------------------------------------------------------------------------- getUpdates


def test_get_updates_long_polls_confirms_and_filters():
    async def scenario():
        async with FakeBotAPI() as api:
            async with make_bot(api) as bot:
                user = api.user()
                loop = asyncio.get_running_loop()
                t0 = loop.time()
                assert await bot.get_updates(timeout=0.3) == ()
                assert loop.time() - t0 >= 0.25  # it really waited
                # a long poll wakes up as soon as an update arrives
                poll = asyncio.create_task(bot.get_updates(timeout=5))
                await asyncio.sleep(0.05)
                api.send_text(user, "Bonjour")
                t0 = loop.time()
                updates = await poll
                assert loop.time() - t0 < 1 and updates[0].message.text == "Bonjour"
                # unconfirmed updates come back; an offset confirms them
                assert (await bot.get_updates())[0].update_id == updates[0].update_id
                assert await bot.get_updates(offset=updates[0].update_id + 1) == ()
                # allowed_updates: edited messages are dropped when not asked for
                first = api.send_text(user, "question")
                api.edit_text(user, first, "question corrigée")
                got = await bot.get_updates(allowed_updates=["message", "callback_query"])
                assert [u.message.text for u in got] == ["question"]
                assert api.pending_updates() == 0

    run(scenario())


# ----------------------------------------------------------------------------- faults (issue 5)


def test_injected_faults_reach_the_client_as_telegram_errors():
    async def scenario():
        async with FakeBotAPI() as api:
            async with make_bot(api, timeout=0.3) as bot:
                user = api.user()
                api.inject_fault("sendMessage", 429, retry_after=3)
                with pytest.raises(RetryAfter):  # PTB raises it only when parameters.retry_after is there
                    await bot.send_message(user.id, "a")
                api.inject_fault("sendMessage", 500)
                with pytest.raises(NetworkError):
                    await bot.send_message(user.id, "b")
                api.inject_fault("sendMessage", "drop")
                with pytest.raises(NetworkError):
                    await bot.send_message(user.id, "c")
                api.inject_fault("sendMessage", "slow", delay=1.0)
                with pytest.raises(TimedOut):
                    await bot.send_message(user.id, "d")
                await bot.send_message(user.id, "e")
                # the slow call was delivered (the dangerous case), the others were not
                assert [m.text for m in api.sent(user.id)] == ["d", "e"]
                assert [c.fault for c in api.calls_to("sendMessage")] == ["429", "500", "drop", "slow", None]
                assert api.refused == []  # faults are not rule violations
                api.block(user)
                with pytest.raises(Forbidden):
                    await bot.send_message(user.id, "f")

    run(scenario())


# ----------------------------------------------------------------------------- inline mode (issue 18)


def test_answer_inline_query_follows_telegram():
    from telegram import InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent

    def article(rid: str, text: str = "<b>Carte</b>", markup=None) -> InlineQueryResultArticle:
        return InlineQueryResultArticle(rid, "Carte", InputTextMessageContent(text, parse_mode="HTML"),
                                        reply_markup=markup)

    async def scenario():
        async with FakeBotAPI() as api:
            async with make_bot(api) as bot:
                user = api.user()
                refused = {
                    "duplicate ids": ([article("a"), article("a")], None),
                    "id over 64 bytes": ([article("é" * 33)], None),
                    "51 results": ([article(str(n)) for n in range(51)], None),
                    "bad card HTML": ([article("a", "Dupont & <br>")], None),
                    "card too long": ([article("a", "x" * 4097)], None),
                    "bad keyboard": ([article("a", markup=keyboard(InlineKeyboardButton("x", url="ftp://x")))], None),
                    "bad start parameter": ([], InlineQueryResultsButton("Privé", start_parameter="carte identité")),
                }
                for why, (results, button) in refused.items():
                    qid = api.inline_query(user, "carte")
                    with pytest.raises(BadRequest):
                        await bot.answer_inline_query(qid, results, button=button)
                    assert not api.inline_queries[qid]["answered"], why
                qid = api.inline_query(user, "carte")
                ok = [article("carte-identite", markup=keyboard(InlineKeyboardButton("Voir", url="https://t.me/b?start=x")))]
                await bot.answer_inline_query(qid, ok, cache_time=300, is_personal=False,
                                              button=InlineQueryResultsButton("Privé", start_parameter="from_inline"))
                answer = api.inline_queries[qid]["answer"]
                assert [r["id"] for r in answer["results"]] == ["carte-identite"]
                assert answer["button"]["start_parameter"] == "from_inline" and answer["is_personal"] is False
                with pytest.raises(BadRequest):  # answered once only
                    await bot.answer_inline_query(qid, ok)
                with pytest.raises(AssertionError):  # Telegram sends at most 256 characters
                    api.inline_query(user, "x" * 257)

    run(scenario())
