"""Inline mode: `@bot carte identité` in any chat lists the matcher's entries as cards that open the full answer.

The engine's side (bot/engine_inline.py) on the demo town and the national catalogue, then end to
end: the real Application against the strict fake Bot API (answerInlineQuery checked as Telegram
checks it), `/start <id>` from the card's button, hostile queries, and nothing recorded.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from telegram import Update

from bot import deeplinks as D
from bot import inline as I
from bot import wording_inline as WI
from bot.engine import Engine
from bot.kb import NATIONAL_ID
from bot.replies import Button
from bot.render.inline import DESCRIPTION_MAX, TITLE_MAX, render_inline_result, shorten
from handlers.dispatch import lane
from tests.fakebotapi import check_message
from tests.harness import run, running_bot

BOT = "guichet_test_bot"
HOSTILE = [
    "😀🎉🪪",  # emoji only
    "a" * 256,  # Telegram's longest query
    "carte " * 42 + "iden",  # 256 characters of words
    "<b>carte</b> &amp; <script>alert(1)</script> identité",
    "carte\x00\x01\x1b[31m identité\u202e\u200b",
    "&&&<<<>>>\"'",
    "   ",
    "/start carte-identite",
    "@guichet_test_bot carte",
    "🏳️‍🌈" * 30,
]


@pytest.fixture
def engine(settings):
    e = Engine.from_settings(settings)
    e.bot_username = BOT
    yield e
    e.close()


def assert_valid(answer: I.InlineAnswer) -> None:
    """What Telegram would check, and what we promise: ≤ MAX_RESULTS, unique short ids, valid cards."""
    assert len(answer.results) <= I.MAX_RESULTS
    ids = [r.id for r in answer.results]
    assert len(set(ids)) == len(ids) and all(1 <= len(i.encode()) <= 64 for i in ids)
    for r in answer.results:
        assert r.title.strip() and len(r.title) <= TITLE_MAX and len(r.description) <= DESCRIPTION_MAX
        markup = {"inline_keyboard": [[{"text": b.label, "url": b.url} for b in row] for row in r.buttons]}
        check_message(r.text, markup if r.buttons else None)
    if answer.button_text:
        assert D.PAYLOAD.fullmatch(answer.start_parameter)
    assert answer.cache_time >= 0


def test_carte_identite_lists_the_id_card_first_with_its_deep_link(engine):
    answer = engine.on_inline("u", "carte identite")
    assert_valid(answer)
    first = answer.results[0]
    assert first.id == "carte-identite"
    assert first.buttons == [[Button(WI.OPEN_IN_BOT, url=f"https://t.me/{BOT}?start=carte-identite")]]
    assert "<b>Carte nationale d'identité" in first.text and "Coût" in first.text
    assert not answer.button_text  # an answer: no "ask in private" above it
    assert answer.is_personal is False and answer.cache_time == I.CACHE_TIME


def test_the_list_is_the_matchers_choice_and_never_mixes_a_bereavement(engine):
    assert [r.id for r in engine.on_inline("u", "passeport").results] == ["passeport"]
    ids = [r.id for r in engine.on_inline("u", "décès").results]
    assert "declaration-deces" in ids and "monument-aux-morts" not in ids  # choices.never_mixed


def test_a_half_typed_last_word_keeps_the_list_while_typing(engine):
    assert I.before_half_typed("passeport per") == "passeport" and I.before_half_typed("carte d'ide") == "carte d'"
    assert I.before_half_typed("pass") == "" and I.before_half_typed("passeport ") == ""
    for typed in ("carte d'ide", "passeport per", "permis de con", "acte de nai"):
        assert engine.on_inline("u", typed).results, typed
    assert engine.on_inline("u", "livraison de pizza").results == []  # a whole word is never dropped


def test_empty_query_lists_the_usual_entries_and_offers_the_private_chat(engine):
    answer = engine.on_inline("u", "")
    assert_valid(answer)
    ids = [r.id for r in answer.results]
    assert len(ids) >= 3 and "carte-identite" in ids
    assert answer.button_text == WI.ASK_IN_PRIVATE
    # the private button's /start payload is no entry id: it opens the welcome
    assert D.entry_of(answer.start_parameter, engine.knowledge.entries) is None
    assert engine.on_start("u", payload=answer.start_parameter).messages[0].text == engine.on_start("u").messages[0].text
    assert [r.id for r in engine.on_inline("u", "bonjour").results] == ids  # small talk: the same list


def test_out_of_scope_gives_no_result_and_the_private_button(engine):
    answer = engine.on_inline("u", "livraison de pizza")
    assert answer.results == [] and answer.button_text == WI.ASK_IN_PRIVATE
    assert answer.start_parameter == I.START_PARAMETER


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_get_a_valid_answer(engine, query):
    assert_valid(engine.on_inline("u", query))


def test_inline_queries_are_not_recorded(engine):
    for query in ("c", "ca", "carte", "carte identite", "pizza", ""):
        engine.on_inline("u", query)
    assert engine.storage.db["questions"].count == 0


def test_inline_budget_does_not_starve_private_questions(engine):
    engine.flood.clock = lambda: 1000.0  # frozen: no refill during the test
    answers = [engine.on_inline("u", f"carte identite {n}") for n in range(80)]
    assert all(a is not None for a in answers[:60]) and answers[-1] is None  # over budget: no answer at all
    reply = engine.on_text("u", "carte d'identité")  # the private budget is untouched
    assert "Carte nationale d'identité" in reply.messages[-1].text
    assert engine.on_inline("someone-else", "passeport") is not None  # per person


def test_an_engine_failure_is_an_empty_answer_telegram_does_not_cache(engine, monkeypatch):
    monkeypatch.setattr(Engine, "_decide", lambda self, text: 1 / 0)
    answer = engine.on_inline("u", "carte")
    assert answer.results == [] and answer.cache_time == 0 and answer.button_text


def test_no_button_without_a_bot_username(engine):
    engine.bot_username = ""  # the console: no deep link
    answer = engine.on_inline("u", "carte identite")
    assert answer.results[0].buttons == [] and answer.results[0].id == "carte-identite"


def test_shorten_keeps_whole_sentences_or_cuts_at_a_word():
    assert shorten("Un.  Deux\ntrois.", 50) == "Un. Deux trois."
    assert shorten("Première phrase assez longue. Seconde phrase qui déborde largement.", 40) \
        == "Première phrase assez longue."
    cut = shorten("mot " * 40, 30)
    assert len(cut) <= 30 and cut.endswith("…")


def test_every_card_of_the_demo_town_and_the_national_catalogue_is_valid(demo, national_knowledge):
    for knowledge in (demo, national_knowledge):
        for entry in knowledge.visible():
            result = render_inline_result(entry, knowledge, D.entry_link(BOT, entry))
            assert_valid(I.InlineAnswer([result]))


@pytest.mark.parametrize("query", ["carte grise perdue", "passeport", "allocation logement"])
def test_with_the_national_catalogue_the_same_matcher_lists_its_fiches(town_and_national_matcher, demo, query):
    entries = I.listed(town_and_national_matcher.ask(query))
    assert entries and any(NATIONAL_ID.match(e.id) for e in entries)
    assert_valid(I.InlineAnswer([render_inline_result(e, demo, D.entry_link(BOT, e)) for e in entries]))


def test_an_inline_query_waits_in_its_senders_line():
    update = Update.de_json({"update_id": 1, "inline_query": {
        "id": "7", "from": {"id": 4242, "is_bot": False, "first_name": "A"}, "query": "x", "offset": ""}}, None)
    assert lane(update) == 4242  # not None: that would queue everybody's keystrokes in one line


# ------------------------------------------------------------------------------ end to end


def _card(answer: dict, n: int = 0) -> tuple[dict, str]:
    result = answer["results"][n]
    (row,) = result["reply_markup"]["inline_keyboard"]
    return result, row[0]["url"]


def test_inline_query_to_card_to_start_end_to_end(tmp_path):
    async def scenario():
        async with running_bot(tmp_path) as (api, engine):
            alice = api.user("Alice")
            for partial in ("c", "ca", "carte", "carte id"):  # one query per keystroke
                api.inline_query(alice, partial)
            answer = await api.wait_inline_answer(api.inline_query(alice, "carte identite"))
            result, url = _card(answer)
            assert result["id"] == "carte-identite" and result["type"] == "article"
            assert url == f"https://t.me/{api.bot_username}?start=carte-identite"
            assert "Carte nationale d'identité" in result["input_message_content"]["message_text"]
            assert answer["is_personal"] is False and int(answer["cache_time"]) == I.CACHE_TIME
            # the card's button opens the private chat with /start <payload>: the full answer
            payload = parse_qs(urlsplit(url).query)["start"][0]
            api.send_command(alice, "start", payload)
            await api.wait_replies(1)
            full = api.last_sent(alice.id)
            assert "Carte nationale d'identité" in full.text and "Étapes" in full.text
            await api.wait_idle()
            assert all(q["answered"] for q in api.inline_queries.values())
            assert engine.storage.db["questions"].count == 0  # keystrokes are no questions

    run(scenario())


def test_hostile_and_empty_inline_queries_end_to_end(tmp_path):
    async def scenario():
        async with running_bot(tmp_path) as (api, _):
            bob = api.user("Bob")
            ids = [api.inline_query(bob, q, chat_type="group") for q in HOSTILE + ["", "livraison de pizza"]]
            answers = [await api.wait_inline_answer(qid) for qid in ids]
            empty, pizza = answers[-2:]
            assert empty["results"] and empty["button"] == {"text": WI.ASK_IN_PRIVATE,
                                                            "start_parameter": I.START_PARAMETER}
            assert pizza["results"] == [] and pizza["button"]["start_parameter"] == I.START_PARAMETER
            # every card Telegram would post is valid HTML (the fake parsed each one)
            assert all(len(a["results"]) <= I.MAX_RESULTS for a in answers)
            assert json.dumps(answers)  # plain JSON all the way

    run(scenario())


def test_a_late_inline_query_is_dropped_quietly_and_the_bot_goes_on(tmp_path):
    refused = lambda call: call.method.lower() == "answerinlinequery"  # noqa: E731 - expected: too old
    async def scenario():
        async with running_bot(tmp_path, allow_refused=refused) as (api, _):
            api.inline_answer_deadline = -1.0  # every answer arrives too late (a query replayed after a restart)
            camille = api.user("Camille")
            qid = api.inline_query(camille, "passeport")
            await api.wait_for(lambda: api.calls_to("answerInlineQuery"), what="answerInlineQuery")
            assert not api.inline_queries[qid]["answered"]
            api.send_text(camille, "passeport")
            await api.wait_replies(1)
            assert [m.text.split("\n")[0] for m in api.sent(camille.id)] == ["📋 Passeport"]  # no apology before it

    run(scenario())
